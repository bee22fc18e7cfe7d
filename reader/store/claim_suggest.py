"""Suggestions for a claim: sentences across the library that may carry it, ranked (BM25 over the
sentence index, the claim's wording, what refers back, shared actors and numbers)."""

from __future__ import annotations

import heapq
import json
import math
import re
import sqlite3
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import Stemmer
from sqlite_utils import Database

from reader.store.claims import (
    _LIVE_LINKS,
    _NUMBER,
    _REFERS_BACK,
    _WORD,
    ACTOR_BOOST,
    CANDIDATES,
    CONTEXT_CHARS,
    NEIGHBOUR_WEIGHT,
    NEIGHBOURS,
    NUMBER_BOOST,
    QUERY_TERMS,
    SAME_ARTICLE,
    STOPWORDS,
    SYNONYMS,
    _quote_speaker,
    existing_claim,
)

TIER_WINDOW = 400
"""Matches read per tier (a set of the claim's words every one of them holds), the newest first:
the cap that keeps a suggestion under 100 ms in a library of three million sentences. Tiers are
read best first, so an old sentence holding all the claim's words is never crowded out by newer
ones holding two; only sentences of one tier compete for its window."""
TIERED = 4
"""The claim's most telling words (highest IDF) whose sets make the tiers: a claim of nine words
would have 511 sets; its other words count in every score and in one last tier of their own."""
DF_WINDOW = 2000
"""A term's matches counted, the newest first, for its IDF; a commoner one's is estimated."""
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's
_PORTER = Stemmer.Stemmer("porter")  # the stems FTS5's porter tokenizer gives
_CEILING = BM25_K1 + 1  # a term's BM25 part is under this times its IDF, however often it comes


_POSSESSIVE = re.compile(r"'s$")


def words_of(text: str) -> list[str]:
    """The content words of `text`, lower-cased, in order, each once; a possessive is its noun
    ("Russia's": "russia"; the index holds it as "russia" and "s", a costly phrase to look up)."""
    return list(
        dict.fromkeys(
            word
            for word in (_POSSESSIVE.sub("", w.casefold().replace("’", "'")) for w in _WORD.findall(text))
            if len(word) > 1 and word not in STOPWORDS and not word.isdigit()
        )
    )


def numbers_of(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def variants(word: str) -> list[str]:
    """`word` and the words that say the same: its synonyms (SYNONYMS) and the country and
    people ("korea" and "korean", "russia" and "russian")."""
    found = [word]
    for group in SYNONYMS:
        if word in group:
            found += [w for w in group if w not in found and w not in STOPWORDS]
    if len(word) >= 5 and word.endswith("an"):
        found.append(word[:-1])
    elif len(word) >= 4 and word.endswith("a"):
        found.append(word + "n")
    return found


def _phrases(group: list[str]) -> str:
    return "(" + " OR ".join('"' + w.replace('"', '""') + '"' for w in group) + ")"


def _tier_query(groups: list[list[str]], tier: tuple[int, ...], rest: tuple[int, ...] = ()) -> str:
    """Every term of the tier (each with its variants); the tier of the claim's less telling words
    (`rest`, no tier terms) wants two of them. (A sentence must share two terms with the claim, or
    the one a one-word claim has: a tier of one term leaves that to `_read_tiers`, as the index
    is slow to find the few sentences two long lists share.)"""
    if not tier:
        return " OR ".join(f"({_phrases(groups[a])} AND {_phrases(groups[b])})" for a, b in combinations(rest, 2))
    return " AND ".join(_phrases(groups[i]) for i in tier)


def _tiers(weights: list[float], own: int) -> list[tuple[float, tuple[int, ...], tuple[int, ...]]]:
    """The sets of the claim's TIERED most telling own terms (of the first `own`), then the rest:
    each with the rest's terms (read only in the last tier) and the highest score a sentence whose
    telling terms are exactly that set can reach, best first. That ceiling counts every other term
    held (the less telling ones, the examples'), each term's BM25 part under (k1 + 1) times its IDF."""
    telling = sorted(sorted(range(own), key=lambda i: (-weights[i], i))[:TIERED])
    rest = tuple(i for i in range(own) if i not in telling)
    others = sum(weights[own:]) + sum(weights[i] for i in rest)
    tiers = [
        (_CEILING * (sum(weights[i] for i in tier) + others) * (size + len(rest)) / own, tier, rest)
        for size in range(len(telling), 0, -1)
        for tier in combinations(telling, size)
    ]
    if len(rest) >= 2:
        tiers.append((_CEILING * others * len(rest) / own, (), rest))
    return sorted(tiers, key=lambda t: (-t[0], t[1]))


def _shares_actor(actor: str, words: set[str], prefixes: tuple[str, ...]) -> bool:
    """An actor named in the claim: every word of its name is a claim word, or one starts the
    other ("Korea" and "North Korean", "Russians" and "Russia")."""
    parts = [w.casefold() for w in _WORD.findall(actor)]
    return bool(parts) and all(
        p in words or any(len(w) >= 4 and len(p) >= 4 and (w.startswith(p) or p.startswith(w)) for w in prefixes)
        for p in parts
    )


def suggest(
    db: Database,
    text: str,
    claim: str | None = None,
    limit: int = 20,
    *,
    context: int = CONTEXT_CHARS,
) -> list[dict[str, Any]]:
    """Sentences across the library that may carry the proposition `text` (and, given `claim`,
    its name and the words of its linked examples), best first.

    The candidates come from the porter-stemmed sentence index, read tier by tier (`_read_tiers`:
    first the sentences holding every word of the claim, then those missing the least), and are
    ranked by BM25 (`_Scorer`, IDF from `_term_weights`); a sentence right after a match that
    refers back to it ("North Korea has denied the allegations") inherits part of its score;
    then each is boosted per actor and per number it shares with the query. For a claim, words
    rejected for it and words already linked to it are left out. Each suggestion: article_id,
    path, title, outlet, date (published, else added), start, end, text, speaker (the quoted speaker when the
    sentence overlaps a statement, else the outlet), quoted (bool), before/after (context),
    actors, score (higher is better).
    """
    claim_row = existing_claim(db, claim) if claim else None
    query = _SuggestQuery.make(db, text, claim_row)
    if not query.terms or limit <= 0:
        return []
    scores = _scores(db, query)
    if not scores:
        return []
    found = _boosted(db, query, scores, claim_row)
    best = _diverse(_without_repeats(list(found.values())))[:limit]
    for row in best:
        _describe(db, row, context)
    return best


@dataclass(frozen=True)
class _SuggestQuery:
    """What a suggestion query looks for: the claim's words, then its examples' words."""

    own: list[str]
    terms: list[str]
    words: set[str]
    numbers: set[str]
    actors: set[str]
    examples: list[dict[str, Any]]

    @classmethod
    def make(cls, db: Database, text: str, claim_row: dict[str, Any] | None) -> _SuggestQuery:
        examples: list[dict[str, Any]] = []
        if claim_row is not None:
            examples = list(
                db.query(
                    f"SELECT t.article_id, t.start, t.end, t.text, t.actors {_LIVE_LINKS} WHERE k.claim_id = ?",
                    [claim_row["id"]],
                )
            )
        own = words_of(text) or (words_of(claim_row["name"]) if claim_row else [])
        counted: dict[str, int] = {}
        for example in examples:
            for word in words_of(example["text"]):
                counted[word] = counted.get(word, 0) + 1
        extra = sorted((w for w in counted if w not in own), key=lambda w: (-counted[w], w))
        return cls(
            own=own,
            terms=(own + extra)[:QUERY_TERMS],
            words=set(own) | set(counted),
            numbers=numbers_of(text) | {n for e in examples for n in numbers_of(e["text"])},
            actors={a.casefold() for e in examples for a in _json_list(e["actors"])},
            examples=examples,
        )


def _scores(db: Database, query: _SuggestQuery) -> dict[int, float]:
    """Sentence id -> score: BM25 weighed by the claim's wording, and what refers back inherits."""
    groups = [variants(term) for term in query.terms]
    own = len(query.own) or len(groups)  # a claim named in stopwords: its examples' words are its own
    try:
        weights = _term_weights(db, groups)
        scorer = _Scorer(groups, weights, own, _average_length(db))
        ranked, scores = _read_tiers(db, groups, weights, min(own, len(groups)), scorer)
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc):
            return {}
        raise
    inherited: dict[tuple[str, int], float] = {}
    for row_id, article_id, sid, _ in ranked[:50]:
        for step in range(1, NEIGHBOURS + 1):
            key = (article_id, sid + step)
            inherited[key] = max(inherited.get(key, 0.0), scores[row_id] * NEIGHBOUR_WEIGHT**step)
    if inherited:
        # One lookup for all neighbours: the (article_id, sid) index answers each pair.
        pairs = list(inherited)
        clauses = " OR ".join("(article_id = ? AND sid = ?)" for _ in pairs)
        for row_id, article_id, sid, words in db.execute(
            f"SELECT id, article_id, sid, text FROM sentences WHERE {clauses}", [v for p in pairs for v in p]
        ):
            if _REFERS_BACK.search(words):
                scores[row_id] = max(scores.get(row_id, 0.0), inherited[(article_id, sid)])
    return scores


def _read_tiers(
    db: Database, groups: list[list[str]], weights: list[float], own: int, scorer: _Scorer
) -> tuple[list[Any], dict[int, float]]:
    """The CANDIDATES best matches, best first, and their scores: tier by tier (`_tiers`), the
    newest TIER_WINDOW of each, until no sentence of the next tier could reach the CANDIDATES-th
    score found. A match shares two terms with the claim (or the one a one-word claim has). Where
    no tier fills its window, these are exactly the best of every such sentence in the library."""
    rows: dict[int, Any] = {}
    scores: dict[int, float] = {}
    seen: set[int] = set()
    best: list[float] = []  # a heap of the CANDIDATES best scores so far, the lowest on top
    wanted = min(2, len(groups))  # terms a candidate shares with the claim
    for ceiling, tier, rest in _tiers(weights, own):
        if len(best) == CANDIDATES and ceiling <= best[0]:
            break
        for row in db.execute(
            """SELECT s.id, s.article_id, s.sid, s.text FROM
                 (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
               JOIN sentences s ON s.id = f.rowid""",
            [_tier_query(groups, tier, rest), TIER_WINDOW],
        ):
            if row[0] in seen:
                continue
            seen.add(row[0])
            score, held = scorer.measure(row[3])
            if held < wanted or score <= 0:
                continue
            rows[row[0]] = row
            scores[row[0]] = score
            if len(best) < CANDIDATES:
                heapq.heappush(best, score)
            elif score > best[0]:
                heapq.heapreplace(best, score)
    kept = sorted(scores, key=lambda r: (-scores[r], -r))[:CANDIDATES]
    return [rows[r] for r in kept], {r: scores[r] for r in kept}


def _average_length(db: Database) -> float:
    """Words per sentence in the whole index, BM25's average length: the figure FTS5 keeps for its
    own bm25() (its averages record, row 1 of the index's data: the row count, then the column's
    token total, as SQLite varints; absent while the index is empty)."""
    row = db.execute("SELECT block FROM sentences_fts_data WHERE id = 1").fetchone()
    counts = _varints(row[0]) if row and isinstance(row[0], bytes) else []
    return counts[1] / counts[0] if len(counts) >= 2 and counts[0] > 0 and counts[1] > 0 else 1.0


def _varints(data: bytes) -> list[int]:
    """SQLite's variable-length integers, one after another (7 bits a byte, high bit set when
    another follows; a ninth byte gives all its 8 bits)."""
    values, i = [], 0
    while i < len(data):
        value = 0
        for k in range(9):
            byte = data[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80 or i >= len(data):
                break
        values.append(value)
    return values


def _term_weights(db: Database, groups: list[list[str]]) -> list[float]:
    """Each term's IDF (as Lucene's BM25 has it), its variants counted together: its matches counted
    among the index's newest DF_WINDOW and, past that, estimated from how far back they reach."""
    # Apart: max() and min() in one SELECT scan the table.
    top, bottom = db.execute("SELECT (SELECT max(id) FROM sentences), (SELECT min(id) FROM sentences)").fetchone()
    if top is None:
        return [0.0 for _ in groups]
    total = top - bottom + 1
    weights = []
    for group in groups:
        newest = db.execute(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            [" OR ".join('"' + w.replace('"', '""') + '"' for w in group), DF_WINDOW],
        ).fetchall()
        found, oldest = len(newest), newest[-1][0] if newest else top
        matches = found if found < DF_WINDOW else found * total / (top - oldest + 1)
        weights.append(math.log(1 + (total - matches + 0.5) / (matches + 0.5)))  # never 0: Lucene's
    return weights


class _Scorer:
    """BM25 over the terms (a word of the text counting for a term when their Porter stems are
    one, as the index's own tokenizer has it: "troops" and "troop", "launched" and "launch"),
    weighed by how much of the claim's own wording (the first `own` terms) a sentence has: one
    with three of its four words, missing the one that matters, is not as good as one with all."""

    def __init__(self, groups: list[list[str]], weights: list[float], own: int, average: float) -> None:
        self.stems = [{_PORTER.stemWord(w) for w in group} for group in groups]
        self.weights, self.own, self.average = weights, own, average
        self.terms_of: dict[str, tuple[int, ...]] = {}  # a word of the texts -> the terms it counts for

    def terms(self, word: str) -> tuple[int, ...]:
        hits = self.terms_of.get(word)
        if hits is None:
            stem = _PORTER.stemWord(word.split("’")[0].split("'")[0])  # "korea's": the index's "korea"
            hits = self.terms_of[word] = tuple(i for i, stems in enumerate(self.stems) if stem in stems)
        return hits

    def measure(self, text: str) -> tuple[float, int]:
        """The sentence's score, and how many of the terms it holds."""
        words = _WORD.findall(text.casefold())
        frequencies = [0] * len(self.stems)
        for word in words:
            for i in self.terms(word):
                frequencies[i] += 1
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(words) / self.average)
        score = sum(w * f * (BM25_K1 + 1) / (f + norm) for w, f in zip(self.weights, frequencies) if f)
        held = sum(1 for f in frequencies if f)
        if self.own:
            score *= sum(1 for f in frequencies[: self.own] if f) / self.own
        return score, held


def _boosted(
    db: Database,
    query: _SuggestQuery,
    scores: dict[int, float],
    claim_row: dict[str, Any] | None,
) -> dict[tuple[str, str], dict[str, Any]]:
    """The scored sentences, boosted per shared actor and number, without what the claim rejected
    or already links, each wording once per article."""
    marks = ",".join("?" * len(scores))
    rows = list(
        db.query(
            f"""SELECT s.id, s.article_id, s.start, s.end, s.text, s.actors, a.path, a.title, a.source AS outlet,
                   coalesce(a.published, substr(a.added_at, 1, 10)) AS date
            FROM sentences s JOIN articles a ON a.id = s.article_id WHERE s.id IN ({marks})""",
            list(scores),
        )
    )
    rejected: set[str] = set()
    linked: dict[str, list[tuple[int, int]]] = {}
    if claim_row is not None:
        rejected = {r[0] for r in db.execute("SELECT text FROM claim_rejections WHERE claim_id = ?", [claim_row["id"]])}
        for example in query.examples:
            linked.setdefault(example["article_id"], []).append((example["start"], example["end"]))
    prefixes = tuple(query.words)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        words = " ".join(row["text"].split())
        if words in rejected or any(s < row["end"] and row["start"] < e for s, e in linked.get(row["article_id"], [])):
            continue
        actors = [a for a in row["actors"].split("\n") if a]
        shared_actors = sum(
            1 for a in actors if a.casefold() in query.actors or _shares_actor(a, query.words, prefixes)
        )
        shared_numbers = len(numbers_of(row["text"]) & query.numbers)
        score = scores[row["id"]] * (1 + ACTOR_BOOST * shared_actors + NUMBER_BOOST * shared_numbers)
        key = (row["article_id"], words.casefold())
        if key in found and found[key]["score"] >= score:
            continue  # the same words again in one article (a page repeating its lede)
        found[key] = {**row, "score": score, "actors": actors}
    return found


def _describe(db: Database, row: dict[str, Any], context: int) -> None:
    """A suggestion's speaker (the quoted one, else the outlet) and its words in context."""
    speaker = _quote_speaker(db, row["article_id"], row["start"], row["end"])
    before, after = db.execute(
        "SELECT substr(text, ?, ?), substr(text, ?, ?) FROM articles WHERE id = ?",
        [max(0, row["start"] - context) + 1, min(context, row["start"]), row["end"] + 1, context, row["article_id"]],
    ).fetchone()
    row.pop("id")
    row.update(
        speaker=speaker or row["outlet"] or None,
        quoted=speaker is not None,
        before=before,
        after=after,
        score=round(row["score"], 3),
    )


def _without_repeats(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a sentence whose words another suggestion from its article holds whole (a headline
    glued to its lede, a comment quoting the headline): the better scored of the two stays."""
    kept: list[dict[str, Any]] = []
    for row in sorted(rows, key=lambda r: -r["score"]):
        words = " ".join(row["text"].split()).casefold()
        if not any(
            other["article_id"] == row["article_id"] and (words in other["words"] or other["words"] in words)
            for other in kept
        ):
            kept.append({**row, "words": words})
    for row in kept:
        del row["words"]
    return kept


def _diverse(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Best first, each further sentence of one article scored a little lower (SAME_ARTICLE per
    one before it), so one page repeating a story does not fill the list."""
    seen: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: (-r["score"], r["article_id"], r["start"])):
        row["score"] *= SAME_ARTICLE ** seen.get(row["article_id"], 0)
        seen[row["article_id"]] = seen.get(row["article_id"], 0) + 1
    return sorted(rows, key=lambda r: (-r["score"], r["article_id"], r["start"]))


def _json_list(value: Any) -> list[str]:
    return json.loads(value) if isinstance(value, str) else list(value or [])
