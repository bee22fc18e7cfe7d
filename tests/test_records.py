"""The analysis record is defined once (reader/records.py): a quote's kind has one reading, and
`attribution` lives beside the records while the store still offers it."""

from __future__ import annotations

import json

from reader.records import Analysis, attribution, is_statement, quote_kind
from reader.store import tags as tag_store
from reader.store.colours import check_color


def _record() -> Analysis:
    return {
        "paragraphs": [[0, 60]],
        "sentences": [[0, 60]],
        "actors": [{"name": "Ann Lee", "label": "PERSON", "mentions": [{"start": 0, "end": 7, "text": "Ann Lee"}]}],
        "places": [],
        "quotes": [
            {"start": 10, "end": 30, "text": "x" * 20, "kind": "term", "speaker": "Ann Lee"},
            {"start": 12, "end": 20, "text": "x" * 8, "kind": "statement", "speaker": "Bo Chan"},
        ],
    }


def test_an_old_record_without_kinds_holds_statements():
    old = {"start": 0, "end": 5, "text": "hello", "speaker": None}
    assert quote_kind(old) == "statement"  # type: ignore[arg-type]
    assert quote_kind({**old, "kind": "term"}) == "term"  # type: ignore[typeddict-item]
    assert not is_statement({**old, "kind": "term"})  # type: ignore[typeddict-item]


def test_attribution_takes_statements_only_and_stays_in_the_store():
    record = _record()
    assert attribution(record, 0, 40) == ("Bo Chan", ["Ann Lee"])
    assert tag_store.attribution is attribution
    assert json.loads(json.dumps(record)) == record  # still a plain JSON record


def test_colours_without_a_ui_library():
    assert check_color("orange") == "#ffa500"
    assert check_color("bright_red") == "#ff0000"
    assert check_color("#ABC") == "#aabbcc"
    assert check_color("rgb(1, 2, 3)") == "#010203"
    import subprocess
    import sys

    code = "import sys, reader.store.tags; assert not {'rich', 'textual'} & set(sys.modules), sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)
