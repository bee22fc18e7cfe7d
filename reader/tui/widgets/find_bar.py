"""The find bar under the article (`/` or ctrl+f): type to find, Enter for the next match, Escape leaves.

The bar finds in the text it is given (case-insensitive, as you type) and posts what it found;
the reader screen moves the cursor and draws the matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from reader.tui.resilient import ReportsFailures


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Every stretch of `text` that reads `query`, ignoring case; runs of spaces match any space."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


class FindBar(ReportsFailures, Horizontal):
    """A query box and a count ("3 of 12"); shown by `open()`, hidden on Escape."""

    BINDINGS = [
        Binding(
            "enter", "step(1)", "Next match", priority=True, id="find-bar.enter-next"
        ),  # before the box's own Enter
        Binding("escape", "close", "Close find", id="find-bar.close"),
        Binding("down,ctrl+g,f3", "step(1)", "Next match", priority=True, id="find-bar.step-next"),
        Binding("up,shift+enter,shift+f3", "step(-1)", "Previous match", priority=True, id="find-bar.step-previous"),
    ]

    @dataclass
    class Found(Message):
        """The matches changed or the current one moved (`current` is None when nothing matches)."""

        bar: FindBar
        matches: tuple[tuple[int, int], ...]
        current: int | None

    @dataclass
    class Closed(Message):
        bar: FindBar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.origin = 0
        self.matches: tuple[tuple[int, int], ...] = ()
        self.current: int | None = None

    def compose(self) -> ComposeResult:
        yield Label("Find:", id="find-label")
        yield Input(placeholder="words in this article", id="find-query")
        yield Label("", id="find-count")

    def open(self, text: str, origin: int) -> None:
        """Show the bar for `text`, finding from character `origin` (the cursor) onwards."""
        self.text, self.origin = text, origin
        self.display = True
        box = self.query_one("#find-query", Input)
        box.focus()
        self._find(box.value)

    @on(Input.Changed, "#find-query")
    def query_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._find(event.value)

    def _find(self, query: str) -> None:
        self.matches = tuple(find_all(self.text, query))
        # Incremental: the first match at or after where the find started.
        self.current = next(
            (i for i, (start, _) in enumerate(self.matches) if start >= self.origin), 0 if self.matches else None
        )
        self._report()

    def action_step(self, step: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        current = self.current if self.current is not None else -step
        self.current = (current + step) % len(self.matches)
        self._report()

    def _report(self) -> None:
        count = self.query_one("#find-count", Label)
        query = self.query_one("#find-query", Input).value
        if self.current is None:
            count.update(Text("no match" if query.strip() else "", style="bold red" if query.strip() else ""))
        else:
            count.update(Text(f"{self.current + 1} of {len(self.matches)}"))
        self.post_message(self.Found(self, self.matches, self.current))

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed(self))
