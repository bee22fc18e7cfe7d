"""The library's `E` edits every detail a citation needs: title, source, URL, byline, date."""

from __future__ import annotations

from app_support import BLINKEN, article_id, until
from textual.widgets import Button, Input

from reader.store import open_db
from reader.store.articles import get_article, update_article
from reader.tui.app import ReaderApp
from reader.tui.screens.edit_article import EditArticleDialog
from reader.tui.screens.library import LibraryScreen
from reader.tui.widgets.article_table import ArticleTable


async def open_editor(app, pilot, wanted: str) -> EditArticleDialog:
    table = app.screen.query_one(ArticleTable)
    table.cursor_row = table.ids.index(wanted)
    await pilot.pause()
    await pilot.press("E")
    await until(pilot, lambda: isinstance(app.screen, EditArticleDialog), "the dialog")
    return app.screen


async def test_e_edits_url_byline_and_date(library_path):
    wanted = article_id(library_path, BLINKEN)
    db = open_db(library_path)
    update_article(db, wanted, url="https://old.example/a", byline="Old Name")
    db.close()
    app = ReaderApp(library_path)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_editor(app, pilot, wanted)
        values = {
            name: dialog.query_one(f"#edit-{name}", Input).value
            for name in ("title", "source", "url", "byline", "published")
        }
        assert values["url"] == "https://old.example/a" and values["byline"] == "Old Name"
        assert values["published"] == ""
        # At 80x24 every field and the buttons are on screen.
        for widget in [*dialog.query(Input), *dialog.query(Button)]:
            region = widget.region
            assert region.height and region.bottom <= 24, widget
        await pilot.press(
            "tab",
            "tab",
            "ctrl+u",
            *"https://www.reuters.com/x",
            "tab",
            "ctrl+u",
            *"Soo-hyang Choi and Ju-min Park",
            "tab",
            *"9 November 2023",
            "enter",
        )
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the dialog to close")
        article = get_article(app.library.db, wanted)
        assert (article["url"], article["byline"], article["published"]) == (
            "https://www.reuters.com/x",
            "Soo-hyang Choi and Ju-min Park",
            "2023-11-09",
        )
        assert article["title"].startswith(BLINKEN)


async def test_a_date_that_is_not_one_is_refused_and_blank_fields_clear(library_path):
    wanted = article_id(library_path, BLINKEN)
    db = open_db(library_path)
    update_article(db, wanted, url="https://old.example/a", published="2023-11-09")
    db.close()
    app = ReaderApp(library_path)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_editor(app, pilot, wanted)
        dialog.query_one("#edit-published", Input).value = "sometime in November"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert any("day, month and year" in n.message for n in app._notifications)
        dialog.query_one("#edit-published", Input).value = ""
        dialog.query_one("#edit-url", Input).value = "  "
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the dialog to close")
        article = get_article(app.library.db, wanted)
        assert (article["url"], article["published"]) == (None, None)
