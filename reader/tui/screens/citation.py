"""Showing a citation whose copy may not have reached a clipboard, selectable to copy by hand."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from reader.tui.resilient import ReportsFailures


class CitationDialog(ReportsFailures, ModalScreen[None]):
    """The citation in a read-only text area, all selected; Escape or Enter closes."""

    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="citation.close"),
    ]

    def __init__(self, cited: str, why: str) -> None:
        super().__init__()
        self.cited = cited
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(id="citation-dialog"):
            yield Label(self.why, id="citation-why", markup=False)
            yield TextArea(self.cited, read_only=True, soft_wrap=True, show_line_numbers=False, id="citation-text")
            with Horizontal(id="citation-buttons"):
                yield Button("Close", variant="primary", id="citation-close")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()

    @on(Button.Pressed, "#citation-close")
    def close_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)
