"""The quote engine's output, frozen: every text it is tested on gives exactly today's records.

A refactoring of reader/nlp/quotes must leave this passing unchanged; a deliberate change of
output regenerates the fixture (tests/make_quotes_frozen.py) and its diff is read in review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "data" / "quotes_frozen.json"


@pytest.fixture(scope="module")
def frozen():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_the_fixture_covers_seeds_gold_and_test_texts(frozen):
    names = [entry["name"] for entry in frozen]
    assert sum(n.startswith("seed/") for n in names) == 5
    assert sum(n.startswith("gold/") for n in names) >= 90
    assert sum(n.startswith("test_quotes/") for n in names) >= 50
    assert sum(len(entry["quotes"]) for entry in frozen) > 300


def test_every_text_gives_exactly_the_frozen_records(nlp, frozen):
    from reader.nlp.quotes import quote_records

    texts = [entry["text"] for entry in frozen]
    changed = []
    for entry, doc in zip(frozen, nlp.pipe(texts)):
        got = json.loads(json.dumps(quote_records(doc), ensure_ascii=False))
        if got != entry["quotes"]:
            changed.append(entry["name"])
    assert changed == []
