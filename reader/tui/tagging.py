"""The reader screen's tagging commands: tag, select, note, delete, undo, redo, copy with citation,
export and labels. Mixed into the screen so its reading commands stay in their own file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.binding import Binding

from reader.clipboard import copy_with_citation
from reader.errors import ReaderError
from reader.store.tags import (
    UndoStack, add_tag, attribution, delete_tag, list_labels, same_tag, tags_for, update_tag,
)
from reader.tui.claims import Span
from reader.tui.screens.export_dialog import ExportDialog
from reader.tui.screens.labels_screen import LabelsScreen
from reader.tui.screens.note_editor import NoteEditor
from reader.tui.screens.tag_picker import TagChoice, TagPicker
from reader.tui.untrusted import visible
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.tags_panel import TagsPanel

TAG_BINDINGS = [
    Binding("t", "tag", "Tag"),
    # The footer is full: these are listed on the help screen.
    Binding("T", "toggle_tags", "Tags panel", show=False),
    Binding("x", "export", "Export tags", show=False),
    Binding("v", "select", "Select (then t or y)", show=False),
    Binding("e", "edit_note", "Edit tag note", show=False),
    Binding("d", "delete_tag", "Delete tag", show=False),
    Binding("u", "undo_tag", "Undo tag change", show=False),
    Binding("ctrl+r", "redo_tag", "Redo tag change", show=False),
    Binding("y", "copy", "Copy with citation", show=False),
    Binding("L", "labels", "Tag labels", show=False),
]
"""The keys, for the screen's BINDINGS."""


class TaggingMixin:
    """Tagging for a screen that has `article` (a stored article), a reactive `span` (the cursor),
    `record` (the analysis, or None while analysing), an ArticleView, a TagsPanel inside `#side`,
    `toggle_panel(panel)`, and an app with `db` and `db_path`. The screen calls `refresh_tags()`
    whenever it shows an article."""

    selection_anchor: Span | None = None
    _tag_marks: tuple[tuple[int, int, str | None], ...] = ()
    _tag_undo: UndoStack | None = None

    @property
    def tag_undo(self) -> UndoStack:
        """This screen's undo history of tag changes, made on first use."""
        if self._tag_undo is None:
            self._tag_undo = UndoStack()
        return self._tag_undo

    def on_mount(self) -> None:
        # Called besides the screen's own on_mount (Textual runs each class's handler in turn).
        self.watch(self, "span", self._follow_cursor, init=False)

    def _follow_cursor(self, span: Span | None) -> None:
        tag = self.tag_under(span)
        self.query_one(TagsPanel).current = tag["id"] if tag else None
        if self.selection_anchor is not None:
            self._show_marks()

    def _show_marks(self) -> None:
        """Tagged spans in their label colours, and the selection being made in its own style."""
        view = self.query_one(ArticleView)
        view.marks = self._tag_marks
        view.selection = self._target() if self.selection_anchor is not None else None

    # Data down ------------------------------------------------------------------------

    def refresh_tags(self) -> None:
        """Read the article's tags from the store and hand them to the panel and the text."""
        tags = tags_for(self.app.db, self.article["id"]) if self.article else []
        self.query_one(TagsPanel).tags = tuple(tags)
        self._tag_marks = tuple(
            (tag["start"], tag["end"], tag["color"] or None) for tag in tags if not tag["orphaned"]
        )
        self._show_marks()
        self._follow_cursor(self.span)

    def tag_under(self, span: Span | None) -> dict[str, Any] | None:
        """The tag overlapping `span` most (for the screen's `watch_span`: the panel's `current`)."""
        if span is None:
            return None
        best, found = 0, None
        for tag in self.query_one(TagsPanel).tags:
            overlap = min(span.end, tag["end"]) - max(span.start, tag["start"])
            if not tag["orphaned"] and overlap > best:
                best, found = overlap, tag
        return found

    def _tag_at_cursor(self) -> dict[str, Any] | None:
        """The tag the panel has focused, else the one under the cursor."""
        panel = self.query_one(TagsPanel)
        return panel.highlighted_tag if panel.has_focus else self.tag_under(self.span)

    def _target(self) -> tuple[int, int] | None:
        """What `t` and `y` act on: the selection from `v` to the cursor, else the cursor's span."""
        span = self.span
        if span is None or not self.article:
            return None
        anchor = self.selection_anchor
        if anchor is None:
            return span.start, span.end
        return min(anchor.start, span.start), max(anchor.end, span.end)

    # Commands -------------------------------------------------------------------------

    def action_select(self) -> None:
        if self.selection_anchor is not None:
            self.selection_anchor = None
            self.notify("Selection cancelled", timeout=2)
        elif self.span is not None:
            self.selection_anchor = self.span
            self.notify("Selecting from here: move the cursor, then t tags or y copies (v cancels)", timeout=4)
        self._show_marks()

    def action_tag(self) -> None:
        target = self._target()
        if target is None:
            self.app.bell()
            return
        start, end = target
        excerpt = self.article["text"][start:end]

        def chosen(choice: TagChoice | None) -> None:
            if choice is not None:
                self._add_tag(start, end, choice)

        self.app.push_screen(TagPicker(list_labels(self.app.db), excerpt), callback=chosen)

    def _add_tag(self, start: int, end: int, choice: TagChoice) -> None:
        existing = same_tag(self.app.db, self.article["id"], start, end, choice.label)
        if existing is not None:
            # A second identical tag would only be a silent duplicate; what the reader wanted to
            # add is most likely a note, so the existing tag's note opens, with any new note in it.
            self.selection_anchor = None
            self._show_marks()
            self.notify(f"These words are tagged {visible(existing['label'])} already: edit its note "
                        "(Esc leaves it as it is)", timeout=5, markup=False)
            draft = existing["note"]
            if choice.note and choice.note not in draft:
                draft = f"{draft}\n{choice.note}" if draft else choice.note
            self._edit_note(existing, draft)
            return
        speaker, actors = attribution(self.record, start, end)
        try:
            tag = add_tag(self.app.db, self.article["id"], start, end, choice.label, note=choice.note,
                          speaker=speaker, actors=actors)
        except ReaderError as error:
            # The selection stays, so t tries again once the library can be written.
            self.notify(f"Tag NOT saved: {error}", severity="error", timeout=8, markup=False)
            return
        self.selection_anchor = None
        self.tag_undo.added(tag)
        self.refresh_tags()
        self.notify(f"Tagged {visible(tag['label'])} (saved)", timeout=2, markup=False)

    def action_edit_note(self) -> None:
        tag = self._tag_at_cursor()
        if tag is None:
            self.notify("No tag here: t tags the cursor's words", timeout=3)
            return
        self._edit_note(tag)

    def _edit_note(self, tag: dict[str, Any], draft: str | None = None) -> None:
        def saved(note: str | None) -> None:
            if note is None or note == tag["note"]:
                return
            try:
                self.tag_undo.edited(update_tag(self.app.db, tag["id"], note=note))
            except ReaderError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.refresh_tags()

        note = tag["note"] if draft is None else draft
        self.app.push_screen(NoteEditor(note, tag["text"], tag["label"]), callback=saved)

    def _relabel(self, tag: dict[str, Any]) -> None:
        def chosen(choice: TagChoice | None) -> None:
            if choice is None:
                return
            twin = same_tag(self.app.db, tag["article_id"], tag["start"], tag["end"], choice.label)
            if twin is not None and twin["id"] != tag["id"]:
                self.notify(f"These words are tagged {visible(twin['label'])} already", severity="warning",
                            timeout=4, markup=False)
                return
            try:
                self.tag_undo.edited(update_tag(self.app.db, tag["id"], label=choice.label, note=choice.note))
            except ReaderError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.refresh_tags()

        self.app.push_screen(TagPicker(list_labels(self.app.db), tag["text"], tag["note"]), callback=chosen)

    def action_delete_tag(self) -> None:
        tag = self._tag_at_cursor()
        if tag is None:
            self.notify("No tag here", timeout=2)
            return
        self._delete(tag["id"])

    def _delete(self, tag_id: str) -> None:
        try:
            row = delete_tag(self.app.db, tag_id)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.tag_undo.deleted(row)
        self.refresh_tags()
        self.notify(f"Deleted {visible(row['label'])} tag (u undoes)", timeout=3, markup=False)

    def action_undo_tag(self) -> None:
        try:
            undone = self.tag_undo.undo(self.app.db)
        except ReaderError as error:
            self.notify(f"Not undone: {error}", severity="error", markup=False)
            return
        if undone is None:
            self.notify("Nothing to undo", timeout=2)
            return
        self.refresh_tags()
        what = {"added": "tag removed", "deleted": "tag restored", "edited": "edit undone"}[undone]
        self.notify(f"Undone: {what} (ctrl+r redoes)", timeout=2)

    def action_redo_tag(self) -> None:
        redone = self.tag_undo.redo(self.app.db)
        if redone is None:
            self.notify("Nothing to redo", timeout=2)
            return
        self.refresh_tags()
        what = {"added": "tag added again", "deleted": "tag deleted again", "edited": "edit made again"}[redone]
        self.notify(f"Redone: {what}", timeout=2)

    def action_copy(self) -> None:
        target = self._target()
        if target is None:
            self.app.bell()
            return
        start, end = target
        text = self.article["text"][start:end]
        speaker, _ = attribution(self.record, start, end)
        # A quote under the cursor is copied as its words, without the attribution around them.
        if self.selection_anchor is None and self.span is not None and self.span.kind == "quote" and self.record:
            quote = next((q for q in self.record.get("quotes") or []
                          if q["start"] == self.span.start and q["end"] == self.span.end), None)
            if quote:
                text, speaker = quote["text"], quote.get("speaker") or speaker
        from reader.clipboard import citation, known_to_work
        from reader.tui.screens.citation import CitationDialog

        details = {key: self.article.get(key) for key in ("source", "title", "published", "url")}
        cited = citation(text, speaker=speaker, **details)
        try:
            _, where = copy_with_citation(text, speaker=speaker, **details, fallback=self.app.copy_to_clipboard)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            self.app.push_screen(CitationDialog(cited, "No clipboard to copy to: select the citation and copy it by hand."))
            return
        self.selection_anchor = None
        self._show_marks()
        self.notify(f"Copied with citation to the {where}", timeout=3)
        if not known_to_work(where):
            # A terminal may drop OSC 52 without a word: show what was sent, to copy by hand.
            self.app.push_screen(CitationDialog(
                cited, f"Sent to the {where}; if it does not arrive, select the citation and copy it by hand."))

    def action_export(self) -> None:
        # The dialog reports the count written itself.
        self.app.push_screen(
            ExportDialog(self.app.db_path, Path.cwd() / "reader-tags.csv",
                         article_id=self.article["id"] if self.article else None,
                         article_title=self.article.get("title", "") if self.article else "")
        )

    def action_labels(self) -> None:
        def closed(changed: bool | None) -> None:
            if changed:
                self.refresh_tags()

        self.app.push_screen(LabelsScreen(self.app.db), callback=closed)

    def action_toggle_tags(self) -> None:
        self.toggle_panel(self.query_one(TagsPanel))

    # Messages up from the Tags panel -------------------------------------------------

    def on_tags_panel_jump(self, message: TagsPanel.Jump) -> None:
        self.span = Span(message.start, message.end, "tag")
        self.query_one(ArticleView).focus()

    def on_tags_panel_edit_note(self, message: TagsPanel.EditNote) -> None:
        tag = next((t for t in self.query_one(TagsPanel).tags if t["id"] == message.tag_id), None)
        if tag is not None:
            self._edit_note(tag)

    def on_tags_panel_relabel(self, message: TagsPanel.Relabel) -> None:
        tag = next((t for t in self.query_one(TagsPanel).tags if t["id"] == message.tag_id), None)
        if tag is not None:
            self._relabel(tag)

    def on_tags_panel_delete(self, message: TagsPanel.Delete) -> None:
        self._delete(message.tag_id)

    def on_tags_panel_undo(self, message: TagsPanel.Undo) -> None:
        self.action_undo_tag()

    def on_tags_panel_redo(self, message: TagsPanel.Redo) -> None:
        self.action_redo_tag()
