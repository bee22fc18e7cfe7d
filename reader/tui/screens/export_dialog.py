"""The export dialog (`x`): path, format and filters; exports in a worker and reports the count."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from reader.errors import ReaderError
from reader.service import Library, LibrarySource
from reader.text.plural import plural
from reader.tui.resilient import ReportsFailures
from reader.tui.screens.fits_small_terminal import FitsSmallTerminal

FORMATS = [("CSV (spreadsheets)", "csv"), ("JSONL (re-importable)", "jsonl"), ("W3C Web Annotation", "w3c")]
EXTENSIONS = {"csv": ".csv", "jsonl": ".jsonl", "w3c": ".jsonld"}


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    fmt: str
    count: int


class ExportDialog(ReportsFailures, FitsSmallTerminal, ModalScreen[ExportOutcome | None]):
    """Export tags to a file; the dialog stays open, with the reason, if the export fails."""

    BINDINGS = [
        Binding("ctrl+o", "export", "Export", id="export-dialog.export"),
        Binding("escape", "cancel", "Cancel", id="export-dialog.cancel"),
    ]

    def __init__(
        self,
        library: Library | LibrarySource,
        default_path: Path,
        article_id: str | None = None,
        article_title: str = "",
        export_format: str = "csv",
    ) -> None:
        super().__init__()
        self.export_format = export_format
        self.library = Library.coerce(library)
        self.default_path = Path(default_path)
        self.article_id = article_id
        self.article_title = article_title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-dialog", classes="tags-dialog", can_focus=False):
            yield Label("Export tags", classes="dialog-title")
            yield Label("File", classes="field-label")
            yield Input(str(self.default_path), id="export-path")
            yield Label("Format", classes="field-label")
            yield Select(FORMATS, value=self.export_format, allow_blank=False, id="export-format")
            yield Label("Only tags with label / said by (empty: all)", classes="field-label")
            with Horizontal(classes="field-row"):
                yield Input(placeholder="label", id="export-label")
                yield Input(placeholder="speaker", id="export-speaker")
            if self.article_id:
                yield Checkbox(
                    Text(f"Only this article ({' '.join(self.article_title.split())[:40]})"),
                    value=False,
                    id="export-article",
                )
            yield Checkbox("Neutralise spreadsheet formulas (CSV)", value=True, id="export-neutralise")
            yield Static("", id="export-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        # Keep the file's extension in step with the format, unless the user named it otherwise.
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.suffix in EXTENSIONS.values() and isinstance(event.value, str):
            path_input.value = str(path.with_suffix(EXTENSIONS[event.value]))
        self.query_one("#export-neutralise", Checkbox).disabled = event.value != "csv"

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-go")
    def go(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_export(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._status("Name a file to export to", error=True)
            return
        fmt = self.query_one("#export-format", Select).value
        only_article = self.article_id and self.query_one("#export-article", Checkbox).value
        options = {
            "label": self.query_one("#export-label", Input).value.strip() or None,
            "speaker": self.query_one("#export-speaker", Input).value.strip() or None,
            "article": self.article_id if only_article else None,
            "neutralise": self.query_one("#export-neutralise", Checkbox).value,
        }
        self._status("Exporting…")
        self.query_one("#export-go", Button).disabled = True
        self.run_export(Path(raw).expanduser(), str(fmt), options)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self, path: Path, fmt: str, options: dict) -> ExportOutcome:
        return ExportOutcome(path, fmt, self.library.tags.export_to_path(path, fmt, **options))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export":
            return
        if event.state == WorkerState.SUCCESS:
            outcome = event.worker.result
            assert isinstance(outcome, ExportOutcome)
            self.notify(f"Exported {plural(outcome.count, 'tag')} to {outcome.path}", title="Export", markup=False)
            self.dismiss(outcome)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            message = str(error) if isinstance(error, ReaderError) else f"export failed: {error!r}"
            self._status(message, error=True)
            self.query_one("#export-go", Button).disabled = False

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(Text(message, style="bold red" if error else "dim"))

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "export")
        self.dismiss(None)
