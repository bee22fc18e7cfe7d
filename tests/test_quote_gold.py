"""The real pipeline against the gold annotations: statement precision, recall and speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.nlp.evaluate import gold_texts, load_gold, normalise_marks, score
from reader.paths import seeds_dir
from reader.text.repair import normalise

GOLD = Path(__file__).parent / "data" / "gold"
SETS = ("seeds", "synthetic", "heldout")
# Frozen at exactly what the engine measured when these sets stopped being tuning data (the
# team wrote them and tuned on them): any drop fails. Held-out: 57 of 58 statements found (the
# one miss is held06's "More troops on the way", taken for a term). The either-kind quotes a
# speaker "called" something are statements since issue 12's echo rule, which moved three of
# them from the terms to the statements: the same single error, over larger counts.
PRECISION_TARGETS = {"seeds": 1.0, "synthetic": 1.0, "heldout": 1.0}
RECALL_TARGETS = {"seeds": 1.0, "synthetic": 1.0, "heldout": 57 / 58}
SPEAKER_TARGETS = {"seeds": 1.0, "synthetic": 1.0, "heldout": 1.0}


@pytest.fixture(scope="module")
def results(nlp):
    from reader.nlp.analyze import analyze_texts

    scored = {}
    for name in SETS:
        items = load_gold(GOLD / name)
        texts = gold_texts(items, seeds_dir(), normalise)
        scored[name] = score(items, list(analyze_texts(texts, nlp=nlp)), texts)
    return scored


def _errors(result, kind):
    return [(item["id"], e) for item in result["items"] for e in item["errors"][kind]]


@pytest.mark.parametrize("name", SETS)
def test_gold_is_consistent_with_its_text(name):
    items = load_gold(GOLD / name)
    assert items
    for item, text in zip(items, gold_texts(items, seeds_dir(), normalise)):
        plain = normalise_marks(text)
        assert name == "seeds" or item["forms"], item["id"]
        names = {a["name"] for a in item["actors"]}
        for quote in item["quotes"]:
            assert normalise_marks(quote["text"]) in plain, (item["id"], quote["text"])
            assert quote["kind"] in ("statement", "term"), item["id"]
            for speaker in [quote["speaker"], *quote.get("alt_speakers", [])]:
                assert speaker is None or speaker in names, (item["id"], speaker)
        for actor in item["actors"]:
            assert actor["label"] in ("PERSON", "ORG", "GPE", "NORP"), (item["id"], actor)
            assert any(normalise_marks(form) in plain for form in actor["forms"]), (item["id"], actor["name"])


@pytest.mark.parametrize("name", SETS)
def test_statement_recall(results, name):
    stmts = results[name]["statements"]
    assert stmts["recall"] >= RECALL_TARGETS[name] - 1e-9, _errors(results[name], "missed")


@pytest.mark.parametrize("name", SETS)
def test_statement_precision(results, name):
    stmts = results[name]["statements"]
    assert stmts["precision"] >= PRECISION_TARGETS[name] - 1e-9, _errors(results[name], "false_positive") + _errors(
        results[name], "wrong_kind"
    )


@pytest.mark.parametrize("name", SETS)
def test_speaker_accuracy(results, name):
    stmts = results[name]["statements"]
    assert stmts["speaker_accuracy"] >= SPEAKER_TARGETS[name] - 1e-9, _errors(results[name], "wrong_speaker")


@pytest.mark.parametrize("name", SETS)
def test_matched_spans_are_the_quotes(results, name):
    # The match rule accepts a span that merely contains (or lies inside) a quote; keep that rare.
    assert results[name]["spans"]["mean_f1"] >= 1.0 - 1e-9, _errors(results[name], "loose")


@pytest.mark.parametrize("name", SETS)
def test_quote_offsets_point_into_the_text(results, name):
    assert results[name]["offset_errors"] == 0, _errors(results[name], "offset")


# Terms (scare quotes, names, titles), frozen the same way: 10 of the 11 held-out terms reported
# are gold (the false one is held06's statement above).
TERM_PRECISION_TARGETS = {"seeds": 1.0, "synthetic": 1.0, "heldout": 10 / 11}
# The errors themselves, counted: a ratio over a count that a rule may move hides a new error.
KIND_ERRORS = {"seeds": 0, "synthetic": 0, "heldout": 1}


@pytest.mark.parametrize("name", SETS)
def test_terms_are_frozen(results, name):
    terms = results[name]["terms"]
    assert terms["recall"] >= 1.0 - 1e-9
    assert terms["precision"] >= TERM_PRECISION_TARGETS[name] - 1e-9


@pytest.mark.parametrize("name", SETS)
def test_quote_errors_are_frozen_as_counts(results, name):
    errors = [e for kind in ("missed", "false_positive", "wrong_kind") for e in _errors(results[name], kind)]
    assert len(errors) <= KIND_ERRORS[name], errors
