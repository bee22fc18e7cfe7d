"""Fixtures for the app's Pilot tests: the seeds imported and analysed once, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.library import analyze_pending, ensure_seeded
from reader.store import open_db
from reader.store.articles import list_articles
from reader.nlp.model import pipeline_id

SIZE = (100, 32)
BLINKEN = "Antony Blinken"  # seed 002's title starts with this

_template: list[Path] = []


@pytest.fixture(scope="session")
def analysed_template(nlp, tmp_path_factory) -> Path:
    """A library file holding the five seeds, analysed by the real pipeline (made once)."""
    if not _template:
        path = tmp_path_factory.mktemp("template") / "library.db"
        db = open_db(path)
        ensure_seeded(db)
        db.close()
        analyze_pending(path)
        db = open_db(path)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        _template.append(path)
    return _template[0]


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
        lambda: isinstance(app.screen, ReaderScreen) and app.screen.article_id == wanted and app.screen.claims is not None,
        "the article to open",
    )
    return app.screen


def article_id(path: Path, title_start: str) -> str:
    db = open_db(path)
    try:
        return next(row["id"] for row in list_articles(db, pipeline_id()) if row["title"].startswith(title_start))
    finally:
        db.close()
