"""Tagging in the real app: the reader screen's t, e, d, u, y, x and T keys on an analysed seed."""

from __future__ import annotations

import csv

from app_support import BLINKEN, SIZE, open_article, until

from reader.clipboard import citation
from reader.store import open_db
from reader.store.tags import tags_for
from reader.tui.app import ReaderApp
from reader.tui.screens.export_dialog import ExportDialog
from reader.tui.screens.note_editor import NoteEditor
from reader.tui.screens.tag_picker import TagPicker
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.tags_panel import TagsPanel

NATO = "NATO confirms"  # a seed whose first quote has a speaker


async def test_tag_a_quote_edit_delete_undo_and_copy(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        screen = await open_article(app, pilot, NATO)

        def attributed_quote():
            span = screen.span
            return (
                span is not None
                and span.kind == "quote"
                and any(
                    (q["start"], q["end"]) == (span.start, span.end) and q.get("speaker")
                    for q in screen.record["quotes"]
                )
            )

        for _ in range(20):  # the first quote that has a speaker
            await pilot.press("n")
            if attributed_quote():
                break
        assert attributed_quote()
        quote = screen.span
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press("1")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        db = open_db(library_path)
        (tag,) = tags_for(db, screen.article["id"])
        assert (tag["start"], tag["end"]) == (quote.start, quote.end)
        said = next(q for q in screen.record["quotes"] if (q["start"], q["end"]) == (quote.start, quote.end))
        assert tag["speaker"] == said["speaker"]
        assert screen.query_one(ArticleView).marks == ((tag["start"], tag["end"], tag["color"]),)
        assert screen.query_one(TagsPanel).current == tag["id"]
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await pilot.press(*"check this", "ctrl+o")
        await until(pilot, lambda: tags_for(db, screen.article["id"])[0]["note"] == "check this", "the note")
        await pilot.press("d")
        await until(pilot, lambda: tags_for(db, screen.article["id"]) == [], "the delete")
        await pilot.press("u")
        await until(pilot, lambda: len(tags_for(db, screen.article["id"])) == 1, "the undo")
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard, "the copy")
        assert app.clipboard == citation(
            said["text"], speaker=said["speaker"], source=screen.article["source"], title=screen.article["title"]
        )
        await pilot.press("escape")  # the citation shown, as OSC 52 may not have arrived
        await until(pilot, lambda: app.screen is screen, "the citation to close")
        await pilot.press("T")
        assert screen.query_one(TagsPanel).has_focus and screen.query_one(TagsPanel).option_count == 1
        db.close()


async def test_export_from_the_reader(library_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        screen = await open_article(app, pilot, BLINKEN)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press(*"claim", "enter")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: app.screen is screen, "the export")
    (row,) = list(csv.DictReader((tmp_path / "reader-tags.csv").open(encoding="utf-8", newline="")))
    assert row["label"] == "claim" and row["article_title"] == screen.article["title"]
