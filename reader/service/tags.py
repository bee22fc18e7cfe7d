"""The library service's tag use cases: tags on an article (add, edit, delete, undo, redo), tags
across the library, export and import; and the label vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from reader.errors import ReaderError
from reader.records import Analysis, attribution
from reader.service.facet import Facet
from reader.store import tags as store
from reader.store.tags import UndoStack

if TYPE_CHECKING:
    from reader.store.import_tags import ImportResult


class Tags(Facet):
    """Tags: `library.tags.add(...)` and the like, on the calling thread's connection."""

    def for_article(self, article_id: str) -> list[dict[str, Any]]:
        """An article's tags in text order (orphaned ones last)."""
        return store.tags_for(self._db, article_id)

    def get(self, tag_id: str) -> dict[str, Any] | None:
        return store.get_tag(self._db, tag_id)

    def same(self, article_id: str, start: int, end: int, label: str) -> dict[str, Any] | None:
        """The tag already on exactly these words with this label (any case), if any."""
        return store.same_tag(self._db, article_id, start, end, label)

    def add(
        self,
        article_id: str,
        start: int,
        end: int,
        label: str,
        *,
        note: str = "",
        record: Analysis | None = None,
        undo: UndoStack | None = None,
    ) -> dict[str, Any]:
        """Tag `text[start:end]` with `label` (made if new), the speaker and actors taken from
        the analysis `record`; the step goes on `undo` if given."""
        speaker, actors = attribution(record, start, end)
        tag = store.add_tag(self._db, article_id, start, end, label, note=note, speaker=speaker, actors=actors)
        if undo is not None:
            undo.added(tag)
        return tag

    def update(self, tag_id: str, *, undo: UndoStack | None = None, **fields: Any) -> dict[str, Any]:
        """Change a tag's label or note; returns the row before the change (put on `undo`)."""
        previous = store.update_tag(self._db, tag_id, **fields)
        if undo is not None:
            undo.edited(previous)
        return previous

    def delete(self, tag_id: str, *, undo: UndoStack | None = None) -> dict[str, Any]:
        """Delete a tag; returns the row deleted (put on `undo`)."""
        row = store.delete_tag(self._db, tag_id)
        if undo is not None:
            undo.deleted(row)
        return row

    def undo(self, history: UndoStack) -> str | None:
        """Reverse the newest step of `history`: "added", "deleted", "edited", or None."""
        return history.undo(self._db)

    def redo(self, history: UndoStack) -> str | None:
        """Do again the step of `history` undone last; its kind, or None."""
        return history.redo(self._db)

    def all(
        self,
        label: str | None = None,
        article: str | None = None,
        speaker: str | None = None,
        orphaned: bool | None = None,
    ) -> list[dict[str, Any]]:
        """Tags across the library, filtered, with their article's title and source."""
        return store.all_tags(self._db, label, article, speaker, orphaned)

    def export(self, out: TextIO, fmt: str = "csv", **options: Any) -> int:
        """Write tags (filtered by label, article, speaker) to an open file; returns the count."""
        from reader.store.export import export_tags

        return export_tags(self._db, out, fmt, **options)

    def export_to_path(self, path: str | Path, fmt: str = "csv", **options: Any) -> int:
        """Write tags to a file, whole or not at all (written aside, then renamed)."""
        from reader.store.export import export_to_path

        return export_to_path(self._db, path, fmt, **options)

    def import_jsonl(self, path: str | Path) -> ImportResult:
        """Bring back tags from a JSONL export (ids kept: a second import adds nothing)."""
        from reader.store.import_tags import import_tags

        return import_tags(self._db, path)


class Labels(Facet):
    """The label vocabulary, in the order the tag picker numbers it."""

    def all(self) -> list[dict[str, Any]]:
        """Every label with its colour and how many tags use it, in order."""
        return store.list_labels(self._db)

    def find(self, name: str) -> str:
        """The label `name` means (any case), else a ReaderError."""
        found = next((row["name"] for row in self.all() if row["name"].casefold() == name.strip().casefold()), None)
        if found is None:
            raise ReaderError(f"{name}: no such label (see `reader labels`)")
        return found

    @staticmethod
    def check_color(color: str) -> str:
        """A colour name or #rrggbb as #rrggbb, else a ReaderError."""
        return store.check_color(color)

    def add(self, name: str, color: str | None = None) -> dict[str, Any]:
        return store.add_label(self._db, name, color)

    def rename(self, old: str, new: str) -> dict[str, Any]:
        return store.rename_label(self._db, old, new)

    def recolor(self, name: str, color: str) -> dict[str, Any]:
        return store.recolor_label(self._db, name, color)

    def merge(self, source: str, into: str) -> int:
        """Move every tag labelled `source` to `into` and remove `source`; returns tags moved."""
        return store.merge_labels(self._db, source, into)

    def move(self, name: str, step: int) -> int:
        """Move a label `step` places (negative: up); returns its new index."""
        return store.move_label(self._db, name, step)

    def move_to(self, name: str, index: int) -> int:
        """Put a label at `index` (0 is first); returns its index."""
        current = next(
            (i for i, row in enumerate(self.all()) if row["name"].casefold() == name.strip().casefold()), None
        )
        return self.move(name, index - current if current is not None else 0)

    def tag_count(self, name: str) -> int:
        return store.label_tag_count(self._db, name)

    def delete(self, name: str, *, with_tags: bool = False) -> int:
        """Delete a label (its tags too, if `with_tags`); returns the tags deleted."""
        return store.delete_label(self._db, name, with_tags=with_tags)
