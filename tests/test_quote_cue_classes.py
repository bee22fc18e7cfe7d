"""Cue and speaker classes found on PolNeAR's train split (second round), one rule each, on
sentences written for the test in the shape of the corpus's, through the real pipeline and on
hand-built `Doc`s."""

from __future__ import annotations

import pytest
from quote_support import quotes_of, the
from spacy.tokens import Doc, Span

from reader.nlp.quotes import QuoteFinder

# The attribution opens the sentence after the quote ----------------------------------------------


def test_an_attribution_in_the_sentence_the_quote_broke_off(nlp):
    text = (
        "Ana Ruiz toured the plant on Monday.\n\n"
        "“Who is going to pay for all of this, and when will the money arrive?” "
        "Ana Ruiz told reporters after the tour.\n"
    )
    quote = the(nlp, text, "Who is going")
    assert quote["speaker"] == "Ana Ruiz" and quote["cue"] == "told"


def test_a_cue_in_the_quotes_own_sentence_comes_before_the_next_sentence(nlp):
    text = (
        "According to the mayor, Ana Ruiz, the roads “will be closed until the spring.” "
        "Ruiz told reporters the work was late.\n"
    )
    assert the(nlp, text, "will be closed")["rule"].startswith("according to")


# The speaker after the cue ----------------------------------------------------------------------


def test_a_speaker_after_the_cue_with_a_clause_of_their_own(nlp):
    text = (
        "The shop was quiet on Sunday.\n\n"
        "“We are scared to open the doors in the morning,” said the woman, who did not give her name.\n"
    )
    quote = the(nlp, text, "We are scared")
    assert quote["speaker_description"] == "the woman" and quote["rule"] == "parse: description"


def test_the_one_told_is_not_the_speaker(nlp):
    text = (
        "“The agents are under a lot of pressure right now,” a source, who was not authorized to speak, "
        "told Fox News.\n"
    )
    assert the(nlp, text, "The agents")["speaker"] != "Fox News"


def test_the_one_asked_is_not_the_speaker(nlp):
    text = (
        "In an interview published on Monday, Ana Ruiz was asked, “What is the most dangerous place you have seen?”\n"
    )
    assert the(nlp, text, "What is the most")["speaker"] != "Ana Ruiz"


# More cues --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cue",
    [
        ("“This is the best day of my whole life!” beamed Ana Ruiz, a delegate from Ohio.\n", "beamed"),
        ("“Let me finish my answer first,” Ana Ruiz shot back.\n", "shot"),
        ("But as Ana Ruiz pointed out, “the budget has not grown in ten years.”\n", "pointed"),
        ("As Ana Ruiz put it, “the budget has not grown in ten years.”\n", "put"),
    ],
)
def test_cues_beyond_say(nlp, text, cue):
    [quote] = quotes_of(nlp, text)
    assert quote["speaker"] == "Ana Ruiz" and quote["cue"] == cue


def test_in_someones_words(nlp):
    text = "The summit moved to Lisbon because, in Ana Ruiz’s words, “the city is the future of the continent.”\n"
    assert the(nlp, text, "the city is")["speaker"] == "Ana Ruiz"


def test_issuing_a_statement_cues_the_quote_after_it(nlp):
    text = "Soon after the vote, Ana Ruiz issued a statement, “We respect the result and we will keep working.”\n"
    assert the(nlp, text, "We respect")["speaker"] == "Ana Ruiz"


def test_a_document_that_said(nlp):
    text = "The old page was replaced by a message that said, “Sorry, the item you asked for is gone.”\n"
    quote = the(nlp, text, "Sorry")
    assert quote["speaker_description"] == "a message" and quote["speaker"] is None


# A clause ending in a colon ---------------------------------------------------------------------


def test_the_clause_before_a_colon_names_its_subject(nlp):
    text = (
        "Ana Ruiz thanked the crowd in Reno.\n\n"
        "She then addressed her supporters again: “We will win this state and we will win in November.”\n"
    )
    quote = the(nlp, text, "We will win")
    assert quote["speaker"] == "Ana Ruiz" and quote["rule"] == "verb before colon: pronoun she"


def test_a_name_right_before_the_colon_labels_a_long_lead_in(nlp):
    text = (
        "The timing of the late surge in the polls does not surprise the pollster Ana Ruiz: “Voters wanted change.”\n"
    )
    assert the(nlp, text, "Voters wanted")["speaker"] == "Ana Ruiz"


# A credit in the paragraph below ----------------------------------------------------------------


def test_a_dashed_credit_below_a_quote_alone_in_its_paragraph(nlp):
    text = (
        "Ana Ruiz and Tom Berg debated in Miami on Friday.\n\n"
        "“I went to the banks before the crash and told them to stop.”\n\n"
        "- Ruiz.\n\n"
        "Ruiz overstates her role, the records show.\n"
    )
    quote = the(nlp, text, "I went to")
    assert quote["speaker"] == "Ruiz" and quote["rule"] == "credit after dash"


def test_a_lone_surname_label_of_a_person_named_in_full(nlp):
    text = "Berg: ‘We Are Going to Win So Much’\n\nTom Berg spoke to his supporters in Reno on Tuesday night.\n"
    quote = the(nlp, text, "We Are Going")
    assert quote["speaker"] == "Tom Berg" and quote["rule"] == "label: name"


# Hand-built parses ------------------------------------------------------------------------------


def test_hand_built_noun_read_after_a_quote(nlp):
    words = ["“", "Friend", ",", "let", "me", "be", "blunt", ".", "”", "the", "email", "read", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[False, False, True, True, True, True, False, False, True, True, True, False, False],
        heads=[3, 3, 3, 3, 5, 3, 5, 3, 3, 11, 11, 11, 11],
        deps=[
            *("punct", "npadvmod", "punct", "ROOT", "nsubj", "ccomp", "acomp"),
            *("punct", "punct", "det", "compound", "ROOT", "punct"),
        ],
        pos=["PUNCT", "NOUN", "PUNCT", "VERB", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "DET", "NOUN", "NOUN", "PUNCT"],
        lemmas=["“", "friend", ",", "let", "I", "be", "blunt", ".", "”", "the", "email", "read", "."],
        sent_starts=[True] + [False] * 8 + [True, False, False, False],
    )
    doc.ents = []
    doc = QuoteFinder()(doc)
    [quote] = doc.spans["quotes"]
    assert quote._.reader_cue == "read"
    assert doc.text[slice(*quote._.reader_speaker_span)] == "email"


def test_hand_built_surname_tagged_as_an_adverb(nlp):
    words = ["Bill", "Skelly", "spoke", ".", "“", "It", "works", ",", "”", "said", "Skelly", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, False, True, False, True, False, False, True, True, False, False],
        heads=[1, 2, 2, 2, 9, 6, 9, 9, 9, 9, 9, 9],
        deps=[
            *("compound", "nsubj", "ROOT", "punct", "punct", "nsubj"),
            *("ccomp", "punct", "punct", "ROOT", "advmod", "punct"),
        ],
        pos=["PROPN", "PROPN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "VERB", "ADV", "PUNCT"],
        lemmas=["Bill", "Skelly", "speak", ".", "“", "it", "work", ",", "”", "say", "skelly", "."],
        sent_starts=[True, False, False, False, True] + [False] * 7,
    )
    doc.ents = [Span(doc, 0, 2, "PERSON")]
    doc = QuoteFinder()(doc)
    [quote] = doc.spans["quotes"]
    assert doc.text[slice(*quote._.reader_speaker_ent[:2])] == "Skelly"
    assert quote._.reader_rule == "parse: name"


# Terms, not statements --------------------------------------------------------------------------


def kinds(nlp, text: str) -> dict[str, str]:
    return {q["text"]: q["kind"] for q in quotes_of(nlp, text)}


def test_a_headline_credited_by_its_author_is_a_title(nlp):
    text = "NOW OPEN—“Pop-up gallery opens across from the museum,” by Times' Ann Lee: “The show runs a month.”\n"
    assert kinds(nlp, text)["Pop-up gallery opens across from the museum,"] == "term"


def test_a_subheading_in_single_marks_is_a_term(nlp):
    text = (
        "Ana Ruiz ran the company for six years.\n\n"
        "'A fight from start to finish.'\n\n"
        "The merger was not her idea, and “it was a fight from start to finish,” she said.\n"
    )
    got = kinds(nlp, text)
    assert got["A fight from start to finish."] == "term"
    assert got["it was a fight from start to finish,"] == "statement"


@pytest.mark.parametrize(
    "text, title",
    [
        ("Tom Berg co-hosts the politics podcast “So, That Happened.” Subscribe here.\n", "So, That Happened."),
        ("“We will see,” Ana Ruiz said on ABC's “This Week.”\n", "This Week."),
        ("Ana Ruiz, the co-author of “Going Viral,” said the days of one news source were over.\n", "Going Viral,"),
    ],
)
def test_titles_of_programmes_and_works(nlp, text, title):
    assert kinds(nlp, text)[title] == "term"


def test_a_list_of_name_labels_between_prose_is_no_transcript(nlp):
    text = (
        "Here is what each candidate needs on Tuesday.\n\n"
        "Sanders: Win in a walk.\n\n"
        "Bernie Sanders has led in every poll in the state this year, usually by double digits.\n\n"
        "Clinton: Keep it close.\n\n"
        "Hillary Clinton won the state in 2008 against the odds and could do it again.\n"
    )
    assert [q for q in quotes_of(nlp, text) if q["rule"] == "block: name label"] == []


def test_alternating_name_labels_are_a_transcript(nlp):
    text = (
        "Tom Berg and Ana Ruiz spoke on the radio.\n\n"
        "BERG: Why not debate her in New York?\n\n"
        "RUIZ: We have debated eight times already and we will debate again.\n"
    )
    rules = [q["rule"] for q in quotes_of(nlp, text)]
    assert rules == ["block: name label", "block: name label"]


# Short quotes said, not named ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("Asked whether he would serve, Tom Berg shook his head and said, “No.”\n", "No."),
        ("“Is it over yet?” Tom Berg asked. “Nooooo!” the crowd cried out.\n", "Nooooo!"),
        ("Tom Berg ended his list by saying “Too many.” The room was silent.\n", "Too many."),
    ],
)
def test_a_short_quote_next_to_its_cue_is_said(nlp, text, words):
    assert the(nlp, text, words)["kind"] == "statement"


# More cues ----------------------------------------------------------------------------------------


def test_a_speech_verb_in_the_sentence_before(nlp):
    text = "Tom Berg said the plan had failed. Ana Ruiz agreed. “We have to start again on the whole budget.”\n"
    quote = the(nlp, text, "We have to start")
    assert quote["speaker"] == "Ana Ruiz" and quote["rule"] == "sentence before: name"


def test_in_someones_words_parsed_as_two_objects(nlp):
    text = (
        "The summit was held in Lisbon because, in Forbes’ words, “they are the most inventive places on the planet.”\n"
    )
    assert the(nlp, text, "they are the most")["cue"] == "words"


def test_a_verb_the_parser_took_for_a_noun_before_a_colon(nlp):
    text = "Article 33 affirms: “No state shall expel a refugee in any manner whatsoever.”\n"
    assert the(nlp, text, "No state shall")["rule"] == "verb before colon: description"


def test_a_document_that_speaks_names_who_put_it_out(nlp):
    text = "At the rally in Concord, Aubrey Pelletier hoisted a sign that read “Fifteen percent or bust!”\n"
    assert the(nlp, text, "Fifteen percent")["speaker"] == "Aubrey Pelletier"


def test_a_participle_on_the_object_climbs_to_who_acted(nlp):
    text = (
        "Senator Ana Ruiz lost the primary.\n\n"
        "The senator emailed supporters saying: “The struggle continues and so do we.”\n"
    )
    assert the(nlp, text, "The struggle")["speaker"] == "Ana Ruiz"


def test_a_party_and_state_in_parentheses_stand_for_the_person(nlp):
    text = "After winning Ohio, Gov. Ana Ruiz (R-OH), said, “We are going to have the wagon ready for Cleveland.”\n"
    assert the(nlp, text, "We are going")["speaker"] == "Ana Ruiz"


def test_the_one_prompted_to_speak_speaks(nlp):
    text = "That record prompted the Atlas of Elections to state, “Vigo County is the most reliable bellwether.”\n"
    assert "Atlas" in the(nlp, text, "Vigo County")["speaker"]


def test_a_possessive_and_a_saying_noun_around_the_quote(nlp):
    text = "Tom Berg spoke on Monday. Unions remember Tom Berg's “you can keep your plan” promise well.\n"
    assert the(nlp, text, "you can keep")["speaker"] == "Tom Berg"


def test_a_name_and_its_apposition_between_the_quote_and_the_cue(nlp):
    text = (
        "Tom Berg spoke in Hanahan on Monday.\n\n"
        "“Very good reporter, very good reporter this guy,” Berg, the front-runner in the state by a wide margin, "
        "said at the press conference.\n"
    )
    assert the(nlp, text, "Very good reporter")["speaker"] == "Tom Berg"


def test_whose_slogan_or_reaction_it_is(nlp):
    text = "Ana Ruiz spoke in Reno.\n\nAna Ruiz’s campaign slogan is “I am with you.” She repeated it twice.\n"
    assert the(nlp, text, "I am with you")["speaker"] == "Ana Ruiz"
