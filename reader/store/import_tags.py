"""Reading tags back from our JSONL export: ids are kept, so importing twice adds nothing twice."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.store.anchor import locate
from reader.store.tags import CONTEXT, ensure_label_id, normal_label_name, ensure_labels, write

REQUIRED = ("id", "article_id", "label", "start", "end", "text", "created_at", "updated_at")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0  # the file held a newer edit of a tag we had
    unchanged: int = 0
    reanchored: int = 0  # the article's text differs from the exported one: placed by its words
    orphaned: int = 0
    errors: list[str] = field(default_factory=list)  # "FILE:LINE: cause", one per skipped line


def _record(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if not (isinstance(record["start"], int) and isinstance(record["end"], int)):
        raise ValueError("start and end must be integers")
    actors = record.get("actors") or []
    if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
        raise ValueError("actors must be a list of names")
    return record


def import_tags(db: Database, jsonl_path: str | Path) -> ImportResult:
    """Import a JSONL export. Bad lines and unknown articles are reported per line and skipped;
    the rest are imported in one transaction. A tag whose text no longer sits at its offsets is
    re-anchored by its words and context, or kept as orphaned."""
    path = Path(jsonl_path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ReaderError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ReaderError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ReaderError(f"{path}: cannot read ({exc.strerror or exc})") from None
    ensure_labels(db)
    result = ImportResult()
    texts: dict[str, str | None] = {}
    with write(db) as conn:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = _record(line)
                label = normal_label_name(str(record["label"]))
            except (ValueError, ReaderError) as exc:
                result.errors.append(f"{path}:{number}: {exc}")
                continue
            article_id = record["article_id"]
            if article_id not in texts:
                row = conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
                texts[article_id] = row[0] if row else None
            text = texts[article_id]
            if text is None:
                result.errors.append(f"{path}:{number}: unknown article {article_id!r} (add the article first)")
                continue
            existing = conn.execute("SELECT updated_at FROM tags WHERE id = ?", [record["id"]]).fetchone()
            if existing and existing[0] >= record["updated_at"]:
                result.unchanged += 1
                continue
            start, end, orphaned = record["start"], record["end"], bool(record.get("orphaned"))
            if text[start:end] != record["text"] and not orphaned:
                placement = locate(record, text)
                if placement is None:
                    orphaned = True
                    result.orphaned += 1
                else:
                    start, end = placement.start, placement.end
                    result.reanchored += 1
            if not orphaned:
                fields = (text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])
            else:
                fields = (record["text"], record.get("prefix", ""), record.get("suffix", ""))
            label_id = ensure_label_id(conn, label, record.get("color") or None)
            values = [
                record["id"], article_id, label_id, start, end, *fields, record.get("speaker"),
                json.dumps(record.get("actors") or [], ensure_ascii=False), record.get("note") or "",
                int(orphaned), record["created_at"], record["updated_at"],
            ]
            conn.execute(
                """INSERT OR REPLACE INTO tags (id, article_id, label_id, start, end, text, prefix, suffix,
                                                speaker, actors, note, orphaned, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                values,
            )
            if existing:
                result.updated += 1
            else:
                result.added += 1
    return result
