"""Libraries that are not ours, not whole, not writable, locked or on a full disk: the real CLI in
a subprocess says so in one line, exits 1, and leaves files that are not ours byte for byte."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.service.ingest import SEEDED_KEY
from reader.store.articles import add_article, article_count, set_setting
from reader.store.db import APPLICATION_ID, SCHEMA_VERSION, open_db
from reader.store.migrations import MIGRATIONS
from reader.store.tags import add_tag, list_labels

ROOT = Path(__file__).resolve().parent.parent
TEXT = "The minister said the talks would resume on Monday. Officials denied it."


def reader(*args: str, env: dict[str, str] | None = None, preexec=None, cwd: Path | None = None):
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    environment.pop("READER_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=environment,
        preexec_fn=preexec,
        cwd=cwd,
        timeout=120,
    )


def one_line_error(result) -> str:
    """The failure a user sees: exit 1, a single stderr line, no traceback."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def make_library(path: Path) -> str:
    db = open_db(path)
    set_setting(db, SEEDED_KEY, "no built-in articles here")
    article_id, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Talks", source="Wire")
    db.close()
    return article_id


@pytest.fixture
def library(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "library.db"
    return path, make_library(path)


def test_random_bytes_are_refused_untouched(tmp_path):
    path = tmp_path / "noise.db"
    path.write_bytes(os.urandom(8192))
    before = digest(path)
    line = one_line_error(reader("--db", str(path), "list"))
    assert line == f"reader: {path}: not a reader library (not an SQLite database); left untouched"
    assert digest(path) == before and siblings(path) == ["noise.db"]


def test_a_foreign_sqlite_database_is_refused_byte_for_byte_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
    conn.close()
    before = digest(path)
    for command in (["list"], ["labels", "add", "x"], ["tags"]):
        line = one_line_error(reader("--db", str(path), *command))
        assert line == f"reader: {path}: not a reader library (another program's SQLite database); left untouched"
    assert digest(path) == before and siblings(path) == ["other.sqlite"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_a_foreign_database_with_our_table_names_but_no_version_is_refused(tmp_path):
    path = tmp_path / "lookalike.db"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE articles (x); CREATE TABLE tags (x); CREATE TABLE labels (x);")
    conn.close()
    before = digest(path)
    assert "not a reader library" in one_line_error(reader("--db", str(path), "list"))
    assert digest(path) == before


def test_a_truncated_library_is_one_line(library):
    path, _ = library
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    line = one_line_error(reader("--db", str(path), "list"))
    assert line.startswith(f"reader: {path}: ")


def test_a_newer_schema_is_refused_untouched(library):
    path, _ = library
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = digest(path)
    line = one_line_error(reader("--db", str(path), "list"))
    assert line == (
        f"reader: {path}: made by a newer reader (schema {SCHEMA_VERSION + 1}, "
        f"this one knows {SCHEMA_VERSION}); upgrade reader"
    )
    assert digest(path) == before


def test_a_read_only_library_is_read_and_refuses_writes(library, tmp_path):
    path, article_id = library
    path.chmod(0o444)
    before = digest(path)
    listed = reader("--db", str(path), "list")
    assert listed.returncode == 0 and "Talks" in listed.stdout, listed.stderr
    shown = reader("--db", str(path), "show", article_id[:6])
    assert shown.returncode == 0 and TEXT in shown.stdout, shown.stderr
    found = reader("--db", str(path), "search", "minister")
    assert found.returncode == 0 and "Talks" in found.stdout, found.stderr
    exported = reader("--db", str(path), "export", "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    article = tmp_path / "new.txt"
    article.write_text("A second article, with its own words entirely.", encoding="utf-8")
    for command in (
        ["labels", "add", "rumour"],
        ["add", str(article)],
        ["alias", "merge", "PM", "Minister"],
        ["remove", "-y", article_id],
    ):
        assert one_line_error(reader("--db", str(path), *command)) == f"reader: this library is read-only ({path})"
    assert digest(path) == before
    path.chmod(0o644)
    db = open_db(path)
    assert article_count(db) == 1 and "rumour" not in {label["name"] for label in list_labels(db)}


def test_a_library_in_a_read_only_folder_is_read_only(library):
    path, _ = library
    path.parent.chmod(0o555)
    try:
        listed = reader("--db", str(path), "list")
        assert listed.returncode == 0 and "Talks" in listed.stdout, listed.stderr
        line = one_line_error(reader("--db", str(path), "labels", "add", "rumour"))
        assert line == f"reader: this library is read-only ({path})"
    finally:
        path.parent.chmod(0o755)


def test_a_missing_folder_is_an_error_and_nothing_is_created(tmp_path):
    path = tmp_path / "typo" / "library.db"
    line = one_line_error(reader("--db", str(path), "list"))
    assert line == (
        f"reader: {path}: folder {path.parent} does not exist (a typo? reader creates no folder but its own)"
    )
    assert not path.parent.exists()


def test_the_default_data_folder_is_created(tmp_path):
    home = tmp_path / "xdg"
    listed = reader("list", env={"XDG_DATA_HOME": str(home)})
    assert listed.returncode == 0, listed.stderr
    assert (home / "reader" / "reader.db").is_file()


def test_an_empty_file_becomes_a_library_with_a_notice(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    listed = reader("--db", str(path), "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr.splitlines()[0] == f"reader: {path} is an empty file: it becomes a new reader library"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_library_from_before_application_id_is_accepted_and_stamped(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version=1")
    conn.execute("INSERT INTO articles (id, raw_text, text, added_at) VALUES ('0123456789abcdef', 'x', 'x', '2024')")
    conn.commit()
    conn.close()
    listed = reader("--db", str(path), "list")
    assert listed.returncode == 0, listed.stderr
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_lock_held_past_the_busy_timeout_is_named(library):
    path, _ = library
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for command in (["labels", "add", "rumour"], ["alias", "merge", "PM", "Minister"]):
            line = one_line_error(reader("--db", str(path), *command, env={"READER_BUSY_TIMEOUT": "1"}))
            assert line == (
                f"reader: {path}: locked by another program for more than 1 s; nothing was saved, try again"
            )
            assert "not a usable" not in line
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert reader("--db", str(path), "labels", "add", "rumour").returncode == 0


def _file_size_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_is_named_and_loses_nothing(library, tmp_path):
    path, article_id = library
    db = open_db(path)
    tag = add_tag(db, article_id, 4, 12, "claim")
    db.close()
    big = tmp_path / "big.txt"
    big.write_text(("Officials said the talks went on late into the night. " * 40 + "\n\n") * 400, encoding="utf-8")
    limit = path.stat().st_size + 64 * 1024
    line = one_line_error(reader("--db", str(path), "add", str(big), preexec=_file_size_limit(limit)))
    assert line.startswith(f"reader: {path}: disk full")
    db = open_db(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert article_count(db) == 1
    assert [t["id"] for t in db.query("SELECT id FROM tags")] == [tag["id"]]


def test_bad_article_ids_are_one_line(library):
    path, article_id = library
    for bad in ("%", "%92b", "_", "zz", article_id + "0"):
        line = one_line_error(reader("--db", str(path), "remove", "-y", bad))
        assert "not an article id" in line
    assert one_line_error(reader("--db", str(path), "tags", "--article", "%")).endswith(
        "not an article id (ids are up to 16 hex digits; see `reader list`)"
    )
    db = open_db(path)
    assert article_count(db) == 1


def test_an_ambiguous_prefix_names_the_matches_and_does_nothing(tmp_path):
    path = tmp_path / "library.db"
    db = open_db(path)
    set_setting(db, SEEDED_KEY, "no built-in articles here")
    ids = [add_article(db, raw_text=f"text {n}", text=f"text {n}", title=f"Article {n}")[0] for n in range(40)]
    db.close()
    first = [i[0] for i in ids]
    shared = next(c for c in first if first.count(c) > 1)
    matching = sorted(i for i in ids if i.startswith(shared))
    for command in (["remove", "-y", shared], ["tags", "--article", shared], ["show", shared]):
        line = one_line_error(reader("--db", str(path), *command))
        assert line.startswith(f"reader: {shared}: ambiguous id prefix, matches {matching[0]} (Article ")
        assert all(i in line for i in matching[:5])
    db = open_db(path)
    assert article_count(db) == 40
