"""The reader screen's tagging commands: tag, select, note, delete, undo, redo, copy with citation,
export and labels. A `TagController` the screen owns, so its reading commands stay in their own file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.binding import Binding

from reader.clipboard import copy_with_citation
from reader.errors import ReaderError
from reader.records import Analysis, attribution
from reader.service import Library, UndoStack
from reader.tui.claims import Span
from reader.tui.screens.export_dialog import EXTENSIONS, ExportDialog
from reader.tui.screens.labels_screen import LabelsScreen
from reader.tui.screens.note_editor import NoteEditor
from reader.tui.screens.tag_picker import TagChoice, TagPicker
from reader.tui.untrusted import visible
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.tags_panel import TagsPanel

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.widget import Widget

    from reader.tui.app import ReaderApp

TAG_BINDINGS = [
    Binding("t", "tag", "Tag", id="reader.tag"),
    # The footer is full: these are listed on the help screen.
    Binding("T", "toggle_tags", "Tags panel", show=False, id="reader.toggle-tags"),
    Binding("x", "export", "Export tags", show=False, id="reader.export"),
    Binding("v", "select", "Select (then t or y)", show=False, id="reader.select"),
    Binding("e", "edit_note", "Edit tag note", show=False, id="reader.edit-note"),
    Binding("d", "delete_tag", "Delete tag", show=False, id="reader.delete-tag"),
    Binding("u", "undo_tag", "Undo tag change", show=False, id="reader.undo-tag"),
    Binding("ctrl+r", "redo_tag", "Redo tag change", show=False, id="reader.redo-tag"),
    Binding("y", "copy", "Copy with citation", show=False, id="reader.copy"),
    Binding("L", "labels", "Tag labels", show=False, id="reader.labels"),
]
"""The keys, for the screen's BINDINGS."""


class TagHost(Protocol):
    """What the controller needs of its screen: the article shown, its analysis, the cursor, the
    typed app, the two widgets it draws on, and a way to show a side panel."""

    @property
    def article(self) -> dict[str, Any] | None: ...
    @property
    def record(self) -> Analysis | None: ...
    @property
    def span(self) -> Span | None: ...
    @property
    def reader_app(self) -> ReaderApp: ...
    @property
    def article_view(self) -> ArticleView: ...
    @property
    def tags_panel(self) -> TagsPanel: ...
    def toggle_panel(self, panel: Widget) -> None: ...
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


class TagController:
    """Tagging for one screen (a `TagHost`). The screen binds the keys to the `action_*` methods,
    forwards the Tags panel's messages to the `on_*` ones, calls `follow_cursor(span)` when the
    cursor moves and `refresh_tags()` whenever it shows an article."""

    def __init__(self, host: TagHost) -> None:
        self.host = host
        self.selection_anchor: Span | None = None
        self._tag_marks: tuple[tuple[int, int, str | None], ...] = ()
        self._tag_undo: UndoStack | None = None
        self._library: Library | None = None

    @property
    def library(self) -> Library:
        """The app's library service."""
        if self._library is None:
            self._library = self.host.reader_app.library
        return self._library

    @property
    def tag_undo(self) -> UndoStack:
        """This screen's undo history of tag changes, made on first use."""
        if self._tag_undo is None:
            self._tag_undo = UndoStack()
        return self._tag_undo

    @property
    def article(self) -> dict[str, Any]:
        """The article shown (the commands run only while one is)."""
        article = self.host.article
        assert article is not None
        return article

    def notify(
        self,
        message: str,
        *,
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.host.notify(message, severity=severity, timeout=timeout, markup=markup)

    def follow_cursor(self, span: Span | None) -> None:
        tag = self.tag_under(span)
        self.host.tags_panel.current = tag["id"] if tag else None
        if self.selection_anchor is not None:
            self._show_marks()

    def _show_marks(self) -> None:
        """Tagged spans in their label colours, and the selection being made in its own style."""
        view = self.host.article_view
        view.marks = self._tag_marks
        view.selection = self._target() if self.selection_anchor is not None else None

    # Data down ------------------------------------------------------------------------

    def refresh_tags(self) -> None:
        """Read the article's tags from the store and hand them to the panel and the text."""
        tags = self.library.tags.for_article(self.host.article["id"]) if self.host.article else []
        self.host.tags_panel.tags = tuple(tags)
        self._tag_marks = tuple((tag["start"], tag["end"], tag["color"] or None) for tag in tags if not tag["orphaned"])
        self._show_marks()
        self.follow_cursor(self.host.span)

    def tag_under(self, span: Span | None) -> dict[str, Any] | None:
        """The tag overlapping `span` most (for the screen's `watch_span`: the panel's `current`)."""
        if span is None:
            return None
        best, found = 0, None
        for tag in self.host.tags_panel.tags:
            overlap = min(span.end, tag["end"]) - max(span.start, tag["start"])
            if not tag["orphaned"] and overlap > best:
                best, found = overlap, tag
        return found

    def _tag_at_cursor(self) -> dict[str, Any] | None:
        """The tag the panel has focused, else the one under the cursor."""
        panel = self.host.tags_panel
        return panel.highlighted_tag if panel.has_focus else self.tag_under(self.host.span)

    def _target(self) -> tuple[int, int] | None:
        """What `t` and `y` act on: the selection from `v` to the cursor, else the cursor's span."""
        span = self.host.span
        if span is None or not self.host.article:
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
        elif self.host.span is not None:
            self.selection_anchor = self.host.span
            self.notify("Selecting from here: move the cursor, then t tags or y copies (v cancels)", timeout=4)
        self._show_marks()

    def action_tag(self) -> None:
        target = self._target()
        if target is None:
            self.host.reader_app.bell()
            return
        start, end = target
        excerpt = self.article["text"][start:end]

        def chosen(choice: TagChoice | None) -> None:
            if choice is not None:
                self._add_tag(start, end, choice)

        self.host.reader_app.push_screen(TagPicker(self.library.labels.all(), excerpt), callback=chosen)

    def _add_tag(self, start: int, end: int, choice: TagChoice) -> None:
        existing = self.library.tags.same(self.article["id"], start, end, choice.label)
        if existing is not None:
            # A second identical tag would only be a silent duplicate; what the reader wanted to
            # add is most likely a note, so the existing tag's note opens, with any new note in it.
            self.selection_anchor = None
            self._show_marks()
            self.notify(
                f"These words are tagged {visible(existing['label'])} already: edit its note (Esc leaves it as it is)",
                timeout=5,
                markup=False,
            )
            draft = existing["note"]
            if choice.note and choice.note not in draft:
                draft = f"{draft}\n{choice.note}" if draft else choice.note
            self._edit_note(existing, draft)
            return
        try:
            tag = self.library.tags.add(
                self.article["id"],
                start,
                end,
                choice.label,
                note=choice.note,
                record=self.host.record,
                undo=self.tag_undo,
            )
        except ReaderError as error:
            # The selection stays, so t tries again once the library can be written.
            self.notify(f"Tag NOT saved: {error}", severity="error", timeout=8, markup=False)
            return
        self.selection_anchor = None
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
                self.library.tags.update(tag["id"], note=note, undo=self.tag_undo)
            except ReaderError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.refresh_tags()

        note = tag["note"] if draft is None else draft
        self.host.reader_app.push_screen(NoteEditor(note, tag["text"], tag["label"]), callback=saved)

    def _relabel(self, tag: dict[str, Any]) -> None:
        def chosen(choice: TagChoice | None) -> None:
            if choice is None:
                return
            twin = self.library.tags.same(tag["article_id"], tag["start"], tag["end"], choice.label)
            if twin is not None and twin["id"] != tag["id"]:
                self.notify(
                    f"These words are tagged {visible(twin['label'])} already",
                    severity="warning",
                    timeout=4,
                    markup=False,
                )
                return
            try:
                self.library.tags.update(tag["id"], label=choice.label, note=choice.note, undo=self.tag_undo)
            except ReaderError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.refresh_tags()

        self.host.reader_app.push_screen(
            TagPicker(self.library.labels.all(), tag["text"], tag["note"]), callback=chosen
        )

    def action_delete_tag(self) -> None:
        tag = self._tag_at_cursor()
        if tag is None:
            self.notify("No tag here", timeout=2)
            return
        self._delete(tag["id"])

    def _delete(self, tag_id: str) -> None:
        try:
            row = self.library.tags.delete(tag_id, undo=self.tag_undo)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.refresh_tags()
        self.notify(f"Deleted {visible(row['label'])} tag (u undoes)", timeout=3, markup=False)

    def action_undo_tag(self) -> None:
        try:
            undone = self.library.tags.undo(self.tag_undo)
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
        redone = self.library.tags.redo(self.tag_undo)
        if redone is None:
            self.notify("Nothing to redo", timeout=2)
            return
        self.refresh_tags()
        what = {"added": "tag added again", "deleted": "tag deleted again", "edited": "edit made again"}[redone]
        self.notify(f"Redone: {what}", timeout=2)

    def action_copy(self) -> None:
        target = self._target()
        if target is None:
            self.host.reader_app.bell()
            return
        start, end = target
        text = self.article["text"][start:end]
        speaker, _ = attribution(self.host.record, start, end)
        # A quote under the cursor is copied as its words, without the attribution around them.
        if (
            self.selection_anchor is None
            and self.host.span is not None
            and self.host.span.kind == "quote"
            and self.host.record
        ):
            quote = next(
                (
                    q
                    for q in self.host.record.get("quotes") or []
                    if q["start"] == self.host.span.start and q["end"] == self.host.span.end
                ),
                None,
            )
            if quote:
                text, speaker = quote["text"], quote.get("speaker") or speaker
        from reader.clipboard import citation, known_to_work
        from reader.tui.screens.citation import CitationDialog

        details = {key: self.article.get(key) for key in ("source", "title", "published", "url")}
        cited = citation(text, speaker=speaker, **details)
        try:
            _, where = copy_with_citation(
                text, speaker=speaker, **details, fallback=self.host.reader_app.copy_to_clipboard
            )
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            self.host.reader_app.push_screen(
                CitationDialog(cited, "No clipboard to copy to: select the citation and copy it by hand.")
            )
            return
        self.selection_anchor = None
        self._show_marks()
        self.notify(f"Copied with citation to the {where}", timeout=3)
        if not known_to_work(where):
            # A terminal may drop OSC 52 without a word: show what was sent, to copy by hand.
            self.host.reader_app.push_screen(
                CitationDialog(
                    cited, f"Sent to the {where}; if it does not arrive, select the citation and copy it by hand."
                )
            )

    def action_export(self) -> None:
        # The dialog reports the count written itself.
        export_format = self.host.reader_app.settings.export_format
        self.host.reader_app.push_screen(
            ExportDialog(
                self.library,
                Path.cwd() / f"reader-tags{EXTENSIONS[export_format]}",
                article_id=self.host.article["id"] if self.host.article else None,
                article_title=self.host.article.get("title", "") if self.host.article else "",
                export_format=export_format,
            )
        )

    def action_labels(self) -> None:
        def closed(changed: bool | None) -> None:
            if changed:
                self.refresh_tags()

        self.host.reader_app.push_screen(LabelsScreen(self.library), callback=closed)

    def action_toggle_tags(self) -> None:
        self.host.toggle_panel(self.host.tags_panel)

    # Messages up from the Tags panel (the screen forwards them) --------------------

    def jump(self, start: int, end: int) -> Span:
        """Where the cursor goes for the panel's Jump (the screen sets it and focuses the text)."""
        return Span(start, end, "tag")

    def edit_note_of(self, tag_id: str) -> None:
        tag = next((t for t in self.host.tags_panel.tags if t["id"] == tag_id), None)
        if tag is not None:
            self._edit_note(tag)

    def relabel(self, tag_id: str) -> None:
        tag = next((t for t in self.host.tags_panel.tags if t["id"] == tag_id), None)
        if tag is not None:
            self._relabel(tag)

    def delete(self, tag_id: str) -> None:
        self._delete(tag_id)
