"""normalise(): ftfy's repairs, the lone-`â` mojibake repair, tidying, and its invariants."""

from __future__ import annotations

import re
import unicodedata

import ftfy
import pytest
from ftfy.chardata import CHARMAP_ENCODINGS
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.paths import seeds_dir
from reader.text.glued import split_glued
from reader.text.repair import _PLAIN, fix_text, normalise
from reader.text.segment import paragraphs

SEEDS = sorted(seeds_dir().glob("*.txt"))
# The lone `â` of the damaged seed: a mark reduced to its first byte, not part of a word.
LONE_MARK = re.compile(r"â(?![^\W\d_]*(?:teau|ge|me|mpada))")


def seed(prefix: str) -> str:
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


def words_only(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


# --- seed 001: every curly mark became a lone â -------------------------------------------


def test_seed_001_marks_are_restored_from_context():
    text = normalise(seed("001"))
    assert "â" not in text
    assert "⌠" not in text
    assert "Kim Jong-un “gave us an order" in text
    assert "in their holy war.”" in text
    assert "security interests.” “We reaffirm" in text
    assert "tarnish Pyongyang’s image" in text
    assert "are nobody’s business." in text
    assert "Doesn’t mean that they can’t continue" in text
    assert "Not sure that’s the view" in text
    assert "“wipe out everything Russian” in the country" in text
    assert "policy position… and advance" in text
    assert "international platforms,” she said." in text


def test_seed_001_quotes_pair_up_within_each_paragraph():
    for line in normalise(seed("001")).split("\n"):
        marks = re.findall("[“”]", line)
        assert marks == ["“", "”"] * (len(marks) // 2), line


def test_seed_001_wording_is_otherwise_unchanged():
    raw = seed("001")
    assert words_only(normalise(raw)) == words_only(raw)


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_clean_seeds_keep_their_wording_and_marks(prefix):
    raw = seed(prefix)
    text = normalise(raw)
    assert words_only(text) == words_only(split_glued(raw))  # glued words split, nothing else
    for mark in "“”‘’–":
        assert text.count(mark) == raw.count(mark), mark
    assert not LONE_MARK.search(text)


def test_seed_004_whitespace_only_lines_become_blank():
    text = normalise(seed("004"))
    assert "\xa0" not in text
    assert "“At least 3,000 North Korean soldiers now inside Russia, US says”" in text


# --- the lone-â repair on texts of our own ------------------------------------------------


def test_apostrophes_between_letters():
    raw = "Itâs clear the countryâs leaders donât agree, and weâre sure theyâll say Iâm wrong."
    assert normalise(raw) == ("It’s clear the country’s leaders don’t agree, and we’re sure they’ll say I’m wrong.")


def test_opening_and_closing_quotes_alternate_in_a_paragraph():
    raw = "He said âwe will winâ and then âthe war is overâ before leaving.\nâYes,â she said."
    assert normalise(raw) == ("He said “we will win” and then “the war is over” before leaving.\n“Yes,” she said.")


def test_plural_possessive_inside_a_quote_stays_an_apostrophe():
    raw = "The minister called it âthe allied countriesâ decisionâ on Friday. Itâs done."
    assert normalise(raw) == ("The minister called it “the allied countries’ decision” on Friday. It’s done.")


def test_quote_ending_on_a_plural_closes():
    raw = "He praised âour brave soldiersâ in the speech. Thatâs all."
    assert normalise(raw) == "He praised “our brave soldiers” in the speech. That’s all."


def test_damaged_ellipsis_and_dash():
    raw = "Itâs âmore than we hoped⌠and better,â he said â twice."
    assert normalise(raw) == "It’s “more than we hoped… and better,” he said – twice."


def test_damaged_ellipsis_and_bullet_keep_the_space_after_them():
    # ftfy alone would read "â¦ " as the sequence e2 a6 a0 and make it "⦠", eating the space.
    raw = "Itâs âwait â¦ and seeâ, he said.\nAâ¢ b"
    assert normalise(raw) == "It’s “wait … and see”, he said.\nA• b"


def test_symbols_that_swallowed_a_space_are_restored_in_a_damaged_text():
    raw = "Itâs âso⦠and so⌠thenâ.\n⢠Point"
    assert normalise(raw) == "It’s “so… and so… then”.\n• Point"


def test_whole_mojibake_does_not_make_a_text_look_damaged():
    raw = "The hâlâ of it.â€\x9d Itâ€™s â€œfineâ€\x9d, he said, in the château."
    assert normalise(raw) == "The hâlâ of it.” It’s “fine”, he said, in the château."


def test_irish_names():
    assert normalise("OâBrien said itâs fine.") == "O’Brien said it’s fine."


@pytest.mark.parametrize(
    "text",
    [
        "Le château date du XIIe siècle et son âge se voit.",
        "A lâmpada está na câmara, disse Ângela.",
        "Îmi place România, cât de frumoasă e pâinea de acolo.",
        "Bir hâlâ buradayız.",
        "A âme en peine, l’âpre théâtre de la grâce.",
    ],
)
def test_real_words_with_a_circumflex_are_left_alone(text):
    assert normalise(text) == text


def test_real_words_survive_inside_a_damaged_text():
    raw = "âThe château is oldâ, he said. Itâs âfineâ."
    assert normalise(raw) == "“The château is old”, he said. It’s “fine”."


def test_two_unmistakable_marks_outweigh_real_words():
    raw = "âThe château, the pâtisserie and the théâtre,â he said."
    assert normalise(raw) == "“The château, the pâtisserie and the théâtre,” he said."


def test_one_unmistakable_mark_is_enough():
    assert normalise("They won.â Next.") == "They won.” Next."


def test_a_lone_weak_sign_is_not_enough():
    assert normalise("A lone saidâ here") == "A lone saidâ here"


# --- what ftfy repairs, and the tidying -------------------------------------------------


def test_full_mojibake_is_decoded_with_curly_marks_kept():
    raw = "He said â€œhelloâ€\x9d and itâ€™s fine â€¦ ok"
    assert normalise(raw) == "He said “hello” and it’s fine … ok"


def test_closing_quote_that_lost_its_last_byte():
    raw = "He said â€œhelloâ€ and left. â€œByeâ€"
    assert normalise(raw) == "He said “hello” and left. “Bye”"


def test_straight_quotes_are_not_curled_and_curly_not_straightened():
    raw = 'He said "no" and ‘maybe’ and “yes”.'
    assert normalise(raw) == raw


def test_line_endings_trailing_space_and_controls():
    raw = "One\r\nTwo  \rThree\t\x0bFour\u2028Five\x07\x00 six\x1b[31m red\x1b[0m [bold]x[/bold]"
    assert normalise(raw) == "One\nTwo\nThree\nFour\nFive six red [bold]x[/bold]"


def test_a_lone_c1_control_is_read_as_cp1252_by_ftfy():
    assert normalise("Wait\x85 what") == "Wait… what"


def test_osc_escape_is_removed_whole():
    assert normalise("a\x1b]0;title\x07b") == "ab"


def test_decomposed_accents_are_composed():
    assert normalise("cafe\u0301") == "caf\u00e9"


def test_blank_lines_at_the_ends_go_and_inner_ones_stay():
    assert normalise("\n\n  \nTitle\n\n\nBody  \n\n") == "Title\n\n\nBody"


def test_html_entities_are_kept_as_written():
    assert normalise("AT&amp;T &lt;b&gt;") == "AT&amp;T &lt;b&gt;"


# --- properties -------------------------------------------------------------------------

MOJIBAKE_PIECES = st.sampled_from(
    ["â", "â€", "â€™", "â€œ", "Ã©", "\x80", "\x9d", "\r\n", "\r", "\x1b[1m", "⌠", "¦", "\xa0", " "]
)
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(MOJIBAKE_PIECES, st.text(alphabet="abcXYZ .,'\"\n", max_size=5)), max_size=30).map("".join),
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_normalise_is_idempotent_and_clean(raw):
    text = normalise(raw)
    assert normalise(text) == text
    assert not CONTROL.search(text)
    assert unicodedata.is_normalized("NFC", text)
    assert not re.search(r"[^\S\n]\n|[^\S\n]\Z", text)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_offsets_into_normalised_text_survive_renormalising(raw):
    text = normalise(raw)
    again = normalise(text)
    assert [again[a:b] for a, b in paragraphs(again)] == [text[a:b] for a, b in paragraphs(text)]


PLAIN_AND_DAMAGED = st.lists(
    st.one_of(
        MOJIBAKE_PIECES,
        st.sampled_from(["’", "“", "”", "–", "—", "…", "«", "€", "™", "\n", "Â", "\x85", "\u2028"]),
        st.text(alphabet="ab .\n", max_size=4),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(PLAIN_AND_DAMAGED)
def test_fix_text_skipping_plain_lines_matches_ftfy_on_the_whole_text(text):
    config = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False)
    assert fix_text(text) == ftfy.fix_text(text, config)


def test_no_plain_character_continues_a_sequence_another_can_lead():
    """Why fix_text may skip plain lines: ftfy's encodings cannot build mojibake from them."""
    for encoding in CHARMAP_ENCODINGS:
        leads, continuations = set(), set()
        for char in _PLAIN:
            try:
                (byte,) = char.encode(encoding)
            except (UnicodeEncodeError, ValueError):
                continue
            if 0xC2 <= byte <= 0xF4:
                leads.add(char)
            elif 0x80 <= byte <= 0xBF:
                continuations.add(char)
        assert not (leads and continuations), encoding
