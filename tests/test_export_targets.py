"""`export -o` onto what is already at the path: symlinks written through, hard links kept, modes kept, FIFOs,
folders and read-only files refused in one line, killed exports' temporaries cleaned up."""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.store.articles import add_article
from reader.store.export import TEMP_SUFFIX, export_to_path
from reader.store.tags import add_tag

ROOT = Path(__file__).resolve().parent.parent
TEXT = "The minister said the talks would resume on Monday. Officials denied it."


@pytest.fixture
def tagged(db):
    article_id, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Talks")
    add_tag(db, article_id, 4, 12, "claim")
    return db


def test_a_symlink_is_written_through_to_its_target(tagged, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert export_to_path(tagged, link) == 1
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("tag_id,")


def test_a_dangling_symlink_creates_its_target(tagged, tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "new.csv")
    export_to_path(tagged, link)
    assert link.is_symlink() and (tmp_path / "new.csv").read_text(encoding="utf-8").startswith("tag_id,")


def test_the_targets_mode_is_kept_and_a_new_file_follows_the_umask(tagged, tmp_path):
    target = tmp_path / "shared.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o664)
    export_to_path(tagged, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    fresh = tmp_path / "fresh.csv"
    umask = os.umask(0o022)
    try:
        export_to_path(tagged, fresh)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


def test_a_hard_link_is_rewritten_in_place_so_every_link_shows_the_export(tagged, tmp_path):
    target = tmp_path / "tags.csv"
    target.write_text("old content, longer than the export will be\n" * 50, encoding="utf-8")
    target.chmod(0o640)
    other = tmp_path / "elsewhere.csv"
    os.link(target, other)
    inode = target.stat().st_ino
    assert export_to_path(tagged, target) == 1
    exported = target.read_bytes()
    assert exported.startswith(b"tag_id,") and b"old content" not in exported
    assert other.read_bytes() == exported
    assert target.stat().st_ino == other.stat().st_ino == inode and target.stat().st_nlink == 2
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if ".csv" in p.name) == ["elsewhere.csv", "tags.csv"]
    export_to_path(tagged, other, "jsonl")  # through the other name, in another format
    assert target.read_bytes() == other.read_bytes() != exported


def test_a_fifo_a_folder_and_a_read_only_file_are_refused(tagged, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(ReaderError, match=r"is a FIFO, not a regular file; not written"):
        export_to_path(tagged, fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    with pytest.raises(ReaderError, match="is a folder, not a file"):
        export_to_path(tagged, tmp_path)
    locked = tmp_path / "final.csv"
    locked.write_text("keep me", encoding="utf-8")
    locked.chmod(0o444)
    with pytest.raises(ReaderError, match="read-only file; not replaced"):
        export_to_path(tagged, locked)
    assert locked.read_text(encoding="utf-8") == "keep me"
    with pytest.raises(ReaderError, match="no file name given"):
        export_to_path(tagged, "")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_cli_says_so_in_one_line(db_path, tagged, tmp_path):
    tagged.close()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    for target, message in (
        (fifo, f"reader: {fifo}: is a FIFO, not a regular file; not written"),
        ("", "reader: export: no file name given (-o FILE, or - for standard output)"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "reader", "--db", str(db_path), "export", "-o", str(target)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert (result.returncode, result.stderr.strip()) == (1, message)


def test_stale_temporaries_of_a_killed_export_are_removed_and_a_live_one_kept(tagged, tmp_path):
    target = tmp_path / "tags.csv"
    stale = tmp_path / f".tags.csv.abc123{TEMP_SUFFIX}"
    stale.write_bytes(b"x" * 100_000)
    live = tmp_path / f".tags.csv.live99{TEMP_SUFFIX}"
    live.write_bytes(b"partial")
    other = tmp_path / ".tags.csv.keep"  # not ours by name
    other.write_bytes(b"someone else's")
    with open(live, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # an export still writing it
        export_to_path(tagged, target)
        assert not stale.exists() and live.exists() and other.exists()
    assert target.read_text(encoding="utf-8").startswith("tag_id,")


@pytest.mark.slow
def test_killed_exports_leave_at_most_one_temporary_behind(db_path, tagged, tmp_path):
    article_id = tagged.execute("SELECT id FROM articles").fetchone()[0]
    tagged.execute("BEGIN")
    for n in range(3000):
        add_tag_row = [
            f"00000000-0000-4000-8000-{n:012x}",
            article_id,
            1,
            4,
            12,
            TEXT[4:12],
            "",
            "",
            None,
            "[]",
            "n" * 200,
            0,
            "2024",
            "2024",
        ]
        tagged.execute(
            "INSERT INTO tags (id, article_id, label_id, start, end, text, prefix, suffix, speaker, "
            "actors, note, orphaned, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            add_tag_row,
        )
    tagged.execute("COMMIT")
    tagged.close()
    target = tmp_path / "out" / "tags.csv"
    target.parent.mkdir()
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    for _ in range(5):
        export = subprocess.Popen(
            [sys.executable, "-m", "reader", "--db", str(db_path), "export", "-o", str(target)],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while not list(target.parent.glob(f"*{TEMP_SUFFIX}")) and time.monotonic() < deadline:
            time.sleep(0.005)
        export.send_signal(signal.SIGKILL)
        export.wait()
        assert len(list(target.parent.glob(f"*{TEMP_SUFFIX}"))) <= 1
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db_path), "export", "-o", str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert list(target.parent.glob(f"*{TEMP_SUFFIX}")) == []
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3002
