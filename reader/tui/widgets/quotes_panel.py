"""The Quotes panel: each quoted statement with its speaker; Enter moves the cursor to it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from reader.tui.messages import QuoteChosen
from reader.tui.untrusted import visible
from reader.tui.widgets.list_keys import OPTION_LIST_KEYS


class QuotesPanel(OptionList):
    """The article's statements, optionally only one speaker's; follows the reader's cursor."""

    BINDINGS = OPTION_LIST_KEYS

    quotes: reactive[tuple[tuple[int, dict[str, Any]], ...]] = reactive((), always_update=True)
    """(index in the analysis record, quote) pairs, in text order."""
    speaker: reactive[str | None] = reactive(None)
    """Show only this speaker's quotes (None shows all)."""
    current: reactive[int | None] = reactive(None)
    """The record index of the quote under the reader's cursor."""

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

    def _fill(self) -> None:
        shown = [(i, q) for i, q in self.quotes if self.speaker is None or q.get("speaker") == self.speaker]
        self.set_options(Option(self._prompt(q), id=str(i)) for i, q in shown)
        total = len(self.quotes)
        self.border_title = (
            f"Quotes ({len(shown)}/{total}) · {visible(self.speaker)}" if self.speaker else f"Quotes ({total})"
        )
        self.watch_current(self.current)

    @staticmethod
    def _prompt(quote: dict[str, Any]) -> Text:
        prompt = Text(end="")
        speaker = quote.get("speaker")
        prompt.append(visible(" ".join(speaker.split())) if speaker else "unattributed", style="bold" if speaker else "dim italic")
        if quote.get("cue"):
            prompt.append(f" {visible(quote['cue'])}", style="dim")
        words = visible(quote.get("text", "")).split()
        snippet = " ".join(words[:24]) + (" …" if len(words) > 24 else "")
        prompt.append(f"\n“{snippet}”", style="italic")
        return prompt

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(QuoteChosen(int(event.option.id)))
