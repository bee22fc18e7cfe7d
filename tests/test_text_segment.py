"""Paragraph spans (one per non-blank line) and word counts."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from reader.paths import seeds_dir
from reader.text.repair import normalise
from reader.text.segment import paragraphs, words


def seed(prefix: str) -> str:
    (path,) = [p for p in seeds_dir().glob("*.txt") if p.name.startswith(prefix)]
    return normalise(path.read_text(encoding="utf-8"))


def test_each_non_blank_line_is_a_trimmed_paragraph():
    text = "  First line.  \n\n\t\nSecond line\n   \nThird."
    spans = paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["First line.", "Second line", "Third."]
    assert spans[0] == (2, 13)


def test_block_quote_and_attribution_line_are_separate_paragraphs():
    text = seed("003")
    found = [text[a:b] for a, b in paragraphs(text)]
    quote = next(i for i, p in enumerate(found) if p.startswith("The deepening cooperation"))
    assert found[quote + 1] == "Spokesman Maj. Gen. Pat Ryder"
    assert found[0] == "Pentagon sounds alarm on deepening Russia-North Korea alliance"
    assert len(found) == len([line for line in text.split("\n") if line.strip()])


def test_seed_004_whitespace_lines_are_not_paragraphs():
    text = seed("004")
    found = [text[a:b] for a, b in paragraphs(text)]
    assert all(p.strip() == p and p for p in found)
    assert "1. Macroduck" in found
    assert found[0] == "“At least 3,000 North Korean soldiers now inside Russia, US says”"


def test_empty_and_blank_text_has_no_paragraphs():
    assert paragraphs("") == []
    assert paragraphs(" \n\t\n\xa0") == []


@given(st.text(alphabet=" \t\nab\xa0.", max_size=60))
def test_spans_cover_exactly_the_non_blank_lines(text):
    spans = paragraphs(text)
    lines = [line.strip() for line in text.split("\n")]
    assert [text[a:b] for a, b in spans] == [line for line in lines if line]
    assert all(a < b for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))


def test_words():
    assert words("") == 0
    assert words("  —  ... ") == 0
    assert words("Pyongyang’s envoy, Choe Son-hui, met U.S. officials: 3,000 troops.") == 9
    assert words("one\ntwo\tthree") == 3
    assert words("“Quoted” words (in brackets)") == 4


def test_words_in_a_seed_match_a_whitespace_count_of_worded_tokens():
    text = seed("002")
    tokens = [t for t in text.split() if any(ch.isalnum() for ch in t)]
    assert words(text) == len(tokens)
