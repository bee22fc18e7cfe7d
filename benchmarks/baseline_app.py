"""The startup baseline: a minimal Textual app with a header, a list of five items and a footer."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, ListItem, ListView, Static


class BaselineApp(App[None]):
    """What any Textual app pays to start: the same three kinds of widget, no data."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield ListView(*(ListItem(Static(f"Article {n}")) for n in range(5)))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ListView).focus()
