"""Choosing files and folders to add: a directory tree to mark them in, or a path typed in."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label

from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible

SUFFIXES = {".txt", ".md", ".html", ".htm"}


class ArticleTree(ReportsFailures, DirectoryTree):
    """Folders, and only the files reader can add; hidden entries left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            path
            for path in paths
            if not path.name.startswith(".") and (path.is_dir() or path.suffix.lower() in SUFFIXES)
        ]


class AddDialog(ReportsFailures, ModalScreen[list[Path] | None]):
    """Mark files or folders (m) or type a path; returns the chosen paths, None if cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="add-dialog.cancel"),
        Binding("m", "mark", "Mark", id="add-dialog.mark"),
        Binding("ctrl+o", "add", "Add", id="add-dialog.add"),
    ]

    def __init__(self, start: str | Path | None = None) -> None:
        super().__init__()
        self.start = Path(start or Path.home()).expanduser()
        self.marked: list[Path] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="add-dialog"):
            yield Label(
                "Add articles: .txt, .md, saved web pages (.html); folders are read recursively", id="add-title"
            )
            yield ArticleTree(self.start, id="add-tree")
            yield Label("", id="add-marked")
            yield Input(placeholder="…or type a path and press Enter", id="add-path")
            with Horizontal(id="add-buttons"):
                yield Button("Add", variant="primary", id="add-ok")
                yield Button("Cancel", id="add-cancel")

    def on_mount(self) -> None:
        self.query_one("#add-tree", ArticleTree).focus()
        self._show_marked()

    def _show_marked(self) -> None:
        label = self.query_one("#add-marked", Label)
        if not self.marked:
            label.update(Text("m marks the highlighted file or folder; Enter on a file marks it too.", style="dim"))
            return
        names = ", ".join(visible(path.name or str(path)) for path in self.marked[:4])
        more = f" and {len(self.marked) - 4} more" if len(self.marked) > 4 else ""
        label.update(Text(f"{len(self.marked)} marked: {names}{more}", no_wrap=True, overflow="ellipsis"))

    def _toggle(self, path: Path) -> None:
        if path in self.marked:
            self.marked.remove(path)
        else:
            self.marked.append(path)
        self._show_marked()

    def action_mark(self) -> None:
        tree = self.query_one("#add-tree", ArticleTree)
        if not tree.has_focus:
            return
        node = tree.cursor_node
        if node is not None and node.data is not None:
            self._toggle(Path(node.data.path))

    @on(DirectoryTree.FileSelected, "#add-tree")
    def file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self._toggle(Path(event.path))

    @on(Input.Submitted, "#add-path")
    def path_submitted(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#add-ok")
    def ok_pressed(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#add-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_add(self) -> None:
        chosen = list(self.marked)
        typed = self.query_one("#add-path", Input).value.strip()
        if typed:
            try:
                path = Path(typed).expanduser()
                if not path.is_absolute():
                    path = self.start / path
                found = path.exists()
            except (OSError, RuntimeError) as error:  # a name too long, an unknown ~user
                self.notify(f"{visible(typed)}: {visible(str(error))}", severity="error", markup=False)
                return
            if not found:
                self.notify(f"{visible(typed)}: no such file or folder", severity="error", markup=False)
                return
            if path not in chosen:
                chosen.append(path)
        if not chosen:
            self.notify("Mark a file or folder (m), or type a path", severity="warning")
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
