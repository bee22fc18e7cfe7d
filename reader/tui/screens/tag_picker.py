"""The tag picker: choose a label for a span (filtered as you type; 1-9 pick the vocabulary's first
nine, as numbered in the labels screen), with an optional note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.resilient import ReportsFailures
from reader.tui.screens.fits_small_terminal import FitsSmallTerminal
from reader.tui.untrusted import visible

CREATE = "\x00create"  # the option id of "create a new label"; no label name can contain NUL


@dataclass(frozen=True)
class TagChoice:
    label: str
    note: str
    created: bool  # the label is new: the store creates it with the tag


class LabelFilter(ReportsFailures, Input):
    """The filter box: digits 1-9 are left to the picker's bindings (they pick a label)."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character is not None and character in "123456789":
            return False
        return super().check_consume_key(key, character)


class TagPicker(ReportsFailures, FitsSmallTerminal, ModalScreen[TagChoice | None]):
    """Labels in the vocabulary's order (the labels screen sets it: 1-9 always mean the same
    labels); typing filters them, or names a new one; Enter confirms."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tag-picker.cancel"),
        Binding("enter", "confirm", "Tag", priority=True, id="tag-picker.confirm"),
        Binding("down", "move(1)", "Next label", show=False, id="tag-picker.move-down"),
        Binding("up", "move(-1)", "Previous label", show=False, id="tag-picker.move-up"),
        *(
            Binding(str(n), f"pick({n})", f"Pick label {n}", show=False, priority=True, id=f"tag-picker.pick-{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(self, labels: list[dict[str, Any]], excerpt: str = "", note: str = "") -> None:
        super().__init__()
        # As `list_labels` gives them: the user's order, not usage, so a number never changes
        # meaning; filtering hides labels but leaves each one its number.
        self.labels = list(labels)
        self.numbers = {label["name"]: number for number, label in enumerate(self.labels[:9], 1)}
        self.excerpt = excerpt
        self.initial_note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="tag-picker", classes="tags-dialog", can_focus=False):
            yield Label("Tag", classes="dialog-title")
            if self.excerpt:
                words = visible(self.excerpt).split()
                snippet = " ".join(words[:40]) + (" …" if len(words) > 40 else "")
                # The article's own characters: its quote marks, if any, are part of the words.
                yield Static(Text(snippet, style="italic"), id="picker-excerpt")
            yield LabelFilter(placeholder="label: type to filter or to name a new one", id="picker-filter")
            labels = OptionList(id="picker-labels")
            labels.can_focus = False  # Up/Down steer it from the filter box; Tab goes to the note
            yield labels
            yield Input(self.initial_note, placeholder="note (optional)", id="picker-note")
            yield Static(
                Text("1-9 pick · Enter tag · Tab to the note · Esc cancel", style="dim"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-filter", Input).focus()

    def _shown(self, typed: str) -> list[dict[str, Any]]:
        wanted = " ".join(typed.split()).casefold()
        if not wanted:
            return self.labels
        starts = [label for label in self.labels if label["name"].casefold().startswith(wanted)]
        inside = [label for label in self.labels if wanted in label["name"].casefold() and label not in starts]
        return starts + inside

    def _fill(self, typed: str) -> None:
        options = self.query_one("#picker-labels", OptionList)
        shown = self._shown(typed)
        name = " ".join(typed.split())
        prompts = []
        for label in shown:
            prompt = Text(end="")
            prompt.append(f"{self.numbers.get(label['name'], ' ')} ", style="bold")
            prompt.append("\u25a0 ", style=label.get("color") or "")
            prompt.append(visible(label["name"]))
            prompt.append(f"  {label.get('count', 0)}", style="dim")
            prompts.append(Option(prompt, id=f"label:{label['name']}"))
        if name and not any(label["name"].casefold() == name.casefold() for label in self.labels):
            create = Text(end="")
            create.append("+ new label ", style="dim")
            create.append(visible(name), style="bold")
            # Last while labels match (Enter takes the first match); alone when none does.
            prompts.append(Option(create, id=CREATE))
        options.set_options(prompts)
        if prompts:
            options.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(OptionList.OptionSelected, "#picker-labels")
    def option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-labels", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_pick(self, number: int) -> None:
        if number <= len(self.labels):
            self._choose(f"label:{self.labels[number - 1]['name']}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the note, digits and Enter are typing, except that Enter there still confirms.
        return not (action == "pick" and self.focused is self.query_one("#picker-note"))

    def action_confirm(self) -> None:
        options = self.query_one("#picker-labels", OptionList)
        if options.highlighted is None:
            self.notify("Type a label name", severity="warning")
            return
        self._choose(options.get_option_at_index(options.highlighted).id)

    def _choose(self, option_id: str | None) -> None:
        note = self.query_one("#picker-note", Input).value.strip()
        if option_id == CREATE:
            name = " ".join(self.query_one("#picker-filter", Input).value.split())
            self.dismiss(TagChoice(name, note, created=True))
        elif option_id and option_id.startswith("label:"):
            self.dismiss(TagChoice(option_id.removeprefix("label:"), note, created=False))

    def action_cancel(self) -> None:
        self.dismiss(None)
