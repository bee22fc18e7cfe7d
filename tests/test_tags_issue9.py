"""Issue 9, tagging: label order, duplicates, the article's own quote marks, the selection's look,
redo, deleting a label and saving a note, each through the real app or the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys

from app_support import BLINKEN, ROOT, SIZE, article_id, open_article, until
from rich.segment import Segment
from textual.widgets import Button, DataTable, OptionList, Static

from reader.store import open_db
from reader.store import tags as store
from reader.store.articles import add_article
from reader.store.db import SCHEMA_VERSION
from reader.store.migrations import MIGRATIONS
from reader.store.tags import add_tag, get_tag, list_labels, tags_for
from reader.tui.app import ReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.labels_screen import LabelsScreen
from reader.tui.screens.note_editor import NoteEditor
from reader.tui.screens.tag_picker import TagPicker
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.quotes_panel import QuotesPanel
from reader.tui.widgets.tags_panel import TagsPanel

AT_LEAST = "At least 3,000"  # a seed whose first sentence is a headline in curly quotes


def prompts(option_list: OptionList) -> list[str]:
    return [option_list.get_option_at_index(i).prompt.plain for i in range(option_list.option_count)]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )


async def tag_with_key(app, pilot, screen, key: str) -> None:
    await pilot.press("t")
    await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
    await pilot.press(key)


# --- the picker's numbers follow the vocabulary's order ------------------------------------


async def test_picker_numbers_follow_the_order_set_in_the_labels_screen(frozen_library_path):
    db = open_db(frozen_library_path)
    blinken = article_id(frozen_library_path, BLINKEN)
    for start in (0, 10, 20):  # "denial" used most: it used to become 1, and every number moved
        add_tag(db, blinken, start, start + 5, "denial")
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, BLINKEN)
        await tag_with_key(app, pilot, screen, "2")  # 2 is the vocabulary's second label, denial
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        assert {t["label"] for t in tags_for(db, blinken)} == {"denial"} and len(tags_for(db, blinken)) == 4
        await pilot.press("u")  # undone, so the words are free for the tag at the end

        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LabelsScreen), "the labels screen")
        labels = app.screen
        await pilot.press(*["down"] * 7)  # opinion, the last of the defaults
        assert labels.selected == "opinion"
        await pilot.press(*"K" * 7)  # up to the top
        await until(pilot, lambda: list_labels(db)[0]["name"] == "opinion", "the move")
        table = labels.query_one("#labels-table", DataTable)
        assert [str(table.get_row_at(0)[0]), str(table.get_row_at(0)[1])] == ["1", "opinion"]
        await pilot.press("shift+down")
        await until(
            pilot, lambda: [label["name"] for label in list_labels(db)][:2] == ["claim", "opinion"], "shift+down"
        )
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the labels screen to close")

        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        shown = prompts(app.screen.query_one("#picker-labels", OptionList))
        assert shown[:3] == ["1 \u25a0 claim  0", "2 \u25a0 opinion  0", "3 \u25a0 denial  3"]
        await pilot.press(*"den")  # a filter hides labels but changes no number
        shown = prompts(app.screen.query_one("#picker-labels", OptionList))
        assert shown[0] == "3 \u25a0 denial  3"
        await pilot.press("backspace", "backspace", "backspace", "2")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
    assert sorted(t["label"] for t in tags_for(db, blinken)) == ["denial"] * 3 + ["opinion"]
    db.close()


def test_an_older_library_gets_positions_in_creation_order_and_new_labels_go_last(db_path):
    import sqlite3

    conn = sqlite3.connect(db_path)
    for statements in MIGRATIONS[:4]:  # a library made before labels had an order
        for statement in statements:
            conn.execute(statement)
    conn.execute("PRAGMA user_version=4")
    conn.executemany(
        "INSERT INTO labels (name, color, created_at) VALUES (?, '', '2026-01-01')", [("zeta",), ("alpha",)]
    )
    conn.execute("INSERT INTO settings VALUES ('labels_seeded', 'x')")
    conn.commit()
    conn.close()
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [label["name"] for label in list_labels(db)] == ["zeta", "alpha"]
    assert store.move_label(db, "alpha", -1) == 0 and store.move_label(db, "alpha", -1) == 0  # stays at the top
    article, _ = add_article(db, raw_text="Some words here.", text="Some words here.", title="t", source="s")
    add_tag(db, article, 0, 4, "new one")
    assert [label["name"] for label in list_labels(db)] == ["alpha", "zeta", "new one"]
    db.close()
    moved = cli("labels", "--db", str(db_path), "move", "new one", "1")
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.strip() == "new one is label 1"
    listed = json.loads(cli("labels", "--db", str(db_path), "--format", "json").stdout)
    assert [row["name"] for row in listed] == ["new one", "alpha", "zeta"]


# --- the same words, the same label, twice -------------------------------------------------


async def test_tagging_the_same_words_again_opens_the_existing_tags_note(frozen_library_path):
    db = open_db(frozen_library_path)
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, BLINKEN)
        article = screen.article["id"]
        await tag_with_key(app, pilot, screen, "1")
        await until(pilot, lambda: len(tags_for(db, article)) == 1, "the first tag")
        (first,) = tags_for(db, article)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press("tab", *"seen twice", "enter")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor), "the existing tag's note")
        assert any("tagged claim already" in n.message for n in app._notifications)
        assert len(tags_for(db, article)) == 1  # no duplicate
        await pilot.press("ctrl+s")
        await until(pilot, lambda: get_tag(db, first["id"])["note"] == "seen twice", "the note")
        assert [t["id"] for t in tags_for(db, article)] == [first["id"]]
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press("2")  # another label on the same words is a tag of its own
        await until(pilot, lambda: len(tags_for(db, article)) == 2, "the second label")
    db.close()


# --- the article's own characters ----------------------------------------------------------


async def test_tag_text_shows_the_articles_own_quote_marks_everywhere(frozen_library_path):
    db = open_db(frozen_library_path)
    article = article_id(frozen_library_path, AT_LEAST)
    headline = "\u201cAt least 3,000 North Korean soldiers now inside Russia, US says\u201d"
    tag = add_tag(db, article, 0, len(headline), "claim")
    assert tag["text"] == headline
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, AT_LEAST)
        panel = screen.query_one(TagsPanel)
        (shown,) = prompts(panel)
        assert shown.splitlines()[1] == headline
        await pilot.press("T", "l")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        excerpt = app.screen.query_one("#picker-excerpt", Static).render().plain
        assert excerpt == headline
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        assert app.screen.query_one("#note-excerpt", Static).render().plain == headline
    db.close()
    listed = cli("tags", "--db", str(frozen_library_path))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].endswith(f"claim  -  {headline}")
    assert "\u201c\u201c" not in listed.stdout and "\u201d\u201d" not in listed.stdout


STRAIGHT = (
    "Envoys meet over the border\n\n"
    "The foreign minister told the envoys to 'cease these actions immediately.' The talks ended.\n\n"
    '"We will not back down," the defence minister said on Tuesday.\n'
)


async def test_quotes_panel_keeps_straight_single_quotes(tmp_path):
    from reader.service.ingest import add_document, analyze_pending, document_from_text, ensure_seeded

    path = tmp_path / "library.db"
    db = open_db(path)
    ensure_seeded(db)
    add_document(db, document_from_text(STRAIGHT, "envoys.txt"))
    db.close()
    analyze_pending(path)
    app = ReaderApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, "Envoys meet")
        await pilot.press("o")
        shown = prompts(screen.query_one(QuotesPanel))
        (cease,) = [p for p in shown if "cease these actions" in p]
        assert cease.splitlines()[1] == "'cease these actions immediately.'"
        assert any(p.splitlines()[1].startswith('"') for p in shown)  # straight doubles stay straight
        assert "\u201c" not in cease


# --- a selection does not look like a tag --------------------------------------------------


def _styles_over(view: ArticleView, start: int, end: int) -> list:
    """The styles of every drawn cell of `text[start:end]`."""
    styles = []
    for y in range(view.line_of(start), view.line_of(end - 1) + 1):
        line = view._lines[y]
        strip = view._render_strip(y, view.rich_style)
        x = line.start
        for segment in Segment.filter_control(strip):  # type: ignore[arg-type]
            text, style, _ = segment
            for _ in text:
                if start <= x < end and x < line.end:
                    styles.append(style)
                x += 1
    return styles


async def test_a_selection_looks_unlike_a_tag_in_dark_and_light_themes(frozen_library_path):
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, BLINKEN)
        first = screen.span
        await tag_with_key(app, pilot, screen, "1")
        await until(pilot, lambda: app.screen is screen and screen.query_one(ArticleView).marks, "the tag")
        await pilot.press("j", "j")
        selected_from = screen.span
        await pilot.press("v", "j")
        view = screen.query_one(ArticleView)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            tagged = _styles_over(view, first.start, first.end)
            # Before the cursor's sentence: the cursor's own background is not the selection's look.
            selection = _styles_over(view, selected_from.start, selected_from.end)
            assert tagged and selection
            assert all(style.underline and not style.reverse for style in tagged), theme
            assert all(style.reverse and not style.underline for style in selection), theme
        assert view.selection == (selected_from.start, screen.span.end) and view.marks == (
            (first.start, first.end, tags_for(app.library.db, screen.article["id"])[0]["color"]),
        )
        await pilot.press("v")
        assert view.selection is None


# --- redo ----------------------------------------------------------------------------------


async def test_redo_after_undo_in_the_reader_and_the_tags_panel(frozen_library_path):
    db = open_db(frozen_library_path)
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, BLINKEN)
        article = screen.article["id"]
        await tag_with_key(app, pilot, screen, "1")
        await until(pilot, lambda: len(tags_for(db, article)) == 1, "the tag")
        (tag,) = tags_for(db, article)
        await pilot.press("u")
        await until(pilot, lambda: tags_for(db, article) == [], "the undo")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: tags_for(db, article) == [tag], "the redo")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: any(n.message == "Nothing to redo" for n in app._notifications), "nothing")
        await pilot.press("e", *"why", "ctrl+s")
        await until(pilot, lambda: get_tag(db, tag["id"])["note"] == "why", "the note")
        await pilot.press("u")
        await until(pilot, lambda: get_tag(db, tag["id"])["note"] == "", "the note undone")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: get_tag(db, tag["id"])["note"] == "why", "the note redone")

        await pilot.press("T")
        panel = screen.query_one(TagsPanel)
        assert panel.has_focus
        await pilot.press("d")
        await until(pilot, lambda: tags_for(db, article) == [], "the delete")
        await pilot.press("u")
        await until(pilot, lambda: len(tags_for(db, article)) == 1, "the undo in the panel")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: tags_for(db, article) == [] and panel.option_count == 0, "the redo in the panel")

        await pilot.press("?")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        keys = app.screen.query_one("#help-keys", Static).render().plain
        assert "Redo" in keys and "^r" in keys
    db.close()


# --- deleting a label ----------------------------------------------------------------------


async def test_deleting_a_label_in_the_app_says_how_many_tags_and_offers_to_merge(frozen_library_path):
    from reader.tui.screens.delete_label import DeleteLabelDialog

    db = open_db(frozen_library_path)
    blinken = article_id(frozen_library_path, BLINKEN)
    add_tag(db, blinken, 0, 5, "denial")
    add_tag(db, blinken, 10, 15, "denial")
    add_tag(db, blinken, 20, 25, "threat")
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(app, pilot, BLINKEN)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LabelsScreen), "the labels screen")
        labels = app.screen
        await pilot.press("down")
        assert labels.selected == "denial"
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DeleteLabelDialog), "the confirm dialog")
        dialog = app.screen
        assert "It has 2 tags" in dialog.query_one("#delete-label-detail").render().plain
        buttons = [str(b.label) for b in dialog.query(Button)]
        assert buttons == ["Merge into it (m)", "Delete it and its 2 tags (d)", "Cancel (esc)"]
        dialog.query_one("#delete-label-into").value = "threat"
        await pilot.press("m")
        await until(pilot, lambda: app.screen is labels, "the dialog to close")
        counts = {label["name"]: label["count"] for label in list_labels(db)}
        assert "denial" not in counts and counts["threat"] == 3
        assert labels.selected == "threat"
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DeleteLabelDialog), "the confirm dialog")
        await pilot.press("escape")  # keeps it
        await until(pilot, lambda: app.screen is labels, "the dialog to close")
        assert {label["name"]: label["count"] for label in list_labels(db)}["threat"] == 3
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DeleteLabelDialog), "the confirm dialog")
        await pilot.press("d")  # delete, tags and all
        await until(pilot, lambda: app.screen is labels, "the dialog to close")
        assert "threat" not in {label["name"] for label in list_labels(db)} and tags_for(db, blinken) == []
        assert any("Deleted threat and its 3 tags" in n.message for n in app._notifications)
    db.close()


def test_labels_delete_on_the_command_line(db, db_path):
    article, _ = add_article(db, raw_text="Some words are here.", text="Some words are here.", title="t", source="s")
    add_tag(db, article, 0, 4, "denial")
    add_tag(db, article, 5, 10, "denial")
    refused = cli("labels", "--db", str(db_path), "delete", "denial")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "reader: label 'denial' has 2 tags: --merge-into OTHER moves them to "
        "another label, --force deletes them with it"
    )
    merged = cli("labels", "--db", str(db_path), "delete", "Denial", "--merge-into", "claim")
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.strip() == "deleted Denial; its 2 tags moved to claim"
    assert {t["label"] for t in tags_for(db, article)} == {"claim"}
    forced = cli("labels", "--db", str(db_path), "delete", "claim", "--force")
    assert forced.stdout.strip() == "deleted claim and its 2 tags" and tags_for(db, article) == []
    empty = cli("labels", "--db", str(db_path), "delete", "opinion")
    assert empty.stdout.strip() == "deleted opinion (it had no tags)"
    missing = cli("labels", "--db", str(db_path), "delete", "nope")
    assert (missing.returncode, missing.stderr.strip()) == (1, "reader: no label 'nope'")
    assert "--merge-into" in cli("labels", "delete", "--help").stdout


# --- the note editor -----------------------------------------------------------------------


async def test_note_editor_saves_with_ctrl_s_enter_is_a_new_line_and_the_keys_are_shown(frozen_library_path):
    db = open_db(frozen_library_path)
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, BLINKEN)
        await tag_with_key(app, pilot, screen, "1")
        await until(pilot, lambda: len(tags_for(db, screen.article["id"])) == 1, "the tag")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        hint = app.screen.query_one(".dialog-hint", Static).render().plain
        assert "Ctrl+S save" in hint and "Enter new line" in hint
        await pilot.press(*"one", "enter", *"two", "ctrl+s")
        await until(pilot, lambda: app.screen is screen, "the editor to close")
        assert tags_for(db, screen.article["id"])[0]["note"] == "one\ntwo"
    db.close()


async def test_changing_a_tags_label_to_one_already_on_its_words_is_refused(frozen_library_path):
    db = open_db(frozen_library_path)
    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, BLINKEN)
        article = screen.article["id"]
        for key in ("1", "2"):  # claim and denial on the same words
            await tag_with_key(app, pilot, screen, key)
            await until(pilot, lambda: app.screen is screen, "the picker to close")
        assert sorted(t["label"] for t in tags_for(db, article)) == ["claim", "denial"]
        await pilot.press("T", "home", "l")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press("2")
        await until(pilot, lambda: any("tagged denial already" in n.message for n in app._notifications), "refusal")
        assert sorted(t["label"] for t in tags_for(db, article)) == ["claim", "denial"]
    db.close()


def test_a_new_change_after_undo_ends_what_redo_can_do(db):
    article, _ = add_article(db, raw_text="Some words are here.", text="Some words are here.", title="t", source="s")
    undo = store.UndoStack()
    first = add_tag(db, article, 0, 4, "claim")
    undo.added(first)
    assert undo.undo(db) == "added" and get_tag(db, first["id"]) is None
    undo.added(add_tag(db, article, 5, 10, "claim"))
    assert undo.redo(db) is None and get_tag(db, first["id"]) is None
