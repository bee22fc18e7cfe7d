"""Editing a tag's note (`e`): several lines allowed; returns the new note, or None if cancelled."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible


class NoteEditor(ReportsFailures, ModalScreen[str | None]):
    """The note of one tag, shown under the tagged words; Ctrl+S saves, Enter starts a new line,
    Escape cancels. (Enter does not save: most terminals send Shift+Enter as a plain Enter, so
    there would be no way to write a second line.)"""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note-editor.save"),
        Binding("ctrl+o", "save", "Save", show=False, id="note-editor.save-ctrl-o"),  # the key this dialog had first
        Binding("escape", "cancel", "Cancel", id="note-editor.cancel"),
    ]

    def __init__(self, note: str, excerpt: str = "", label: str = "") -> None:
        super().__init__()
        self.note = note
        self.excerpt = excerpt
        self.label = label

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="note-editor", classes="tags-dialog", can_focus=False):
            title = Text("Note", style="bold")
            if self.label:
                title.append(f" · {visible(self.label)}", style="")
            yield Label(title, classes="dialog-title")
            if self.excerpt:
                words = visible(self.excerpt).split()
                snippet = " ".join(words[:40]) + (" …" if len(words) > 40 else "")
                yield Static(Text(snippet, style="italic"), id="note-excerpt")
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("Ctrl+S save · Enter new line · Esc cancel", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-text", TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
