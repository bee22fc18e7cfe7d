"""The gold scorer on small hand-built records: matching, kinds, speakers, groups, actors."""

from __future__ import annotations

import pytest

from reader.nlp.evaluate import (
    gold_texts,
    is_match,
    load_gold,
    match_quotes,
    normalise_name,
    score,
    speaker_correct,
    tokens,
)

TEXT = "Defense Secretary Lloyd Austin said: \u201cWe are ready.\u201d NATO said it was \u201cconcerned.\u201d"
ACTORS = [
    {"name": "Lloyd Austin", "label": "PERSON", "forms": ["Lloyd Austin", "Austin", "Defense Secretary Lloyd Austin"]},
    {"name": "NATO", "label": "ORG", "forms": ["NATO", "Nato"]},
]


def quote(text, kind="statement", speaker=None, group=None, start=None, end=None):
    return {"text": text, "kind": kind, "speaker": speaker, "group": group, "start": start, "end": end}


def gold(quotes, actors=ACTORS):
    return {"id": "t", "text": TEXT, "quotes": quotes, "actors": actors}


def test_tokens_ignore_mark_style_and_case():
    assert tokens("Pyongyang\u2019s \u201cwar\u2026\u201d") == tokens('pyongyang\'s "WAR..."') == ["pyongyang's", "war"]


def test_match_thresholds():
    gold_tokens = tokens("one two three four five six seven eight nine ten")
    assert is_match(gold_tokens, tokens("one two three four five six"))  # contained: all of the shorter
    assert not is_match(gold_tokens, tokens("one two three four five six x y z w v u t s r q"))  # F1 0.46
    assert not is_match(gold_tokens, tokens("one two three x"))  # 3/4 contained, F1 0.43
    assert not is_match(gold_tokens, [])


def test_matching_is_one_to_one_best_first():
    gold_quotes = [{"text": "we are ready"}, {"text": "we are ready now and always"}]
    predicted = [{"text": "we are ready now and always"}]
    assert match_quotes(gold_quotes, predicted) == {1: 0}


def test_perfect_record_scores_one():
    quotes = [quote("We are ready.", speaker="Lloyd Austin"), quote("concerned.", kind="term", speaker="NATO")]
    ready, concerned = TEXT.index("We are ready."), TEXT.index("concerned.")
    record = {
        "quotes": [
            quote("We are ready.", speaker="Austin", start=ready, end=ready + 13),
            quote("concerned.", kind="term", start=concerned, end=concerned + 10),
        ],
        "actors": [
            {"name": "Lloyd Austin", "label": "PERSON", "mentions": []},
            {"name": "NATO", "label": "ORG", "mentions": []},
        ],
    }
    result = score([gold(quotes)], [record], [TEXT])
    assert result["statements"]["precision"] == result["statements"]["recall"] == 1.0
    assert result["statements"]["speaker_accuracy"] == 1.0
    assert result["terms"]["precision"] == result["terms"]["recall"] == 1.0
    assert result["actors"]["recall"] == 1.0
    assert result["offset_errors"] == 0


def test_miss_false_positive_and_wrong_speaker():
    quotes = [
        quote("We are ready.", speaker="Lloyd Austin"),
        quote("It was concerned about the drills.", speaker="NATO"),
    ]
    record = {"quotes": [quote("We are ready.", speaker="NATO"), quote("something nobody said at all")], "actors": []}
    result = score([gold(quotes)], [record])
    stmts = result["statements"]
    assert (stmts["gold"], stmts["found"], stmts["predicted"], stmts["correct"]) == (2, 1, 2, 1)
    assert stmts["precision"] == stmts["recall"] == 0.5
    assert stmts["speaker_accuracy"] == 0.0
    errors = result["items"][0]["errors"]
    assert [e["text"] for e in errors["missed"]] == ["It was concerned about the drills."]
    assert [e["text"] for e in errors["false_positive"]] == ["something nobody said at all"]
    assert errors["wrong_speaker"][0]["predicted"] == "NATO"
    assert result["actors"]["recall"] == 0.0


def test_speaker_forms_null_and_alternatives():
    q = {"text": "x", "speaker": "Lloyd Austin"}
    assert speaker_correct("Austin", q, ACTORS)
    assert speaker_correct("the defense secretary lloyd austin\u2019s", q, ACTORS)
    assert not speaker_correct("Lloyd", q, ACTORS)
    assert speaker_correct("Secretary Lloyd Austin", q, ACTORS)  # the last words of a person's form
    assert not speaker_correct("Austin Secretary", q, ACTORS)
    assert not speaker_correct("ATO", {"text": "x", "speaker": "NATO"}, ACTORS)
    assert not speaker_correct(
        "Korea",
        {"text": "x", "speaker": "North Korea"},
        [{"name": "North Korea", "label": "GPE", "forms": ["North Korea"]}],
    )
    assert not speaker_correct(None, q, ACTORS)
    assert not speaker_correct("Nato", q, ACTORS)
    assert speaker_correct(None, {"text": "x", "speaker": None}, ACTORS)
    assert not speaker_correct("Austin", {"text": "x", "speaker": None}, ACTORS)
    assert speaker_correct("Nato", {"text": "x", "speaker": None, "alt_speakers": ["NATO"]}, ACTORS)
    assert normalise_name("The Pentagon\u2019s") == "pentagon"


def test_kind_mismatch_costs_both_sides_unless_either_kind():
    record = {"quotes": [quote("concerned", kind="statement", speaker="NATO")], "actors": []}
    strict = score([gold([quote("concerned", kind="term")])], [record])
    assert strict["terms"]["recall"] == 0.0
    assert strict["statements"]["precision"] == 0.0
    loose_gold = gold([{**quote("concerned", kind="term", speaker="NATO"), "either_kind": True}])
    loose = score([loose_gold], [record])
    assert loose["statements"]["precision"] == loose["statements"]["recall"] == 1.0
    assert loose["statements"]["speaker_accuracy"] == 1.0
    assert loose["terms"]["gold"] == 0


def test_optional_gold_is_neither_miss_nor_false_positive():
    optional = {**quote("who is really fighting"), "optional": True}
    found = score([gold([optional])], [{"quotes": [quote("who is really fighting")], "actors": []}])
    assert found["statements"]["predicted"] == 0 and found["statements"]["gold"] == 0
    absent = score([gold([optional])], [{"quotes": [], "actors": []}])
    assert absent["statements"]["recall"] == 1.0


def test_split_statement_groups():
    parts = [
        quote("The shells arrive by rail,", speaker="Lloyd Austin", group="g1"),
        quote("and the volume has grown.", speaker="Lloyd Austin", group="g1"),
        quote("Another thing entirely here.", speaker="Lloyd Austin"),
    ]
    right = {
        "quotes": [
            quote("The shells arrive by rail,", group=1),
            quote("and the volume has grown.", group=1),
            quote("Another thing entirely here.", group=2),
        ],
        "actors": [],
    }
    assert score([gold(parts)], [right])["groups"] == {"gold": 1, "correct": 1, "accuracy": 1.0, "false_merges": 0}
    apart = {
        "quotes": [
            quote("The shells arrive by rail,", group=1),
            quote("and the volume has grown.", group=2),
            quote("Another thing entirely here.", group=3),
        ],
        "actors": [],
    }
    assert score([gold(parts)], [apart])["groups"]["accuracy"] == 0.0
    merged = {
        "quotes": [
            quote("The shells arrive by rail,", group=1),
            quote("and the volume has grown.", group=1),
            quote("Another thing entirely here.", group=1),
        ],
        "actors": [],
    }
    result = score([gold(parts)], [merged])["groups"]
    assert result["accuracy"] == 0.0 and result["false_merges"] == 1


def test_one_span_over_a_multi_paragraph_quote_finds_both_parts():
    parts = [
        quote("Russia fires ten thousand shells a day.", speaker="Lloyd Austin", group="g1"),
        quote("North Korea fills the gap by spring,", speaker="Lloyd Austin", group="g1"),
    ]
    one_span = {
        "quotes": [
            quote(
                "Russia fires ten thousand shells a day.\n\n\u201cNorth Korea fills the gap by spring,",
                speaker="Austin",
                group=0,
            )
        ],
        "actors": [],
    }
    result = score([gold(parts)], [one_span])
    assert result["statements"]["recall"] == 1.0 and result["statements"]["precision"] == 1.0
    assert result["statements"]["speaker_accuracy"] == 1.0
    assert result["groups"]["accuracy"] == 1.0
    two_parts = {
        "quotes": [
            quote("Russia fires ten thousand shells a day.", group=4),
            quote("North Korea fills the gap by spring,", group=4),
        ],
        "actors": [],
    }
    assert score([gold(parts)], [two_parts])["statements"]["precision"] == 1.0


def test_actor_label_must_agree():
    record = {
        "quotes": [],
        "actors": [
            {"name": "NATO", "label": "GPE", "mentions": []},
            {"name": "Lloyd", "label": "PERSON", "mentions": [{"text": "Austin"}]},
        ],
    }
    result = score([gold([])], [record])["actors"]
    assert result["recall"] == 0.5
    assert result["recall_any_label"] == 1.0


def test_offsets_are_checked_against_the_text():
    record = {"quotes": [quote("We are ready.", start=0, end=13)], "actors": []}
    assert score([gold([quote("We are ready.")])], [record], [TEXT])["offset_errors"] == 1


def test_empty_predictions_have_no_recall():
    result = score([gold([quote("We are ready.")])], [{"quotes": [], "actors": []}])
    assert result["statements"]["recall"] == 0.0
    assert result["statements"]["f1"] == 0.0


def test_lengths_must_agree():
    with pytest.raises(ValueError):
        score([gold([])], [])


def test_load_gold_and_texts(tmp_path):
    (tmp_path / "b.json").write_text('{"id": "b", "seed": "seeds/x.txt", "quotes": [], "actors": []}', encoding="utf-8")
    (tmp_path / "a.json").write_text('{"id": "a", "text": "Inline.", "quotes": [], "actors": []}', encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text("Seed text.", encoding="utf-8")
    items = load_gold(tmp_path)
    assert [i["id"] for i in items] == ["a", "b"]
    assert gold_texts(items, seeds, str.upper) == ["INLINE.", "SEED TEXT."]


def test_containment_only_matches_are_counted_as_loose():
    long_span = "We are ready. And then a great many other words that were never part of the quote at all"
    result = score([gold([quote("We are ready.")])], [{"quotes": [quote(long_span)], "actors": []}])
    assert result["statements"]["recall"] == 1.0
    assert result["spans"]["loose"] == 1
    assert result["spans"]["mean_f1"] < 0.3
    exact = score([gold([quote("We are ready.")])], [{"quotes": [quote("we are ready")], "actors": []}])
    assert exact["spans"] == {"matched": 1, "loose": 0, "mean_f1": 1.0}
