"""Echoes: one quoted statement carried, in nearly the same words, by several articles.

Statements are grouped as each article's quotes are indexed, never all pairs: a statement's
MinHash (datasketch, over character shingles of its normalised words) is cut into LSH bands,
whose keys are stored in `echo_bands` (an indexed table), so the statements sharing a band with
a new one are found by a few index lookups. Each such candidate is confirmed by edit similarity
(rapidfuzz) before the two join one group in `echo_members`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlite_utils import Database

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above about 0.5 Jaccard of shingles share a band
ROWS = NUM_PERM // BANDS
SHINGLE = 5
MIN_WORDS = 6  # "We will see." is said by everyone: too short to mean one statement
MIN_SIMILARITY = 80.0  # rapidfuzz ratio (0-100) of the normalised words
CANDIDATES_PER_BAND = 8  # a band shared by thousands of statements still costs a bounded lookup
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CANONICAL = "coalesce((SELECT canonical FROM aliases WHERE alias = {col} AND canonical IS NOT NULL), {col})"
_permutations: Any = None


def normalise(text: str) -> str:
    """The words of `text`, case-folded, without punctuation: what two outlets' copies share."""
    return " ".join(word.replace("’", "'") for word in _WORD.findall(text.casefold()))


def band_keys(normalised: str) -> list[int]:
    """The statement's LSH band keys (signed 64-bit, one per band, the band number mixed in)."""
    global _permutations
    from datasketch import MinHash  # type: ignore[import-untyped]

    if _permutations is None:
        _permutations = MinHash(num_perm=NUM_PERM, seed=14, scheme="affine32").permutations
    padded = f" {normalised} "
    shingles = {padded[i : i + SHINGLE].encode() for i in range(max(1, len(padded) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, permutations=_permutations, scheme="affine32")
    minhash.update_batch(list(shingles))
    values = minhash.hashvalues.astype("<u8")  # a numpy array: the same bytes on every machine
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8, person=band.to_bytes(2, "little")
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: str, b: str) -> float:
    """0-100: how alike two normalised statements are, word changes costing their letters."""
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def index_echoes(db: Database, article_id: str) -> int:
    """Group the article's indexed statements with the same words elsewhere; returns how many
    of them joined a group. Call after the article's quotes are (re)indexed, inside that write."""
    statements = [
        (quote_id, normalise(text))
        for quote_id, text in db.execute(
            "SELECT id, text FROM quotes WHERE article_id = ? AND kind = 'statement' ORDER BY id", [article_id]
        )
    ]
    joined = 0
    for quote_id, words in statements:
        if len(words.split()) < MIN_WORDS:
            continue
        keys = band_keys(words)
        lookup = " UNION ".join(
            f"SELECT * FROM (SELECT quote_id FROM echo_bands WHERE key = ? LIMIT {CANDIDATES_PER_BAND})" for _ in keys
        )
        candidates = db.execute(
            f"""SELECT q.id, q.text, m.group_id FROM ({lookup}) c JOIN quotes q ON q.id = c.quote_id
                LEFT JOIN echo_members m ON m.quote_id = q.id WHERE q.article_id != ?""",
            [*keys, article_id],
        ).fetchall()
        matches = [
            (other, group) for other, text, group in candidates if similarity(words, normalise(text)) >= MIN_SIMILARITY
        ]
        if matches:
            groups = sorted({group for _, group in matches if group is not None})
            if groups:
                group_id = groups[0]
                if len(groups) > 1:
                    marks = ",".join("?" * (len(groups) - 1))
                    db.execute(f"UPDATE echo_members SET group_id = ? WHERE group_id IN ({marks})", groups)
                    db.execute(f"DELETE FROM echo_groups WHERE id IN ({marks})", groups[1:])
            else:
                group_id = db.execute("INSERT INTO echo_groups DEFAULT VALUES").lastrowid
            db.conn.executemany(
                "INSERT OR REPLACE INTO echo_members (quote_id, group_id) VALUES (?, ?)",
                [(quote_id, group_id)] + [(other, group_id) for other, group in matches if group is None],
            )
            joined += 1
        db.conn.executemany(
            "INSERT OR IGNORE INTO echo_bands (key, quote_id) VALUES (?, ?)", [(key, quote_id) for key in keys]
        )
    return joined


def _group_rows(db: Database, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return list(
        db.query(
            f"""SELECT m.group_id, q.id AS quote_id, q.article_id, q.qid, q.start, q.end, q.text,
                       {_CANONICAL.format(col="q.speaker")} AS speaker, a.source, a.title
                FROM echo_members m JOIN quotes q ON q.id = m.quote_id JOIN articles a ON a.id = q.article_id
                WHERE {where} ORDER BY m.group_id, a.added_at, a.id, q.start""",
            params,
        )
    )


def speakers_differ(quotes: list[dict[str, Any]]) -> bool:
    """Whether the outlets give the words to different people (unattributed copies aside)."""
    return len({q["speaker"].casefold() for q in quotes if q["speaker"]}) > 1


def _groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.pop("group_id"), []).append(row)
    return [
        {"group_id": group_id, "quotes": quotes, "speakers_differ": speakers_differ(quotes)}
        for group_id, quotes in found.items()
        if len({q["article_id"] for q in quotes}) > 1  # a removed article can leave one copy alone
    ]


def echo_groups(db: Database) -> list[dict[str, Any]]:
    """Every echo group: {group_id, quotes: [{quote_id, article_id, qid, start, end, text,
    speaker, source, title}], speakers_differ}, the quotes in the order their articles were added."""
    return _groups(_group_rows(db, "1", []))


def echo_group(db: Database, group_id: int) -> dict[str, Any] | None:
    """One echo group (as in `echo_groups`), or None when it no longer groups two articles."""
    found = _groups(_group_rows(db, "m.group_id = ?", [group_id]))
    return found[0] if found else None


def article_echoes(db: Database, article_id: str, *, outlets: int = 5) -> dict[int, dict[str, Any]]:
    """For each of the article's quotes (by its index in the analysis) that is echoed elsewhere:
    {group_id, outlets: the other articles' sources (at most `outlets`, most recent first),
    more: how many other articles beyond those, speakers_differ}."""
    found: dict[int, dict[str, Any]] = {}
    for qid, group_id in db.execute(
        """SELECT q.qid, m.group_id FROM quotes q JOIN echo_members m ON m.quote_id = q.id
           WHERE q.article_id = ?""",
        [article_id],
    ).fetchall():
        others = db.execute(
            f"""SELECT a.source, {_CANONICAL.format(col="q.speaker")} FROM echo_members m
                JOIN quotes q ON q.id = m.quote_id JOIN articles a ON a.id = q.article_id
                WHERE m.group_id = ? AND q.article_id != ? ORDER BY a.added_at DESC LIMIT 200""",
            [group_id, article_id],
        ).fetchall()
        if not others:
            continue
        sources: list[str] = []
        for source, _ in others:
            name = source or "an unnamed outlet"
            if name not in sources:
                sources.append(name)
        own = db.execute(
            f"SELECT {_CANONICAL.format(col='speaker')} FROM quotes WHERE article_id = ? AND qid = ?",
            [article_id, qid],
        ).fetchone()[0]
        speakers = [{"speaker": own}] + [{"speaker": speaker} for _, speaker in others]
        found[qid] = {
            "group_id": group_id,
            "outlets": sources[:outlets],
            "more": max(0, len(sources) - outlets),
            "speakers_differ": speakers_differ(speakers),
        }
    return found
