"""Keys that work in every list (j/k, g/G, Enter at the first press) and panel keys from any focus."""

from __future__ import annotations

from app_support import SIZE, article_id, open_article, until
from textual.widgets import DataTable, Input, OptionList

from reader.store import open_db
from reader.store.tags import add_tag
from reader.tui.app import ReaderApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.screens.speakers import SpeakersScreen
from reader.tui.widgets.actors_panel import ActorsPanel
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.quotes_panel import QuotesPanel
from reader.tui.widgets.tags_panel import TagsPanel

ARTICLE = "North Korea will support"  # eight quotes


def tag_three_sentences(path) -> None:
    db = open_db(path)
    try:
        wanted = article_id(path, ARTICLE)
        for start in (0, 200, 400):
            add_tag(db, wanted, start, start + 20, "claim")
    finally:
        db.close()


async def moves_with_reading_keys(pilot, widget: OptionList) -> None:
    assert widget.has_focus and widget.option_count >= 3
    widget.highlighted = 0
    await pilot.press("j", "j")
    assert widget.highlighted == 2
    await pilot.press("k")
    assert widget.highlighted == 1
    await pilot.press("G")
    assert widget.highlighted == widget.option_count - 1
    await pilot.press("g")
    assert widget.highlighted == 0


async def test_j_k_g_G_move_in_the_actors_quotes_and_tags_panels(library_path):
    tag_three_sentences(library_path)
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        reader = await open_article(app, pilot, ARTICLE)
        view = reader.query_one(ArticleView)
        for key, panel_type in (("a", ActorsPanel), ("o", QuotesPanel), ("T", TagsPanel)):
            await pilot.press(key)
            panel = reader.query_one(panel_type)
            await moves_with_reading_keys(pilot, panel)
            await pilot.press("escape")
            assert view.has_focus
        # The article's own j still moves the cursor over sentences, not a panel's row.
        before = reader.span
        await pilot.press("j")
        assert reader.span != before


async def test_first_enter_in_the_quotes_and_tags_panels_acts(library_path):
    tag_three_sentences(library_path)
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        reader = await open_article(app, pilot, ARTICLE)
        await pilot.press("g")  # the first sentence: no quote, no tag under the cursor
        first = reader.span
        await pilot.press("o")
        quotes = reader.query_one(QuotesPanel)
        assert quotes.has_focus and quotes.highlighted == 0
        await pilot.press("enter")
        assert reader.span is not None and reader.span.kind == "quote" and reader.span != first
        await pilot.press("escape", "g", "j", "T")
        tags = reader.query_one(TagsPanel)
        assert tags.has_focus and tags.highlighted is not None
        await pilot.press("enter")
        assert reader.span.kind == "tag"


async def test_panel_keys_work_wherever_the_focus_is(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        reader = await open_article(app, pilot)
        actors, quotes, tags = reader.query_one(ActorsPanel), reader.query_one(QuotesPanel), reader.query_one(TagsPanel)
        await pilot.press("a")
        assert actors.display and actors.has_focus
        await pilot.press("o")  # from the Actors panel
        assert quotes.display and quotes.has_focus
        await pilot.press("T")  # from the Quotes panel
        assert tags.display and tags.has_focus
        await pilot.press("a")  # from the Tags panel: Actors is shown and takes the focus
        assert actors.has_focus
        await pilot.press("a")  # a focused panel hides
        assert not actors.display
        for key, panel in (("o", quotes), ("T", tags)):
            await pilot.press(key)
            assert panel.has_focus
            await pilot.press(key)
            assert not panel.display
        assert reader.query_one(ArticleView).has_focus
        assert not reader.query_one("#side").display


async def test_search_enter_in_the_box_opens_the_first_hit_at_once(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f")
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"troops", "enter")  # Enter before or after the hits came: one press
        await until(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.claims is not None, "the reader to open"
        )
        hit = search.hits[0]
        assert app.screen.article_id == hit["article_id"]
        assert app.screen.span.start <= hit["start"] < app.screen.span.end
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is search)
        results = search.query_one("#search-results", OptionList)
        results.focus()
        await pilot.pause()
        await moves_with_reading_keys(pilot, results)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the second hit to open")
        assert app.screen.article_id == search.hits[1]["article_id"]


async def test_speakers_lists_move_with_j_k_g_G(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, SpeakersScreen)
        table = screen.query_one("#speakers-table", DataTable)
        await until(pilot, lambda: table.row_count >= 3, "the speakers")
        assert table.has_focus and table.cursor_row == 0
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        pane = screen.query_one("#speaker-quotes", OptionList)
        await until(pilot, lambda: pane.option_count >= 3, "the first speaker's quotes")
        await pilot.press("enter")
        assert pane.has_focus and pane.highlighted == 0
        await moves_with_reading_keys(pilot, pane)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the quote to open")
        assert app.screen.article_id == screen.quotes[0]["article_id"]


async def test_query_box_is_not_a_list(library_path):
    # j and k are letters in the search box, not moves.
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f", *"jkgG")
        assert app.screen.query_one("#search-query", Input).value == "jkgG"
