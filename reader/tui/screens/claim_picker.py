"""Choosing the claim (new or existing) and the stance for words in the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from reader.errors import ReaderError
from reader.service import STANCES, Library, LibrarySource
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible


@dataclass(frozen=True)
class ClaimChoice:
    name: str
    stance: str


class ClaimPicker(ReportsFailures, ModalScreen[ClaimChoice | None]):
    """Type a new claim's name or pick one of the claims (↓), choose the stance; Enter links."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+o", "confirm", "Link to the claim"),
    ]

    def __init__(self, library: Library | LibrarySource, excerpt: str, what: str) -> None:
        super().__init__()
        self.claims = Library.coerce(library).claims.names()
        self.excerpt = excerpt
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="claim-picker", classes="claims-dialog"):
            yield Label(Text(f"Claim carried by this {self.what}", style="bold"), classes="dialog-title")
            yield Static(Text(visible(" ".join(self.excerpt.split())), style="italic"), id="claim-picker-excerpt")
            yield Input(placeholder="A new claim's name, or pick one below", id="claim-name")
            yield OptionList(
                *(Option(Text(visible(name)), id=str(i)) for i, name in enumerate(self.claims)), id="claim-choices"
            )
            yield Select([(s, s) for s in STANCES], value=STANCES[0], allow_blank=False, id="claim-stance")
            yield Static(
                Text("Enter links · ↓ the claims · Tab the stance · Esc cancels", style="dim"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#claim-choices", OptionList).display = bool(self.claims)
        self.query_one("#claim-name", Input).focus()

    def key_down(self) -> None:
        choices = self.query_one("#claim-choices", OptionList)
        if self.query_one("#claim-name", Input).has_focus and choices.option_count:
            choices.focus()
            choices.highlighted = 0

    def _stance(self) -> str:
        value = self.query_one("#claim-stance", Select).value
        return value if isinstance(value, str) else STANCES[0]

    @on(Input.Submitted, "#claim-name")
    def name_given(self) -> None:
        self.action_confirm()

    @on(OptionList.OptionSelected, "#claim-choices")
    def claim_chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(ClaimChoice(self.claims[event.option_index], self._stance()))

    def action_confirm(self) -> None:
        name = " ".join(self.query_one("#claim-name", Input).value.split())
        choices = self.query_one("#claim-choices", OptionList)
        if not name and choices.has_focus and choices.highlighted is not None:
            name = self.claims[choices.highlighted]
        if not name:
            self.app.bell()
            self.notify("Name the claim, or pick one", timeout=3)
            return
        self.dismiss(ClaimChoice(name, self._stance()))

    def action_cancel(self) -> None:
        self.dismiss(None)


def link_from_reader(
    screen: Any, choice: ClaimChoice | None, target: tuple[int, int], tag: dict[str, Any] | None
) -> None:
    """What the reader does with the picker's answer: link the tag, or tag the words and link
    them (undoable like any new tag), then say so."""
    if choice is None:
        return
    start, end = target
    try:
        linked = screen.tagging.library.claims.link_words(
            choice.name,
            screen.article["id"],
            start,
            end,
            choice.stance,
            tag_id=tag["id"] if tag else None,
            record=screen.record,
        )
    except ReaderError as error:
        screen.notify(str(error), severity="error", markup=False)
        return
    if tag is None:
        screen.tagging.tag_undo.added({k: v for k, v in linked.items() if k not in ("claim", "stance")})
    screen.tagging.selection_anchor = None
    screen.tagging.refresh_tags()
    screen.notify(
        f"{visible(linked['claim'])}: {linked['stance']} (saved; C in the library shows the claim)",
        timeout=3,
        markup=False,
    )
