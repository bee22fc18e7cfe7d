"""The app in fresh processes: spaCy stays out of the start-up path; a missing model is reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_library_screen_runs_without_spacy(tmp_path):
    """Open the library and an analysed article in a fresh process; spaCy stays unloaded."""
    code = f"""
import asyncio, shutil, sys
from reader.store import open_db
from reader.store.articles import add_article, put_analysis, set_setting
from reader.nlp.model import pipeline_id
db = open_db({str(tmp_path / "l.db")!r})
set_setting(db, "seeded", "yes")
aid, _ = add_article(db, raw_text="Kim said hi.", text="Kim said hi.", title="t")
put_analysis(db, aid, pipeline_id(), {{"paragraphs": [[0, 12]], "sentences": [[0, 12]], "actors": [], "places": [], "quotes": []}})
db.close()
from reader.tui.app import ReaderApp
async def main():
    app = ReaderApp({str(tmp_path / "l.db")!r})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReaderScreen"
asyncio.run(main())
assert 'spacy' not in sys.modules, 'spacy imported'
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_missing_model_is_reported_not_a_crash(tmp_path):
    """In a fresh process (the session's pipeline would hide it): no model, yet the app runs on."""
    code = f"""
import asyncio, sys
from reader.service.ingest import ensure_seeded
from reader.store import open_db
from reader.tui.app import ReaderApp
path = {str(tmp_path / "l.db")!r}
db = open_db(path); ensure_seeded(db); db.close()
async def until(pilot, predicate):
    for _ in range(300):
        if predicate():
            return True
        await pilot.pause()
    return False
async def main():
    app = ReaderApp(path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert await until(pilot, lambda: any("no_such_model" in n.message for n in app._notifications)), "no notice"
        await pilot.press("enter")
        assert await until(pilot, lambda: type(app.screen).__name__ == "ReaderScreen")
        notice = app.screen.query_one("#analysing")
        assert await until(pilot, lambda: "Cannot analyse" in str(notice.render())), str(notice.render())
        assert notice.display and "no_such_model" in str(notice.render())
        await pilot.press("escape")
        assert type(app.screen).__name__ == "LibraryScreen"
    print("ok")
asyncio.run(main())
"""
    env = {**os.environ, "READER_SPACY_MODEL": "no_such_model_for_reader_tests"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-3000:]
