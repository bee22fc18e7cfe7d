"""The help screen: every key of the screen it was opened from, generated from the bindings."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.resilient import ReportsFailures


@dataclass(frozen=True)
class KeyHelp:
    """One line of help: where the key works, how it is written, what it does."""

    group: str
    keys: str
    description: str


class HelpScreen(ReportsFailures, ModalScreen[None]):
    """Lists the keys, grouped by where they work; any of Escape, `q` or `?` closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.dismiss"),
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="help.scroll-down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="help.scroll-up"),
    ]

    def __init__(self, title: str, entries: list[KeyHelp], legend: Text | None = None) -> None:
        super().__init__()
        self.help_title = title
        self.entries = entries
        self.legend = legend

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = f"Keys · {self.help_title}"
            body.border_subtitle = "Esc closes"
            yield Static(self._table(), id="help-keys")

    def _table(self) -> Text:
        width = max((len(entry.keys) for entry in self.entries), default=4) + 2
        text = Text(end="")
        if self.legend:
            text.append("Colours\n", style="bold underline")
            text.append("  ")
            text.append_text(self.legend)
            text.append("\n\n")
        group = None
        for entry in self.entries:
            if entry.group != group:
                if group is not None:
                    text.append("\n")
                text.append(f"{entry.group}\n", style="bold underline")
                group = entry.group
            text.append(f"  {entry.keys:<{width}}", style="bold")
            text.append(f"{entry.description}\n")
        return text

    def action_scroll_down(self) -> None:
        self.query_one("#help-body").scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-body").scroll_up()
