"""Editing an article's title and source; returns the new values, or None if cancelled."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label



@dataclass(frozen=True)
class ArticleEdit:
    title: str
    source: str


class EditArticleDialog(ModalScreen[ArticleEdit | None]):
    """Title and source of one article; Enter saves, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+o", "save", "Save"),
    ]

    def __init__(self, title: str, source: str) -> None:
        super().__init__()
        self.initial = ArticleEdit(title, source)

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog"):
            yield Label("Title", classes="edit-label")
            yield Input(self.initial.title, id="edit-title")
            yield Label("Source", classes="edit-label")
            yield Input(self.initial.source, id="edit-source")
            with Horizontal(id="edit-buttons"):
                yield Button("Save", variant="primary", id="edit-save")
                yield Button("Cancel", id="edit-cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-title", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#edit-save")
    def submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        # One line each: a newline pasted into a title would break every list it appears in.
        title = " ".join(self.query_one("#edit-title", Input).value.split())
        source = " ".join(self.query_one("#edit-source", Input).value.split())
        if not title:
            self.notify("An article needs a title", severity="error")
            self.query_one("#edit-title", Input).focus()
            return
        self.dismiss(ArticleEdit(title, source))

    def action_cancel(self) -> None:
        self.dismiss(None)
