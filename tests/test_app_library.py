"""The library screen, driven with Pilot: the seeds listed, filtering, sorting, opening, analysis."""

from __future__ import annotations

from app_support import SIZE, analysed_template, library_path  # noqa: F401  (fixtures)
from textual.widgets import DataTable, Input, ProgressBar

from reader.library import ensure_seeded
from reader.store import open_db
from reader.store.articles import get_article, unanalysed_ids
from reader.nlp.model import pipeline_id
from reader.tui.app import ReaderApp
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen


def titles(table: DataTable) -> list[str]:
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


def column(table: DataTable, index: int) -> list[str]:
    return [table.get_row_at(i)[index].plain for i in range(table.row_count)]


async def test_library_lists_the_analysed_seeds(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5
        assert table.has_focus
        assert any(title.startswith("Antony Blinken") for title in titles(table))
        # Every seed is analysed: counts are numbers, and some article has quotes and actors.
        quotes, actors = column(table, 3), column(table, 4)
        assert all(value.isdigit() for value in quotes + actors)
        assert max(map(int, actors)) > 0 and max(map(int, quotes)) > 0
        assert not any(line.display for line in app.screen.query("#progress"))


async def test_filter_as_you_type_and_escape_clears(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#filter", Input)
        assert box.display and box.has_focus
        await pilot.press(*"blinken")
        table = app.screen.query_one(DataTable)
        assert [t[:14] for t in titles(table)] == ["Antony Blinken"]
        await pilot.press("enter")  # back to the table, filter kept
        assert table.has_focus and table.row_count == 1
        await pilot.press("slash", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press(*"zzz-no-such-title")
        assert table.row_count == 0
        await pilot.press("escape")
        assert table.row_count == 5
        assert not box.display and table.has_focus


async def test_sort_with_keys_and_header_clicks(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        original = titles(table)
        await pilot.press("s")  # by title
        assert titles(table) == sorted(original, key=str.casefold)
        assert table.columns["title"].label.plain.startswith("▲")
        await pilot.press("S")  # reversed
        assert titles(table) == sorted(original, key=str.casefold, reverse=True)
        assert table.columns["title"].label.plain.startswith("▼")
        await pilot.press("s")  # by source
        sources = column(table, 1)
        assert sources == sorted(sources, key=str.casefold)
        # A click on the Words header sorts by words; a second click reverses.
        words_header = table.columns["words"]
        x = sum(c.get_render_width(table) for c in list(table.columns.values())[:2]) + 2
        await pilot.click(DataTable, offset=(x, 0))
        assert app.screen.sort_key == "words" and words_header.label.plain.startswith("▲")
        words = list(map(int, column(table, 2)))
        assert words == sorted(words)
        await pilot.click(DataTable, offset=(x, 0))
        assert list(map(int, column(table, 2))) == sorted(words, reverse=True)


async def test_enter_opens_the_article_and_marks_it_read(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        row = titles(table).index(next(t for t in titles(table) if t.startswith("Antony Blinken")))
        table.move_cursor(row=row)
        assert column(table, 6)[row] == ""
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        article = get_article(app.db, app.screen.article_id)
        assert article["title"].startswith("Antony Blinken") and article["read_at"] is not None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert column(table, 6)[row] == "✓"
        assert table.cursor_row == row
        await pilot.press("m")  # mark unread again
        assert column(table, 6)[row] == ""
        assert get_article(app.db, app.screen.selected_id())["read_at"] is None


async def test_unanalysed_articles_show_at_once_and_fill_in(nlp, db_path):
    db = open_db(db_path)
    ensure_seeded(db)
    db.close()
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5
        # Keys keep working while the worker analyses: filter and clear again.
        await pilot.press("slash", *"korea", "escape")
        assert table.row_count == 5
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert unanalysed_ids(app.db, pipeline_id()) == []
        assert all(value.isdigit() for value in column(table, 3) + column(table, 4))
        bar = app.screen.query_one(ProgressBar)
        assert bar.total == 5 and bar.progress == 5
        assert not any(line.display for line in app.screen.query("#progress"))


async def test_first_run_imports_the_seeds(nlp, db_path):
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 5
