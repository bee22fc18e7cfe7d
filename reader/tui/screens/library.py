"""The library screen: every article in a sortable, filterable table; analysis fills in as it runs."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from reader.errors import ReaderError
from reader.service import AddResult, ArticleFigures
from reader.text.plural import plural
from reader.tui.library_rows import Indexed, LibraryRows, cells_of, indexed
from reader.tui.messages import AnalysisProgress, ArticleCounts, LibraryChanged, OpenArticle
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible
from reader.tui.widgets.article_table import ArticleTable, Column

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

# The title takes the width the others leave.
COLUMNS = [
    Column("title", "Title", 0),
    Column("source", "Source", 14, min_width=10),
    Column("words", "Words", 6, numeric=True, optional=True),
    Column("quotes", "Stmts", 7, numeric=True),  # statements, as reader.counts counts them
    Column("actors", "Actors", 7, numeric=True),
    Column("tags", "Tags", 5, numeric=True),
    Column("read", "Read", 5, optional=True),  # unread titles are bold: the column can go
]
SORTS = [None, *(column.key for column in COLUMNS)]
FIRST_ROWS = 200
"""Summaries read before the first paint (more than a screen holds); the rest come in a worker."""


def _free_path(path: Path) -> Path:
    """`path`, or the first of `name-2.ext`, `name-3.ext`… not taken (an earlier export is kept)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _counts_of(article_id: str, figures: ArticleFigures | None) -> dict[str, ArticleCounts]:
    """The table's counts of an article's stored analysis (none if it is not stored)."""
    if figures is None:
        return {}
    return {article_id: ArticleCounts(figures.actors, figures.statements)}


class LibraryScreen(ReportsFailures, Screen[None]):
    """All articles: Enter opens one, `/` filters, `f` searches everything, `A` adds articles;
    unanalysed ones fill in as they finish."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="library.filter"),
        # ctrl+f works in the filter box too: it searches everything for what was typed there.
        Binding("f,ctrl+f", "search_all", "Search all", id="library.search-all"),
        Binding("w", "speakers", "Speakers", id="library.speakers"),
        Binding("A", "add_articles", "Add", id="library.add-articles"),
        # Sorting shows in the column headers (▲, and a click sorts): its key gives the footer room.
        Binding("s", "sort", "Sort", show=False, id="library.sort"),
        Binding("S", "reverse", "Reverse sort", show=False, id="library.reverse"),
        Binding("m", "toggle_read", "Mark read/unread", show=False, id="library.toggle-read"),
        Binding("O", "overview", "Overview", show=False, id="library.overview"),
        Binding("C", "claims", "Claims", show=False, id="library.claims"),
        Binding(
            "E",
            "edit_article",
            "Edit details (title, source, URL, byline, date)",
            show=False,
            id="library.edit-article",
        ),
        Binding("D", "remove_article", "Remove article", show=False, id="library.remove-article"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear-filter"),
    ]

    filter_text: reactive[str] = reactive("", init=False)
    sort_key: reactive[str | None] = reactive(None, init=False)
    sort_reverse: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self._rows = LibraryRows()
        self._progress: tuple[Horizontal, Label, ProgressBar] | None = None
        self._shown = False  # set by the first ScreenResume, which comes right after mount
        self._frozen = False  # the heap frozen (`_freeze_heap`)

    @property
    def reader_app(self) -> ReaderApp:
        """The app, typed: its library handle and paths."""
        return cast("ReaderApp", self.app)

    @property
    def rows(self) -> dict[str, dict[str, Any]]:
        """The summaries read so far, by article id (every one, once the worker has read them)."""
        return self._rows.rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield ArticleTable(COLUMNS, self._cells_for, id="articles")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Library"
        self._show_first_rows()
        self.query_one(ArticleTable).focus()
        if self._rows.partial:
            self.call_after_refresh(self.load_all_rows)  # after the first paint
        self.analyse_library()

    # Rows -----------------------------------------------------------------------------

    def load_rows(self) -> None:
        """Read every article's summary (never the texts) and show the table."""
        self._set_rows(self.reader_app.library.articles())

    def _show_first_rows(self) -> None:
        """The first screenful's summaries and every id: a large library paints at once."""
        library = self.reader_app.library
        first = library.articles(limit=FIRST_ROWS)
        if len(first) < FIRST_ROWS:
            self._set_rows(first)  # that is the whole library
            return
        self._rows.set_first(first, library.article_ids())
        self.refresh_table()

    @work(thread=True, exclusive=True, group="library-rows")
    def load_all_rows(self) -> Indexed:
        """Every summary, read and indexed off the event loop (this thread's own connection)."""
        library = self.reader_app.library
        try:
            return indexed(library.articles())
        finally:
            library.release()

    def _set_rows(self, summaries: list[dict[str, Any]]) -> None:
        self._rows.set_all(*indexed(summaries))
        self.refresh_table()

    def _row(self, article_id: str) -> dict[str, Any] | None:
        return self._rows.get(article_id, self.reader_app.library.article_summaries)

    def _cells_for(self, article_id: str) -> list[Text]:
        row = self._row(article_id)
        # None: gone from the library since the ids were read
        return cells_of(row) if row is not None else [Text("", end="") for _ in COLUMNS]

    def _visible_ids(self) -> list[str]:
        return self._rows.visible(
            self.filter_text,
            self.sort_key,
            self.sort_reverse,
            self.reader_app.library.articles,
        )

    def refresh_table(self) -> None:
        table = self.query_one(ArticleTable)
        ids = self._visible_ids()
        table.show_ids(ids, keep=table.current_id)
        shown, total = len(ids), len(self._rows.order)
        self.sub_title = f"Library · {shown} of {total}" if shown != total else f"Library · {plural(total, 'article')}"

    def selected_id(self) -> str | None:
        return self.query_one(ArticleTable).current_id

    def update_row(self, article_id: str, row: dict[str, Any]) -> None:
        """Show new values of one article's cells without rebuilding the table."""
        self.rows[article_id] = row
        self.query_one(ArticleTable).refresh_row(article_id)

    def _header(self, column: Column) -> Text:
        header = column.header
        if column.key == self.sort_key:
            header = ("▼" if self.sort_reverse else "▲") + header
        return Text(header, end="")

    def _relabel(self) -> None:
        self.query_one(ArticleTable).set_labels({column.key: self._header(column) for column in COLUMNS})

    # Filtering and sorting ------------------------------------------------------------

    def watch_filter_text(self) -> None:
        self.refresh_table()

    def watch_sort_key(self) -> None:
        self._relabel()
        self.refresh_table()

    def watch_sort_reverse(self) -> None:
        self._relabel()
        self.refresh_table()

    async def action_filter(self) -> None:
        # The filter box and the progress line are mounted on first use: a faster start.
        # Awaiting the mount means the keys typed next reach the box, not the table.
        box = next(self.query("#filter").results(Input), None)
        if box is None:
            box = Input(
                placeholder="Filter titles and sources…  (ctrl+f searches text, quotes, speakers, notes)", id="filter"
            )
            await self.mount(box, before=self.query_one(Footer))
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        self.filter_text = ""
        for box in self.query("#filter").results(Input):
            box.value = ""
            box.display = False
        self.query_one(ArticleTable).focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        """Back to the table with the rows kept; when no title matches, search everything instead."""
        query = self.filter_text.strip()
        if query and not self.query_one(ArticleTable).row_count:
            self.action_clear_filter()
            self.reader_app.open_search(query)
            return
        self.query_one(ArticleTable).focus()

    def action_sort(self) -> None:
        self.sort_reverse = False
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse

    @on(ArticleTable.HeaderClicked)
    def header_clicked(self, event: ArticleTable.HeaderClicked) -> None:
        key = event.column
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_reverse = False
            self.sort_key = key

    # Opening and marking --------------------------------------------------------------

    @on(ArticleTable.Chosen)
    def open_row(self, event: ArticleTable.Chosen) -> None:
        self.post_message(OpenArticle(event.article_id))

    def action_toggle_read(self) -> None:
        article_id = self.selected_id()
        if article_id is None:
            return
        row = dict(self._row(article_id) or {})
        if not row:
            return
        try:
            row["read_at"] = self.reader_app.library.set_read(article_id, row["read_at"] is None)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.update_row(article_id, row)

    def _freeze_heap(self) -> None:
        """What is alive once a large library is read (the app, the rows) lives as long as this
        screen: out of the cyclic collector's sight, whose full passes over it held the loop
        100-250 ms each time the rows were read again (back from an article, at 100,000). The
        garbage first, so none of it is kept; `on_unmount` gives it all back."""
        gc.collect()
        gc.freeze()
        self._frozen = True

    def on_unmount(self) -> None:
        if self._frozen:
            gc.unfreeze()

    def on_screen_resume(self) -> None:
        """Back from an article: its read mark, tags and counts may have changed."""
        if not self._shown:  # the first showing, right after mount: the rows were just read
            self._shown = True
            return
        if self.rows:
            self.reread_rows()

    @work(thread=True, exclusive=True, group="library-reread")
    def reread_rows(self) -> Indexed | list[dict[str, Any]]:
        """Every summary again, read and compared off the event loop (at 100,000 articles the
        comparison alone held the loop for 150-250 ms): every row, indexed, when articles came
        or went; else only the summaries that changed."""
        library = self.reader_app.library
        try:
            fresh = library.articles()
        finally:
            library.release()
        known = dict(self.rows)  # one copy, made at once: the loop may update rows meanwhile
        if len(fresh) != len(known) or any(row["id"] not in known for row in fresh):
            return indexed(fresh)
        return [row for row in fresh if known[row["id"]] != row]

    def _apply_reread(self, result: Indexed | list[dict[str, Any]]) -> None:
        if isinstance(result, tuple):  # articles came or went
            self._rows.set_all(*result)
            self.refresh_table()
            return
        for row in result:
            if row["id"] in self.rows:
                self.update_row(row["id"], row)

    # Across the library -------------------------------------------------------------

    def action_search_all(self) -> None:
        """The search over text, quotes, speakers and tag notes, starting from the filter's words."""
        self.reader_app.open_search(self.filter_text.strip())

    def action_speakers(self) -> None:
        self.reader_app.open_speakers()

    def action_overview(self) -> None:
        self.reader_app.open_overview()

    def action_claims(self) -> None:
        self.reader_app.open_claims()

    # Adding, editing and removing articles ---------------------------------------------

    def action_add_articles(self) -> None:
        from reader.tui.screens.add_dialog import AddDialog

        self.app.push_screen(AddDialog(Path.cwd()), callback=self._add_chosen)

    def _add_chosen(self, paths: list[Path] | None) -> None:
        if paths:
            self.notify(
                f"Adding {', '.join(visible(p.name or str(p)) for p in paths[:3])}"
                f"{' and more' if len(paths) > 3 else ''}…",
                markup=False,
            )
            self.add_articles(paths)

    @dataclass
    class Adding(Message):
        """The add worker read one more file (`done` so far; the total is unknown until the end)."""

        done: int
        path: str

    # Not exclusive: a second add while one runs is a second batch, and both report.
    @work(thread=True, group="library-add", exit_on_error=False)
    def add_articles(self, paths: list[Path]) -> list[AddResult]:
        """Read and store the chosen files (on the worker thread's connection); one result per file."""
        worker = get_current_worker()
        results: list[AddResult] = []
        for result in self.reader_app.library.add_paths(paths):
            results.append(result)
            self.post_message(self.Adding(len(results), result.path))
            if worker.is_cancelled:
                break
        return results

    @on(Adding)
    def adding(self, message: Adding) -> None:
        line, label, bar = self._progress_line()
        line.display = True
        bar.update(total=None)
        label.update(Text(f"Adding {message.done}: {visible(Path(message.path).name)}", no_wrap=True, end=""))

    def _added(self, results: list[AddResult]) -> None:
        self._hide_progress()
        counts: dict[str, int] = {}
        for result in results:
            counts[result.status] = counts.get(result.status, 0) + 1
        failed = [result for result in results if result.status == "failed"]
        # Say what happened, added or not: "1 article added, 2 already in the library".
        said = {"added": "added", "updated": "updated (a new version)", "already there": "already in the library"}
        summary = ", ".join(
            f"{plural(n, 'article')} {said.get(status, status)}" for status, n in counts.items() if status != "failed"
        )
        # A new version of a file already in: say what became of the old version's tags.
        summary += "".join(f"\n{visible(r.title)}: {r.detail}" for r in results if r.status == "updated" and r.detail)
        if summary:
            title = (
                "Articles added"
                if counts.get("added")
                else "Articles updated"
                if counts.get("updated")
                else "Nothing added"
            )
            self.notify(summary, title=title, markup=False)
        if failed:
            lines = [visible(result.error or result.path) for result in failed[:5]]
            if len(failed) > 5:
                lines.append(f"…and {len(failed) - 5} more")
            self.notify(
                "\n".join(lines), title=f"{len(failed)} could not be added", severity="error", timeout=15, markup=False
            )
        if not results:
            self.notify("No .txt, .md or .html files there", severity="warning")
        if counts.get("added") or counts.get("updated"):
            self.load_rows()
            # The cursor goes to the first new article: in a long library it would be out of sight.
            table = self.query_one(ArticleTable)
            new = {r.article_id for r in results if r.status in ("added", "updated")}
            first = next((row for row, article_id in enumerate(table.ids) if article_id in new), None)
            if first is not None:
                table.move_cursor(first)
            self.analyse_library()

    def action_edit_article(self) -> None:
        from reader.tui.screens.edit_article import ArticleEdit, EditArticleDialog

        article_id = self.selected_id()
        if article_id is None:
            return
        row = self._row(article_id)
        if row is None:
            return

        def save(edit: ArticleEdit | None) -> None:
            if edit is None:
                return
            try:
                self.reader_app.library.edit_article(
                    article_id,
                    title=edit.title,
                    source=edit.source,
                    url=edit.url,
                    byline=edit.byline,
                    published=edit.published,
                )
            except ReaderError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.load_rows()

        article = self.reader_app.library.article(article_id) or row
        self.app.push_screen(
            EditArticleDialog(
                row["title"] or "",
                row["source"] or "",
                article.get("url"),
                article.get("byline"),
                article.get("published"),
            ),
            callback=save,
        )

    def action_remove_article(self) -> None:
        from reader.tui.screens.confirm import ConfirmRemoveDialog, Removal

        article_id = self.selected_id()
        if article_id is None:
            return
        tags = self.reader_app.library.tag_count(article_id)
        export_path = _free_path(Path.cwd() / f"reader-tags-{article_id[:8]}.jsonl")
        title = (self._row(article_id) or {}).get("title") or ""

        def chosen(removal: Removal | None) -> None:
            if removal is not None:
                self.remove_article(article_id, title, export_path if removal is Removal.EXPORT_AND_REMOVE else None)

        self.app.push_screen(ConfirmRemoveDialog(title, tags, export_path), callback=chosen)

    @work(thread=True, exclusive=True, group="library-remove", exit_on_error=False)
    def remove_article(self, article_id: str, title: str, export_path: Path | None) -> str:
        """Export the article's tags if asked (a failed export keeps the article), then remove it."""
        # The library's analysis stops first (and is resumed after): it may hold this article's text.
        with self.reader_app.analysis_gate.urgent():
            removed = self.reader_app.library.remove_article(article_id, export_to=export_path)
        exported = "" if removed.exported is None else f"; {plural(removed.exported, 'tag')} exported to {export_path}"
        gone = [plural(n, what) for what, n in (("tag", removed.tags), ("quote", removed.quotes)) if n]
        return f"“{title}” removed" + (f" with {' and '.join(gone)}" if gone else "") + exported

    # Background analysis --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="library-analysis", exit_on_error=False)
    def analyse_library(self) -> int:
        """Seed a new library, then analyse every article the current pipeline has not."""
        worker = get_current_worker()
        gate = self.reader_app.analysis_gate
        library = self.reader_app.library
        with gate.bulk():
            if library.read_only:  # nothing can be stored: each article is analysed when opened
                self.app.call_from_thread(
                    self.notify,
                    f"This library is read-only ({self.reader_app.db_path}): reading only, nothing is saved",
                    timeout=6,
                    markup=False,
                )
                return 0
            added = library.ensure_seeded()
            pending = library.pending_analysis()
            if added:
                self.post_message(LibraryChanged(added))
            if not pending or worker.is_cancelled:
                return 0
            self.post_message(AnalysisProgress(0, pending, ""))

            def progress(done: int, total: int, article_id: str) -> None:
                figures = library.figures(article_id)
                self.post_message(AnalysisProgress(done, total, article_id, _counts_of(article_id, figures)))

            return library.analyze_pending(on_progress=progress, should_stop=lambda: worker.is_cancelled or gate.wanted)

    @on(LibraryChanged)
    def library_changed(self) -> None:
        self.load_rows()

    def _progress_line(self) -> tuple[Horizontal, Label, ProgressBar]:
        if self._progress is None:
            label, bar = Label("", id="progress-label"), ProgressBar(id="progress-bar", show_eta=False)
            line = Horizontal(label, bar, id="progress")
            self.mount(line, before=self.query_one(Footer))
            self._progress = (line, label, bar)
        return self._progress

    def _hide_progress(self) -> None:
        if self._progress is not None:
            self._progress[0].display = False

    @on(AnalysisProgress)
    def analysis_progress(self, message: AnalysisProgress) -> None:
        line, label, bar = self._progress_line()
        line.display = message.done < message.total
        bar.update(total=message.total, progress=message.done)
        if message.done == 0:
            label.update(f"Analysing {plural(message.total, 'article')} (loading the language model)…")
        else:
            label.update(f"Analysing {message.done}/{message.total}")
        for article_id, counts in message.counts.items():
            self._rows.note_counts(article_id, counts)
            self.query_one(ArticleTable).refresh_row(article_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "library-reread" and event.state == WorkerState.SUCCESS:
            self._apply_reread(cast("Indexed | list[dict[str, Any]]", event.worker.result))
        if event.worker.group == "library-rows" and event.state == WorkerState.SUCCESS and self._rows.partial:
            self._rows.set_all(*cast("Indexed", event.worker.result))
            self.refresh_table()
            self._freeze_heap()
        if event.worker.group in ("library-add", "library-remove"):
            if event.state == WorkerState.ERROR:
                self._hide_progress()
                self.notify(
                    visible(str(event.worker.error)), title="Not done", severity="error", timeout=10, markup=False
                )
            elif event.state == WorkerState.SUCCESS and event.worker.group == "library-add":
                self._added(event.worker.result or [])
            elif event.state == WorkerState.SUCCESS:
                self.notify(visible(str(event.worker.result)), title="Removed", markup=False)
                self.load_rows()
            if event.worker.group == "library-remove" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
                self.analyse_library()
        if event.worker.group != "library-analysis":
            return
        if event.state == WorkerState.ERROR:
            self._hide_progress()
            self.notify(
                visible(str(event.worker.error)), title="Analysis stopped", severity="error", timeout=10, markup=False
            )
        elif event.state == WorkerState.SUCCESS:
            self._hide_progress()
