"""Every speaker across the library, and everything the highlighted one is quoted as saying."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from reader.service import Library, LibrarySource
from reader.text.plural import plural
from reader.tui.messages import OpenArticle
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import cell, visible
from reader.tui.widgets.row_list import RowList
from reader.tui.widgets.row_table import RowTable


def _count(value: int) -> Text:
    return Text(str(value), justify="right", end="")


def quote_prompt(quote: dict[str, Any]) -> Text:
    """The quote's words, and under them the article it comes from."""
    words = Text(f"“{visible(' '.join(quote['text'].split()))}”", end="")
    if quote["kind"] == "term":
        words.append("  term", style="italic dim")
    source = Text(f"  {visible(quote['title'] or 'Untitled')}", style="dim", no_wrap=True, overflow="ellipsis", end="")
    return Text("\n", end="").join([words, source])


class SpeakersScreen(ReportsFailures, Screen):
    """Speakers with their quote and tag counts; the right pane reads the highlighted one's quotes."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="speakers.back"),
    ]

    rows: reactive[list[dict[str, Any]]] = reactive(list, init=False)
    speaker: reactive[str | None] = reactive(None, init=False)
    quotes: reactive[list[dict[str, Any]]] = reactive(list, init=False)

    def __init__(self, library: Library | LibrarySource) -> None:
        super().__init__()
        self.library = Library.coerce(library)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="speakers-panes"):
            yield RowTable(id="speakers-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="speaker-pane"):
                yield Label("", id="speaker-heading")
                yield RowList(id="speaker-quotes")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Speakers"
        table = self.query_one("#speakers-table", DataTable)
        table.add_column("Speaker", key="speaker")
        for key, header in (("quotes", "Statements"), ("tags", "Tags"), ("articles", "Articles")):
            table.add_column(Text(header, justify="right", end=""), key=key)
        table.focus()
        self.load_speakers()

    @work(thread=True, exclusive=True, group="speakers")
    def load_speakers(self) -> list[dict[str, Any]]:
        return self.library.speakers()

    @work(thread=True, exclusive=True, group="quotes")
    def load_quotes(self, speaker: str) -> tuple[str, list[dict[str, Any]]]:
        return speaker, self.library.quotes_by(speaker)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.SUCCESS:
            return
        if event.worker.group == "speakers":
            self.rows = event.worker.result or []
        elif event.worker.group == "quotes":
            assert event.worker.result is not None
            speaker, quotes = event.worker.result
            if speaker == self.speaker:
                self.quotes = quotes

    def watch_rows(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one("#speakers-table", DataTable)
        table.clear()
        for row in rows:
            table.add_row(
                cell(row["speaker"]),
                _count(row["quotes"]),
                _count(row["tags"]),
                _count(row["articles"]),
                key=row["speaker"],
            )
        self.sub_title = f"Speakers · {len(rows)}"
        if not rows:
            self.query_one("#speaker-heading", Label).update(
                Text("No attributed quotes yet: they appear as articles are analysed.", style="italic")
            )

    @on(DataTable.RowHighlighted, "#speakers-table")
    def speaker_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.speaker = event.row_key.value

    @on(DataTable.RowSelected, "#speakers-table")
    def speaker_selected(self) -> None:
        self.action_focus_quotes()

    def watch_speaker(self, speaker: str | None) -> None:
        if speaker is not None:
            self.load_quotes(speaker)

    def watch_quotes(self, quotes: list[dict[str, Any]]) -> None:
        row = next((r for r in self.rows if r["speaker"] == self.speaker), None)
        heading = Text(visible(self.speaker or ""), style="bold", end="")
        if row:
            heading.append(
                f"  {plural(row['quotes'], 'statement')} · {plural(row['tags'], 'tag')} · "
                f"{plural(row['articles'], 'article')}",
                style="dim",
            )
        self.query_one("#speaker-heading", Label).update(heading)
        pane = self.query_one("#speaker-quotes", OptionList)
        pane.clear_options()
        pane.add_options(Option(quote_prompt(quote), id=str(index)) for index, quote in enumerate(quotes))

    @on(OptionList.OptionSelected, "#speaker-quotes")
    def open_quote(self, event: OptionList.OptionSelected) -> None:
        quote = self.quotes[event.option_index]
        self.post_message(OpenArticle(quote["article_id"], quote["start"]))

    def action_focus_quotes(self) -> None:
        pane = self.query_one("#speaker-quotes", OptionList)
        if pane.option_count:
            pane.focus()
            if pane.highlighted is None:
                pane.highlighted = 0

    def action_back(self) -> None:
        if self.query_one("#speaker-quotes", OptionList).has_focus:
            self.query_one("#speakers-table", DataTable).focus()
        else:
            self.dismiss()
