"""The library screen, driven with Pilot: the seeds listed, filtering, sorting, opening, analysis."""

from __future__ import annotations

from app_support import SIZE, until
from textual.widgets import Input, ProgressBar

from reader.nlp.model import pipeline_id
from reader.service.ingest import ensure_seeded
from reader.store import open_db
from reader.store.articles import add_article, get_article, put_analysis, set_setting, unanalysed_ids
from reader.tui.app import ReaderApp
from reader.tui.screens.library import FIRST_ROWS, LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.article_table import ArticleTable


def column(table: ArticleTable, index: int) -> list[str]:
    """One column's cells, as drawn, for every row in the table's order."""
    cells = table.screen._cells_for
    return [cells(article_id)[index].plain for article_id in table.ids]


def titles(table: ArticleTable) -> list[str]:
    return column(table, 0)


def drawn_rows(table: ArticleTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_library_lists_the_analysed_seeds(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(ArticleTable)
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
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#filter", Input)
        assert box.display and box.has_focus
        await pilot.press(*"blinken")
        table = app.screen.query_one(ArticleTable)
        assert [t[:14] for t in titles(table)] == ["Antony Blinken"]
        await pilot.press("enter")  # back to the table, filter kept
        assert table.has_focus and table.row_count == 1
        await pilot.press(
            "slash", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace"
        )
        await pilot.press(*"zzz-no-such-title")
        assert table.row_count == 0
        await pilot.press("escape")
        assert table.row_count == 5
        assert not box.display and table.has_focus


async def test_sort_with_keys_and_header_clicks(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        original = titles(table)
        await pilot.press("s")  # by title
        assert titles(table) == sorted(original, key=str.casefold)
        assert table.labels["title"].plain == "▲Title"
        assert drawn_rows(table)[0].lstrip().startswith("▲Title")
        await pilot.press("S")  # reversed
        assert titles(table) == sorted(original, key=str.casefold, reverse=True)
        assert table.labels["title"].plain == "▼Title"
        await pilot.press("s")  # by source
        sources = column(table, 1)
        assert sources == sorted(sources, key=str.casefold)
        # A click on the Words header sorts by words; a second click reverses.
        widths = table.widths()
        x = widths[0] + widths[1] + 6
        await pilot.click(ArticleTable, offset=(x, 0))
        assert app.screen.sort_key == "words" and table.labels["words"].plain == "▲Words"
        words = list(map(int, column(table, 2)))
        assert words == sorted(words)
        await pilot.click(ArticleTable, offset=(x, 0))
        assert list(map(int, column(table, 2))) == sorted(words, reverse=True)
        # The rows on screen follow the order.
        assert [row.split()[0] for row in drawn_rows(table)[1:6]] == [t.split()[0] for t in titles(table)]


async def test_cursor_keys_and_clicks(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        await pilot.press("down", "j")
        assert table.cursor_row == 2
        await pilot.press("up")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == 4
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end", "k", "home")
        assert table.cursor_row == 0
        await pilot.click(ArticleTable, offset=(5, 4))  # the header is row 0: this is the fourth article
        assert table.cursor_row == 3
        await pilot.click(ArticleTable, offset=(5, 4))  # a click on the cursor row opens it
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == table.ids[3]


async def test_enter_opens_the_article_and_marks_it_read(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        row = titles(table).index(next(t for t in titles(table) if t.startswith("Antony Blinken")))
        table.move_cursor(row)
        assert column(table, 6)[row] == ""
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        article = get_article(app.library.db, app.screen.article_id)
        assert article["title"].startswith("Antony Blinken") and article["read_at"] is not None
        await pilot.press("escape")
        await until(pilot, lambda: column(table, 6)[row] == "✓", "the read mark")
        assert isinstance(app.screen, LibraryScreen)
        assert table.cursor_row == row
        await pilot.press("m")  # mark unread again
        assert column(table, 6)[row] == ""
        assert get_article(app.library.db, app.screen.selected_id())["read_at"] is None


async def test_unanalysed_articles_show_at_once_and_fill_in(nlp, db_path):
    db = open_db(db_path)
    ensure_seeded(db)
    db.close()
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        assert table.row_count == 5
        # Keys keep working while the worker analyses: filter and clear again.
        await pilot.press("slash", *"korea", "escape")
        assert table.row_count == 5
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert unanalysed_ids(app.library.db, pipeline_id()) == []
        assert all(value.isdigit() for value in column(table, 3) + column(table, 4))
        bar = app.screen.query_one(ProgressBar)
        assert bar.total == 5 and bar.progress == 5
        assert not any(line.display for line in app.screen.query("#progress"))


async def test_first_run_imports_the_seeds(nlp, db_path):
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(ArticleTable).row_count == 5


async def test_opening_an_unanalysed_article_while_the_library_analyses(nlp, db_path):
    """The reader gets the model first (the library yields between articles), then the library resumes."""
    db = open_db(db_path)
    ensure_seeded(db)
    db.close()
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        last = table.ids[-1]
        table.move_cursor(len(table.ids) - 1)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        reader = app.screen
        await until(pilot, lambda: reader.claims is not None and reader.article_id == last, "the article's analysis")
        assert reader.claims.sentences and not reader.query_one("#analysing").display
        await until(pilot, lambda: not unanalysed_ids(app.library.db, pipeline_id()), "the library to finish")
        await app.workers.wait_for_complete()


async def test_thousands_of_articles_filter_sort_and_scroll(db_path):
    db = open_db(db_path)
    set_setting(db, "seeded", "yes")
    record = {"paragraphs": [[0, 9]], "sentences": [[0, 9]], "actors": [], "places": [], "quotes": []}
    db.execute("BEGIN")  # one transaction: the connection autocommits otherwise
    for n in range(3000):
        article, _ = add_article(
            db,
            raw_text=f"Text {n}.",
            text=f"Text {n}.",
            title=f"Report {n:04d} from {'Seoul' if n % 3 else 'Kyiv'}",
            source=f"wire{n % 5}",
        )
        put_analysis(db, article, pipeline_id(), record)
    db.execute("COMMIT")
    db.close()
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        assert table.row_count == 3000
        await pilot.press("G")
        last = table.render_line(table.scrollable_content_region.height - 1).text  # the last line in view
        assert table.cursor_row == 2999 and titles(table)[-1].split()[1] in last
        await pilot.press("slash", *"kyiv 29")
        assert table.row_count == sum(1 for n in range(3000) if n % 3 == 0 and "29" in f"{n:04d}")
        assert all("Kyiv" in title and "29" in title for title in titles(table))
        await pilot.press("escape", "s", "S")  # by title, reversed
        assert titles(table)[0].startswith("Report 2999") and table.row_count == 3000
        await pilot.press("g")
        assert table.render_line(1).text.lstrip().startswith("Report 2999")


async def test_back_from_an_article_the_library_shows_what_changed_while_away(library_path):
    """Tags added and articles removed elsewhere (another connection, as `reader` in a shell
    would) show when the reader comes back: changed rows in place, and the rows again when
    articles went."""
    from reader.store.search import remove_article
    from reader.store.tags import add_tag

    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        table = app.screen.query_one(ArticleTable)
        other, gone = table.ids[1], table.ids[2]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        elsewhere = open_db(library_path)
        add_tag(elsewhere, other, 0, 5, "claim")
        await pilot.press("escape")
        await until(pilot, lambda: column(table, 5)[table.ids.index(other)] == "1", "the new tag's count")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        remove_article(elsewhere, gone)
        elsewhere.close()
        await pilot.press("escape")
        await until(pilot, lambda: table.row_count == 4, "the removed article gone")
        assert gone not in table.ids and column(table, 5)[table.ids.index(other)] == "1"


async def test_a_large_library_keeps_its_rows_out_of_the_collectors_passes_while_shown(db_path):
    import gc

    db = open_db(db_path)
    set_setting(db, "seeded", "yes")
    db.execute("BEGIN")
    for n in range(FIRST_ROWS + 50):  # more than the first screenful: the rest come from a worker
        add_article(db, raw_text=f"Text {n}.", text=f"Text {n}.", title=f"Report {n}", source="wire")
    db.execute("COMMIT")
    db.close()
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        await until(pilot, lambda: not app.screen._rows.partial, "every row")
        assert table.row_count == FIRST_ROWS + 50
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # given back when the screen went
