"""Opening the library database: only our own files, read-only when the file is, WAL, foreign keys,
durable commits, forward migrations after a backup, and SQLite's failures said in one line."""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.store.migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x52445231  # "RDR1" in the file header: this SQLite file is a reader library
BUSY_TIMEOUT_ENV = "READER_BUSY_TIMEOUT"  # seconds a write waits for another program's lock
DEFAULT_BUSY_TIMEOUT = 30.0
BACKUPS_KEPT = 3
SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = {"articles", "tags", "labels"}


class LibraryError(ReaderError, sqlite3.OperationalError):
    """SQLite refused an action (read-only, full, locked): one line naming the library and the
    cause. Still an OperationalError, so code that handles SQLite's own errors keeps working."""


def busy_timeout() -> float:
    """How long a write waits for a lock held by another program, in seconds."""
    try:
        value = float(os.environ.get(BUSY_TIMEOUT_ENV, "") or DEFAULT_BUSY_TIMEOUT)
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT
    return value if value >= 0 else DEFAULT_BUSY_TIMEOUT


def _seconds(value: float) -> str:
    return f"{value:g}"


def library_error(exc: sqlite3.Error, path: str | Path) -> ReaderError:
    """The one translation of SQLite's errors into a line a user can act on."""
    message = str(exc)
    name = getattr(exc, "sqlite_errorname", "") or ""
    if isinstance(exc, ReaderError):
        return exc
    if name.startswith("SQLITE_READONLY") or "readonly database" in message:
        return LibraryError(f"this library is read-only ({path})")
    if name.startswith("SQLITE_FULL") or "disk is full" in message:
        return LibraryError(f"{path}: disk full, nothing was saved")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in message:
        return LibraryError(
            f"{path}: locked by another program for more than {_seconds(busy_timeout())} s; "
            "nothing was saved, try again"
        )
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in message:
        return LibraryError(f"{path}: disk full or file too large, nothing was saved ({message})")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in message:
        return LibraryError(f"{path}: cannot open the library file ({message})")
    return LibraryError(f"{path}: not a usable reader library ({message})")


# SQLite errors that are about the file or the disk rather than the statement: these become
# LibraryErrors wherever they happen; a statement's own error (an FTS syntax error) stays as it is.
_FILE_ERRORS = (
    "SQLITE_READONLY",
    "SQLITE_FULL",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_CORRUPT",
    "SQLITE_NOTADB",
)
_FILE_MESSAGES = ("readonly database", "disk is full", "is locked", "disk I/O error", "malformed", "not a database")


def _is_file_error(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_FILE_ERRORS) or any(m in str(exc) for m in _FILE_MESSAGES)


class LibraryConnection(sqlite3.Connection):
    """A connection that reports the library's file errors as LibraryErrors naming the file."""

    library_path: str = ""
    read_only: bool = False

    def _translated(self, exc: sqlite3.Error) -> BaseException:
        return library_error(exc, self.library_path) if _is_file_error(exc) else exc

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        try:
            return super().executemany(*args, **kwargs)
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc

    def executescript(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        try:
            return super().executescript(*args, **kwargs)
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc

    def commit(self) -> None:
        try:
            super().commit()
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc


@contextmanager
def atomic(db: Database) -> Iterator[sqlite3.Connection]:
    """One write transaction: everything inside is kept or nothing is. The outermost takes the
    write lock up front (BEGIN IMMEDIATE) so concurrent writers queue, not fail; one opened inside
    another is a SAVEPOINT, so an inner failure the caller catches undoes only the inner part (as
    sqlite-utils nests its own writes in SAVEPOINTs)."""
    conn = db.conn
    if conn.in_transaction:
        name = f"reader_{uuid.uuid4().hex}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # a COMMIT that failed (disk full) must not leave the transaction open
            conn.execute("ROLLBACK")
        raise


def is_read_only(db: Database) -> bool:
    """Whether the library was opened read-only (its file or its folder cannot be written)."""
    return bool(getattr(db.conn, "read_only", False))


def require_writable(db: Database) -> None:
    """Refuse a writing action on a read-only library before it starts."""
    if is_read_only(db):
        raise LibraryError(f"this library is read-only ({getattr(db.conn, 'library_path', '')})")


def _writable(path: Path) -> bool:
    # Root may write anything: a file or folder with no write bit is still one the user made read-only.
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def _connect(path: Path, *, read_only: bool = False, immutable: bool = False) -> LibraryConnection:
    timeout = busy_timeout()
    if read_only:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, factory=LibraryConnection)
    else:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, factory=LibraryConnection)
    conn.library_path = str(path)
    conn.read_only = read_only
    return conn


def _default_folder(folder: Path) -> bool:
    from reader.paths import data_dir

    try:
        return folder.resolve() == data_dir().resolve()
    except OSError:
        return False


def _notice(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr, flush=True)


def _inspect(path: Path) -> tuple[int, int, set[str]]:
    """(application_id, user_version, schema object names) of an existing SQLite file, read
    through a read-only connection: nothing in the file changes."""
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise ReaderError(f"{path}: not a reader library (not an SQLite database); left untouched")
    for immutable in (False, True):
        conn = None
        try:
            conn = _connect(path, read_only=True, immutable=immutable)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            return app_id, version, names
        except sqlite3.Error as exc:
            if immutable or not _is_cantopen(exc):
                raise library_error(exc, path) from exc
        finally:
            if conn is not None:
                conn.close()
    raise AssertionError("unreachable")


def _is_cantopen(exc: BaseException) -> bool:
    cause = exc.__cause__ if isinstance(exc, LibraryError) else exc
    name = getattr(cause, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_CANTOPEN") or "unable to open" in str(cause)


def _ensure_folder(path: Path, folder: Path) -> None:
    """The library's folder exists (only reader's own default folder is created) and is one."""
    if not folder.exists():
        if not _default_folder(folder):
            raise ReaderError(f"{path}: folder {folder} does not exist (a typo? reader creates no folder but its own)")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReaderError(f"{path}: cannot create the folder ({exc.strerror or exc})") from exc
    elif not folder.is_dir():
        raise ReaderError(f"{path}: {folder} is not a folder")


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the library at `path`, migrated to the current schema.

    Only a new or empty file or a reader library is opened; anything else is refused and left
    as it was. A file or folder that cannot be written is opened read-only. Each thread opens its
    own connection: sqlite3 connections are not shared across threads.
    """
    path = Path(path)
    folder = path.parent
    _ensure_folder(path, folder)
    if path.is_dir():
        raise ReaderError(f"{path}: is a folder, not a library file")
    try:
        size = path.stat().st_size if path.exists() else None
    except OSError as exc:
        raise ReaderError(f"{path}: cannot open the library ({exc.strerror or exc})") from exc
    if path.exists() and not path.is_file():
        raise ReaderError(f"{path}: not a regular file")
    legacy = False
    if size:
        app_id, version, names = _inspect(path)
        ours = app_id == APPLICATION_ID
        legacy = app_id == 0 and version > 0 and names >= OUR_TABLES
        blank = app_id == 0 and version == 0 and not names
        if not (ours or legacy or blank):
            raise ReaderError(f"{path}: not a reader library (another program's SQLite database); left untouched")
        if version > SCHEMA_VERSION:
            raise ReaderError(
                f"{path}: made by a newer reader (schema {version}, this one knows {SCHEMA_VERSION}); upgrade reader"
            )
    read_only = size is not None and not (_writable(path) and _writable(folder))
    if size is None and not _writable(folder):
        raise ReaderError(f"{path}: cannot create a library in the read-only folder {folder}")
    if size == 0 and not read_only:
        _notice(f"{path} is an empty file: it becomes a new reader library")
    try:
        if read_only:
            return _open_read_only(path, migrate=migrate)
        conn = _connect(path)
        db = Database(conn, execute_plugins=False)  # we use no sqlite-utils plugins; scanning for them is slow
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
        if legacy:
            db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        if migrate:
            migrate_db(db, path)
    except ReaderError:
        raise
    except sqlite3.Error as exc:
        raise library_error(exc, path) from exc
    except OSError as exc:
        raise ReaderError(f"{path}: cannot open the library ({exc.strerror or exc})") from exc
    return db


def _open_read_only(path: Path, *, migrate: bool) -> Database:
    try:
        conn = _connect(path, read_only=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        if not _is_cantopen(exc):
            raise
        # A read-only folder holds no -wal/-shm files and cannot get them: read the file as it is.
        conn = _connect(path, read_only=True, immutable=True)
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA query_only=ON")
    if migrate and schema_version(db) < SCHEMA_VERSION:
        db.close()
        raise LibraryError(
            f"this library is read-only ({path}) and was made by an older reader: "
            "make it writable once so it can be upgraded"
        )
    return db


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.bak-v{version}")


def backup_library(db: Database, path: Path, version: int) -> Path:
    """Copy the library (SQLite's backup API: a consistent copy) to `NAME.bak-vVERSION`, keeping
    the newest BACKUPS_KEPT such copies. The copy is written aside and renamed into place, so a
    killed backup leaves no half copy under that name."""
    target = backup_path(path, version)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(str(partial))
    try:
        db.conn.backup(copy)
    finally:
        copy.close()
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    backups = sorted(
        (int(p.name.rsplit("-v", 1)[1]), p)
        for p in path.parent.glob(f"{path.name}.bak-v*")
        if p.name.rsplit("-v", 1)[1].isdigit()
    )
    for _, old in backups[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def migrate_db(db: Database, path: Path | None = None) -> None:
    """Apply every migration newer than the file's `user_version`, each in its own transaction;
    an existing library is first copied to `NAME.bak-vN` (N its current schema)."""
    current = schema_version(db)
    if path is None:
        path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    if current > SCHEMA_VERSION:
        raise ReaderError(
            f"{path}: made by a newer reader (schema {current}, this one knows {SCHEMA_VERSION}); upgrade reader"
        )
    if 0 < current < SCHEMA_VERSION:
        target = backup_library(db, path, current)
        _notice(f"upgrading {path} from schema {current} to {SCHEMA_VERSION}; the old library is kept as {target}")
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
            if version == 1:
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
