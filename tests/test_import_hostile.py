"""`import-tags` on untrusted files: every field checked, each bad line one message with its
number, the good lines imported; and article ids as hex prefixes only (property tests)."""

from __future__ import annotations

import json
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError
from reader.store import open_db
from reader.store.articles import add_article, get_article
from reader.store.import_tags import import_tags
from reader.store.tags import all_tags

ROOT = Path(__file__).resolve().parent.parent
TEXT = "The minister said the talks would resume on Monday. Officials denied it."
GOOD = {
    "id": "0b5e2c1a-3f4d-4e6a-9b7c-8d9e0f1a2b3c",
    "article_id": None,  # filled in
    "label": "claim",
    "start": 4,
    "end": 12,
    "text": TEXT[4:12],
    "created_at": "2024-05-01T10:00:00.000+00:00",
    "updated_at": "2024-05-01T10:00:00.000+00:00",
}


@pytest.fixture
def article(db) -> str:
    return add_article(db, raw_text=TEXT, text=TEXT, title="Talks")[0]


def line(for_article: str, n: int = 0, **changes) -> dict:
    record = dict(GOOD, article_id=for_article, id=f"0b5e2c1a-3f4d-4e6a-9b7c-{n:012x}")
    for key, value in changes.items():
        if value is ...:
            record.pop(key)
        else:
            record[key] = value
    return record


HOSTILE = {
    "negative start": ({"start": -1}, "start out of range (-1)"),
    "boolean start": ({"start": True}, "start must be an integer offset, not bool"),
    "float end": ({"end": 12.0}, "end must be an integer offset, not float"),
    "huge end": ({"end": 10**30}, f"end out of range ({10**30})"),
    "start after end": ({"start": 12, "end": 4}, "start must be before end (12 >= 4)"),
    "empty span": ({"start": 4, "end": 4}, "start must be before end (4 >= 4)"),
    "list label": ({"label": ["claim"]}, "label must be a string, not list"),
    "dict id": ({"id": {"a": 1}}, "id must be a string, not dict"),
    "list note": ({"note": ["x"]}, "note must be a string, not list"),
    "dict speaker": ({"speaker": {"n": 1}}, "speaker must be a string, not dict"),
    "null text": ({"text": None}, "text must be a string, not NoneType"),
    "int text": ({"text": 5}, "text must be a string, not int"),
    "int updated_at": ({"updated_at": 1714557600}, "updated_at must be a string, not int"),
    "bad timestamp": ({"created_at": "yesterday"}, "created_at is not an ISO 8601 time ('yesterday')"),
    "formula id": ({"id": '=HYPERLINK("http://x")'}, "id is not a reader tag id ('=HYPERLINK(\"http://x\")')"),
    "like article": ({"article_id": "%"}, "article_id is not a reader article id ('%')"),
    "long label": ({"label": "x" * 501}, "label too long (501 characters, at most 500)"),
    "actors dict": ({"actors": {"a": 1}}, "actors must be a list of names"),
    "orphaned string": ({"orphaned": "yes"}, "orphaned must be true or false, not 'yes'"),
    "past the end": (
        {"start": 500, "end": 510, "text": "nowhere to be found"},
        f"offsets 500-510 outside the article ({len(TEXT)} characters) and its text is not there",
    ),
}


def test_each_hostile_line_is_reported_and_the_good_lines_land(db, article, tmp_path):
    lines = [json.dumps(line(article, 0))]
    for n, (changes, _) in enumerate(HOSTILE.values(), 1):
        lines.append(json.dumps(line(article, n, **changes)))
    lines.append(json.dumps(line(article, 99, start=18, end=23, text=TEXT[18:23], label="denial")))
    lines.append("[1, 2]")
    lines.append('{"deep": ' * 100_000 + "}" * 100_000)
    jsonl = tmp_path / "hostile.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_tags(db, jsonl)
    expected = [f"{jsonl}:{n}: {message}" for n, (_, message) in enumerate(HOSTILE.values(), 2)]
    n = len(HOSTILE) + 3
    expected += [f"{jsonl}:{n}: not a JSON object", f"{jsonl}:{n + 1}: not JSON (nested too deeply)"]
    assert result.errors == expected
    assert result.added == 2
    stored = sorted((t["start"], t["end"], t["label"]) for t in all_tags(db))
    assert stored == [(4, 12, "claim"), (18, 23, "denial")]


def test_the_cli_reports_bad_lines_without_a_traceback(db_path, db, article, tmp_path):
    jsonl = tmp_path / "hostile.jsonl"
    jsonl.write_text(
        "\n".join(
            [
                json.dumps(line(article, 1, start=True)),
                json.dumps(line(article, 2)),
                json.dumps(line(article, 3, id=["x"])),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    db.close()
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db_path), "import-tags", str(jsonl)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"reader: {jsonl}:1: start must be an integer offset, not bool",
        f"reader: {jsonl}:3: id must be a string, not list",
    ]
    assert "1 added" in result.stdout


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
FIELDS = [
    "id",
    "article_id",
    "label",
    "start",
    "end",
    "text",
    "created_at",
    "updated_at",
    "note",
    "speaker",
    "actors",
    "color",
    "orphaned",
    "prefix",
    "suffix",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=4))
def test_any_line_is_imported_whole_or_reported_never_a_crash(db, article, tmp_path, changes):
    """Whatever a line holds, it is either stored as a well-formed tag or refused with one
    message; the good line beside it always lands."""
    jsonl = tmp_path / "fuzz.jsonl"
    record = line(article, 1) | changes
    jsonl.write_text(json.dumps(record) + "\n" + json.dumps(line(article, 2)) + "\n", encoding="utf-8")
    db.execute("DELETE FROM tags")
    result = import_tags(db, jsonl)
    assert len(result.errors) + result.added + result.unchanged == 2
    assert all(e.startswith(f"{jsonl}:1: ") and "\n" not in e for e in result.errors)
    assert "0b5e2c1a-3f4d-4e6a-9b7c-000000000002" in {t["id"] for t in all_tags(db)}
    for tag in all_tags(db):
        assert isinstance(tag["start"], int) and isinstance(tag["end"], int)
        assert 0 <= tag["start"] < tag["end"]
        assert isinstance(tag["label"], str) and isinstance(tag["note"], str)
        if not tag["orphaned"]:
            assert tag["end"] <= len(TEXT) and tag["text"] == TEXT[tag["start"] : tag["end"]]


# --- article ids ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    path = tmp_path_factory.mktemp("ids") / "library.db"
    db = open_db(path)
    ids = [add_article(db, raw_text=f"article {n}", text=f"article {n}")[0] for n in range(60)]
    return db, ids


@settings(max_examples=300, deadline=None)
@given(prefix=st.text(alphabet=string.hexdigits + "%_*?[]-. ", min_size=1, max_size=17))
def test_a_prefix_finds_exactly_the_articles_it_starts(many, prefix):
    db, ids = many
    clean = prefix.strip().lower()
    valid = 1 <= len(clean) <= 16 and all(c in "0123456789abcdef" for c in clean)
    matching = [i for i in ids if i.startswith(clean)] if valid else []
    if not valid:
        with pytest.raises(ReaderError, match="not an article id"):
            get_article(db, prefix)
    elif clean in ids or len(matching) == 1:
        assert get_article(db, prefix)["id"] == (clean if clean in ids else matching[0])
    elif matching:
        with pytest.raises(ReaderError, match="ambiguous id prefix") as error:
            get_article(db, prefix)
        assert all(i in str(error.value) for i in sorted(matching)[:5])
    else:
        assert get_article(db, prefix) is None


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_every_id_and_every_unique_prefix_finds_its_article(many, data):
    db, ids = many
    target = data.draw(st.sampled_from(ids))
    length = data.draw(st.integers(1, 16))
    prefix = target[:length]
    if sum(i.startswith(prefix) for i in ids) == 1:
        assert get_article(db, prefix.upper())["id"] == target
