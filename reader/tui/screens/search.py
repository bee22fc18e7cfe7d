"""Search everything as you type (article text, quotes and speakers, tag notes); Enter opens a hit."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from reader.service import Library, LibrarySource
from reader.text.plural import plural
from reader.tui.messages import OpenArticle
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible
from reader.tui.widgets.row_list import RowList

SEARCH_LIMIT = 100


HIT_INDENT = 8


def hit_prompt(hit: dict[str, Any]) -> Group:
    """A hit: what and where on one line, then the snippet with the matched words marked,
    indented, its wrapped lines indented alike under its first."""
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(f"{hit['kind']:<8}", style="bold")
    head.append(visible(hit["title"] or "Untitled"))
    if hit.get("label"):
        head.append(f"  [{visible(hit['label'])}]", style="italic")
    if hit["speaker"]:
        head.append(f"  — {visible(hit['speaker'])}", style="italic")
    snippet = Text(visible(hit["snippet"]), style="dim", end="")
    for start, end in hit["marks"]:
        snippet.stylize("bold reverse", start, end)
    return Group(head, Padding(snippet, (0, 0, 0, HIT_INDENT)))


def hits_summary(hits: list[dict[str, Any]], more: bool = False) -> str:
    """ "2 quotes, 1 tag, 3 matches in 2 articles"; a `+` after each count when the list was cut."""
    parts = []
    for kind in ("quote", "tag", "article"):
        found = [hit for hit in hits if hit["kind"] == kind]
        if not found:
            continue
        if kind == "article":
            articles = len({hit["article_id"] for hit in found})
            parts.append(f"{plural(len(found), 'match')} in {plural(articles, 'article')}")
        else:
            parts.append(plural(len(found), kind))
    return ", ".join(part.replace(" ", "+ ", 1) if more else part for part in parts)


class SearchScreen(ReportsFailures, Screen[None]):
    """Type to search the whole library; Enter opens the article at the hit."""

    BINDINGS = [
        # Before the box's and the list's own Enter: one press opens the highlighted hit.
        Binding("enter", "open_highlighted", "Open the highlighted hit", priority=True, id="search.open-highlighted"),
        Binding("escape", "back", "Back", id="search.back"),
        Binding("ctrl+l", "focus_query", "Edit query", id="search.focus-query"),
        Binding("down", "focus_results", "Results", show=False, id="search.focus-results"),
    ]

    hits: reactive[list[dict[str, Any]]] = reactive(list, init=False)
    hits_query: str | None = None
    """The query `hits` answer (None before the first answer)."""
    open_when_found = False
    """Enter was pressed before the hits for the query came: open the first when they come."""

    def __init__(self, library: Library | LibrarySource, query: str = "") -> None:
        super().__init__()
        self.library = Library.coerce(library)
        self.initial_query = query
        # Every keystroke's search runs in turn on one thread, on the one connection it opens.
        self._searcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-search")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial_query,
            placeholder='Search text, quotes, speakers, tag notes…  "a phrase"  -exclude',
            id="search-query",
        )
        yield Label("", id="search-status")
        yield RowList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one("#search-query", Input).focus()
        if self.initial_query:
            self.run_search(self.initial_query)

    @on(Input.Changed, "#search-query")
    def query_changed(self, event: Input.Changed) -> None:
        self.open_when_found = False
        self.run_search(event.value)

    def action_open_highlighted(self) -> None:
        """Open the highlighted hit (the first, unless moved), or the first to come for this query."""
        if self.hits_query != self.query_one("#search-query", Input).value:
            self.open_when_found = True
            return
        self._open_highlighted()

    def _open_highlighted(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if not self.hits:
            self.app.bell()
            return
        index = results.highlighted if results.highlighted is not None else 0
        self.post_message(OpenArticle(self.hits[index]["article_id"], self.hits[index]["start"]))

    @work(exclusive=True, group="search", exit_on_error=False)
    async def run_search(self, query: str) -> tuple[str, list[dict[str, Any]]]:
        """The hits for `query`, found on the search thread (a newer query cancels one not begun)."""
        hits = await asyncio.get_running_loop().run_in_executor(self._searcher, self._search, query)
        return query, hits

    def _search(self, query: str) -> list[dict[str, Any]]:
        return self.library.search(query, limit=SEARCH_LIMIT)

    def on_unmount(self) -> None:
        self._searcher.submit(self.library.release)  # the search thread's connection
        self._searcher.shutdown(wait=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "search" and event.state == WorkerState.ERROR:
            message = f"Cannot search: {visible(str(event.worker.error))}"
            self.query_one("#search-status", Label).update(Text(message, style="bold red"))
            return
        if event.worker.group != "search" or event.state != WorkerState.SUCCESS:
            return
        assert event.worker.result is not None
        query, hits = event.worker.result
        if query == self.query_one("#search-query", Input).value:
            self.hits_query = query
            self.hits = hits
            if self.open_when_found:
                self.open_when_found = False
                self._open_highlighted()

    def watch_hits(self, hits: list[dict[str, Any]]) -> None:
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(Option(hit_prompt(hit), id=str(index)) for index, hit in enumerate(hits))
        if hits:
            results.highlighted = 0
        query = self.query_one("#search-query", Input).value
        status = self.query_one("#search-status", Label)
        capped = Library.query_notice(query)
        notice = f"  ({capped})" if capped else ""
        if not query.strip():
            status.update("")
        elif not hits:
            status.update(Text(f"Nothing matches {visible(query)!r}{notice}", style="italic"))
        else:
            status.update(hits_summary(hits, more=len(hits) >= SEARCH_LIMIT) + notice)

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
