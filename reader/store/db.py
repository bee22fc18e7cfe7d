"""Opening the library database: WAL, foreign keys, durable commits, forward migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.store.migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the library at `path`, migrated to the current schema.

    Each thread opens its own connection: sqlite3 connections are not shared across threads.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db = Database(conn, execute_plugins=False)  # we use no sqlite-utils plugins; scanning for them is slow
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        if migrate:
            migrate_db(db)
    except sqlite3.DatabaseError as exc:
        raise ReaderError(f"{path}: not a usable reader library ({exc})") from exc
    except OSError as exc:
        raise ReaderError(f"{path}: cannot open the library ({exc.strerror or exc})") from exc
    return db


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate_db(db: Database) -> None:
    """Apply every migration newer than the file's `user_version`, each in its own transaction."""
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise ReaderError(
            f"{db.conn.execute('PRAGMA database_list').fetchone()[2]}: made by a newer reader "
            f"(schema {current}, this one knows {SCHEMA_VERSION}); upgrade reader"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        conn = db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] >= version:
                conn.execute("ROLLBACK")
                continue
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
