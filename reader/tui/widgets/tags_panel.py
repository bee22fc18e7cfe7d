"""The Tags panel: the article's tags (label, speaker, text, note); jump, edit, delete, undo, redo.

The panel only asks: it posts a message and the reader screen changes the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible
from reader.tui.widgets.list_keys import OPTION_LIST_KEYS


def _snippet(text: str, words: int) -> str:
    parts = visible(text).split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


class TagsPanel(ReportsFailures, OptionList):
    """One entry per tag in text order; orphaned tags (their words gone after a text change) last."""

    # Like the other panels' keys, these stay out of the footer, which keeps the reader's main
    # keys (t, q, ? at 80 columns); the panel's border names them, and the help screen lists them.
    BINDINGS = [
        Binding("enter", "jump", "Go to tag", show=False, id="tags-panel.jump"),
        Binding("e", "edit", "Edit note", show=False, id="tags-panel.edit"),
        Binding("l", "relabel", "Change label", show=False, id="tags-panel.relabel"),
        Binding("d", "delete", "Delete tag", show=False, id="tags-panel.delete"),
        Binding("u", "undo", "Undo", show=False, id="tags-panel.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="tags-panel.redo"),
        *OPTION_LIST_KEYS,
    ]
    KEYS_HINT = "⏎ go · e note · d delete"

    @dataclass
    class Jump(Message):
        """Move the reader's cursor to a tag's words."""

        tag_id: str
        start: int
        end: int

    @dataclass
    class EditNote(Message):
        tag_id: str

    @dataclass
    class Relabel(Message):
        tag_id: str

    @dataclass
    class Delete(Message):
        tag_id: str

    @dataclass
    class Undo(Message):
        """Undo the last tag change (add, edit or delete)."""

    @dataclass
    class Redo(Message):
        """Do again the tag change undone last."""

    tags: reactive[tuple[dict[str, Any], ...]] = reactive((), always_update=True)
    """The article's tags, as `reader.store.tags.tags_for` returns them."""
    current: reactive[str | None] = reactive(None)
    """The id of the tag under the reader's cursor, highlighted here."""

    def on_mount(self) -> None:
        self.border_subtitle = self.KEYS_HINT

    def watch_tags(self) -> None:
        highlighted = self.highlighted_tag
        self.set_options(Option(self._prompt(tag), id=tag["id"]) for tag in self.tags)
        orphaned = sum(1 for tag in self.tags if tag["orphaned"])
        self.border_title = f"Tags ({len(self.tags)})" + (f" · {orphaned} orphaned" if orphaned else "")
        self._highlight(highlighted["id"] if highlighted else self.current)
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def watch_current(self, tag_id: str | None) -> None:
        self._highlight(tag_id)

    def _highlight(self, tag_id: str | None) -> None:
        if tag_id is None:
            return
        try:
            self.highlighted = self.get_option_index(tag_id)
        except OptionDoesNotExist:
            return

    @property
    def highlighted_tag(self) -> dict[str, Any] | None:
        if self.highlighted is None or not self.option_count:
            return None
        tag_id = self.get_option_at_index(self.highlighted).id
        return next((tag for tag in self.tags if tag["id"] == tag_id), None)

    @staticmethod
    def _prompt(tag: dict[str, Any]) -> Text:
        prompt = Text(end="")
        prompt.append("\u25a0 ", style=tag.get("color") or "")
        prompt.append(visible(tag["label"]), style="bold")
        if tag.get("speaker"):
            prompt.append(f" · {visible(' '.join(tag['speaker'].split()))}")
        if tag["orphaned"]:
            prompt.append(" · orphaned", style="bold red")
        # The words as the article has them: a quote's marks are in them already, none are added.
        prompt.append(f"\n{_snippet(tag['text'], 24)}", style="italic strike" if tag["orphaned"] else "italic")
        if tag.get("note"):
            prompt.append(f"\n\u270e {_snippet(tag['note'], 30)}", style="dim")
        return prompt

    def _post_for_highlighted(self, message_type: Callable[[str], Message]) -> None:
        tag = self.highlighted_tag
        if tag is None:
            self.app.bell()
            return
        self.post_message(message_type(tag["id"]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        tag = self.highlighted_tag
        if tag is None:
            return
        if tag["orphaned"]:
            self.notify("This tag's words are no longer in the text", severity="warning")
            return
        self.post_message(self.Jump(tag["id"], tag["start"], tag["end"]))

    def action_edit(self) -> None:
        self._post_for_highlighted(self.EditNote)

    def action_relabel(self) -> None:
        self._post_for_highlighted(self.Relabel)

    def action_delete(self) -> None:
        self._post_for_highlighted(self.Delete)

    def action_undo(self) -> None:
        self.post_message(self.Undo())

    def action_redo(self) -> None:
        self.post_message(self.Redo())
