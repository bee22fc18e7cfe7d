"""Durability kept true: killed writers lose no acknowledged tag, concurrent writers queue
instead of failing, migrations back the library up first and survive a kill, and the app stays
up (and says so) when a write fails."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from app_support import SIZE, open_article, until

from reader.service.ingest import SEEDED_KEY
from reader.store.articles import add_article, article_count, set_setting
from reader.store.db import (
    APPLICATION_ID,
    BACKUPS_KEPT,
    SCHEMA_VERSION,
    backup_library,
    backup_path,
    open_db,
)
from reader.store.migrations import MIGRATIONS
from reader.store.tags import ensure_labels, tags_for

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "The minister said the talks would resume on Monday, and officials in the capital denied "
    "that any deal had been reached before the vote. "
) * 4
KILLS = int(os.environ.get("READER_KILLS", "10"))  # the battery ran 100; CI runs fewer

WRITER = textwrap.dedent("""
    import sys
    from reader.store import open_db
    from reader.store.tags import add_tag
    db = open_db(sys.argv[1])
    article, count = sys.argv[2], int(sys.argv[3])
    for n in range(count):
        start = n % 200
        tag = add_tag(db, article, start, start + 7, "claim", note=f"note {n}")
        print(tag["id"], flush=True)  # acknowledged: committed before this line is written
""")


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", **extra}
    env.pop("READER_DB", None)
    return env


def make_library(path: Path, text: str = TEXT) -> str:
    db = open_db(path)
    set_setting(db, SEEDED_KEY, "no built-in articles here")
    article_id, _ = add_article(db, raw_text=text, text=text, title="Talks", source="Wire")
    db.close()
    return article_id


def stored_tag_ids(path: Path) -> set[str]:
    db = open_db(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in db.execute("SELECT id FROM tags")}
    finally:
        db.close()


@pytest.mark.slow
def test_sigkill_while_writing_loses_no_acknowledged_tag(tmp_path):
    path = tmp_path / "library.db"
    article_id = make_library(path)
    chance = random.Random(10)
    acknowledged: set[str] = set()
    for _ in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), article_id, "100000"],
            stdout=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        assert writer.stdout is not None
        for _ in range(chance.randint(5, 60)):
            acknowledged.add(writer.stdout.readline().strip())
        time.sleep(chance.random() * 0.05)  # land the kill anywhere in a transaction
        writer.send_signal(signal.SIGKILL)
        acknowledged.update(line.strip() for line in writer.stdout)
        writer.wait()
        acknowledged.discard("")
        missing = acknowledged - stored_tag_ids(path)
        assert not missing, f"{len(missing)} acknowledged tags lost"
    assert len(acknowledged) >= KILLS * 5
    print(f"{KILLS} SIGKILLs, {len(acknowledged)} acknowledged tags, none lost")


@pytest.mark.slow
def test_three_concurrent_writers_and_an_export_meet_no_lock_error(tmp_path):
    path = tmp_path / "library.db"
    article_id = make_library(path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), article_id, "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        for _ in range(3)
    ]
    exports = []
    for n in range(3):
        exports.append(
            subprocess.run(
                [sys.executable, "-m", "reader", "--db", str(path), "export", "-o", str(tmp_path / f"out{n}.csv")],
                capture_output=True,
                text=True,
                env=environment(),
            )
        )
    results = [(w.communicate(timeout=300), w.returncode) for w in writers]
    for (out, err), code in results:
        assert code == 0 and "locked" not in err, err
        assert len(out.split()) == 150
    for export in exports:
        assert export.returncode == 0, export.stderr
    assert len(stored_tag_ids(path)) == 450


def old_library(path: Path, articles: int = 1) -> None:
    """A library as the first release made it: schema 1, no application_id."""
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version=1")
    conn.execute("INSERT INTO settings VALUES (?, 'x')", [SEEDED_KEY])
    conn.executemany(
        "INSERT INTO articles (id, title, raw_text, text, words, added_at) VALUES (?, ?, ?, ?, 1, '2024-01-01')",
        [(f"{n:016x}", f"Article {n}", TEXT + str(n), TEXT + str(n)) for n in range(articles)],
    )
    conn.commit()
    conn.close()


def test_a_migration_backs_the_library_up_first_and_says_so(tmp_path):
    path = tmp_path / "reader.db"
    old_library(path, articles=3)
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(path), "list"], capture_output=True, text=True, env=environment()
    )
    assert listed.returncode == 0, listed.stderr
    backup = backup_path(path, 1)
    assert listed.stderr.strip() == (
        f"reader: upgrading {path} from schema 1 to {SCHEMA_VERSION}; the old library is kept as {backup}"
    )
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    copy.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    # Opened again, nothing more to migrate: no new backup, nothing said.
    again = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(path), "list"], capture_output=True, text=True, env=environment()
    )
    assert again.returncode == 0 and again.stderr == ""


def test_only_the_last_backups_are_kept(tmp_path):
    path = tmp_path / "reader.db"
    make_library(path)
    db = open_db(path)
    for version in range(1, 6):
        backup_library(db, path, version)
    db.close()
    kept = sorted(p.name for p in tmp_path.glob("reader.db.bak-v*"))
    assert kept == [f"reader.db.bak-v{v}" for v in range(6 - BACKUPS_KEPT, 6)]


def test_a_failed_migration_leaves_the_original_in_the_backup(tmp_path, monkeypatch):
    import reader.store.db as db_module

    path = tmp_path / "reader.db"
    old_library(path, articles=2)
    # A migration that fails half way (its second statement): the step rolls back, the backup stays.
    broken = [*MIGRATIONS, ["CREATE TABLE extra (x)", "CREATE TABLE articles (x)"]]
    monkeypatch.setattr(db_module, "MIGRATIONS", broken)
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", len(broken))
    with pytest.raises(sqlite3.OperationalError):
        open_db(path)
    copy = sqlite3.connect(backup_path(path, 1))
    assert copy.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    copy.close()
    monkeypatch.undo()
    db = open_db(path)  # the steps that succeeded stay; the failed one left nothing
    assert article_count(db) == 2
    assert "extra" not in db.table_names()


OPENER = textwrap.dedent("""
    import sys, time
    from reader.store import open_db
    print("opening", flush=True)
    started = time.monotonic()
    open_db(sys.argv[1])
    print(time.monotonic() - started, flush=True)
""")


@pytest.mark.slow
def test_a_kill_mid_migration_leaves_a_usable_library_and_backup(tmp_path):
    template = tmp_path / "template.db"
    old_library(template, articles=5000)

    def opener(path: Path) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", OPENER, str(path)],
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "opening"
        return process

    calibration = tmp_path / "calibration.db"
    shutil.copyfile(template, calibration)
    process = opener(calibration)
    duration = float(process.communicate(timeout=120)[0])  # backup and migration, uninterrupted
    chance = random.Random(7)
    outcomes: set[int] = set()
    backups = {"whole": 0, "absent": 0}
    for round_ in range(max(4, KILLS)):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        path = folder / "reader.db"
        shutil.copyfile(template, path)
        process = opener(path)
        time.sleep(chance.random() * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        backup = backup_path(path, 1)
        if backup.exists():
            copy = sqlite3.connect(backup)
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
            assert copy.execute("SELECT count(*) FROM articles").fetchone()[0] == 5000
            copy.close()
            backups["whole"] += 1
        else:
            backups["absent"] += 1
        conn = sqlite3.connect(path)
        outcomes.add(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.close()
        db = open_db(path)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert article_count(db) == 5000
        assert db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'minister'").fetchone()[0] == 5000
        db.close()
    print(
        f"migration {duration:.2f} s; kills left schema versions {sorted(outcomes)}, backups {backups}; "
        "every library usable, every backup whole"
    )


# --- the app, when writing fails --------------------------------------------------------------


async def test_the_app_reads_a_read_only_library_and_refuses_tags(library_path):
    from reader.tui.app import ReaderApp
    from reader.tui.screens.tag_picker import TagPicker

    seeded = open_db(library_path)
    ensure_labels(seeded)
    seeded.close()
    library_path.chmod(0o444)
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        screen = await open_article(app, pilot)
        assert screen.article["read_at"] is None
        await pilot.press("n", "t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press("1")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        messages = [n.message for n in app._notifications]
        assert f"Tag NOT saved: this library is read-only ({library_path})" in messages
        assert f"This library is read-only ({library_path}): reading only, nothing is saved" in messages
        assert not any("(saved)" in m for m in messages)
        assert app.is_running
    library_path.chmod(0o644)
    db = open_db(library_path)
    assert tags_for(db, screen.article["id"]) == []


async def test_the_app_stays_up_when_the_library_is_locked(library_path, monkeypatch):
    from reader.tui.app import ReaderApp
    from reader.tui.screens.tag_picker import TagPicker

    monkeypatch.setenv("READER_BUSY_TIMEOUT", "0.2")
    seeded = open_db(library_path)
    ensure_labels(seeded)
    seeded.close()
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        holder = sqlite3.connect(library_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        screen = await open_article(app, pilot)
        locked = f"{library_path}: locked by another program for more than 0.2 s; nothing was saved, try again"
        await until(
            pilot,
            lambda: f"Not marked as read: {locked}" in [n.message for n in app._notifications],
            "the read mark's failure",
        )
        await pilot.press("n", "t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press("1")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        assert f"Tag NOT saved: {locked}" in [n.message for n in app._notifications]
        holder.execute("ROLLBACK")
        holder.close()
        # The selection is still there: t again saves it once the lock is gone.
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker again")
        await pilot.press("1")
        await until(pilot, lambda: app.screen is screen, "the picker to close again")
        await until(pilot, lambda: any("(saved)" in n.message for n in app._notifications), "the saved tag")
    db = open_db(library_path)
    assert len(tags_for(db, screen.article["id"])) == 1
