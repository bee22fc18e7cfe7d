"""80×24, a common SSH terminal: the footer keeps the main keys, dialogs keep their words and
buttons on screen, library titles get the room and Speakers keeps every column."""

from __future__ import annotations

from app_support import open_article, until
from textual.widgets import Button, DataTable
from textual.widgets._footer import FooterKey

from reader.tui.app import ReaderApp
from reader.tui.screens.export_dialog import ExportDialog
from reader.tui.screens.speakers import SpeakersScreen
from reader.tui.screens.tag_picker import TagPicker
from reader.tui.widgets.article_table import ArticleTable

SMALL = (80, 24)


def on_screen(widget) -> bool:
    """Drawn whole inside the 80×24 terminal."""
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= SMALL[1] and region.right <= SMALL[0]


def footer_keys(screen) -> list[str]:
    return [key.key for key in screen.query(FooterKey) if on_screen(key)]


async def test_library_titles_get_the_room(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SMALL) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(ArticleTable)
        widths = dict(zip((column.key for column in table.columns), table.widths()))
        assert widths["title"] >= 40
        assert widths["title"] > 2 * widths["source"]
        assert all(widths[key] for key in ("source", "quotes", "actors", "tags"))
        shown = sum(width + 2 for width in widths.values() if width)
        assert shown <= table.scrollable_content_region.width


def footer_line(screen) -> str:
    """The bottom row of the terminal, as drawn."""
    return screen._compositor.render_strips()[-1].text


async def test_reader_footer_keeps_tag_help_and_quit(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SMALL) as pilot:
        await app.workers.wait_for_complete()
        reader = await open_article(app, pilot)
        # On the article, then in each panel (a, o, T each show one and focus it).
        for keys, focused in (((), "article"), (("a",), "actors"), (("o",), "quotes"), (("T",), "tags")):
            await pilot.press(*keys)
            await pilot.pause()
            assert app.focused is not None and app.focused.id == focused
            shown = footer_keys(reader)
            assert {"t", "n", "slash", "question_mark", "q"} <= set(shown), (focused, shown)
            assert shown.index("t") < shown.index("n")  # the main actions first
            line = footer_line(reader)
            assert all(words in line for words in ("t Tag", "? Help", "q Quit")), (focused, line)
        # The Tags panel's own keys are named on its border instead, whole.
        drawn = [strip.text for strip in reader._compositor.render_strips()]
        assert any("⏎ go · e note · d delete ─" in row for row in drawn)


async def test_tag_picker_shows_the_words_and_every_field(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SMALL) as pilot:
        await app.workers.wait_for_complete()
        await open_article(app, pilot, "At least 3,000")
        await pilot.press("n", "n", "t")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        await pilot.pause()
        dialog = picker.query_one("#tag-picker")
        assert dialog.max_scroll_y == 0 and dialog.scroll_y == 0
        for selector in (
            ".dialog-title",
            "#picker-excerpt",
            "#picker-filter",
            "#picker-labels",
            "#picker-note",
            ".dialog-hint",
        ):
            assert on_screen(picker.query_one(selector)), selector


async def test_export_dialog_shows_its_buttons(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SMALL) as pilot:
        await app.workers.wait_for_complete()
        await open_article(app, pilot)
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.pause()
        assert dialog.query_one("#export-dialog").max_scroll_y == 0
        for button in dialog.query(Button):
            assert on_screen(button), button.id
        assert on_screen(dialog.query_one("#export-path"))


async def test_speakers_keeps_every_column(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SMALL) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, SpeakersScreen)
        table = screen.query_one("#speakers-table", DataTable)
        await until(pilot, lambda: table.row_count > 0, "the speakers")
        await pilot.pause()
        assert table.max_scroll_x == 0  # nothing cut off to the right
        assert table.virtual_size.width <= table.scrollable_content_region.width
