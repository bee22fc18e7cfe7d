"""Quote classes of the fourth PolNeAR train round: a short quote a speech verb governs echoes its
speaker's words (`called the plan “reckless”`), while titles stay terms beside a statement.
Sentences written for the test, through the real pipeline."""

from __future__ import annotations

import pytest
from quote_support import the

# Echoes: the speaker's own words, however short ----------------------------------------------------


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        ("A reporter at the scene, Ana Ruiz, called it “absolute chaos.” Police closed the road.\n", "absolute", None),
        ("Tom Berg called the count “rigged” in a post on Tuesday.\n", "rigged", "Tom Berg"),
        ("Ana Ruiz called her handling of the budget “deeply careless,” and left.\n", "deeply careless", "Ana Ruiz"),
        ("Tom Berg called the dam a “disgrace” and promised to “tear down” its walls.\n", "tear down", "Tom Berg"),
        ("Ana Ruiz warned of “consequences” if the mine opened.\n", "consequences", "Ana Ruiz"),
        ("Tom Berg blasted the firm for its “outrageous practices” in March.\n", "outrageous", "Tom Berg"),
    ],
)
def test_a_short_quote_a_speech_verb_governs_is_its_speakers_statement(nlp, text, words, speaker):
    quote = the(nlp, text, words)
    assert quote["kind"] == "statement", quote
    if speaker:
        assert quote["speaker"] == speaker


@pytest.mark.parametrize(
    "text, words",
    [
        # a name given, not words said
        ("The army tested what it called the “Kestrel-9,” its newest drone, on Friday.\n", "Kestrel-9"),
        # no subject: nobody is named as saying it
        ("The so- called “special relationship” has lasted for decades.\n", "special relationship"),
        ("A blog, called the “Feed,” is run by five writers.\n", "Feed"),
        ("The mayor sent what has been described as a “street army” into the town.\n", "street army"),
        # the quote modifies a noun: a label for a plan, not a reply
        ("According to her “clawback” plan, firms must repay the grants.\n", "clawback"),
    ],
)
def test_a_short_quote_no_speaker_says_stays_a_term(nlp, text, words):
    assert the(nlp, text, words)["kind"] == "term"


def test_an_echo_counts_in_the_speakers_quotes_with_its_rule(nlp):
    quote = the(nlp, "Tom Berg called the count “rigged” in a post on Tuesday.\n", "rigged")
    assert quote["rule"].startswith("parse:") and quote["cue"] == "called"


# Titles beside a statement ---------------------------------------------------------------------------


def test_a_title_stays_a_term_when_the_statement_after_it_shares_its_cue(nlp):
    text = "Ana Ruiz, star of television’s “Harbour,” thanked Tom Berg for “making the whole town safer.”\n"
    assert the(nlp, text, "Harbour")["kind"] == "term"
    assert the(nlp, text, "making the whole")["kind"] == "statement"


def test_a_work_named_beside_its_noun_after_a_comma_is_a_term(nlp):
    assert the(nlp, "Tom Berg said so in his 2012 book, “A Farmer's Son.” He meant it.\n", "A Farmer")["kind"] == "term"


def test_what_is_said_of_a_work_noun_after_a_comma_is_said(nlp):
    text = "Asked about the episode, Tom Berg said of the episode, “I don't like it,” and walked off.\n"
    assert the(nlp, text, "I don't like it")["kind"] == "statement"


def test_a_chant_named_before_the_marks_is_said(nlp):
    text = "Walking into the hall to chants of “Ana! Ana!,” Ana Ruiz said her campaign was “closing strong.”\n"
    assert the(nlp, text, "Ana! Ana!")["kind"] == "statement"


def test_short_words_a_saying_noun_gives_its_owner_are_theirs(nlp):
    quote = the(nlp, "Tom Berg’s “fifty percent” comment was nearly as harsh as the rest.\n", "fifty percent")
    assert quote["kind"] == "statement" and quote["speaker"] == "Tom Berg"
    slogan = the(nlp, "Ana Ruiz’s campaign slogan is “Stronger Harbours.”\n", "Stronger Harbours")
    assert slogan["kind"] == "term"  # a slogan in title case is a name, as titles are


@pytest.mark.parametrize(
    "text, words",
    [
        ("Ana Ruiz co-hosts the Harbour politics podcast “So, What Now.” Subscribe here.\n", "So, What Now"),
        ("The ship made a segment entitled “Pimp My Boat.” It aired on Friday.\n", "Pimp My Boat"),
    ],
)
def test_a_work_after_its_noun_or_entitled_is_a_term(nlp, text, words):
    assert the(nlp, text, words)["kind"] == "term"


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        ("But Ana Ruiz’s broadside against “printing money” leaves room for doubt.\n", "printing money", "Ana Ruiz"),
        ("It was Tom Berg's rejection of “a politics of fear” that won the hall.\n", "a politics", "Tom Berg"),
        # after a colon or dash, however short or title-like the words
        ("Karl Olsen's reply: “Never Again.”\n", "Never Again", "Karl Olsen"),
        ("Mayor Lena Voss posted three words on her blog — “Stand With Us”\n", "Stand With Us", "Lena Voss"),
    ],
)
def test_a_quote_a_speakers_saying_noun_takes_or_introduces_is_theirs(nlp, text, words, speaker):
    quote = the(nlp, text, words)
    assert (
        quote["kind"] == "statement" and quote["speaker"] == speaker and quote["rule"].startswith(("words of", "label"))
    ), quote


def test_a_described_owner_of_the_message_keeps_its_description(nlp):
    quote = the(nlp, 'The union had one message for the ministers: "Fair Pay Now."\n', "Fair Pay Now")
    assert quote["kind"] == "statement" and quote["rule"] == "words of: description"
    assert quote["speaker_description"] == "the union", quote


def test_a_slogan_introduced_after_a_colon_stays_a_term(nlp):
    text = "The party fought the election under the slogan: “Axe the Levy”\n"
    assert the(nlp, text, "Axe the Levy")["kind"] == "term"
