"""The Quotes panel: each quoted statement with its speaker; Enter moves the cursor to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from reader.counts import count_quotes
from reader.tui.messages import QuoteChosen
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible
from reader.tui.widgets.list_keys import OPTION_LIST_KEYS

OPENING_MARKS = "“\"‘'«‹„‚"
CLOSING_MARKS = "”\"’'»›“‘"


class QuotesPanel(ReportsFailures, OptionList):
    """The article's statements, optionally only one speaker's; follows the reader's cursor."""

    BINDINGS = [*OPTION_LIST_KEYS, Binding("E", "open_echo", "Echoes (the same words elsewhere)", show=False)]

    @dataclass
    class EchoRequested(Message):
        """Show the echo group of the quote at `index` in the analysis record."""

        index: int

    echoes: dict[int, dict[str, Any]] = {}
    """Record index -> its echo (`reader.store.echoes.article_echoes`), set before `quotes`."""

    article_text: str = ""
    """The article's text, set before `quotes`: each quote is shown inside its own marks from it."""

    quotes: reactive[tuple[tuple[int, dict[str, Any]], ...]] = reactive((), always_update=True)
    """(index in the analysis record, quote) pairs, in text order."""
    speaker: reactive[str | None] = reactive(None)
    """Show only this speaker's quotes (None shows all)."""
    current: reactive[int | None] = reactive(None)
    """The record index of the quote under the reader's cursor."""

    _stale = False  # the rows wait until the panel is shown: a long article has thousands (seconds)

    def watch_quotes(self) -> None:
        self._fill()

    def watch_speaker(self) -> None:
        self._fill()

    def watch_current(self, index: int | None) -> None:
        if index is None:
            return
        try:
            self.highlighted = self.get_option_index(str(index))
        except OptionDoesNotExist:
            return

    def on_show(self) -> None:
        if self._stale:
            self._fill()
            if self.has_focus and self.highlighted is None and self.option_count:
                self.highlighted = 0  # so that the first Enter acts on a row
        super().on_show()

    def _fill(self) -> None:
        shown = [(i, q) for i, q in self.quotes if self.speaker is None or q.get("speaker") == self.speaker]
        # Options are parts (each a place to go); the title counts statements, split ones once.
        total = count_quotes(q for _, q in self.quotes).statements
        self.border_title = (
            f"Statements ({count_quotes(q for _, q in shown).statements}/{total}) · {visible(self.speaker)}"
            if self.speaker
            else f"Statements ({total})"
        )
        self._stale = not all(node.display for node in self.ancestors_with_self if isinstance(node, Widget))
        if self._stale:
            self.clear_options()  # no rows of the article before
            return
        self.set_options(Option(self._prompt(q, self.article_text, self.echoes.get(i)), id=str(i)) for i, q in shown)
        self.watch_current(self.current)

    @staticmethod
    def _prompt(quote: dict[str, Any], article_text: str = "", echo: dict[str, Any] | None = None) -> Text:
        prompt = Text(end="")
        speaker = quote.get("speaker")
        prompt.append(
            visible(" ".join(speaker.split())) if speaker else "unattributed", style="bold" if speaker else "dim italic"
        )
        if quote.get("cue"):
            prompt.append(f" {visible(quote['cue'])}", style="dim")
        if echo:
            outlets = len(echo["outlets"]) + echo["more"]
            prompt.append(f"  ↻ also quoted by {outlets} outlet{'s' * (outlets != 1)} (E)", style="dim")
            if echo["speakers_differ"]:
                prompt.append(" · other speaker!", style="bold reverse")
        words = visible(quote.get("text", "")).split()
        snippet = " ".join(words[:24]) + (" …" if len(words) > 24 else "")
        # The article's own marks (straight, single, curly or none), not curly doubles made up here.
        start, end = quote.get("start", 0), quote.get("end", 0)
        opening = (
            article_text[start - 1]
            if 0 < start <= len(article_text) and article_text[start - 1] in OPENING_MARKS
            else ""
        )
        closing = article_text[end] if 0 <= end < len(article_text) and article_text[end] in CLOSING_MARKS else ""
        prompt.append(f"\n{visible(opening)}{snippet}{visible(closing)}", style="italic")
        return prompt

    def action_open_echo(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id is not None:
            self.post_message(self.EchoRequested(int(option.id)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None
        self.post_message(QuoteChosen(int(event.option.id)))
