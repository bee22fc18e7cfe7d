"""The quote engine's lexicon is data, loaded through the component's config."""

from __future__ import annotations

import shutil

import spacy

from reader.nlp.quotes.lexicon import SHIPPED, Lexicon


def test_the_shipped_lists_load_and_hold_the_core_entries():
    lexicon = Lexicon.load()
    assert {"say", "tell", "warn", "insist"} <= lexicon.speech_verbs
    assert {"statement", "report"} <= lexicon.document_nouns
    assert "ministry" in lexicon.org_words


def test_an_unknown_first_name_has_no_gender():
    lexicon = Lexicon.load()
    assert lexicon.gender_of_name("Mary") == "f"
    assert lexicon.gender_of_name("John") == "m"
    assert lexicon.gender_of_name("Xqzt") is None


def test_the_component_reads_the_lexicon_its_config_names(tmp_path, nlp):
    from reader.nlp.model import model_name

    folder = tmp_path / "lexicon"
    shutil.copytree(SHIPPED, folder)
    with open(folder / "speech_verbs.txt", "a", encoding="utf-8") as lists:
        lists.write("murmur\n")
    text = "Ana Lopez murmured that the army “will not leave the city this year”."
    custom = spacy.load(model_name())
    custom.add_pipe("reader_quotes", config={"lexicon": str(folder)})
    assert custom.get_pipe_meta("reader_quotes").default_config == {"lexicon": ""}
    doc = custom(text)
    assert [q._.reader_cue for q in doc.spans["quotes"]] == ["murmured"]
    doc = nlp(text)  # the default pipeline still reads the shipped lists
    assert [q._.reader_cue for q in doc.spans["quotes"]] == [None]


def test_first_names_beyond_english_pick_between_people(nlp):
    from reader.nlp.analyze import analyze_texts

    text = "Hakan Fidan met Ngozi Okonjo-Iweala in Geneva. “Trade must never become a weapon,” she said."
    [quote] = next(analyze_texts([text], nlp=nlp))["quotes"]
    assert quote["speaker"] == "Ngozi Okonjo-Iweala"


def test_names_used_for_both_genders_stay_unknown():
    lexicon = Lexicon.load()
    assert not lexicon.female_names & lexicon.male_names
    for name in ("Kim", "Sasha", "Nicola", "Jean"):
        assert lexicon.gender_of_name(name) is None
