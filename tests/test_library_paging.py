"""A library larger than its first screenful: the table paints from the first summaries and every
id, and the rest come after; the end, the filter, sorting and marking reach every article."""

from __future__ import annotations

from app_support import SIZE, until

from reader.nlp.model import pipeline_id
from reader.store import articles as store
from reader.store import open_db
from reader.tui.app import ReaderApp
from reader.tui.library_rows import LibraryRows
from reader.tui.screens.library import FIRST_ROWS, LibraryScreen
from reader.tui.widgets.article_table import ArticleTable

ARTICLES = FIRST_ROWS + 250


def _library(db_path) -> list[dict]:
    """ARTICLES analysed articles, titled by number; their summaries in the library's order."""
    db = open_db(db_path)
    store.set_setting(db, "seeded", "yes")
    record = {"paragraphs": [[0, 9]], "sentences": [[0, 9]], "actors": [], "places": [], "quotes": []}
    db.execute("BEGIN")
    for n in range(ARTICLES):
        text = f"Text {n}."
        article, _ = store.add_article(db, raw_text=text, text=text, title=f"Dispatch {n:04d}", source=f"wire{n % 7}")
        store.put_analysis(db, article, pipeline_id(), record)
    store.add_article(db, raw_text="Deep.", text="Deep.", title="Zanzibar harbour report", source="Coast wire")
    db.execute("COMMIT")
    summaries = store.list_articles(db, pipeline_id())
    db.close()
    return summaries


def _zanzibar(summaries: list[dict]) -> dict:
    return next(row for row in summaries if row["title"].startswith("Zanzibar"))


def _shown(table: ArticleTable) -> list[str]:
    """The titles on the table's lines in view, as drawn."""
    lines = [table.render_line(y).text.strip() for y in range(1, table.scrollable_content_region.height)]
    return [line for line in lines if line]


def test_rows_read_before_the_rest_come_with_their_neighbours(db_path):
    summaries = _library(db_path)
    ids = [row["id"] for row in summaries]
    db = open_db(db_path)
    rows = LibraryRows()
    rows.set_first(store.list_articles(db, pipeline_id(), limit=FIRST_ROWS), store.article_ids(db))
    assert rows.partial and rows.order == ids and len(rows.rows) == FIRST_ROWS
    deep = ids[-1]
    row = rows.get(deep, lambda wanted: store.article_summaries(db, wanted, pipeline_id()))
    assert row == summaries[-1]
    assert ids[-2] in rows.rows  # read in the same query
    # A filter needs every summary: they are read then, and it finds one deep in the list.
    found = rows.visible("zanzibar", None, False, lambda: store.list_articles(db, pipeline_id()))
    assert found == [_zanzibar(summaries)["id"]] and not rows.partial and len(rows.rows) == len(ids)
    db.close()


async def test_a_large_library_reaches_its_end_filters_sorts_and_marks(db_path):
    summaries = _library(db_path)
    last = summaries[-1]
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        library = app.screen
        table = library.query_one(ArticleTable)
        assert table.row_count == len(summaries)
        assert library.sub_title == f"Library · {len(summaries)} articles"
        await pilot.press("G")
        await pilot.pause()
        assert library.selected_id() == last["id"]
        assert _shown(table)[-1].startswith(last["title"])
        await pilot.press("m")  # marked read, deep in the list
        assert store.get_article(app.library.db, last["id"])["read_at"] is not None
        await until(pilot, lambda: len(library.rows) == len(summaries), "the other summaries")
        await pilot.press("slash", *"zanzibar")
        await until(pilot, lambda: table.row_count == 1, "the filter")
        assert library.selected_id() == _zanzibar(summaries)["id"]
        await pilot.press("escape", "s", "g")  # by title, from the top
        await pilot.pause()
        assert _shown(table)[0].startswith("Dispatch 0000")
        await pilot.press("S", "g")  # reversed
        await pilot.pause()
        assert _shown(table)[0].startswith("Zanzibar harbour report")


async def test_filtering_before_every_summary_has_come_finds_one_deep_in_the_list(db_path):
    summaries = _library(db_path)
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        library = app.screen
        library.filter_text = "zanzibar"  # at once, whether or not the worker has finished
        await pilot.pause()
        table = library.query_one(ArticleTable)
        assert table.ids == [_zanzibar(summaries)["id"]]
        library.filter_text = ""
        library.sort_key = "source"
        await pilot.pause()
        sources = [library.rows[i]["source"].casefold() for i in table.ids]
        assert sources == sorted(sources) and len(sources) == len(summaries)
        await app.workers.wait_for_complete()
