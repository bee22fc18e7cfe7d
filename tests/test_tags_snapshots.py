"""Pictures of the tagging dialogs at a small terminal size (pytest-textual-snapshot)."""

from __future__ import annotations

from textual.app import App

from reader.paths import style
from reader.store.articles import add_article
from reader.store.tags import add_tag, list_labels
from reader.tui.screens.labels_screen import LabelsScreen
from reader.tui.screens.tag_picker import TagPicker

TEXT = 'The Kremlin denied it, calling the report "a provocation".'


class Host(App[None]):
    CSS_PATH = style("tags.tcss")  # the dialogs' styles, which the reading app loads for them

    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


def test_tag_picker_filtered_with_a_new_name(snap_compare, db):
    article, _ = add_article(db, raw_text=TEXT, text=TEXT, title="t", source="s")
    add_tag(db, article, 0, 21, "denial")
    picker = TagPicker(list_labels(db), excerpt=TEXT)
    assert snap_compare(Host(picker), press=["d", "e"], terminal_size=(80, 24))


def test_labels_screen(snap_compare, db):
    article, _ = add_article(db, raw_text=TEXT, text=TEXT, title="t", source="s")
    add_tag(db, article, 0, 21, "denial")
    add_tag(db, article, 43, 57, "[b]markup[/b] stays text")
    assert snap_compare(Host(LabelsScreen(db)), terminal_size=(80, 24))
