"""Asking before a claim goes with its links."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible


class DeleteClaimDialog(ReportsFailures, ModalScreen[bool]):
    """Delete (d) or keep (escape, n) a claim; dismisses with True to delete."""

    BINDINGS = [
        Binding("d", "delete", "Delete"),
        Binding("escape,n", "cancel", "Cancel"),
    ]

    def __init__(self, name: str, links: int) -> None:
        super().__init__()
        self.claim_name = name
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="delete-claim", classes="claims-dialog"):
            heading = Text("Delete the claim “", style="bold", end="")
            heading.append(visible(self.claim_name))
            heading.append("”?")
            yield Label(heading, classes="dialog-title")
            yield Label(
                Text(
                    f"Its {self.links} link{'s' * (self.links != 1)} go with it: the tags made by "
                    "accepting suggestions are deleted, your own tags stay (without the claim)."
                ),
                id="delete-claim-detail",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete (d)", variant="error", id="delete-claim-yes")
                yield Button("Cancel (esc)", variant="primary", id="delete-claim-no")

    def on_mount(self) -> None:
        self.query_one("#delete-claim-no", Button).focus()

    @on(Button.Pressed, "#delete-claim-yes")
    def action_delete(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#delete-claim-no")
    def action_cancel(self) -> None:
        self.dismiss(False)
