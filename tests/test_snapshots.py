"""Pictures of the library, reader and help screens at fixed sizes (pytest-textual-snapshot).

The library holds the seeds with analyses frozen from the real pipeline (tests/app_frozen_seeds.json),
so the pictures change when the interface does, not when the pipeline improves.
"""

from __future__ import annotations

from app_support import BLINKEN, SIZE, open_article

from reader.tui.app import ReaderApp


def opened(title_start: str, *keys: str, theme: str | None = None):
    """A run_before that opens an article and presses keys in it."""

    async def run_before(pilot) -> None:
        app = pilot.app
        if theme:
            app.theme = theme
        await app.workers.wait_for_complete()
        await open_article(app, pilot, title_start)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


async def settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_library(snap_compare, frozen_library_path):
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SIZE, run_before=settled)


def test_library_small_terminal_sorted_by_quotes(snap_compare, frozen_library_path):
    assert snap_compare(ReaderApp(frozen_library_path), press=["s", "s", "s", "s", "S"], terminal_size=(80, 24), run_before=settled)


def test_reader_with_actors_panel_on_a_quote(snap_compare, frozen_library_path):
    run_before = opened(BLINKEN, "n", "a")
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SIZE, run_before=run_before)


def test_reader_light_theme_with_quotes_panel(snap_compare, frozen_library_path):
    run_before = opened("At least 3,000", "n", "n", "o", theme="textual-light")
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SIZE, run_before=run_before)


def test_reader_small_terminal(snap_compare, frozen_library_path):
    run_before = opened(BLINKEN, "j", "j", "j", "a")
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=(80, 24), run_before=run_before)


def test_help_on_the_reader(snap_compare, frozen_library_path):
    run_before = opened(BLINKEN, "question_mark")
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SIZE, run_before=run_before)
