"""Dialogs that fit a small terminal (80×24): below a height, their fields lose borders and spacing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.widgets import Button, Checkbox, Input, Select

SHORT = 30
"""Rows below which a dialog is drawn compact (an 80×24 SSH terminal is the common case)."""


if TYPE_CHECKING:
    from textual.screen import ModalScreen

    _Screen = ModalScreen[Any]
else:
    _Screen = object


class FitsSmallTerminal(_Screen):
    """Mixed into a ModalScreen: on a short terminal it gets the `-short` class (its TCSS tightens
    the margins) and its inputs, selects, checkboxes and buttons are drawn compact, one row each,
    so the words being worked on and the buttons stay on screen."""

    def on_mount(self) -> None:
        # Called besides the screen's own on_mount (Textual runs each class's handler in turn).
        self._fit(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        short = height < SHORT
        self.set_class(short, "-short")
        for widget in self.query("Input, Select, Checkbox, Button"):
            if isinstance(widget, (Input, Select, Checkbox, Button)):
                widget.compact = short
