"""Exporting tags as CSV, JSONL (re-importable) or W3C Web Annotation JSON-LD, streamed row by row.

CSV cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'` so a
spreadsheet shows them as text instead of running them as formulas (OWASP "CSV injection");
pass `neutralise=False` (`--no-neutralise`) for the raw values. Rows come in article id then
text order, the same in any library holding the same articles.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator, TextIO

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.store.tags import tag_filter

FORMATS = ("csv", "jsonl", "w3c")
CSV_COLUMNS = [
    "tag_id", "article_id", "article_title", "source", "label", "text", "speaker", "actors",
    "start", "end", "note", "created_at", "updated_at", "claim", "stance",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ROWS_PER_FETCH = 2000


# The claim a tag carries and its stance (reader.store.claims), if any.
CLAIM_JOIN = "LEFT JOIN claim_links k ON k.tag_id = t.id LEFT JOIN claims c ON c.id = k.claim_id"
FORMULA_CODES = ", ".join(str(ord(c)) for c in FORMULA_STARTS)


def _neutralised(column: str, test: str | None = None) -> str:
    """SQL for a text column with a `'` put before a leading formula character (done in SQLite:
    it keeps the export as fast as writing the rows plainly). `test` is an expression whose first
    character is the column's, cheaper to compute than the column itself."""
    return f"CASE WHEN unicode({test or column}) IN ({FORMULA_CODES}) THEN '''' || {column} ELSE {column} END"


# Actors, stored as a JSON list, as "A; B" for a spreadsheet. Lists our writer made (no escapes,
# ", " between names) are joined by string replacement; anything else goes through json_each.
ACTORS = """CASE
    WHEN t.actors = '[]' THEN NULL
    WHEN instr(t.actors, '\\') = 0
         AND length(t.actors) - length(replace(t.actors, '"', ''))
             = 2 + 2 * (length(t.actors) - length(replace(t.actors, '", "', ''))) / 4
    THEN replace(substr(t.actors, 3, length(t.actors) - 4), '", "', '; ')
    ELSE (SELECT group_concat(value, '; ') FROM json_each(t.actors)) END"""


def _csv_query(neutralise: bool, where: str) -> str:
    def cell(column: str, test: str | None = None) -> str:
        return _neutralised(column, test) if neutralise else column

    # NULL speaker and actors are written as empty cells by the csv module.
    return f"""
        SELECT t.id, t.article_id, {cell('a.title')}, {cell('a.source')}, {cell('l.name')},
               {cell('t.text')}, {cell('t.speaker')}, {cell(f"({ACTORS})", "json_extract(t.actors, '$[0]')")},
               t.start, t.end, {cell('t.note')}, t.created_at, t.updated_at, {cell('c.name')}, k.stance
        FROM tags t JOIN labels l ON l.id = t.label_id JOIN articles a ON a.id = t.article_id
        {CLAIM_JOIN}
        {where}
        ORDER BY t.article_id, t.start, t.end, t.created_at, t.id"""


def _rows(db: Database, sql: str, params: list[Any]) -> Iterator[tuple]:
    cursor = db.conn.execute(sql, params)
    while batch := cursor.fetchmany(ROWS_PER_FETCH):
        yield from batch


def export_csv(
    db: Database, out: TextIO, *, label: str | None = None, article: str | None = None,
    speaker: str | None = None, neutralise: bool = True,
) -> int:
    """Write matching tags as CSV with a header to `out` (open it with newline=""); returns the count."""
    where, params = tag_filter(label, article, speaker)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    cursor = db.conn.execute(_csv_query(neutralise, where), params)
    while batch := cursor.fetchmany(ROWS_PER_FETCH):
        writer.writerows(batch)
        count += len(batch)
    return count


JSON_QUERY = """
    SELECT t.id, t.article_id, a.title, a.source, a.url, l.name, l.color, t.start, t.end, t.text,
           t.prefix, t.suffix, t.speaker, t.actors, t.note, t.orphaned, t.created_at, t.updated_at,
           c.name, k.stance
    FROM tags t JOIN labels l ON l.id = t.label_id JOIN articles a ON a.id = t.article_id
    LEFT JOIN claim_links k ON k.tag_id = t.id LEFT JOIN claims c ON c.id = k.claim_id
    {where}
    ORDER BY t.article_id, t.start, t.end, t.created_at, t.id"""
JSON_KEYS = [
    "id", "article_id", "article_title", "source", "url", "label", "color", "start", "end", "text",
    "prefix", "suffix", "speaker", "actors", "note", "orphaned", "created_at", "updated_at", "claim", "stance",
]


def _records(db: Database, label, article, speaker) -> Iterator[dict[str, Any]]:
    where, params = tag_filter(label, article, speaker)
    for row in _rows(db, JSON_QUERY.format(where=where), params):
        record = dict(zip(JSON_KEYS, row))
        record["actors"] = json.loads(record["actors"])
        record["orphaned"] = bool(record["orphaned"])
        yield record


def export_jsonl(
    db: Database, out: TextIO, *, label: str | None = None, article: str | None = None,
    speaker: str | None = None,
) -> int:
    """One JSON object per tag per line, every field (context included) so `import_tags` can read it back."""
    count = 0
    for record in _records(db, label, article, speaker):
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def annotation(record: dict[str, Any]) -> dict[str, Any]:
    """One tag as a W3C Web Annotation: label and note as bodies, quote and position as selectors."""
    body = [{"type": "TextualBody", "purpose": "tagging", "value": record["label"]}]
    if record["note"]:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": record["note"]})
    if record["speaker"]:
        body.append({"type": "TextualBody", "purpose": "identifying", "value": record["speaker"]})
    if record.get("claim"):
        body.append({"type": "TextualBody", "purpose": "classifying", "value": record["claim"],
                     "reader:stance": record["stance"]})
    target: dict[str, Any] = {
        "source": f"urn:reader:article:{record['article_id']}",
        "selector": [
            {"type": "TextQuoteSelector", "exact": record["text"], "prefix": record["prefix"],
             "suffix": record["suffix"]},
            {"type": "TextPositionSelector", "start": record["start"], "end": record["end"]},
        ],
    }
    if record["url"]:
        target["scope"] = record["url"]
    return {
        "@context": W3C_CONTEXT,
        "id": f"urn:uuid:{record['id']}",
        "type": "Annotation",
        "motivation": "tagging",
        "created": record["created_at"],
        "modified": record["updated_at"],
        "body": body,
        "target": target,
    }


def export_w3c(
    db: Database, out: TextIO, *, label: str | None = None, article: str | None = None,
    speaker: str | None = None,
) -> int:
    """An AnnotationCollection whose first page holds every matching tag, written as it is read."""
    count = 0
    out.write(
        '{"@context": "%s", "type": "AnnotationCollection", "label": "reader tags",\n'
        ' "first": {"type": "AnnotationPage", "startIndex": 0, "items": [' % W3C_CONTEXT
    )
    for record in _records(db, label, article, speaker):
        item = annotation(record)
        del item["@context"]  # given once, on the collection
        out.write(("\n  " if count == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write('\n ]},\n "total": %d}\n' % count)
    return count


def export_tags(
    db: Database, out: TextIO, fmt: str = "csv", *, label: str | None = None,
    article: str | None = None, speaker: str | None = None, neutralise: bool = True,
) -> int:
    """Export in `fmt` (csv, jsonl, w3c) to `out`; returns how many tags were written."""
    if fmt == "csv":
        return export_csv(db, out, label=label, article=article, speaker=speaker, neutralise=neutralise)
    if fmt == "jsonl":
        return export_jsonl(db, out, label=label, article=article, speaker=speaker)
    if fmt == "w3c":
        return export_w3c(db, out, label=label, article=article, speaker=speaker)
    raise ValueError(f"unknown export format {fmt!r}")


def export_to_path(db: Database, path: str | os.PathLike[str], fmt: str = "csv", **options: Any) -> int:
    """Export to a file, written beside its final name and renamed into place, so a failed
    export never leaves half a file; returns how many tags were written."""
    path = Path(path).expanduser()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise ReaderError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            count = export_tags(db, out, fmt, **options)
        os.replace(temporary, path)
    except OSError as exc:
        raise ReaderError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count
