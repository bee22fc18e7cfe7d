"""Checked and unchecked boxes look different, in the dark and the light theme."""

from __future__ import annotations

import pytest
from app_support import BLINKEN, SIZE, open_article, until
from textual.widgets import Checkbox

from reader.tui.app import ReaderApp
from reader.tui.screens.export_dialog import ExportDialog


def button_look(box: Checkbox) -> tuple:
    """(glyph colour, background, bold) of the box's button cell, as drawn."""
    segments = [s for s in box.render_line(box.size.height // 2) if s.text == Checkbox.BUTTON_INNER]
    assert segments, "the button is drawn"
    style = segments[0].style
    return style.color, style.bgcolor, bool(style.bold)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_checked_and_unchecked_boxes_differ(frozen_library_path, theme):
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await open_article(app, pilot, BLINKEN)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        await pilot.pause()
        unchecked = app.screen.query_one("#export-article", Checkbox)
        checked = app.screen.query_one("#export-neutralise", Checkbox)
        assert (unchecked.value, checked.value) == (False, True)
        off, on = button_look(unchecked), button_look(checked)
        # Unchecked: an empty box (its mark in the box's own colour); checked: a visible bold mark.
        assert off[0] == off[1] and not off[2]
        assert on[0] != on[1] and on[2]
        assert on[1] != off[1]
        # Toggling one swaps its look.
        unchecked.focus()
        await pilot.press("space")
        await pilot.pause()
        assert unchecked.value and button_look(unchecked) == on
