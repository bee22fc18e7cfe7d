"""Claim suggestions read the sentence index tier by tier (every word of the claim first, then
the sets missing the least): an old sentence that holds the whole claim is never crowded out by
newer ones holding two of its words, and the tiers' pruning loses nothing a full scan finds."""

from __future__ import annotations

import heapq
import random

from reader.nlp.model import pipeline_id
from reader.store import claim_suggest
from reader.store import claims as store
from reader.store.articles import add_article, put_analysis


def add_sentences(db, name: str, sentences: list[str]) -> str:
    """An article of `sentences`, one paragraph each, with a hand-written analysis (no actors, no
    quotes): its sentences go into the index as every analysis's do."""
    text = "\n".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append([start, start + len(sentence)])
        start += len(sentence) + 1
    article, _ = add_article(db, raw_text=text, text=text, title=name, source="Wire", url=f"https://x.test/{name}")
    put_analysis(db, article, pipeline_id(), {"paragraphs": spans, "sentences": spans, "actors": [], "quotes": []})
    return article


def test_an_old_sentence_holding_the_whole_claim_outranks_many_newer_partial_ones(db):
    whole = "North Korean troops are fighting in Russia."
    oldest = add_sentences(db, "old", ["The weather was fine.", whole])
    # Then 1,500 newer sentences holding two of the claim's words: more than any window of the
    # newest matches (the cap that kept suggestions fast read only the newest 1,000 of these).
    for batch in range(3):
        add_sentences(db, f"new{batch}", [f"Russia faced a north wind on day {batch}-{i}." for i in range(500)])
    rows = claim_suggest.suggest(db, "North Korean troops are in Russia", limit=5)
    assert rows[0]["text"] == whole and rows[0]["article_id"] == oldest
    assert all("north wind" in row["text"] for row in rows[1:])


WORDS = "north korea troops russia border missile talks army winter ports grain ships envoy summit".split()
FILLER = "the a of and to was were has had with on at".split()


def sentence(rng: random.Random) -> str:
    """Filler words, each of WORDS in with a chance of one in six, shuffled."""
    words = [w for w in WORDS if rng.random() < 0.16] + rng.choices(FILLER, k=rng.randint(2, 8))
    rng.shuffle(words)
    return " ".join(words) + "."


def test_the_tiers_find_the_same_best_sentences_as_scoring_every_sentence(db):
    """Pruning check: on a library where no tier fills its window, the tiers' top CANDIDATES are
    exactly the best of every sentence in the library sharing two terms with the claim, scored
    alike."""
    rng = random.Random(14)
    for article in range(11):
        add_sentences(db, f"a{article}", [sentence(rng) for _ in range(200)])
    # BM25's average length is the whole index's, as FTS5 keeps it (here its words are the texts').
    lengths = [len(text[:-1].split()) for (text,) in db.execute("SELECT text FROM sentences")]
    assert claim_suggest._average_length(db) == sum(lengths) / len(lengths)
    every = list(db.execute("SELECT id, text FROM sentences"))
    for claim in (
        "North Korean troops in Russia",
        "missile talks at the border in winter",
        "envoy summit ports in winter",
        "North Korean troops at the border with Russia after missile talks",  # more words than TIERED
    ):
        query = claim_suggest._SuggestQuery.make(db, claim, None)
        groups = [claim_suggest.variants(term) for term in query.terms]
        weights = claim_suggest._term_weights(db, groups)
        scorer = claim_suggest._Scorer(groups, weights, len(query.own), claim_suggest._average_length(db))
        own = min(len(query.own), len(groups))
        ranked, scores = claim_suggest._read_tiers(db, groups, weights, own, scorer)

        tiers = claim_suggest._tiers(weights, own)
        for _, tier, rest in tiers:
            sql = "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?"
            matches = db.execute(sql, [claim_suggest._tier_query(groups, tier, rest)]).fetchone()[0]
            assert matches < claim_suggest.TIER_WINDOW  # the case where the tiers are exact
        measured = [scorer.measure(text) for _, text in every]
        candidates = [score for score, held in measured if held >= 2 and score > 0]
        assert len(candidates) > claim_suggest.CANDIDATES  # more than the tiers keep: pruning has work
        assert sorted(scores.values(), reverse=True) == heapq.nlargest(claim_suggest.CANDIDATES, candidates), claim
        assert [row[0] for row in ranked] == sorted(scores, key=lambda r: (-scores[r], -r))


def test_a_claim_named_in_stopwords_is_suggested_by_its_examples_words(db):
    sentences = ["Troops crossed into Russia from the north.", "The weather was fine.", "More troops reached Russia."]
    article = add_sentences(db, "a", sentences)
    store.add_claim(db, "It is what it is")
    store.accept(db, "It is what it is", article, 0, len(sentences[0]), "a")
    assert claim_suggest._SuggestQuery.make(db, "", store.existing_claim(db, "It is what it is")).own == []
    rows = claim_suggest.suggest(db, "", "It is what it is")
    assert [row["text"] for row in rows] == ["More troops reached Russia."]
