"""The library at a glance: quotes per speaker, tags per label, actors per article, as bar charts."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label
from textual.worker import Worker, WorkerState

from reader.counts import QuoteCounts
from reader.nlp.model import pipeline_id
from reader.service import Library, LibrarySource
from reader.text.plural import plural
from reader.tui.resilient import ReportsFailures
from reader.tui.widgets.bar_chart import BarChart

TOP = 15


class OverviewScreen(ReportsFailures, Screen):
    """Three charts over the whole library (actors from the current pipeline's analyses), read in a
    worker; `r` reads them again."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="overview.back"),
        Binding("r", "refresh_figures", "Refresh", id="overview.refresh-figures"),
    ]

    def __init__(self, library: Library | LibrarySource, pipeline: str | None = None) -> None:
        super().__init__()
        self.library = Library.coerce(library)
        self.pipeline = pipeline or pipeline_id()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="overview-charts"):
            yield Label("Reading the library…", id="overview-totals")
            yield BarChart(f"Statements per speaker (top {TOP})", "No statements yet", id="chart-speakers")
            yield BarChart(f"Tags per label (top {TOP})", "No tags yet", id="chart-labels")
            yield BarChart(f"Actors per article (top {TOP})", "No analysed articles yet", id="chart-actors")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Overview"
        self.query_one("#overview-charts").focus()
        self.action_refresh_figures()

    def action_refresh_figures(self) -> None:
        self.load_figures()

    @work(thread=True, exclusive=True, group="overview")
    def load_figures(self) -> dict[str, Any]:
        return self.library.overview(top=TOP, pipeline=self.pipeline)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "overview" or event.state != WorkerState.SUCCESS:
            return
        figures = event.worker.result
        assert figures is not None
        totals = figures["totals"]
        self.query_one("#overview-totals", Label).update(
            f"{plural(totals['articles'], 'article')} · "
            f"{QuoteCounts(totals['quotes'], totals['terms']).label()} · {plural(totals['tags'], 'tag')}"
        )
        # The bars add up to the statements figure: those beyond the top and those nobody is named for too.
        rest = [("other speakers", figures["other_speakers"]), ("no speaker named", figures["unattributed"])]
        self.query_one("#chart-speakers", BarChart).data = [
            (row["speaker"], row["quotes"]) for row in figures["speakers"]
        ] + [(name, count) for name, count in rest if count]
        self.query_one("#chart-labels", BarChart).data = [(row["label"], row["tags"]) for row in figures["labels"]]
        self.query_one("#chart-actors", BarChart).data = [
            (row["title"] or row["article_id"][:8], row["actors"]) for row in figures["actors"]
        ]

    def action_back(self) -> None:
        self.dismiss()
