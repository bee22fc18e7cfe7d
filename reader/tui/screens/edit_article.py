"""Editing an article's title, source, URL, byline and published date; returns the new values,
or None if cancelled."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from reader.text.meta import published_date
from reader.tui.resilient import ReportsFailures


@dataclass(frozen=True)
class ArticleEdit:
    title: str
    source: str
    url: str | None = None
    byline: str | None = None
    published: str | None = None  # YYYY-MM-DD


FIELDS = (("title", "Title"), ("source", "Source"), ("url", "URL"), ("byline", "Byline"), ("published", "Published"))


class EditArticleDialog(ReportsFailures, ModalScreen[ArticleEdit | None]):
    """Title, source, URL, byline and date of one article; Enter saves, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="edit-article.cancel"),
        Binding("ctrl+o", "save", "Save", id="edit-article.save"),
    ]

    def __init__(
        self, title: str, source: str, url: str | None = None, byline: str | None = None, published: str | None = None
    ) -> None:
        super().__init__()
        self.initial = ArticleEdit(title, source, url, byline, published)

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog"):
            for name, caption in FIELDS:
                with Horizontal(classes="edit-row"):
                    yield Label(caption, classes="edit-label")
                    placeholder = "YYYY-MM-DD, or 4 November 2024" if name == "published" else ""
                    yield Input(
                        getattr(self.initial, name) or "", id=f"edit-{name}", compact=True, placeholder=placeholder
                    )
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

    def _value(self, name: str) -> str:
        # One line each: a newline pasted into a title would break every list it appears in.
        return " ".join(self.query_one(f"#edit-{name}", Input).value.split())

    def action_save(self) -> None:
        title = self._value("title")
        if not title:
            self.notify("An article needs a title", severity="error")
            self.query_one("#edit-title", Input).focus()
            return
        written = self._value("published")
        published = published_date([written]) if written else None
        if written and published is None:
            self.notify("A published date needs its day, month and year, e.g. 2024-11-04", severity="error")
            self.query_one("#edit-published", Input).focus()
            return
        self.dismiss(
            ArticleEdit(
                title, self._value("source"), self._value("url") or None, self._value("byline") or None, published
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
