"""Asking before a label is deleted: say how many tags it has, and offer to merge them into another."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible


@dataclass(frozen=True)
class LabelDeletion:
    """What to do with a label's tags: move them to `merge_into`, or (None) delete them with it."""

    merge_into: str | None


class DeleteLabelDialog(ReportsFailures, ModalScreen[LabelDeletion | None]):
    """Delete the label and its tags (d), merge its tags into another label (m), or keep it (Esc)."""

    BINDINGS = [
        Binding("d", "delete", "Delete", id="delete-label.delete"),
        Binding("m", "merge", "Merge into the chosen label", id="delete-label.merge"),
        Binding("escape,n", "cancel", "Cancel", id="delete-label.cancel"),
    ]

    def __init__(self, name: str, tags: int, others: list[str]) -> None:
        super().__init__()
        self.label_name = name
        self.tags = tags
        self.others = others

    def compose(self) -> ComposeResult:
        plural = "s" * (self.tags != 1)
        with VerticalScroll(id="delete-label", classes="tags-dialog", can_focus=False):
            heading = Text("Delete the label “", style="bold", end="")
            heading.append(visible(self.label_name))
            heading.append("”?")
            yield Label(heading, classes="dialog-title")
            if not self.tags:
                yield Label(Text("No tag has it."), id="delete-label-detail")
            else:
                them = "them" if self.tags != 1 else "it"
                detail = Text(
                    f"It has {self.tags} tag{plural}. Delete {them} with the label, or keep {them} "
                    "by merging into another label:"
                )
                yield Label(detail, id="delete-label-detail")
                if self.others:
                    yield Select(
                        [(Text(visible(name)), name) for name in self.others],
                        allow_blank=False,
                        value=self.others[0],
                        id="delete-label-into",
                    )
            with Horizontal(classes="dialog-buttons"):
                if self.tags and self.others:
                    yield Button("Merge into it (m)", variant="primary", id="delete-label-merge")
                yield Button(
                    f"Delete it and its {self.tags} tag{plural} (d)" if self.tags else "Delete (d)",
                    variant="error",
                    id="delete-label-delete",
                )
                yield Button("Cancel (esc)", id="delete-label-cancel")

    def on_mount(self) -> None:
        # The safe choice has the focus: Enter out of habit keeps the tags.
        default = "#delete-label-merge" if self.tags and self.others else "#delete-label-cancel"
        self.query_one(default, Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.tags and self.others) if action == "merge" else True

    @on(Button.Pressed, "#delete-label-merge")
    def merge_pressed(self) -> None:
        self.action_merge()

    @on(Button.Pressed, "#delete-label-delete")
    def delete_pressed(self) -> None:
        self.action_delete()

    @on(Button.Pressed, "#delete-label-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_merge(self) -> None:
        into = self.query_one("#delete-label-into", Select).value
        if isinstance(into, str):
            self.dismiss(LabelDeletion(merge_into=into))

    def action_delete(self) -> None:
        self.dismiss(LabelDeletion(merge_into=None))

    def action_cancel(self) -> None:
        self.dismiss(None)
