"""Reading tags back from our JSONL export: ids are kept, so importing twice adds nothing twice."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.store.anchor import locate
from reader.store.claims import check_stance, normal_claim_name
from reader.store.tags import CONTEXT, ensure_label_id, ensure_labels, normal_label_name, write

REQUIRED = ("id", "article_id", "label", "start", "end", "text", "created_at", "updated_at")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0  # the file held a newer edit of a tag we had
    unchanged: int = 0
    reanchored: int = 0  # the article's text differs from the exported one: placed by its words
    orphaned: int = 0
    errors: list[str] = field(default_factory=list)  # "FILE:LINE: cause", one per skipped line


TAG_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # uuid4, as we make them
ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
MAX_OFFSET = 2**31 - 1
MAX_TEXT = 1_000_000  # characters of a tag's text
MAX_NOTE = 100_000
MAX_NAME = 500  # a label, a speaker, an actor, a colour
MAX_CONTEXT = 10_000  # prefix and suffix
MAX_ACTORS = 1_000
MAX_TIMESTAMP = 64


def _string(record: dict[str, Any], key: str, limit: int, *, optional: bool = False) -> str | None:
    value = record.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, not {type(value).__name__}")
    if len(value) > limit:
        raise ValueError(f"{key} too long ({len(value)} characters, at most {limit})")
    return value


def _offset(record: dict[str, Any], key: str) -> int:
    value = record[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key} must be an integer offset, not {type(value).__name__}")
    if not 0 <= value <= MAX_OFFSET:
        raise ValueError(f"{key} out of range ({value})")
    return value


def _timestamp(record: dict[str, Any], key: str) -> str:
    value = _string(record, key, MAX_TIMESTAMP)
    assert value is not None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{key} is not an ISO 8601 time ({value!r})") from None
    return value


def _record(line: str) -> dict[str, Any]:
    """One line, checked field by field; a ValueError says what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("not JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    tag_id = _string(record, "id", 36)
    if not TAG_ID.fullmatch(tag_id or ""):
        raise ValueError(f"id is not a reader tag id ({tag_id!r})")
    article_id = _string(record, "article_id", 16)
    if not ARTICLE_ID.fullmatch(article_id or ""):
        raise ValueError(f"article_id is not a reader article id ({article_id!r})")
    _string(record, "label", MAX_NAME)
    _string(record, "color", MAX_NAME, optional=True)
    start, end = _offset(record, "start"), _offset(record, "end")
    if start >= end:
        raise ValueError(f"start must be before end ({start} >= {end})")
    _string(record, "text", MAX_TEXT)
    for key in ("prefix", "suffix"):
        _string(record, key, MAX_CONTEXT, optional=True)
    _string(record, "speaker", MAX_NAME, optional=True)
    _string(record, "note", MAX_NOTE, optional=True)
    actors = record.get("actors") or []
    if not isinstance(actors, list) or not all(isinstance(a, str) and len(a) <= MAX_NAME for a in actors):
        raise ValueError("actors must be a list of names")
    if len(actors) > MAX_ACTORS:
        raise ValueError(f"too many actors ({len(actors)}, at most {MAX_ACTORS})")
    orphaned = record.get("orphaned", False)
    if orphaned not in (None, True, False, 0, 1) or isinstance(orphaned, float):
        raise ValueError(f"orphaned must be true or false, not {orphaned!r}")
    _timestamp(record, "created_at")
    _timestamp(record, "updated_at")
    claim = _string(record, "claim", MAX_NAME, optional=True)
    if claim:
        normal_claim_name(claim)
        stance = _string(record, "stance", MAX_NAME, optional=True)
        record["stance"] = check_stance(stance or "")  # a ReaderError names the stances
    return record


def _store_link(conn: sqlite3.Connection, record: dict[str, Any], when: str) -> None:
    """The claim a tag carries, as its export gave it: the claim made if new, the link set
    (a tag exported without one keeps any link it has here)."""
    if not record.get("claim"):
        return
    name = normal_claim_name(record["claim"])
    conn.execute("INSERT INTO claims (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING", [name, when])
    (claim_id,) = conn.execute("SELECT id FROM claims WHERE name = ?", [name]).fetchone()
    conn.execute(
        """INSERT INTO claim_links (tag_id, claim_id, stance, origin, created_at) VALUES (?, ?, ?, 'import', ?)
           ON CONFLICT (tag_id) DO UPDATE SET claim_id = excluded.claim_id, stance = excluded.stance""",
        [record["id"], claim_id, record["stance"], when],
    )


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ReaderError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ReaderError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ReaderError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _store_tag(
    conn: sqlite3.Connection,
    record: dict[str, Any],
    label_id: int,
    start: int,
    end: int,
    fields: tuple[str, str, str],
    orphaned: bool,
) -> None:
    values = [
        record["id"],
        record["article_id"],
        label_id,
        start,
        end,
        *fields,
        record.get("speaker"),
        json.dumps(record.get("actors") or [], ensure_ascii=False),
        record.get("note") or "",
        int(orphaned),
        record["created_at"],
        record["updated_at"],
    ]
    conn.execute(
        """INSERT OR REPLACE INTO tags (id, article_id, label_id, start, end, text, prefix, suffix,
                                        speaker, actors, note, orphaned, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        values,
    )


def import_tags(db: Database, jsonl_path: str | Path) -> ImportResult:
    """Import a JSONL export. Bad lines and unknown articles are reported per line and skipped;
    the rest are imported in one transaction. A tag whose text no longer sits at its offsets is
    re-anchored by its words and context, or kept as orphaned."""
    path = Path(jsonl_path)
    lines = _read_lines(path)
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
                if placement is None and end > len(text):
                    result.errors.append(
                        f"{path}:{number}: offsets {start}-{end} outside the article "
                        f"({len(text)} characters) and its text is not there"
                    )
                    continue
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
            _store_tag(conn, record, label_id, start, end, fields, orphaned)
            _store_link(conn, record, record["updated_at"])
            if existing:
                result.updated += 1
            else:
                result.added += 1
    return result
