"""Starting the app never imports spaCy: the library opens without paying for the model."""

from __future__ import annotations

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
db = open_db({str(tmp_path / 'l.db')!r})
set_setting(db, "seeded", "yes")
aid, _ = add_article(db, raw_text="Kim said hi.", text="Kim said hi.", title="t")
put_analysis(db, aid, pipeline_id(), {{"paragraphs": [[0, 12]], "sentences": [[0, 12]], "actors": [], "places": [], "quotes": []}})
db.close()
from reader.tui.app import ReaderApp
async def main():
    app = ReaderApp({str(tmp_path / 'l.db')!r})
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReaderScreen"
asyncio.run(main())
assert 'spacy' not in sys.modules, 'spacy imported'
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
