"""Claims: named propositions tracked across the library, the tags that carry them with a stance,
and suggestions drawn from a sentence-level full-text index (FTS5, BM25, porter-stemmed).

A claim's links are tags (`reader.store.tags`), so they stay durable and re-anchor like every tag;
a link keys on the tag's id, which re-anchoring keeps. Links of a deleted tag are kept until its
article goes, so undoing the deletion brings the link back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.records import Analysis
from reader.store.articles import now
from reader.store.tags import add_tag, get_tag, write

STANCES = ("asserts", "reports", "denies", "questions")
CLAIM_LABEL = "claim"  # the label of a tag made by accepting a suggestion
CANDIDATES = 200  # sentences ranked by BM25 before the re-ranking
QUERY_TERMS = 10  # words of the claim and its examples put to the index
NEIGHBOURS = 2  # following sentences that may refer back to a matching one ("denied the claims")
NEIGHBOUR_WEIGHT = 0.95  # what such a sentence inherits of the matching one's score (per step)
SAME_ARTICLE = 0.9  # each further suggestion from one article keeps this much more of its score
ACTOR_BOOST = 0.25  # per actor shared with the claim
NUMBER_BOOST = 0.25  # per number shared with the claim
CONTEXT_CHARS = 80  # words in context either side of a suggestion
# A sentence after a match that says something about it: a stance verb or a word for a claim.
_REFERS_BACK = re.compile(
    r"\b(?:den(?:y|ies|ied|ial)|confirm\w*|reject\w*|dismiss\w*|refut\w*|disput\w*|accus\w*|alleg\w*|"
    r"claim\w*|report\w*|rumou?r\w*|neither|false|true|untrue)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# Words that say nothing about which proposition a sentence carries.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told according""".split()
)
# Words news uses for the same thing: a query word also finds its others. Data, not rules.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("troops", "soldiers", "forces", "servicemen"),
    ("deny", "denies", "denied", "reject", "rejects", "rejected"),
    ("confirm", "confirms", "confirmed", "acknowledge", "acknowledged"),
    ("accuse", "accused", "accuses", "allege", "alleged", "alleges"),
    ("send", "sent", "sending", "deploy", "deployed", "deploying", "dispatch", "dispatched"),
    ("inside", "in", "within"),
    ("killed", "dead", "died"),
    ("attack", "attacks", "strike", "strikes"),
)
_CANONICAL = "coalesce((SELECT canonical FROM aliases WHERE alias = {col} AND canonical IS NOT NULL), {col})"


# --- the sentence index -------------------------------------------------------------------


def sentence_spans(record: Analysis) -> list[tuple[int, int]]:
    """The record's sentences, cut where a paragraph ends (spaCy may glue a headline to the
    lede), as (start, end) offsets into the article text."""
    sentences = [(start, end) for start, end in record.get("sentences") or []]
    paragraphs = [(start, end) for start, end in record.get("paragraphs") or []]
    if not paragraphs:
        return sentences
    pieces = []
    for start, end in sentences:
        for p_start, p_end in paragraphs:
            if p_start >= end:
                break
            a, b = max(start, p_start), min(end, p_end)
            if a < b:
                pieces.append((a, b))
    return pieces


def _actors_within(start: int, end: int, mentions: list[tuple[int, int, str]]) -> str:
    names = dict.fromkeys(name for m_start, m_end, name in mentions if start <= m_start and m_end <= end)
    return "\n".join(names)


def index_sentences(db: Database, article_id: str, record: Analysis, text: str | None = None) -> int:
    """Replace an article's entries in the sentence index with the sentences of `record`; returns
    how many. Runs in the caller's transaction (`index_analysis` calls it)."""
    if text is None:
        row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return 0
        text = row[0]
    mentions = sorted(
        (m["start"], m["end"], entry["name"])
        for entry in [*(record.get("actors") or []), *(record.get("places") or [])]
        for m in entry.get("mentions") or []
    )
    rows = []
    for sid, (start, end) in enumerate(sentence_spans(record)):
        words = text[start:end].strip()
        if words:
            rows.append((article_id, sid, start, end, words, _actors_within(start, end, mentions)))
    db.execute("DELETE FROM sentences WHERE article_id = ?", [article_id])
    db.conn.executemany(
        "INSERT INTO sentences (article_id, sid, start, end, text, actors) VALUES (?, ?, ?, ?, ?, ?)", rows
    )
    return len(rows)


def unindexed_sentence_ids(db: Database, pipeline: str) -> list[str]:
    """Articles analysed by `pipeline` with sentences none of which are in the sentence index (a
    library made before the index, or an analysis stored before its article was added)."""
    return [
        row[0]
        for row in db.execute(
            """SELECT a.id FROM articles a
               JOIN analyses an INDEXED BY analyses_counts ON an.text_id = a.id AND an.pipeline = ?
               WHERE an.n_sentences > 0 AND NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)
               ORDER BY a.added_at, a.id""",
            [pipeline],
        )
    ]


# --- claims -------------------------------------------------------------------------------


def normal_claim_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ReaderError("a claim needs a name")
    return name


def check_stance(stance: str) -> str:
    """A stance by its name or first letter (a, r, d, q) or number (1-4)."""
    wanted = stance.strip().casefold()
    for number, name in enumerate(STANCES, 1):
        if wanted in (name, name[0], str(number), name.rstrip("s")):
            return name
    raise ReaderError(f"{stance!r}: not a stance (one of {', '.join(STANCES)})")


def get_claim(db: Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT id, name, created_at FROM claims WHERE name = ?", [" ".join(name.split())]))
    return rows[0] if rows else None


def existing_claim(db: Database, name: str) -> dict[str, Any]:
    """The claim `name` (any case); ReaderError if there is none."""
    claim = get_claim(db, name)
    if claim is None:
        raise ReaderError(f"no claim {' '.join(name.split())!r} (see `reader claims`)")
    return claim


def add_claim(db: Database, name: str) -> dict[str, Any]:
    """A new claim; ReaderError if one of that name (any case) exists."""
    name = normal_claim_name(name)
    with write(db) as conn:
        if conn.execute("SELECT 1 FROM claims WHERE name = ?", [name]).fetchone():
            raise ReaderError(f"claim {name!r} exists already")
        conn.execute("INSERT INTO claims (name, created_at) VALUES (?, ?)", [name, now()])
    return existing_claim(db, name)


def ensure_claim(db: Database, name: str) -> dict[str, Any]:
    """The claim `name`, made if new."""
    return get_claim(db, name) or add_claim(db, name)


_LIVE_LINKS = "FROM claim_links k JOIN tags t ON t.id = k.tag_id"


def list_claims(db: Database) -> list[dict[str, Any]]:
    """Every claim by name, with its links counted in all and by stance."""
    stance_counts = ", ".join(
        f"(SELECT count(*) {_LIVE_LINKS} WHERE k.claim_id = c.id AND k.stance = '{s}') AS {s}" for s in STANCES
    )
    return list(
        db.query(
            f"""SELECT c.id, c.name, c.created_at, (SELECT count(*) {_LIVE_LINKS} WHERE k.claim_id = c.id) AS links,
                   {stance_counts}
            FROM claims c ORDER BY c.name COLLATE NOCASE"""
        )
    )


def rename_claim(db: Database, old: str, new: str) -> dict[str, Any]:
    new = normal_claim_name(new)
    with write(db) as conn:
        claim = existing_claim(db, old)
        clash = conn.execute("SELECT id FROM claims WHERE name = ?", [new]).fetchone()
        if clash and clash[0] != claim["id"]:
            raise ReaderError(f"claim {new!r} exists already; merge {claim['name']!r} into it instead")
        conn.execute("UPDATE claims SET name = ? WHERE id = ?", [new, claim["id"]])
    return existing_claim(db, new)


def merge_claims(db: Database, source: str, into: str) -> int:
    """Move `source`'s links and rejections to `into` and remove `source`; returns the links moved."""
    with write(db) as conn:
        source_claim, into_claim = existing_claim(db, source), existing_claim(db, into)
        if source_claim["id"] == into_claim["id"]:
            raise ReaderError(f"cannot merge claim {source_claim['name']!r} into itself")
        moved = conn.execute(
            "UPDATE claim_links SET claim_id = ? WHERE claim_id = ?", [into_claim["id"], source_claim["id"]]
        ).rowcount
        conn.execute(
            """INSERT OR IGNORE INTO claim_rejections (claim_id, text, article_id, start, end, created_at)
               SELECT ?, text, article_id, start, end, created_at FROM claim_rejections WHERE claim_id = ?""",
            [into_claim["id"], source_claim["id"]],
        )
        conn.execute("DELETE FROM claims WHERE id = ?", [source_claim["id"]])
    return moved


def delete_claim(db: Database, name: str) -> dict[str, int]:
    """Remove a claim with its links and rejections. Tags made by accepting its suggestions exist
    only for it and go too; tags the user made and linked keep their label and note.
    Returns {"links", "tags"}: how many of each went."""
    with write(db) as conn:
        claim = existing_claim(db, name)
        links = conn.execute(f"SELECT count(*) {_LIVE_LINKS} WHERE k.claim_id = ?", [claim["id"]]).fetchone()[0]
        tags = conn.execute(
            "DELETE FROM tags WHERE id IN (SELECT tag_id FROM claim_links WHERE claim_id = ? AND origin = 'suggestion')",
            [claim["id"]],
        ).rowcount
        conn.execute("DELETE FROM claims WHERE id = ?", [claim["id"]])  # links and rejections cascade
    return {"links": links, "tags": tags}


def link_tag(db: Database, claim: str, tag_id: str, stance: str, *, origin: str = "tag") -> dict[str, Any]:
    """Link an existing tag to `claim` (made if new) with a stance; a tag carries one claim, so
    linking it again moves it."""
    stance = check_stance(stance)
    if get_tag(db, tag_id) is None:
        raise ReaderError(f"no tag {tag_id!r}")
    claim_row = ensure_claim(db, claim)
    with write(db) as conn:
        conn.execute(
            """INSERT INTO claim_links (tag_id, claim_id, stance, origin, created_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (tag_id) DO UPDATE SET claim_id = excluded.claim_id, stance = excluded.stance""",
            [tag_id, claim_row["id"], stance, origin, now()],
        )
    return link_of(db, tag_id) or {}


def link_of(db: Database, tag_id: str) -> dict[str, Any] | None:
    """The claim and stance a tag carries, if any."""
    rows = list(
        db.query(
            "SELECT k.tag_id, c.name AS claim, k.stance, k.origin FROM claim_links k JOIN claims c ON c.id = k.claim_id "
            "WHERE k.tag_id = ?",
            [tag_id],
        )
    )
    return rows[0] if rows else None


def set_stance(db: Database, tag_id: str, stance: str) -> None:
    stance = check_stance(stance)
    with write(db) as conn:
        if not conn.execute("UPDATE claim_links SET stance = ? WHERE tag_id = ?", [stance, tag_id]).rowcount:
            raise ReaderError(f"tag {tag_id!r} carries no claim")


def unlink_tag(db: Database, tag_id: str) -> None:
    with write(db) as conn:
        conn.execute("DELETE FROM claim_links WHERE tag_id = ?", [tag_id])


def _quote_speaker(db: Database, article_id: str, start: int, end: int) -> str | None:
    """The speaker of the statement overlapping `start..end` most, after the alias table."""
    row = db.execute(
        f"""SELECT {_CANONICAL.format(col="speaker")} FROM quotes
            WHERE article_id = ? AND start < ? AND end > ? AND kind = 'statement'
              AND speaker IS NOT NULL AND speaker != ''
            ORDER BY min(end, ?) - max(start, ?) DESC LIMIT 1""",
        [article_id, end, start, end, start],
    ).fetchone()
    return row[0] if row else None


def accept(
    db: Database,
    claim: str,
    article_id: str,
    start: int,
    end: int,
    stance: str,
    *,
    actors: Iterable[str] = (),
) -> dict[str, Any]:
    """Accept a suggestion: tag the words (label `claim`, the quote's speaker) and link the tag to
    `claim` (made if new) with `stance`. Returns the tag, with `claim` and `stance`."""
    stance = check_stance(stance)
    claim_row = ensure_claim(db, claim)
    taken = db.execute(
        """SELECT 1 FROM claim_links k JOIN tags t ON t.id = k.tag_id
           WHERE k.claim_id = ? AND t.article_id = ? AND t.start = ? AND t.end = ?""",
        [claim_row["id"], article_id, start, end],
    ).fetchone()
    if taken:
        raise ReaderError(f"these words carry claim {claim_row['name']!r} already")
    tag = add_tag(
        db, article_id, start, end, CLAIM_LABEL, speaker=_quote_speaker(db, article_id, start, end), actors=list(actors)
    )
    try:
        link_tag(db, claim_row["name"], tag["id"], stance, origin="suggestion")
    except BaseException:
        db.execute("DELETE FROM tags WHERE id = ?", [tag["id"]])
        raise
    return {**tag, "claim": claim_row["name"], "stance": stance}


def reject(db: Database, claim: str, article_id: str, start: int, end: int) -> None:
    """Remember that these words do not carry `claim`: they are not suggested for it again (in
    any article: a rejection keys on the words)."""
    claim_row = existing_claim(db, claim)
    row = db.execute(
        "SELECT substr(text, ?, ?) FROM articles WHERE id = ?", [start + 1, end - start, article_id]
    ).fetchone()
    if row is None:
        raise ReaderError(f"no article {article_id!r}")
    with write(db) as conn:
        conn.execute(
            """INSERT OR IGNORE INTO claim_rejections (claim_id, text, article_id, start, end, created_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            [claim_row["id"], " ".join(row[0].split()), article_id, start, end, now()],
        )


def rejections(db: Database, claim: str) -> list[dict[str, Any]]:
    claim_row = existing_claim(db, claim)
    return list(
        db.query(
            "SELECT article_id, start, end, text, created_at FROM claim_rejections WHERE claim_id = ? ORDER BY created_at",
            [claim_row["id"]],
        )
    )


def claim_sources(db: Database, claim: str) -> list[dict[str, Any]]:
    """A claim's links, one row per tag: stance, speaker (the tag's, else None), outlet, the
    article (id, title, date: published, else added, url, path), the words and where they are. `source` is who
    it comes from: the speaker, else the outlet, else the article's title."""
    claim_row = existing_claim(db, claim)
    rows = list(
        db.query(
            """SELECT t.id AS tag_id, k.stance, k.origin, t.speaker, a.source AS outlet, t.article_id,
                  a.title, coalesce(a.published, substr(a.added_at, 1, 10)) AS date, a.url, a.path, t.text, t.start, t.end,
                  t.orphaned, t.note, t.actors
           FROM claim_links k JOIN tags t ON t.id = k.tag_id JOIN articles a ON a.id = t.article_id
           WHERE k.claim_id = ? ORDER BY date, a.added_at, t.article_id, t.start""",
            [claim_row["id"]],
        )
    )
    for row in rows:
        row["claim"] = claim_row["name"]
        row["source"] = row["speaker"] or row["outlet"] or row["title"] or row["article_id"]
        row["orphaned"] = bool(row["orphaned"])
    return rows


def stance_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many of a claim's links (rows of `claim_sources`) take each stance."""
    counts = dict.fromkeys(STANCES, 0)
    for row in rows:
        counts[row["stance"]] += 1
    return counts


def sources_by_stance(rows: list[dict[str, Any]], stance: str) -> list[tuple[str, int]]:
    """Who takes `stance` and how often, most first: the bars of the claim's chart."""
    found: dict[str, int] = {}
    for row in rows:
        if row["stance"] == stance:
            found[row["source"]] = found.get(row["source"], 0) + 1
    return sorted(found.items(), key=lambda item: (-item[1], item[0].casefold()))
