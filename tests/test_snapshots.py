"""Pictures of the library, reader and help screens at fixed sizes (pytest-textual-snapshot).

The library holds the seeds with analyses frozen from the real pipeline (tests/app_frozen_seeds.json),
so the pictures change when the interface does, not when the pipeline improves.
"""

from __future__ import annotations

from app_support import BLINKEN, SIZE, open_article, until

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
    assert snap_compare(
        ReaderApp(frozen_library_path), press=["s", "s", "s", "s", "S"], terminal_size=(80, 24), run_before=settled
    )


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


# 80×24, a common SSH terminal: every dialog shows its words and buttons, the footer its main keys.
SMALL = (80, 24)


def test_library_small_terminal(snap_compare, frozen_library_path):
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SMALL, run_before=settled)


def test_reader_small_terminal_on_the_article(snap_compare, frozen_library_path):
    run_before = opened("At least 3,000", "n")
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SMALL, run_before=run_before)


def test_tag_picker_small_terminal(snap_compare, frozen_library_path):
    run_before = opened("At least 3,000", "n", "n", "t")
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SMALL, run_before=run_before)


def test_export_dialog_small_terminal(snap_compare, frozen_library_path, monkeypatch):
    monkeypatch.chdir("/")  # the default file is in the working folder: one the picture can show
    run_before = opened("At least 3,000", "x")
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SMALL, run_before=run_before)


def indexed(path):
    """The frozen library's quotes and sentences indexed, as analysing them does: its connection."""
    from reader.nlp.model import pipeline_id
    from reader.store import open_db
    from reader.store.articles import get_analysis, list_articles
    from reader.store.search import index_analysis

    db = open_db(path)
    for row in list_articles(db, pipeline_id()):
        index_analysis(db, row["id"], get_analysis(db, row["id"], pipeline_id()))
    return db


async def listed(pilot, key: str, list_id: str, what: str) -> None:
    """Press `key`, and wait until the list `list_id` of the screen it opens has rows."""
    await pilot.app.workers.wait_for_complete()
    await pilot.press(key)
    await until(
        pilot,
        lambda: pilot.app.screen.query(list_id) and pilot.app.screen.query_one(list_id).option_count,
        what,
    )
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_speakers_small_terminal(snap_compare, frozen_library_path):
    indexed(frozen_library_path).close()

    async def run_before(pilot) -> None:
        await listed(pilot, "w", "#speaker-quotes", "the speakers")
        # The quotes pane starts at its top, however far a slow machine let it scroll first.
        quotes = pilot.app.screen.query_one("#speaker-quotes")
        quotes.scroll_home(animate=False)
        await pilot.wait_for_scheduled_animations()
        await until(pilot, lambda: quotes.scroll_y == 0, "the quotes pane at its top")
        await pilot.pause()
        quotes.scroll_home(animate=False)  # a late layout may have scrolled it again: home once more
        await pilot.pause()

    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SMALL, run_before=run_before)


def test_find_bar_small_terminal(snap_compare, frozen_library_path):
    run_before = opened("North Korea will support", "slash", *"korea", "enter")
    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SMALL, run_before=run_before)


def test_claims_small_terminal(snap_compare, frozen_library_path):
    """The Claims screen at 80×24 with a claim and the suggestions the seeds hold for it."""
    from reader.store.claims import add_claim

    db = indexed(frozen_library_path)
    add_claim(db, "North Korean troops are in Russia")
    db.close()

    async def run_before(pilot) -> None:
        await listed(pilot, "C", "#claim-suggestions", "the suggestions")

    assert snap_compare(ReaderApp(frozen_library_path), terminal_size=SMALL, run_before=run_before)
