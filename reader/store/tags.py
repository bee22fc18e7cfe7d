"""Tags on spans of an article's normalised text, and the label vocabulary they are drawn from.

Every write is one transaction committed before the function returns (WAL, synchronous=FULL).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.records import attribution as attribution  # re-exported: callers import it from here
from reader.store.articles import article_prefix, get_article, now
from reader.store.colours import check_color
from reader.store.db import LibraryError, atomic, is_read_only

CONTEXT = 32  # characters of prefix and suffix kept to re-anchor a tag when its text changes

DEFAULT_LABELS: list[tuple[str, str]] = [
    ("claim", "#3584e4"),
    ("denial", "#e66100"),
    ("accusation", "#e01b24"),
    ("commitment", "#2ec27e"),
    ("threat", "#c061cb"),
    ("evidence", "#1c9fa8"),
    ("question", "#e5a50a"),
    ("opinion", "#9a9996"),
]
# Colours handed to new labels created without one, in turn.
PALETTE = [color for _, color in DEFAULT_LABELS] + ["#865e3c", "#62a0ea", "#f66151", "#8ff0a4"]

TAG_COLUMNS = (
    "t.id, t.article_id, l.name AS label, l.color AS color, t.start, t.end, t.text, t.prefix, "
    "t.suffix, t.speaker, t.actors, t.note, t.orphaned, t.created_at, t.updated_at"
)
TAG_FROM = "FROM tags t JOIN labels l ON l.id = t.label_id"
SEEDED_KEY = "labels_seeded"


write = atomic  # the name the store's modules have long used for it


# --- labels ---------------------------------------------------------------------------------


def ensure_labels(db: Database) -> None:
    """Seed the default vocabulary once per library (a user who deletes them is not re-seeded)."""
    if db.execute("SELECT 1 FROM settings WHERE key = ?", [SEEDED_KEY]).fetchone():
        return
    with write(db) as conn:
        if conn.execute("SELECT 1 FROM settings WHERE key = ?", [SEEDED_KEY]).fetchone():
            return
        stamp = now()
        conn.executemany(
            "INSERT OR IGNORE INTO labels (name, color, created_at, position) "
            "VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM labels))",
            [(name, color, stamp) for name, color in DEFAULT_LABELS],
        )
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [SEEDED_KEY, stamp])


def list_labels(db: Database) -> list[dict[str, Any]]:
    """The vocabulary in its own order (creation order until `move_label` changes it), each with
    `count`: how many tags carry it."""
    if not is_read_only(db):
        # Locked or full: list what is there; the next write seeds them.
        with contextlib.suppress(LibraryError):
            ensure_labels(db)
    return list(
        db.query(
            """SELECT l.id, l.name, l.color, l.created_at, l.position,
                      (SELECT count(*) FROM tags t WHERE t.label_id = l.id) AS count
               FROM labels l ORDER BY l.position, l.id"""
        )
    )


def move_label(db: Database, name: str, step: int) -> int:
    """Move a label `step` places up (negative) or down the vocabulary's order; returns its new
    index (0 first). At either end it stays where it is."""
    ensure_labels(db)
    with write(db) as conn:
        label_id, _ = _existing_label(conn, name)
        order = [row[0] for row in conn.execute("SELECT id FROM labels ORDER BY position, id")]
        index = order.index(label_id)
        new_index = max(0, min(len(order) - 1, index + step))
        order.insert(new_index, order.pop(index))
        conn.executemany("UPDATE labels SET position = ? WHERE id = ?", [(i + 1, lid) for i, lid in enumerate(order)])
    return new_index


def get_label(db: Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT id, name, color, created_at FROM labels WHERE name = ?", [name.strip()]))
    return rows[0] if rows else None


def _written(found: dict[str, Any] | None, what: str) -> dict[str, Any]:
    """A label or tag read back once written: missing only if another process removed it at once."""
    if found is None:
        raise ReaderError(f"{what} was removed by another process as it was saved")
    return found


def normal_label_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ReaderError("a label needs a name")
    return name


def ensure_label_id(conn: sqlite3.Connection, name: str, color: str | None = None) -> int:
    """The id of label `name` (any case), created with `color` (or the next palette colour) if new."""
    row = conn.execute("SELECT id FROM labels WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    if color is None:
        used = conn.execute("SELECT count(*) FROM labels").fetchone()[0]
        color = PALETTE[used % len(PALETTE)]
    cursor = conn.execute(
        "INSERT INTO labels (name, color, created_at, position) "
        "VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM labels))",
        [name, color, now()],
    )
    assert cursor.lastrowid is not None  # set by every INSERT that succeeds
    return cursor.lastrowid


def add_label(db: Database, name: str, color: str | None = None) -> dict[str, Any]:
    """Add a label to the vocabulary; ReaderError if it exists already."""
    ensure_labels(db)
    name = normal_label_name(name)
    color = check_color(color) if color else None
    with write(db) as conn:
        if conn.execute("SELECT 1 FROM labels WHERE name = ?", [name]).fetchone():
            raise ReaderError(f"label {name!r} exists already")
        ensure_label_id(conn, name, color)
    return _written(get_label(db, name), f"label {name!r}")


def _existing_label(conn: sqlite3.Connection, name: str) -> tuple[int, str]:
    row = conn.execute("SELECT id, name FROM labels WHERE name = ?", [name.strip()]).fetchone()
    if not row:
        raise ReaderError(f"no label {name.strip()!r}")
    return row[0], row[1]


def rename_label(db: Database, old: str, new: str) -> dict[str, Any]:
    """Rename a label (its tags follow, they refer to it by id). Use merge to join two labels."""
    ensure_labels(db)
    new = normal_label_name(new)
    with write(db) as conn:
        label_id, _ = _existing_label(conn, old)
        clash = conn.execute("SELECT id FROM labels WHERE name = ?", [new]).fetchone()
        if clash and clash[0] != label_id:
            raise ReaderError(f"label {new!r} exists already; merge {old!r} into it instead")
        conn.execute("UPDATE labels SET name = ? WHERE id = ?", [new, label_id])
    return _written(get_label(db, new), f"label {new!r}")


def recolor_label(db: Database, name: str, color: str) -> dict[str, Any]:
    ensure_labels(db)
    color = check_color(color)
    with write(db) as conn:
        label_id, _ = _existing_label(conn, name)
        conn.execute("UPDATE labels SET color = ? WHERE id = ?", [color, label_id])
    return _written(get_label(db, name), f"label {name!r}")


def merge_labels(db: Database, source: str, into: str) -> int:
    """Move every tag labelled `source` to `into` and remove `source`; returns the tags moved."""
    ensure_labels(db)
    with write(db) as conn:
        source_id, source_name = _existing_label(conn, source)
        into_id, _ = _existing_label(conn, into)
        if source_id == into_id:
            raise ReaderError(f"cannot merge label {source_name!r} into itself")
        moved = conn.execute(
            "UPDATE tags SET label_id = ?, updated_at = ? WHERE label_id = ?", [into_id, now(), source_id]
        ).rowcount
        conn.execute("DELETE FROM labels WHERE id = ?", [source_id])
    return moved


def label_tag_count(db: Database, name: str) -> int:
    """How many tags carry label `name`; ReaderError if there is no such label."""
    ensure_labels(db)
    label_id, _ = _existing_label(db.conn, name)
    return db.execute("SELECT count(*) FROM tags WHERE label_id = ?", [label_id]).fetchone()[0]


def delete_label(db: Database, name: str, *, with_tags: bool = False) -> int:
    """Remove a label from the vocabulary; returns how many tags went with it. A label that
    still has tags is refused (ReaderError) unless `with_tags`: `merge_labels` keeps them."""
    ensure_labels(db)
    with write(db) as conn:
        label_id, label_name = _existing_label(conn, name)
        count = conn.execute("SELECT count(*) FROM tags WHERE label_id = ?", [label_id]).fetchone()[0]
        if count and not with_tags:
            raise ReaderError(f"label {label_name!r} has {count} tag{'s' * (count != 1)}")
        conn.execute("DELETE FROM tags WHERE label_id = ?", [label_id])
        conn.execute("DELETE FROM labels WHERE id = ?", [label_id])
    return count


# --- tags -----------------------------------------------------------------------------------


def row_to_tag(row: dict[str, Any]) -> dict[str, Any]:
    row["actors"] = json.loads(row["actors"]) if isinstance(row["actors"], str) else row["actors"]
    row["orphaned"] = bool(row["orphaned"])
    return row


def get_tag(db: Database, tag_id: str) -> dict[str, Any] | None:
    rows = list(db.query(f"SELECT {TAG_COLUMNS} {TAG_FROM} WHERE t.id = ?", [tag_id]))
    return row_to_tag(rows[0]) if rows else None


def _span(conn: sqlite3.Connection, article_id: str, start: int, end: int) -> tuple[str, str, str]:
    """The (prefix, text, suffix) of a span, read in SQL so a long article is not copied whole."""
    lo = max(0, start - CONTEXT)
    row = conn.execute(
        "SELECT length(text), substr(text, ?, ?) FROM articles WHERE id = ?",
        [lo + 1, end + CONTEXT - lo, article_id],
    ).fetchone()
    if row is None:
        raise ReaderError(f"no article {article_id!r}")
    length, window = row
    if not (0 <= start < end <= length):
        raise ReaderError(f"span {start}-{end} is outside article {article_id[:12]} (0-{length})")
    return window[: start - lo], window[start - lo : end - lo], window[end - lo :]


def add_tag(
    db: Database,
    article_id: str,
    start: int,
    end: int,
    label: str,
    note: str = "",
    speaker: str | None = None,
    actors: list[str] | None = None,
) -> dict[str, Any]:
    """Tag `text[start:end]` of an article with `label` (created if new); committed on return."""
    ensure_labels(db)
    label = normal_label_name(label)
    stamp = now()
    tag_id = str(uuid.uuid4())
    with write(db) as conn:
        prefix, text, suffix = _span(conn, article_id, start, end)
        label_id = ensure_label_id(conn, label)
        conn.execute(
            """INSERT INTO tags (id, article_id, label_id, start, end, text, prefix, suffix, speaker,
                                 actors, note, orphaned, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""",
            [
                tag_id,
                article_id,
                label_id,
                start,
                end,
                text,
                prefix,
                suffix,
                speaker,
                json.dumps(list(actors or []), ensure_ascii=False),
                note,
                stamp,
                stamp,
            ],
        )
    return _written(get_tag(db, tag_id), "the tag")


_UNSET: Any = object()


def _stamp_after(previous: str) -> str:
    """Now, or just after `previous` if the clock has not moved on: an edit must sort as newer
    (import keeps whichever copy of a tag was updated last)."""
    stamp = now()
    if stamp > previous:
        return stamp
    return (datetime.fromisoformat(previous) + timedelta(milliseconds=1)).isoformat(timespec="milliseconds")


def update_tag(
    db: Database,
    tag_id: str,
    *,
    label: str | None = None,
    note: str | None = None,
    start: int | None = None,
    end: int | None = None,
    speaker: str | None = _UNSET,
    actors: list[str] | None = None,
) -> dict[str, Any]:
    """Change a tag's label, note, span, speaker or actors; returns the row as it was (for undo)."""
    ensure_labels(db)
    with write(db) as conn:
        previous = get_tag(db, tag_id)
        if previous is None:
            raise ReaderError(f"no tag {tag_id!r}")
        fields: dict[str, Any] = {}
        if label is not None:
            fields["label_id"] = ensure_label_id(conn, normal_label_name(label))
        if note is not None:
            fields["note"] = note
        if start is not None or end is not None:
            new_start = previous["start"] if start is None else start
            new_end = previous["end"] if end is None else end
            prefix, text, suffix = _span(conn, previous["article_id"], new_start, new_end)
            fields.update(start=new_start, end=new_end, text=text, prefix=prefix, suffix=suffix, orphaned=0)
        if speaker is not _UNSET:
            fields["speaker"] = speaker
        if actors is not None:
            fields["actors"] = json.dumps(list(actors), ensure_ascii=False)
        if fields:
            fields["updated_at"] = _stamp_after(previous["updated_at"])
            assignments = ", ".join(f"{column} = ?" for column in fields)
            conn.execute(f"UPDATE tags SET {assignments} WHERE id = ?", [*fields.values(), tag_id])
    return previous


def delete_tag(db: Database, tag_id: str) -> dict[str, Any]:
    """Delete a tag; returns the full row so `restore_tag` can undo it."""
    with write(db) as conn:
        row = get_tag(db, tag_id)
        if row is None:
            raise ReaderError(f"no tag {tag_id!r}")
        conn.execute("DELETE FROM tags WHERE id = ?", [tag_id])
    return row


def restore_tag(db: Database, row: dict[str, Any]) -> dict[str, Any]:
    """Put a tag back exactly as `row` (from delete_tag or update_tag): the undo of either."""
    with write(db) as conn:
        label_id = ensure_label_id(conn, normal_label_name(row["label"]), row.get("color") or None)
        conn.execute(
            """INSERT OR REPLACE INTO tags (id, article_id, label_id, start, end, text, prefix, suffix,
                                            speaker, actors, note, orphaned, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                row["id"],
                row["article_id"],
                label_id,
                row["start"],
                row["end"],
                row["text"],
                row.get("prefix", ""),
                row.get("suffix", ""),
                row.get("speaker"),
                json.dumps(list(row.get("actors") or []), ensure_ascii=False),
                row.get("note", ""),
                int(bool(row.get("orphaned"))),
                row["created_at"],
                row["updated_at"],
            ],
        )
    return _written(get_tag(db, row["id"]), "the tag")


def same_tag(db: Database, article_id: str, start: int, end: int, label: str) -> dict[str, Any] | None:
    """The tag already on exactly these words with this label (any case), if there is one."""
    rows = list(
        db.query(
            f"SELECT {TAG_COLUMNS} {TAG_FROM} WHERE t.article_id = ? AND t.start = ? AND t.end = ? "
            "AND l.name = ? COLLATE NOCASE AND t.orphaned = 0 ORDER BY t.created_at LIMIT 1",
            [article_id, start, end, " ".join(label.split())],
        )
    )
    return row_to_tag(rows[0]) if rows else None


def tags_for(db: Database, article_id: str) -> list[dict[str, Any]]:
    """An article's tags in text order (orphaned ones last: their offsets no longer mean anything)."""
    return [
        row_to_tag(row)
        for row in db.query(
            f"SELECT {TAG_COLUMNS} {TAG_FROM} WHERE t.article_id = ? ORDER BY t.orphaned, t.start, t.end, t.created_at",
            [article_id],
        )
    ]


def tag_filter(
    label: str | None = None,
    article: str | None = None,
    speaker: str | None = None,
    orphaned: bool | None = None,
) -> tuple[str, list[Any]]:
    """A WHERE clause over `t` (tags), `l` (labels): label and speaker ignore case, article
    matches an id or an id prefix."""
    clauses: list[str] = []
    params: list[Any] = []
    if label:
        clauses.append("l.name = ? COLLATE NOCASE")
        params.append(label.strip())
    if article:
        clauses.append("t.article_id GLOB ?")
        params.append(article_prefix(article) + "*")
    if speaker:
        clauses.append("t.speaker = ? COLLATE NOCASE")
        params.append(speaker.strip())
    if orphaned is not None:
        clauses.append("t.orphaned = ?")
        params.append(int(orphaned))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def all_tags(
    db: Database,
    label: str | None = None,
    article: str | None = None,
    speaker: str | None = None,
    orphaned: bool | None = None,
) -> list[dict[str, Any]]:
    """Tags across the library, filtered, with their article's title and source. `article` is
    an id or a unique id prefix: a prefix shared by several articles is a ReaderError naming them."""
    if article:
        found = get_article(db, article)
        article = found["id"] if found else article
    where, params = tag_filter(label, article, speaker, orphaned)
    return [
        row_to_tag(row)
        for row in db.query(
            f"""SELECT {TAG_COLUMNS}, a.title AS article_title, a.source AS source
                {TAG_FROM} JOIN articles a ON a.id = t.article_id {where}
                ORDER BY a.added_at, t.article_id, t.start, t.end, t.created_at""",
            params,
        )
    ]


def orphaned_tags(db: Database, article: str | None = None) -> list[dict[str, Any]]:
    """Tags whose text could not be found after their article changed, kept with their old text."""
    return all_tags(db, article=article, orphaned=True)


class UndoStack:
    """What the reader did to tags this session, newest last; `undo` reverses the newest step
    and `redo` does again what was undone, until a new change starts another history.

    Each step keeps a whole row (the tag added, the row deleted, the row before an edit), so
    undo and redo restore it exactly, ids included.
    """

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self._steps: list[tuple[str, dict[str, Any]]] = []
        self._undone: list[tuple[str, dict[str, Any]]] = []

    def __len__(self) -> int:
        return len(self._steps)

    def _push(self, kind: str, row: dict[str, Any]) -> None:
        self._undone.clear()
        self._steps.append((kind, row))
        del self._steps[: -self.limit]

    def added(self, tag: dict[str, Any]) -> None:
        self._push("added", tag)

    def deleted(self, row: dict[str, Any]) -> None:
        self._push("deleted", row)

    def edited(self, previous: dict[str, Any]) -> None:
        self._push("edited", previous)

    def undo(self, db: Database) -> str | None:
        """Reverse the newest step; returns what was undone ("added", "deleted", "edited"), or
        None when there is nothing left. A tag removed meanwhile by another app is skipped."""
        while self._steps:
            kind, row = self._steps.pop()
            current = get_tag(db, row["id"])
            if kind == "added":
                if current is None:
                    continue
                delete_tag(db, row["id"])
                row = current
            elif kind == "edited":
                if current is None:
                    continue
                restore_tag(db, row)
                row = current  # the edited row: what redo puts back
            else:
                restore_tag(db, row)
            self._undone.append((kind, row))
            return kind
        return None

    def redo(self, db: Database) -> str | None:
        """Do again the step undone last; returns its kind, or None when nothing was undone
        (or a change made since has started a new history)."""
        while self._undone:
            kind, row = self._undone.pop()
            current = get_tag(db, row["id"])
            if kind == "added":
                restore_tag(db, row)
            elif current is None:
                continue  # deleted meanwhile by another app: nothing to delete or edit again
            elif kind == "deleted":
                delete_tag(db, row["id"])
            else:
                restore_tag(db, row)
                row = current
            self._steps.append((kind, row))
            return kind
        return None


def tag_count(db: Database, article_id: str) -> int:
    """How many tags an article has (orphaned ones included)."""
    return db.execute("SELECT count(*) FROM tags WHERE article_id = ?", [article_id]).fetchone()[0]
