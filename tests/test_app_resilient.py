"""The app must not die (issue 9): a handler or an action that fails is shown in the app, and the
app, and the screen or widget whose handler failed, keep working."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

import pytest
from app_support import SIZE, until
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.widgets.option_list import Option

import reader.tui
from reader.tui.app import ReaderApp
from reader.tui.resilient import ReportsFailures
from reader.tui.screens.library import LibraryScreen
from reader.tui.widgets.article_table import ArticleTable
from reader.tui.widgets.row_list import RowList


def failures(app) -> list[tuple[str, str]]:
    """(title, message) of every error notification shown, oldest first."""
    return [(n.title, n.message) for n in app._notifications if n.severity == "error"]


async def test_a_failing_key_is_a_notification_and_the_keys_after_it_work(library_path, tmp_path, monkeypatch):
    # A real failure from a key: the screenshot folder is under a plain file, so ctrl+s cannot write.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("READER_SCREENSHOTS", str(blocker / "shots"))
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        library = app.screen
        await pilot.press("ctrl+s")
        await until(pilot, lambda: failures(app), "the failure")
        title, message = failures(app)[-1]
        assert title == "Failed: NotADirectoryError"
        assert "Not a directory" in message and str(blocker) in message
        assert app.is_running and app.screen is library
        # The keys after it work, in the same screen.
        table = library.query_one(ArticleTable)
        await pilot.press("s")
        assert library.sort_key is not None
        await pilot.press("slash", *"blinken")
        await until(pilot, lambda: table.row_count == 1, "the filter")
        monkeypatch.setenv("READER_SCREENSHOTS", str(tmp_path))
        await pilot.press("escape", "ctrl+s")
        assert app._notifications and list(app._notifications)[-1].title == "Screenshot saved"
        assert list(tmp_path.glob("*.svg"))


class OpeningOn(ReaderApp):
    """The real app, opening on the screen given instead of the library."""

    def __init__(self, db_path, first: Callable[[], Screen]) -> None:
        super().__init__(db_path)
        self.first = first

    def get_default_screen(self) -> Screen:
        return self.first()


class Boom(Message):
    """Asks the screen to run the handler that fails."""


class FailingLibrary(LibraryScreen):
    """The real library screen with one more key, whose message handler fails (in the screen's
    own message loop, not the app's)."""

    BINDINGS = [Binding("F", "fail", "Fail", id="test.fail")]
    handled = 0

    def action_fail(self) -> None:
        self.post_message(Boom())

    @on(Boom)
    def fail(self) -> None:
        self.handled += 1
        raise KeyError(f"no row {self.handled}")


async def test_a_failing_screen_handler_leaves_the_screen_working(library_path):
    app = OpeningOn(library_path, FailingLibrary)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, FailingLibrary)
        await pilot.press("F")
        await until(pilot, lambda: failures(app), "the failure")
        assert failures(app)[-1] == ("Failed: KeyError", "'no row 1'")
        # The screen handles its messages still: the filter box's changes reach its handler,
        await pilot.press("slash", *"blinken")
        await until(pilot, lambda: screen.filter_text == "blinken", "the filter")
        assert screen.query_one(ArticleTable).row_count == 1
        # and the failing handler runs again, failing again, shown again.
        await pilot.press("escape", "F")
        await until(pilot, lambda: len(failures(app)) == 2, "the second failure")
        assert failures(app)[-1] == ("Failed: KeyError", "'no row 2'")
        assert app.is_running and app.screen is screen


class FlakyList(RowList):
    """A real list widget whose own handler fails on its second row."""

    seen: list[int]

    def on_option_list_option_highlighted(self, event: RowList.OptionHighlighted) -> None:
        self.seen.append(event.option_index)
        if event.option_index == 1:
            raise ValueError("row 1 [b]is[/b] broken")


class ListScreen(Screen):
    """A screen with a typed box too, to prove no typing is lost."""

    def compose(self) -> ComposeResult:
        rows = FlakyList(*(Option(f"row {n}") for n in range(4)), id="rows")
        rows.seen = []
        yield rows
        yield Input(id="box")
        yield Footer()


async def test_a_failing_widget_handler_leaves_the_widget_working(library_path):
    app = OpeningOn(library_path, ListScreen)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        box = app.screen.query_one("#box", Input)
        box.focus()
        await pilot.press(*"unsaved words")
        rows = app.screen.query_one(FlakyList)
        rows.focus()
        rows.highlighted = 0
        await pilot.press("j")
        await until(pilot, lambda: failures(app), "the failure")
        # The message is shown as written, never read as markup.
        assert failures(app)[-1] == ("Failed: ValueError", "row 1 [b]is[/b] broken")
        await pilot.press("j", "j")
        await until(pilot, lambda: rows.seen[-1:] == [3], "the list to move on")
        assert rows.highlighted == 3 and rows.seen == [0, 1, 2, 3]
        assert box.value == "unsaved words" and app.is_running


class BrokenAtStart(LibraryScreen):
    def on_mount(self) -> None:
        raise RuntimeError("a bug while starting")


async def test_a_bug_while_starting_still_ends_the_app(library_path):
    app = OpeningOn(library_path, BrokenAtStart)
    with pytest.raises(RuntimeError, match="a bug while starting"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
    assert app.return_code == 1 and not failures(app)


def test_every_screen_and_widget_of_ours_reports_its_failures():
    """The mixin is on every Screen and Widget class in reader.tui (a new one must have it too)."""
    missing = []
    for module_info in pkgutil.walk_packages(reader.tui.__path__, "reader.tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, Widget) and not issubclass(cls, ReportsFailures):
                missing.append(f"{cls.__module__}.{cls.__qualname__}")
    assert not missing
    assert issubclass(ReaderApp, ReportsFailures)
