"""Remake docs/reader.svg, the README's picture, with the app's own screenshot action (ctrl+s).

    python docs/screenshot.py

Uses a fresh library of the five seeds in a temporary folder; opens the RT article on
Choe Son-hui, moves to its second quote with the Quotes panel open, and presses ctrl+s.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_SCREENSHOTS"] = tmp
        from reader.library import analyze_pending, ensure_seeded
        from reader.store import open_db
        from reader.tui.app import ReaderApp
        from reader.tui.screens.reader import ReaderScreen

        library = Path(tmp) / "library.db"
        db = open_db(library)
        ensure_seeded(db)
        db.close()
        analyze_pending(library)
        app = ReaderApp(library)
        async with app.run_test(size=(110, 34)) as pilot:
            await app.workers.wait_for_complete()
            titles = [row["title"] for row in app.screen.rows.values()]
            row = next(i for i, title in enumerate(titles) if title.startswith("North Korea will support"))
            await pilot.press(*["down"] * row, "enter")
            while not isinstance(app.screen, ReaderScreen):
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("n", "n", "o")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
        [svg] = Path(tmp).glob("*.svg")
        shutil.copyfile(svg, DOCS / "reader.svg")
        print(DOCS / "reader.svg")


if __name__ == "__main__":
    sys.path.insert(0, str(DOCS.parent))
    asyncio.run(main())
