"""Claims' use cases as functions over one connection, which the library service composes: the
sentence index brought up to date, suggestions, accepting one with the analysis' actors, a
claim's view and its export as a table.

No spaCy at query time: suggestions are SQL over the sentence index plus simple tokenising.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from reader.nlp.model import pipeline_id
from reader.records import Analysis, attribution
from reader.store import Database
from reader.store import articles as articles_store
from reader.store import claims as store

EXPORT_COLUMNS = ["claim", "stance", "speaker", "outlet", "article", "date", "text", "url"]


def ensure_sentence_index(db: Database) -> int:
    """Index the sentences of every analysed article not in the sentence index yet (a library
    from before claims); returns how many articles were indexed."""
    pending = store.unindexed_sentence_ids(db, pipeline_id())
    for article_id in pending:
        record = articles_store.get_analysis(db, article_id, pipeline_id())
        if record is not None:
            with store.write(db):
                store.index_sentences(db, article_id, record)
    return len(pending)


def suggest(db: Database, text: str | None = None, claim: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Ranked suggestions for `text`, or for `claim`'s name when no text is given."""
    if not (text or "").strip() and claim:
        found = store.get_claim(db, claim)
        text = found["name"] if found else claim
    return store.suggest(db, text or "", claim, limit)


def accept(db: Database, claim: str, suggestion: dict[str, Any], stance: str) -> dict[str, Any]:
    """Accept a suggestion (a row of `suggest`) for `claim` with `stance`: a tag, linked."""
    return store.accept(
        db,
        claim,
        suggestion["article_id"],
        suggestion["start"],
        suggestion["end"],
        stance,
        actors=suggestion.get("actors") or (),
    )


def claim_from_span(
    db: Database,
    name: str,
    article_id: str,
    start: int,
    end: int,
    stance: str = "asserts",
    *,
    tag_id: str | None = None,
    record: Analysis | None = None,
) -> dict[str, Any]:
    """Make (or reuse) the claim `name` from words in the reader: link the tag under the cursor
    when there is one, else tag the words and link them. Returns the linked tag."""
    store.ensure_claim(db, name)
    if tag_id is not None:
        store.link_tag(db, name, tag_id, stance)
        tag = store.get_tag(db, tag_id) or {}
        return {**tag, "claim": store.ensure_claim(db, name)["name"], "stance": store.check_stance(stance)}
    actors: list[str] = []
    if record is not None:
        _, actors = attribution(record, start, end)
    return store.accept(db, name, article_id, start, end, stance, actors=actors)


def claim_view(db: Database, claim: str) -> dict[str, Any]:
    """What the claim's view shows: its rows (one per source), counts by stance, and who
    asserts and who denies (bars for the chart)."""
    rows = store.claim_sources(db, claim)
    return {
        "claim": store.existing_claim(db, claim)["name"],
        "rows": rows,
        "counts": store.stance_counts(rows),
        "asserts": store.sources_by_stance(rows, "asserts"),
        "denies": store.sources_by_stance(rows, "denies"),
    }


def export_claim(db: Database, claim: str, out: TextIO, *, neutralise: bool = True) -> int:
    """A claim's sources as CSV (header, then one row per link); returns the rows written. Cells
    starting like a formula get a leading ' unless `neutralise` is off (as the tags export)."""
    from reader.store.export import FORMULA_STARTS

    def safe(value: Any) -> str:
        value = "" if value is None else str(value)
        return "'" + value if neutralise and value.startswith(FORMULA_STARTS) else value

    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    rows = store.claim_sources(db, claim)
    for row in rows:
        writer.writerow(
            [
                safe(v)
                for v in (
                    row["claim"],
                    row["stance"],
                    row["speaker"],
                    row["outlet"],
                    row["title"] or row["article_id"],
                    row["date"],
                    row["text"],
                    row["url"],
                )
            ]
        )
    return len(rows)
