"""Error classes found on PolNeAR's train split, one rule each: small parsed texts through the real
pipeline, and hand-built `Doc`s (words, heads, deps) through the component alone, as spaCy's own
rule tests do."""

from __future__ import annotations

import pytest
from quote_support import quotes_of, speakers
from spacy.tokens import Doc, Span

from reader.nlp.quotes import QuoteFinder

# Credits after quotes, in vox-pop lists -----------------------------------------------------------


def test_a_credit_after_a_horizontal_bar_belongs_to_the_quote_before_it(nlp):
    text = (
        "Voters in Ohio\n\n“We need jobs here, not more promises.” ― Maria Lopez, 54, a nurse\n\n"
        "“Nobody in Washington listens to us at all.” ― Peter Novak, a farmer\n"
    )
    got = speakers(nlp, text)
    assert [rule for _, rule in got] == ["credit after dash", "credit after dash"]
    assert got[0][0] == "Maria Lopez" and got[1][0].endswith("Peter Novak")


def test_credits_on_one_line_end_where_the_next_quote_opens(nlp):
    text = (
        "Voters spoke. “We need jobs here, not more promises.” — Maria Lopez. "
        "“Nobody in Washington listens to us at all.” — Peter Novak.\n"
    )
    assert [s for s, _ in speakers(nlp, text)] == ["Maria Lopez", "Peter Novak"]


# Inline labels -----------------------------------------------------------------------------------


def test_inline_labels_in_running_text_name_each_quote(nlp):
    text = "At the hearing, Maria Lopez: “We need jobs here, not more promises.” Peter Novak: “Nobody listens to us.”\n"
    assert speakers(nlp, text) == [("Maria Lopez", "label: name"), ("Peter Novak", "label: name")]


@pytest.mark.parametrize(
    "line, speaker",
    [
        ("Senator Ruth Calder on the budget:", "Ruth Calder"),  # a headline's `Name on Topic:`
        ("Warren on Wall Street:", "Warren"),
        ("Here’s Calder in December 1992:", "Calder"),  # not the date, nor "’s Calder"
        ("The reply came in a long statement from the Kremlin:", "Kremlin"),  # from names the author
    ],
)
def test_a_label_is_the_speaker_not_the_topic_or_the_date(nlp, line, speaker):
    text = f"{line} “We cannot keep borrowing against the future of our children.”\n"
    assert speakers(nlp, text) == [(speaker, "label: name")]


@pytest.mark.parametrize(
    "line",
    [
        "Ruth Calder delivered a blunt message to Governor Alan Pike:",  # Pike is addressed
        "Ruth Calder spoke in an interview on Tuesday:",
    ],
)
def test_a_name_a_preposition_governs_or_a_date_before_the_colon_is_no_label(nlp, line):
    text = f"{line} “We cannot keep borrowing against the future of our children.”\n"
    [(speaker, rule)] = speakers(nlp, text)
    assert rule != "label: name" and speaker not in ("Alan Pike", "Tuesday")


# Pronouns that cannot be a person -----------------------------------------------------------------


def test_it_is_never_the_person_last_named(nlp):
    text = "Maria Lopez read the report on Monday. “The economy is slowing down faster than expected,” it said.\n"
    [(speaker, rule)] = speakers(nlp, text)
    assert speaker != "Maria Lopez" and rule == "parse: pronoun it"


def test_one_alone_is_no_description(nlp):
    [quote] = quotes_of(nlp, "“We will win this fight together, whatever it takes,” one said.\n")
    assert quote["speaker"] is None and quote["speaker_description"] is None


# Cues --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["chanted", "continued", "exclaimed", "assured"])
def test_more_cue_verbs(nlp, verb):
    text = f"Maria Lopez {verb} that the plan “will not work for the families who live here”.\n"
    [quote] = quotes_of(nlp, text)
    assert quote["cue"] == verb and quote["speaker"] == "Maria Lopez"


def test_a_verb_and_its_object_before_a_colon(nlp):
    text = "As John Cornyn, the No. 2 in the leadership, put it: “This person will not be confirmed. So there is no reason.”\n"
    assert speakers(nlp, text) == [("John Cornyn", "verb before colon: name")]


def test_a_naming_verb_before_a_whole_sentence_reports_it(nlp):
    text = (
        "Clinton proclaimed at a press conference, “I did not email any classified material to anyone on my email.”\n"
    )
    assert speakers(nlp, text) == [("Clinton", "parse: name")]
    named = quotes_of(nlp, "Kim proclaimed it “missile industry day” in a speech.\n")
    assert [(q["kind"], q["cue"]) for q in named] == [("term", None)]


# Descriptions ------------------------------------------------------------------------------------


def test_a_spokesman_for_a_named_person_speaks_for_that_person(nlp):
    text = "The senator was absent. “We will not comment on the bill today,” a spokesman for Senator John Smith said.\n"
    [quote] = quotes_of(nlp, text)
    assert quote["speaker"] == "John Smith" and quote["rule"] == "parse: spokesperson for"
    assert quote["speaker_description"] == "a spokesman for Senator John Smith"


# Hand-built parses -------------------------------------------------------------------------------


def hand_built(nlp, words, spaces, heads, deps, pos, lemmas, ents):
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    doc.ents = [Span(doc, start, end, label) for start, end, label in ents]
    return QuoteFinder()(doc)


def test_hand_built_verb_before_colon(nlp):
    words = ["As", "Cornyn", "put", "it", ":", "“", "This", "will", "fail", ".", "”"]
    doc = hand_built(
        nlp,
        words,
        [True, True, True, False, True, False, True, True, False, False, False],
        heads=[2, 2, 2, 2, 2, 8, 8, 8, 2, 8, 8],
        deps=["mark", "nsubj", "ROOT", "dobj", "punct", "punct", "nsubj", "aux", "ccomp", "punct", "punct"],
        pos=["SCONJ", "PROPN", "VERB", "PRON", "PUNCT", "PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT"],
        lemmas=["as", "Cornyn", "put", "it", ":", "“", "this", "will", "fail", ".", "”"],
        ents=[(1, 2, "PERSON")],
    )
    [quote] = doc.spans["quotes"]
    assert quote.text == "This will fail."
    assert quote._.reader_rule in ("parse: name", "verb before colon: name")
    assert tuple(quote._.reader_speaker_ent[:2]) == (3, 9)


def test_hand_built_spokesman_for_a_person(nlp):
    words = ["“", "No", "comment", "on", "the", "bill", ",", "”", "a", "spokesman", "for", "Smith", "said", "."]
    doc = hand_built(
        nlp,
        words,
        [False, True, True, True, True, False, False, True, True, True, True, True, False, False],
        heads=[12, 2, 12, 2, 5, 3, 12, 12, 9, 12, 9, 10, 12, 12],
        deps=[
            "punct",
            "det",
            "ccomp",
            "prep",
            "det",
            "pobj",
            "punct",
            "punct",
            "det",
            "nsubj",
            "prep",
            "pobj",
            "ROOT",
            "punct",
        ],
        pos=[
            "PUNCT",
            "DET",
            "NOUN",
            "ADP",
            "DET",
            "NOUN",
            "PUNCT",
            "PUNCT",
            "DET",
            "NOUN",
            "ADP",
            "PROPN",
            "VERB",
            "PUNCT",
        ],
        lemmas=["“", "no", "comment", "on", "the", "bill", ",", "”", "a", "spokesman", "for", "Smith", "say", "."],
        ents=[(11, 12, "PERSON")],
    )
    [quote] = doc.spans["quotes"]
    assert quote._.reader_rule == "parse: spokesperson for"
    assert doc.text[slice(*quote._.reader_speaker_ent[:2])] == "Smith"
    assert quote._.reader_speaker_description == "a spokesman for Smith"


def test_who_issued_a_statement_saying_speaks(nlp):
    text = (
        "Trump, who spoke last week, issued a statement Tuesday saying, "
        "“I do not feel that heritage makes anyone incapable of being impartial.”\n"
    )
    assert speakers(nlp, text) == [("Trump", "parse: name")]
