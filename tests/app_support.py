"""Fixtures for the app's Pilot tests: the seeds imported and analysed once, copied per test."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.nlp.model import pipeline_id
from reader.service.ingest import analyze_pending, ensure_seeded
from reader.store import open_db
from reader.store.articles import add_article, get_analysis, get_article, list_articles, put_analysis, set_setting

ROOT = Path(__file__).resolve().parent.parent
FROZEN = Path(__file__).resolve().parent / "app_frozen_seeds.json"
SIZE = (100, 32)
BLINKEN = "Antony Blinken"  # seed 002's title starts with this

_template: list[Path] = []


@pytest.fixture(scope="session")
def analysed_template(tmp_path_factory) -> Path:
    """A library file holding the five seeds, analysed by the real pipeline (made once).

    Made in a fresh process, so that what other tests did to the session's pipeline cannot
    change it (the snapshots depend on every name in it).
    """
    if not _template:
        path = tmp_path_factory.mktemp("template") / "library.db"
        code = (
            "import sys\n"
            "from reader.service.ingest import analyze_pending, ensure_seeded\n"
            "from reader.store import open_db\n"
            "db = open_db(sys.argv[1]); ensure_seeded(db); db.close()\n"
            "analyze_pending(sys.argv[1])\n"
            "db = open_db(sys.argv[1]); db.execute('PRAGMA wal_checkpoint(TRUNCATE)'); db.close()\n"
        )
        subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, check=True)
        _template.append(path)
    return _template[0]


@pytest.fixture(scope="session")
def frozen_template(tmp_path_factory) -> Path:
    """The seeds with analyses frozen in FROZEN (for snapshots: pictures of the UI that do not
    move when the pipeline improves). Refresh the file with `python tests/app_support.py`."""
    path = tmp_path_factory.mktemp("frozen") / "library.db"
    db = open_db(path)
    set_setting(db, "seeded", "frozen")
    for n, seed in enumerate(json.loads(FROZEN.read_text(encoding="utf-8"))):
        article_id, _ = add_article(
            db, raw_text=seed["text"], text=seed["text"], title=seed["title"], source=seed["source"]
        )
        put_analysis(db, article_id, pipeline_id(), seed["analysis"])
        # A fixed day added, in order: a picture showing an article's date (the Claims screen's,
        # for an article with no published date) must not move with the day the suite runs.
        db.table("articles").update(article_id, {"added_at": f"2026-11-01T00:00:{n:02d}.000+00:00"})
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def frozen_library_path(frozen_template, db_path) -> Path:
    shutil.copyfile(frozen_template, db_path)
    return db_path


def freeze_seeds(target: Path | None = None) -> None:
    """Write the seeds, as imported, with their analyses by the current pipeline, to FROZEN."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        library = Path(folder) / "library.db"
        db = open_db(library)
        ensure_seeded(db)
        db.close()
        analyze_pending(library)
        db = open_db(library)
        seeds = [
            {
                "title": row["title"],
                "source": row["source"],
                "text": get_article(db, row["id"])["text"],
                "analysis": get_analysis(db, row["id"], pipeline_id()),
            }
            for row in list_articles(db, pipeline_id())
        ]
        db.close()
    (target or FROZEN).write_text(json.dumps(seeds, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@pytest.fixture
def library_path(analysed_template, db_path) -> Path:
    """A fresh copy of the analysed library at the test's `db_path`."""
    shutil.copyfile(analysed_template, db_path)
    return db_path


async def until(pilot, predicate, what: str = "the app to settle", tries: int = 200) -> None:
    """Let the app run until `predicate()` holds (a polled condition, never a fixed sleep)."""
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


async def open_article(app, pilot, title_start: str = BLINKEN):
    """Open an article the way the library does, and wait until the reader shows it."""
    from reader.tui.messages import OpenArticle
    from reader.tui.screens.reader import ReaderScreen

    wanted = article_id(app.db_path, title_start)
    app.post_message(OpenArticle(wanted))
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, ReaderScreen) and app.screen.article_id == wanted and app.screen.claims is not None
        ),
        "the article to open",
    )
    return app.screen


def article_id(path: Path, title_start: str) -> str:
    db = open_db(path)
    try:
        return next(row["id"] for row in list_articles(db, pipeline_id()) if row["title"].startswith(title_start))
    finally:
        db.close()


if __name__ == "__main__":
    freeze_seeds()
