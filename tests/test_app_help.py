"""`?` (or F1, also from a text box) lists every key that works where the focus is, grouped."""

from __future__ import annotations

from app_support import SIZE, open_article, until

from reader.tui.app import ReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.search import SearchScreen


async def help_rows(app, pilot, key: str = "question_mark") -> dict[tuple[str, str], str]:
    """(group, description) -> keys, as the help screen lists them; the help is closed again."""
    await pilot.press(key)
    assert isinstance(app.screen, HelpScreen)
    rows = {(entry.group, entry.description): entry.keys for entry in app.screen.entries}
    await pilot.press("escape")
    assert not isinstance(app.screen, HelpScreen)
    return rows


async def test_help_in_the_reader_lists_the_focused_places_keys_first(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await open_article(app, pilot)
        rows = await help_rows(app, pilot)
        assert rows[("Article text", "Next sentence")] == "j ↓"
        assert rows[("Reader", "Find")] == "/ ^f"
        assert rows[("Reader", "Tags panel")] == "T"  # not in the footer, still in the help
        assert rows[("Everywhere", "Help")] == "? f1"
        groups = list(dict.fromkeys(group for group, _ in rows))
        assert groups == ["Article text", "Reader", "Everywhere"]
        # In a panel: its own keys, j/k merged with the arrows, come first.
        await pilot.press("a")
        rows = await help_rows(app, pilot)
        assert next(iter(rows))[0] == "Actors panel"
        assert rows[("Actors panel", "Their quotes")] == "f"
        assert "j" in rows[("Actors panel", "Down")].split()
        assert ("Reader", "Next quote") in rows


async def test_help_from_the_find_box_lists_its_keys(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        reader = await open_article(app, pilot)
        await pilot.press("slash", *"korea")
        rows = await help_rows(app, pilot, "f1")  # ? would be typed into the box
        assert "⏎" in rows[("Find bar", "Next match")].split()
        assert "↑" in rows[("Find bar", "Previous match")].split()
        assert rows[("Find bar", "Close find")] == "esc"
        assert reader.query_one("#find-query").value == "korea"


async def test_help_from_the_search_box_lists_enter(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        rows = await help_rows(app, pilot, "f1")
        assert rows[("Search", "Open the highlighted hit")] == "⏎"
        assert rows[("Search", "Back")] == "esc"
