"""Search everything as you type (article text, quotes and speakers, tag notes); Enter opens a hit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from reader.store import open_db
from reader.store.search import query_notice, search
from reader.tui.messages import OpenArticle
from reader.tui.untrusted import visible

SEARCH_LIMIT = 100


def hit_prompt(hit: dict[str, Any]) -> Text:
    """Two lines for a hit: what and where, then the snippet with the matched words marked."""
    head = Text(no_wrap=True, overflow="ellipsis", end="")
    head.append(f"{hit['kind']:<8}", style="bold")
    head.append(visible(hit["title"] or "Untitled"))
    if hit.get("label"):
        head.append(f"  [{visible(hit['label'])}]", style="italic")
    if hit["speaker"]:
        head.append(f"  — {visible(hit['speaker'])}", style="italic")
    snippet = Text("        " + visible(hit["snippet"]), style="dim", end="")
    for start, end in hit["marks"]:
        snippet.stylize("bold reverse", start + 8, end + 8)
    return Text("\n", end="").join([head, snippet])


class SearchScreen(Screen):
    """Type to search the whole library; Enter opens the article at the hit."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+l", "focus_query", "Edit query"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    hits: reactive[list[dict[str, Any]]] = reactive(list, init=False)

    def __init__(self, db_path: str | Path, query: str = "") -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.initial_query = query

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial_query, placeholder="Search text, quotes, speakers, tag notes…  \"a phrase\"  -exclude",
            id="search-query",
        )
        yield Label("", id="search-status")
        yield OptionList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one("#search-query", Input).focus()
        if self.initial_query:
            self.run_search(self.initial_query)

    @on(Input.Changed, "#search-query")
    def query_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#search-query")
    def query_submitted(self) -> None:
        self.action_focus_results()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> tuple[str, list[dict[str, Any]]]:
        db = open_db(self.db_path)
        try:
            return query, search(db, query, limit=SEARCH_LIMIT)
        finally:
            db.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "search" or event.state != WorkerState.SUCCESS:
            return
        query, hits = event.worker.result
        if query == self.query_one("#search-query", Input).value:
            self.hits = hits

    def watch_hits(self, hits: list[dict[str, Any]]) -> None:
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(Option(hit_prompt(hit), id=str(index)) for index, hit in enumerate(hits))
        query = self.query_one("#search-query", Input).value
        status = self.query_one("#search-status", Label)
        capped = query_notice(query)
        notice = f"  ({capped})" if capped else ""
        if not query.strip():
            status.update("")
        elif not hits:
            status.update(Text(f"Nothing matches {visible(query)!r}{notice}", style="italic"))
        else:
            counts = {kind: sum(1 for hit in hits if hit["kind"] == kind) for kind in ("quote", "tag", "article")}
            more = "+" if len(hits) >= SEARCH_LIMIT else ""
            status.update(", ".join(f"{n}{more} {kind}s" for kind, n in counts.items() if n) + notice)

    @on(OptionList.OptionSelected, "#search-results")
    def open_hit(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[event.option_index]
        self.post_message(OpenArticle(hit["article_id"], hit["start"]))

    def action_focus_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    def action_focus_query(self) -> None:
        self.query_one("#search-query", Input).focus()

    def action_back(self) -> None:
        self.dismiss()
