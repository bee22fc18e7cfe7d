"""The label vocabulary in its order (the tag picker's 1-9 follow it): each label's colour and
count; add, rename, recolour, merge, reorder and delete labels.

Dismisses with True if anything changed, so the caller can redraw tag colours and names.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from reader.errors import ReaderError
from reader.service import Library, LibrarySource
from reader.text.plural import plural
from reader.tui.resilient import ReportsFailures
from reader.tui.screens.delete_label import DeleteLabelDialog, LabelDeletion
from reader.tui.untrusted import cell

PROMPTS = {
    "add": "New label name (optionally followed by a colour, e.g. 'hedge #ffaa00')",
    "rename": "Rename {name} to",
    "color": "Colour for {name} (a name like 'orange' or #rrggbb)",
    "merge": "Merge {name} into (its tags move there; {name} goes)",
}


class LabelsScreen(ReportsFailures, ModalScreen[bool]):
    """The vocabulary as a table; one input line at the bottom asks for names and colours."""

    BINDINGS = [
        Binding("a", "ask('add')", "Add", id="labels-screen.ask-add"),
        Binding("r", "ask('rename')", "Rename", id="labels-screen.ask-rename"),
        Binding("c", "ask('color')", "Colour", id="labels-screen.ask-color"),
        Binding("m", "ask('merge')", "Merge", id="labels-screen.ask-merge"),
        Binding("d,delete", "delete", "Delete", id="labels-screen.delete"),
        Binding("K,shift+up", "move(-1)", "Move up", id="labels-screen.move-up"),
        Binding("J,shift+down", "move(1)", "Move down", id="labels-screen.move-down"),
        Binding("escape", "close", "Close", id="labels-screen.close"),
    ]

    def __init__(self, library: Library | LibrarySource) -> None:
        super().__init__()
        self.labels = Library.coerce(library).labels
        self.mode: str | None = None
        self.target: str | None = None
        self.changed = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="labels-screen", classes="tags-dialog", can_focus=False):
            yield Label("Labels", classes="dialog-title")
            yield DataTable(id="labels-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="labels-prompt")
            yield Input(id="labels-input")
            yield Static(
                Text(
                    "a add · r rename · c colour · m merge · d delete · K/J (shift+↑/↓) move up/down · Esc close",
                    style="dim",
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one("#labels-table", DataTable)
        table.add_column("key", key="key")
        table.add_column("label", key="name")
        table.add_column("colour", key="color")
        table.add_column("tags", key="count")
        self.query_one("#labels-input", Input).display = False
        self.refresh_table()
        table.focus()

    def refresh_table(self, select: str | None = None) -> None:
        table = self.query_one("#labels-table", DataTable)
        current = select or self.selected
        table.clear()
        for number, label in enumerate(self.labels.all(), 1):
            swatch = Text(end="")
            swatch.append("\u25a0 ", style=label["color"] or "")
            swatch.append(label["color"] or "-", style="dim")
            key = Text(str(number) if number <= 9 else "", style="bold")
            table.add_row(
                key, cell(label["name"]), swatch, Text(str(label["count"]), justify="right"), key=label["name"]
            )
        if current is not None:
            for index, row_key in enumerate(table.rows):
                if (row_key.value or "").casefold() == current.casefold():
                    table.move_cursor(row=index)
                    break

    @property
    def selected(self) -> str | None:
        table = self.query_one("#labels-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the input line is open, letters are typing, not commands.
        return not (action in ("ask", "move", "delete") and self.mode is not None)

    def action_ask(self, mode: str) -> None:
        name = self.selected
        if mode != "add" and name is None:
            self.app.bell()
            return
        self.mode, self.target = mode, name
        self.query_one("#labels-prompt", Static).update(Text(PROMPTS[mode].format(name=name)))
        field = self.query_one("#labels-input", Input)
        field.value = (name or "") if mode == "rename" else ""
        field.display = True
        field.focus()

    def action_move(self, step: int) -> None:
        name = self.selected
        if name is None:
            self.app.bell()
            return
        try:
            self.labels.move(name, step)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.changed = True
        self.refresh_table(name)

    def action_delete(self) -> None:
        name = self.selected
        if name is None:
            self.app.bell()
            return
        labels = self.labels.all()
        count = next((label["count"] for label in labels if label["name"] == name), 0)
        others = [label["name"] for label in labels if label["name"] != name]

        def decided(deletion: LabelDeletion | None) -> None:
            if deletion is None:
                return
            try:
                if deletion.merge_into is not None:
                    moved = self.labels.merge(name, deletion.merge_into)
                    message = f"Deleted {name}: {moved} tag{'s' * (moved != 1)} moved to {deletion.merge_into}"
                else:
                    gone = self.labels.delete(name, with_tags=True)
                    message = f"Deleted {name}" + (f" and its {gone} tag{'s' * (gone != 1)}" if gone else "")
            except ReaderError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.changed = True
            self.refresh_table(deletion.merge_into)
            self.notify(message, markup=False)

        self.app.push_screen(DeleteLabelDialog(name, count, others), callback=decided)

    @on(Input.Submitted, "#labels-input")
    def answered(self, event: Input.Submitted) -> None:
        answer = " ".join(event.value.split())
        if not answer:
            self._close_prompt()
            return
        try:
            select = self._apply(self.mode, self.target, answer)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.changed = True
        self._close_prompt()
        self.refresh_table(select)

    def _apply(self, mode: str | None, name: str | None, answer: str) -> str:
        if mode == "add":
            words = answer.split()
            color = None
            if len(words) > 1:
                try:
                    color = self.labels.check_color(words[-1])
                    answer = " ".join(words[:-1])
                except ReaderError:
                    color = None
            return self.labels.add(answer, color)["name"]
        assert name is not None  # every other mode acts on a label
        if mode == "rename":
            return self.labels.rename(name, answer)["name"]
        if mode == "color":
            self.labels.recolor(name, answer)
            return name
        moved = self.labels.merge(name, answer)
        self.notify(f"{plural(moved, 'tag')} moved to {answer}", markup=False)
        return answer

    def _close_prompt(self) -> None:
        self.mode = self.target = None
        field = self.query_one("#labels-input", Input)
        field.display = False
        self.query_one("#labels-prompt", Static).update("")
        self.query_one("#labels-table", DataTable).focus()

    def action_close(self) -> None:
        if self.mode is not None:
            self._close_prompt()
            return
        self.dismiss(self.changed)
