"""Quote classes of the third PolNeAR train round: short words a verb of uttering says (chanted,
read on a sign, said), and markup attribute values that are no quotes. Sentences written for the
test, through the real pipeline."""

from __future__ import annotations

import pytest
from quote_support import the

from reader.nlp.quotes import scan_quotes

# Words a verb of uttering says -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        (
            "Outside the hall, Ana Ruiz led the marchers, chanting “Stop the Mine.” Police watched.\n",
            "Stop the",
            "Ana Ruiz",
        ),
        ("Tom Berg held up a sign that read “Farmers 4 Berg” and waved it at the crowd.\n", "Farmers 4", "Tom Berg"),
        ("In a two-minute answer, Ana Ruiz said “Brussels” five times.\n", "Brussels", "Ana Ruiz"),
        ("Tom Berg sent a short email saying, “done.” Then he left the office.\n", "done.", "Tom Berg"),
        ("In the Reno poll, Ana Ruiz reported “no opinion” on the plan.\n", "no opinion", "Ana Ruiz"),
    ],
)
def test_the_object_of_a_verb_of_uttering_is_said(nlp, text, words, speaker):
    quote = the(nlp, text, words)
    assert quote["kind"] == "statement" and quote["speaker"] == speaker


def test_a_quote_naming_the_chant_after_it_is_said(nlp):
    text = "Tom Berg joked, “You are all being silly,” drawing loud jeers and “BERG!” chants from the floor.\n"
    assert the(nlp, text, "BERG!")["kind"] == "statement"


def test_a_title_after_a_verb_that_is_no_uttering_stays_a_term(nlp):
    assert the(nlp, "Ana Ruiz likes the show “Walking Home,” her aides said.\n", "Walking Home")["kind"] == "term"
    assert the(nlp, "Tom Berg wrote a book, “The Long Field,” in 2010.\n", "The Long Field")["kind"] == "term"


# Markup attribute values ---------------------------------------------------------------------------


def test_a_markup_attribute_value_is_no_quote():
    text = (
        "One activist tweeted:\n\n"
        '<tweet tweet-author="@someone" tweet-date="May 9,\n2016">We are here and we are staying.<tweet/>.\n\n'
        '"We will win," she said.\n'
    )
    assert [text[q.start : q.end] for q in scan_quotes(text)] == ["We will win,"]


def test_an_equals_sign_in_prose_does_not_hide_a_quote_after_a_space():
    text = 'The score was 2 = 2 and "nobody was happy," Tom Berg said.'
    assert [text[q.start : q.end] for q in scan_quotes(text)] == ["nobody was happy,"]


# A speech verb of a clause before the colon ----------------------------------------------------


def test_the_clause_before_the_colon_speaks_whatever_the_outer_verb(nlp):
    text = "“There is a man here with some problems,” Tom Berg said as the heckler yelled: “You are done!”\n"
    quote = the(nlp, text, "You are done")
    assert quote["cue"] == "yelled" and quote["rule"] == "verb before colon: description"
    assert the(nlp, text, "There is a man")["speaker"] == "Tom Berg"


# An exclamation the tagger took for a title ----------------------------------------------------


def test_an_exclamation_with_its_cue_next_to_it_is_said_even_if_tagged_a_title(nlp):
    text = (
        'So what do we do? Do we moan about it?"\n\n'
        '"Nooooo!" the crowd cried out, booing.\n\n'
        '"Or do we get to work?" Tom Berg asked.\n'
    )
    quote = the(nlp, text, "Nooooo")
    assert quote["kind"] == "statement" and quote["cue"] == "cried"


# A cue glued to the opening mark ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Tom Berg said,“Look, the plan is over.”\n", 'Tom Berg wrote:"Look, the plan is over."\n']
)
def test_a_cue_glued_to_the_opening_mark_is_its_own_token(nlp, text):
    assert [t.text for t in nlp(text)][:5] in (["Tom", "Berg", "said", ",", "“"], ["Tom", "Berg", "wrote", ":", '"'])
    assert the(nlp, text, "Look, the plan")["speaker"] == "Tom Berg"


def test_a_time_or_a_list_is_not_split_by_the_glued_mark_rule(nlp):
    assert "10:30" in [t.text for t in nlp("The vote was at 10:30 on Monday.\n")]


# A curly double quote closed by a single mark ------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ruiz tweeted: “Let’s go. We can stop it.’ Ruiz was in the hall.", ["Let’s go. We can stop it."]),
        ("“The U.S.’ role is clear,” Ruiz said.", ["The U.S.’ role is clear,"]),
        ("“I told him ‘go.’ Then he left,” Ruiz said.", ["I told him ‘go.’ Then he left,"]),
    ],
)
def test_a_single_mark_after_a_sentence_end_closes_an_open_double_quote(text, expected):
    assert [text[q.start : q.end] for q in scan_quotes(text)] == expected


# A number after an inverted cue ------------------------------------------------------------------


def test_one_after_an_inverted_cue_is_the_speaker(nlp):
    text = "Six planes filled the skies with messages.\n\n“The sky is ours! Berg is awful,” read one.\n"
    quote = the(nlp, text, "The sky is ours")
    assert quote["rule"] == "parse: description" and quote["speaker_description"] is None
