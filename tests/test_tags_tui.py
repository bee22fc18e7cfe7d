"""Pilot tests of the tagging UI pieces, each in a small host app on a real library file."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Select, Static

from reader.config import Settings
from reader.paths import style
from reader.service import Library
from reader.store.articles import add_article, get_article
from reader.store.tags import UndoStack, add_tag, delete_tag, get_tag, list_labels, tags_for, update_tag
from reader.tui.claims import Claims, Span
from reader.tui.screens.export_dialog import ExportDialog, ExportOutcome
from reader.tui.screens.labels_screen import LabelsScreen
from reader.tui.screens.note_editor import NoteEditor
from reader.tui.screens.tag_picker import TagChoice, TagPicker
from reader.tui.tagging import TAG_BINDINGS, TagController
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.tags_panel import TagsPanel

TEXT = (
    "Lloyd Austin said there are about 10,000 North Korean soldiers in Russia. "
    "The Kremlin denied it. [bold]Markup[/bold] stays text."
)
SIZE = (100, 40)


def words(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


@pytest.fixture
def article(db) -> str:
    return add_article(db, raw_text=TEXT, text=TEXT, title="Troops", source="Newsweek")[0]


class ModalHost(App[None]):
    """Pushes one screen on start and keeps what it dismissed with."""

    CSS_PATH = style("tags.tcss")  # the dialogs' styles, which the reading app loads for them

    def __init__(self, make: Callable[[], Screen]) -> None:
        super().__init__()
        self.make = make
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), callback=self.results.append)


async def wait_until(pilot, predicate, tries: int = 200) -> None:
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause()
    raise AssertionError("condition never became true")


def prompts(option_list: OptionList) -> list[str]:
    return [option_list.get_option_at_index(i).prompt.plain for i in range(option_list.option_count)]


# --- tag picker ---------------------------------------------------------------------------


async def test_picker_filters_as_you_type_and_enter_picks(db, article):
    add_tag(db, article, *words("The Kremlin denied it"), "denial")
    app = ModalHost(lambda: TagPicker(list_labels(db), excerpt="The Kremlin denied it."))
    async with app.run_test(size=SIZE) as pilot:
        shown = prompts(app.screen.query_one("#picker-labels", OptionList))
        # The vocabulary's order, not usage: the used label keeps its place (and shows its count).
        assert shown[:2] == ["1 \u25a0 claim  0", "2 \u25a0 denial  1"]
        assert len(shown) == len(list_labels(db))
        await pilot.press("c", "o", "m")
        shown = prompts(app.screen.query_one("#picker-labels", OptionList))
        assert shown == ["4 \u25a0 commitment  0", "+ new label com"]  # its number in the vocabulary
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results)
    assert app.results == [TagChoice("commitment", "", created=False)]


async def test_picker_digit_picks_from_the_list(db):
    labels = list_labels(db)
    app = ModalHost(lambda: TagPicker(labels))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await wait_until(pilot, lambda: app.results)
    assert app.results[0].label == labels[2]["name"]


async def test_picker_new_name_creates_a_label_and_note_takes_digits(db, article):
    app = ModalHost(lambda: TagPicker(list_labels(db)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"hedging")
        first = prompts(app.screen.query_one("#picker-labels", OptionList))[0]
        assert first == "+ new label hedging"
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one("#picker-note", Input)
        await pilot.press(*"2 sources")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results)
    choice = app.results[0]
    assert choice == TagChoice("hedging", "2 sources", created=True)
    tag = add_tag(db, article, *words("The Kremlin denied it"), choice.label, note=choice.note)
    assert tag["label"] == "hedging" and "hedging" in {label["name"] for label in list_labels(db)}


async def test_picker_escape_cancels_and_markup_is_shown_as_text(db):
    labels = [*list_labels(db), {"id": 99, "name": "[b]loud[/b]", "color": "red", "count": 0}]
    app = ModalHost(lambda: TagPicker(labels, excerpt="[bold]Markup[/bold]"))
    async with app.run_test(size=SIZE) as pilot:
        assert any("[b]loud[/b]" in p for p in prompts(app.screen.query_one("#picker-labels", OptionList)))
        assert "[bold]Markup[/bold]" in app.screen.query_one("#picker-excerpt", Static).render().plain
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.results)
    assert app.results == [None]


# --- note editor --------------------------------------------------------------------------


async def test_note_editor_saves_and_cancels():
    app = ModalHost(lambda: NoteEditor("first line", excerpt="words", label="claim"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", *"second 3")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: app.results)
    assert app.results == ["first line\nsecond 3"]
    app = ModalHost(lambda: NoteEditor("keep"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "escape")
        await wait_until(pilot, lambda: app.results)
    assert app.results == [None]


# --- export dialog ------------------------------------------------------------------------


async def test_export_dialog_writes_the_file_in_a_worker(db, db_path, article, tmp_path):
    add_tag(db, article, *words("about 10,000 North Korean soldiers"), "claim", speaker="Lloyd Austin")
    add_tag(db, article, *words("The Kremlin denied it"), "denial", speaker="Kremlin")
    target = tmp_path / "out" / "tags.csv"
    target.parent.mkdir()
    app = ModalHost(lambda: ExportDialog(db_path, target, article_id=article, article_title="Troops"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#export-label")
        await pilot.press(*"claim")
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: app.results)
        assert any("Exported 1 tag to" in n.message for n in app._notifications)
    assert app.results == [ExportOutcome(target, "csv", 1)]
    (row,) = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert (row["label"], row["speaker"]) == ("claim", "Lloyd Austin")


async def test_export_dialog_format_changes_extension_and_errors_keep_it_open(db, db_path, article, tmp_path):
    add_tag(db, article, *words("The Kremlin denied it"), "denial")
    app = ModalHost(lambda: ExportDialog(db_path, tmp_path / "missing" / "tags.csv"))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.screen
        dialog.query_one("#export-format", Select).value = "jsonl"
        await wait_until(pilot, lambda: dialog.query_one("#export-path", Input).value.endswith(".jsonl"))
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        status = dialog.query_one("#export-status", Static)
        await wait_until(pilot, lambda: "cannot write" in status.render().plain)
        assert app.screen is dialog and app.results == []
        good = tmp_path / "tags.jsonl"
        dialog.query_one("#export-path", Input).value = str(good)
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: app.results)
    assert app.results == [ExportOutcome(good, "jsonl", 1)]
    assert json.loads(good.read_text(encoding="utf-8"))["label"] == "denial"


# --- tags panel, wired as the reader screen would wire it ----------------------------------


class PanelHost(App[None]):
    """The reader screen's side of the contract: it owns the store calls and the undo stack."""

    def __init__(self, db, article_id: str) -> None:
        super().__init__()
        self.db = db
        self.article_id = article_id
        self.undo = UndoStack()
        self.jumps: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield TagsPanel(id="tags")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(TagsPanel).focus()

    def reload(self) -> None:
        self.query_one(TagsPanel).tags = tuple(tags_for(self.db, self.article_id))

    def on_tags_panel_jump(self, message: TagsPanel.Jump) -> None:
        self.jumps.append((message.start, message.end))

    def on_tags_panel_delete(self, message: TagsPanel.Delete) -> None:
        self.undo.deleted(delete_tag(self.db, message.tag_id))
        self.reload()

    def on_tags_panel_undo(self, message: TagsPanel.Undo) -> None:
        if self.undo.undo(self.db) is None:
            self.notify("Nothing to undo")
        self.reload()

    def on_tags_panel_edit_note(self, message: TagsPanel.EditNote) -> None:
        tag = get_tag(self.db, message.tag_id)

        def save(note: str | None) -> None:
            if note is not None:
                self.undo.edited(update_tag(self.db, tag["id"], note=note))
                self.reload()

        self.push_screen(NoteEditor(tag["note"], tag["text"], tag["label"]), callback=save)


async def test_tags_panel_lists_jumps_deletes_edits_and_undoes(db, article):
    first = add_tag(db, article, *words("Lloyd Austin said"), "claim", speaker="Lloyd Austin", note="n1")
    second = add_tag(db, article, *words("The Kremlin denied it"), "[red]denial[/red]")
    app = PanelHost(db, article)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(TagsPanel)
        shown = prompts(panel)
        assert shown[0].startswith("\u25a0 claim · Lloyd Austin\nLloyd Austin said\n\u270e n1")
        assert shown[1].startswith("\u25a0 [red]denial[/red]")
        assert panel.border_title == "Tags (2)"
        await pilot.press("down", "enter")
        assert app.jumps == [(second["start"], second["end"])]
        await pilot.press("d")
        await wait_until(pilot, lambda: panel.option_count == 1)
        assert get_tag(db, second["id"]) is None
        await pilot.press("u")
        await wait_until(pilot, lambda: panel.option_count == 2)
        assert get_tag(db, second["id"]) == second
        await pilot.press("home", "e")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*" more", "ctrl+o")
        await wait_until(pilot, lambda: get_tag(db, first["id"])["note"] == "n1 more")
        await pilot.press("u")
        await wait_until(pilot, lambda: get_tag(db, first["id"])["note"] == "n1")
        await pilot.press("u", "u")  # the delete was undone already: nothing left
        await wait_until(pilot, lambda: any(n.message == "Nothing to undo" for n in app._notifications))


async def test_orphaned_tag_is_listed_but_cannot_be_jumped_to(db, article):
    tag = add_tag(db, article, *words("The Kremlin denied it"), "denial")
    db.execute("UPDATE tags SET orphaned = 1 WHERE id = ?", [tag["id"]])
    app = PanelHost(db, article)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(TagsPanel)
        assert "orphaned" in prompts(panel)[0] and panel.border_title == "Tags (1) · 1 orphaned"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app._notifications)
        assert app.jumps == []


# --- label vocabulary ---------------------------------------------------------------------


async def test_labels_screen_add_rename_recolour_merge(db, article):
    add_tag(db, article, *words("The Kremlin denied it"), "denial")
    app = ModalHost(lambda: LabelsScreen(db))
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#labels-table", DataTable)
        assert table.row_count == len(list_labels(db))
        await pilot.press("a", *"hedge #00ff00", "enter")
        await wait_until(pilot, lambda: table.row_count == 9)
        assert {label["name"]: label["color"] for label in list_labels(db)}["hedge"] == "#00ff00"
        assert app.screen.selected == "hedge"
        await pilot.press("r", *("backspace",) * 5, *"Hedging", "enter")
        await wait_until(pilot, lambda: app.screen.selected == "Hedging")
        await pilot.press("c", *"orange", "enter")
        await wait_until(
            pilot, lambda: {label["name"]: label["color"] for label in list_labels(db)}["Hedging"] == "#ffa500"
        )
        await pilot.press("c", *"nonsense-colour", "enter")
        await wait_until(pilot, lambda: any("not a colour" in n.message for n in app._notifications))
        await pilot.press("escape")  # closes the prompt, not the screen
        await pilot.press(*("up",) * 7)  # from Hedging, the last label, to denial, the second
        assert app.screen.selected == "denial"
        await pilot.press("m", *"Hedging", "enter")
        await wait_until(pilot, lambda: table.row_count == 8)
        assert {label["name"]: label["count"] for label in list_labels(db)}["Hedging"] == 1
        assert tags_for(db, article)[0]["label"] == "Hedging"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.results)
    assert app.results == [True]


# --- the reader screen's tagging commands (TagController) on a host screen ------------------


STORY = (
    '"North Korean troops are in Kursk," Lloyd Austin said on Monday. '
    "The Kremlin denied it. Analysts expect more troops."
)


class TaggingScreen(Screen):
    """Just enough of a reader screen for the controller: an article, a cursor, the text and the panel."""

    BINDINGS = [Binding("j", "next", "Next sentence", show=False), *TAG_BINDINGS]
    span: reactive[Span | None] = reactive(None)

    def __init__(self, article_id: str, record: dict) -> None:
        super().__init__()
        self.article_id = article_id
        self.record = record
        self.article = None
        self.claims = None
        self.tagging = TagController(self)

    @property
    def reader_app(self):
        return self.app

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def tags_panel(self) -> TagsPanel:
        return self.query_one(TagsPanel)

    def __getattr__(self, name: str):
        # The keys' actions go to the controller, as on the reader screen.
        if name.startswith("action_"):
            return getattr(self.tagging, name)
        raise AttributeError(name)

    def on_tags_panel_jump(self, message: TagsPanel.Jump) -> None:
        self.span = self.tagging.jump(message.start, message.end)
        self.query_one(ArticleView).focus()

    def on_tags_panel_edit_note(self, message: TagsPanel.EditNote) -> None:
        self.tagging.edit_note_of(message.tag_id)

    def on_tags_panel_relabel(self, message: TagsPanel.Relabel) -> None:
        self.tagging.relabel(message.tag_id)

    def on_tags_panel_delete(self, message: TagsPanel.Delete) -> None:
        self.tagging.delete(message.tag_id)

    def on_tags_panel_undo(self, message: TagsPanel.Undo) -> None:
        self.tagging.action_undo_tag()

    def on_tags_panel_redo(self, message: TagsPanel.Redo) -> None:
        self.tagging.action_redo_tag()

    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")
        with Vertical(id="side"):
            yield TagsPanel(id="tags")

    def on_mount(self) -> None:
        self.article = get_article(self.app.db, self.article_id)
        self.claims = Claims(self.article["text"], self.record)
        self.query_one(ArticleView).show(self.article["text"], self.claims)
        self.span = self.claims.first()
        self.tagging.refresh_tags()
        self.query_one(ArticleView).focus()

    def watch_span(self, span: Span | None) -> None:
        self.tagging.follow_cursor(span)
        self.query_one(ArticleView).cursor = span

    def action_next(self) -> None:
        self.span = self.claims.next_sentence(self.span) or self.span

    def toggle_panel(self, panel) -> None:
        panel.display = not (panel.display and panel.has_focus)
        (panel if panel.display else self.query_one(ArticleView)).focus()


class TaggingHost(App[None]):
    CSS_PATH = style("tags.tcss")  # the dialogs' styles, which the reading app loads for them

    def __init__(self, db, db_path, article_id: str, record: dict) -> None:
        super().__init__()
        self.db, self.db_path = db, db_path
        self.library = Library(db)  # the reading app's service, lent this test's connection
        self.article_id, self.record = article_id, record
        self.settings = Settings()

    def on_mount(self) -> None:
        self.push_screen(TaggingScreen(self.article_id, self.record))


@pytest.fixture
def story(db, nlp):
    from reader.nlp.analyze import analyze_texts

    article_id, _ = add_article(db, raw_text=STORY, text=STORY, title="Troops in Kursk", source="Newsweek")
    (record,) = list(analyze_texts([STORY], nlp=nlp))
    return article_id, record


async def test_tag_note_delete_undo_from_the_text(db, db_path, story):
    article_id, record = story
    app = TaggingHost(db, db_path, article_id, record)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        first = screen.span
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press(*"cla", "tab", *"seen 2 reports", "enter")
        await wait_until(pilot, lambda: len(tags_for(db, article_id)) == 1)
        (tag,) = tags_for(db, article_id)
        assert (tag["start"], tag["end"], tag["label"], tag["note"]) == (
            first.start,
            first.end,
            "claim",
            "seen 2 reports",
        )
        quote = next(q for q in record["quotes"] if q.get("speaker"))
        assert tag["speaker"] == quote["speaker"] and tag["actors"]
        assert screen.query_one(ArticleView).marks == ((tag["start"], tag["end"], tag["color"]),)
        assert screen.query_one(TagsPanel).option_count == 1
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*" (AP)", "ctrl+o")
        await wait_until(pilot, lambda: get_tag(db, tag["id"])["note"] == "seen 2 reports (AP)")
        await pilot.press("d")
        await wait_until(pilot, lambda: tags_for(db, article_id) == [])
        assert screen.query_one(ArticleView).marks == ()
        await pilot.press("u")
        await wait_until(pilot, lambda: get_tag(db, tag["id"]) is not None)
        assert get_tag(db, tag["id"])["note"] == "seen 2 reports (AP)"
        await pilot.press("u")
        await wait_until(pilot, lambda: get_tag(db, tag["id"])["note"] == "seen 2 reports")
        await pilot.press("u")
        await wait_until(pilot, lambda: tags_for(db, article_id) == [])


async def test_selection_spans_sentences_and_copy_cites(db, db_path, story):
    article_id, record = story
    app = TaggingHost(db, db_path, article_id, record)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("j")
        second = screen.span
        await pilot.press("v", "j")
        third = screen.span
        view = screen.query_one(ArticleView)
        assert view.marks == () and view.selection == (second.start, third.end)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press(*"denial", "enter")
        await wait_until(pilot, lambda: len(tags_for(db, article_id)) == 1)
        (tag,) = tags_for(db, article_id)
        assert (tag["start"], tag["end"]) == (second.start, len(STORY.rstrip()))
        assert tag["text"].startswith("The Kremlin denied it.") and tag["text"].endswith("more troops.")
        assert screen.tagging.selection_anchor is None
        await pilot.press("y")
        await wait_until(pilot, lambda: app.clipboard)
        assert app.clipboard == (
            "\u201cAnalysts expect more troops.\u201d \u2014 Newsweek, \u201cTroops in Kursk\u201d"
        )
        assert any("terminal clipboard (OSC 52)" in n.message for n in app._notifications)


async def test_export_labels_and_tags_panel_keys(db, db_path, story):
    article_id, record = story
    add_tag(db, article_id, 0, 10, "claim")
    app = TaggingHost(db, db_path, article_id, record)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, LabelsScreen))
        await pilot.press("c", *"#123456", "enter", "escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.query_one(ArticleView).marks == ((0, 10, "#123456"),)
        panel = screen.query_one(TagsPanel)
        assert panel.current == tags_for(db, article_id)[0]["id"]  # the tag under the cursor
        await pilot.press("T")
        assert panel.has_focus
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press(*"threat", "enter")
        await wait_until(pilot, lambda: tags_for(db, article_id)[0]["label"] == "threat")
        await pilot.press("enter")
        assert screen.span == Span(0, 10, "tag") and screen.query_one(ArticleView).has_focus
