"""Asking before an article is removed, and offering to export its tags first."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from reader.text.plural import plural
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible


class Removal(Enum):
    REMOVE = "remove"
    EXPORT_AND_REMOVE = "export and remove"


class ConfirmRemoveDialog(ReportsFailures, ModalScreen[Removal | None]):
    """Remove (r), export the tags then remove (e), or keep the article (escape, n)."""

    BINDINGS = [
        Binding("r", "remove", "Remove", id="confirm.remove"),
        Binding("e", "export_and_remove", "Export tags, then remove", id="confirm.export-and-remove"),
        Binding("escape,n", "cancel", "Cancel", id="confirm.cancel"),
        Binding("left", "app.focus_previous", "Previous button", show=False, id="confirm.app-focus-previous"),
        Binding("right", "app.focus_next", "Next button", show=False, id="confirm.app-focus-next"),
    ]

    def __init__(self, title: str, tags: int, export_path: Path) -> None:
        super().__init__()
        self.article_title = title
        self.tags = tags
        self.export_path = export_path

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            heading = Text("Remove “", style="bold", end="")
            heading.append(visible(self.article_title or "Untitled"))
            heading.append("” from the library?")
            yield Label(heading, id="confirm-question")
            if self.tags:
                body = Text(
                    f"It has {plural(self.tags, 'tag')}: they go with it, unless exported first (e), as JSON "
                    "lines that `reader import-tags` reads back, to\n"
                )
                body.append(visible(str(self.export_path)), style="italic")
            else:
                body = Text("It has no tags. Its analysis goes with it; adding the file again brings it back.")
            yield Label(body, id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button("Remove (r)", variant="error", id="confirm-remove")
                if self.tags:
                    yield Button("Export and remove (e)", variant="warning", id="confirm-export")
                yield Button("Cancel (esc)", variant="primary", id="confirm-cancel")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.tags) if action == "export_and_remove" else True

    def on_mount(self) -> None:
        # Cancel has the focus: Enter pressed out of habit keeps the article.
        self.query_one("#confirm-cancel", Button).focus()

    @on(Button.Pressed, "#confirm-remove")
    def remove_pressed(self) -> None:
        self.action_remove()

    @on(Button.Pressed, "#confirm-export")
    def export_pressed(self) -> None:
        self.action_export_and_remove()

    @on(Button.Pressed, "#confirm-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_remove(self) -> None:
        self.dismiss(Removal.REMOVE)

    def action_export_and_remove(self) -> None:
        self.dismiss(Removal.EXPORT_AND_REMOVE)

    def action_cancel(self) -> None:
        self.dismiss(None)
