"""Nothing slow on the event loop: opening an article runs in a worker, analysis progress comes
with its counts (and a flood of it merges), the search box keeps one connection."""

from __future__ import annotations

import sqlite3

from app_support import BLINKEN, SIZE, article_id, open_article, until

from reader.tui.app import ReaderApp
from reader.tui.messages import AnalysisProgress, ArticleCounts, OpenArticle
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen


def test_a_waiting_progress_message_is_replaced_by_the_next_with_its_counts_kept():
    older = AnalysisProgress(1, 3, "a", {"a": ArticleCounts(2, 1)})
    newer = AnalysisProgress(2, 3, "b", {"b": ArticleCounts(5, 4)})
    assert older.can_replace(newer)
    assert newer.counts == {"a": ArticleCounts(2, 1), "b": ArticleCounts(5, 4)}
    assert not older.can_replace(OpenArticle("a"))


async def test_the_library_shows_the_counts_the_progress_messages_carry(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: len(screen.rows) == 5, "the rows")
        first, second = list(screen.rows)[:2]
        # Counts no analysis in the library has: the screen can only have them from the messages.
        screen.post_message(AnalysisProgress(1, 2, first, {first: ArticleCounts(91, 81)}))
        screen.post_message(AnalysisProgress(2, 2, second, {second: ArticleCounts(92, 82)}))
        await until(pilot, lambda: screen.rows[second]["actors"] == 92, "the second row's counts")
        assert (screen.rows[first]["actors"], screen.rows[first]["quotes"]) == (91, 81)
        assert (screen.rows[second]["actors"], screen.rows[second]["quotes"]) == (92, 82)


async def test_opening_an_article_reads_it_in_a_worker(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(app, pilot, BLINKEN)
        assert isinstance(reader, ReaderScreen)
        other = article_id(library_path, "At least 3,000")
        app.open_article(OpenArticle(other))
        # Straight after the call, on the event loop: the reading is a worker's, not done yet.
        assert [w for w in app.workers if w.group == "reader-open" and w.node is reader]
        assert reader.article is None or reader.article["id"] != other
        await until(pilot, lambda: reader.article is not None and reader.article["id"] == other, "the article")
        await until(pilot, lambda: reader.claims is not None, "its analysis")


async def test_the_search_box_keeps_one_connection_across_keystrokes(library_path, monkeypatch):
    opened: list[str] = []
    connect = sqlite3.connect

    def counting(database, *args, **kwargs):
        if str(database) == str(library_path):  # read-write opens (inspections open a file: URI)
            opened.append(str(database))
        return connect(database, *args, **kwargs)

    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: not [w for w in app.workers if w.group == "library-analysis"], "analysis check")
        monkeypatch.setattr(sqlite3, "connect", counting)
        app.open_search()
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
        screen = app.screen
        for key in "kursk":
            await pilot.press(key)
            await pilot.pause()
        await until(pilot, lambda: screen.hits_query == "kursk" and screen.hits, "the hits for kursk")
        monkeypatch.setattr(sqlite3, "connect", connect)
        assert len(opened) == 1
