"""The app does not die: every notification renders, and a failing worker is shown, not fatal."""

from __future__ import annotations

from app_support import SIZE, open_article, until
from textual.widgets import Input, Label
from textual.widgets._toast import Toast

from reader.tui.app import ReaderApp
from reader.tui.screens.add_dialog import AddDialog
from reader.tui.screens.edit_article import EditArticleDialog
from reader.tui.screens.export_dialog import ExportDialog
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.overview import OverviewScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.screens.speakers import SpeakersScreen
from reader.tui.screens.tag_picker import TagPicker


def notices(app) -> list[tuple[str, str]]:
    """(severity, message) of every notification the app has shown, oldest first."""
    return [(n.severity, n.message) for n in app._notifications]


async def drawn_toasts(app, pilot) -> list[str]:
    """The toasts as drawn on the screen (drawing is where a bad message used to crash)."""
    await pilot.pause()
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_add_dialog_path_that_does_not_exist_is_a_notice_not_a_crash(library_path, tmp_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("A")
        assert isinstance(app.screen, AddDialog)
        app.screen.query_one("#add-path", Input).focus()
        await pilot.press(*"no-such-[b]file.txt", "enter")
        await until(pilot, lambda: notices(app), "the notice")
        assert notices(app)[-1] == ("error", "no-such-[b]file.txt: no such file or folder")
        assert any("no such file or folder" in toast for toast in await drawn_toasts(app, pilot))
        assert isinstance(app.screen, AddDialog)  # still open, the typed path kept
        # Nothing typed and nothing marked: the other notice.
        app.screen.query_one("#add-path", Input).value = ""
        await pilot.press("ctrl+o")
        assert notices(app)[-1] == ("warning", "Mark a file or folder (m), or type a path")
        await drawn_toasts(app, pilot)
        assert app.is_running


async def test_any_notification_renders_rich_text_and_broken_markup(library_path):
    from rich.text import Text

    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify(Text("a Rich [bold]Text[/bold]"))
        app.screen.notify("an [/] unbalanced tag", title="[b]title")
        app.notify("[b]real markup[/b] still works")
        toasts = await drawn_toasts(app, pilot)
        assert "a Rich [bold]Text[/bold]" in toasts[0]
        assert "an [/] unbalanced tag" in toasts[1] and "[b]title" in toasts[1]
        assert "real markup still works" in toasts[2]
        assert app.is_running


async def test_the_reader_notices_render(library_path, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_SCREENSHOTS", str(tmp_path))
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        reader = await open_article(app, pilot)
        await pilot.press("g", "k")  # before the first sentence
        assert notices(app)[-1] == ("information", "First sentence")
        reader.selected_actor = None
        reader.span = None
        await pilot.press("]")
        assert any(message.startswith("Select an actor first") for _, message in notices(app))
        await pilot.press("G", "n")
        assert notices(app)[-1][1] == "No more quotes"
        await pilot.press("ctrl+s")
        assert notices(app)[-1][0] == "information" and list(tmp_path.glob("*.svg"))
        await drawn_toasts(app, pilot)
        assert app.is_running


async def test_dialog_notices_render(library_path, tmp_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("E")
        assert isinstance(app.screen, EditArticleDialog)
        app.screen.query_one("#edit-title", Input).value = ""
        await pilot.press("ctrl+o")
        assert notices(app)[-1] == ("error", "An article needs a title")
        await pilot.press("escape")
        await open_article(app, pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"zz", "backspace", "backspace")
        app.screen.query_one("#picker-labels").clear_options()
        await pilot.press("enter")
        assert notices(app)[-1] == ("warning", "Type a label name")
        await pilot.press("escape", "x")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "tags.csv")
        await pilot.press("ctrl+o")
        await until(pilot, lambda: not isinstance(app.screen, ExportDialog), "the export")
        assert notices(app)[-1][1].startswith("Exported ")
        await drawn_toasts(app, pilot)
        assert app.is_running


async def test_a_failing_worker_is_shown_and_the_app_carries_on(library_path, tmp_path):
    # A library path under a plain file cannot be opened: each screen's worker fails.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    bad = blocker / "library.db"
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        for screen in (SpeakersScreen(bad), OverviewScreen(bad)):
            before = len(notices(app))
            app.push_screen(screen)
            await until(pilot, lambda before=before: len(notices(app)) > before, "the failure to be shown")
            assert notices(app)[-1][0] == "error"
            assert app.is_running and app.screen is screen
            await pilot.press("escape")
        search = SearchScreen(bad, "troops")
        app.push_screen(search)
        await until(pilot, lambda: search.query("#search-status"), "the search screen")
        status = search.query_one("#search-status", Label)
        await until(pilot, lambda: "Cannot search" in str(status.render()), "the search failure")
        assert app.is_running
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_the_tagging_notices_render(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await open_article(app, pilot)
        await pilot.press("g", "v")
        assert notices(app)[-1][1].startswith("Selecting from here")
        await pilot.press("v")
        assert notices(app)[-1][1] == "Selection cancelled"
        await pilot.press("e")
        assert notices(app)[-1][1].startswith("No tag here")
        await pilot.press("d")
        assert notices(app)[-1][1] == "No tag here"
        await pilot.press("u")
        assert notices(app)[-1][1] == "Nothing to undo"
        await pilot.press("t")
        assert isinstance(app.screen, TagPicker)
        await pilot.press("1")
        await until(pilot, lambda: notices(app)[-1][1].startswith("Tagged "), "the tag")
        await pilot.press("d")
        assert notices(app)[-1][1].startswith("Deleted ") and "(u undoes)" in notices(app)[-1][1]
        await pilot.press("u")
        assert notices(app)[-1][1] == "Undone: tag restored (ctrl+r redoes)"
        await pilot.press("y")
        await until(
            pilot, lambda: notices(app)[-1][1].startswith("Copied") or notices(app)[-1][0] == "error", "the copy"
        )
        toasts = await drawn_toasts(app, pilot)
        assert toasts and app.is_running
