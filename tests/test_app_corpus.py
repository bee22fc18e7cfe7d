"""The corpus screens reached from the library of the real app: search, speakers, overview, and
adding, editing and removing articles."""

from __future__ import annotations

import json

from app_support import BLINKEN, SIZE, article_id, open_article, until
from textual.widgets import DataTable, Input, Label, OptionList

from reader.nlp.model import pipeline_id
from reader.store import open_db
from reader.store.articles import get_article, list_articles
from reader.store.search import quotes_by
from reader.store.tags import add_tag, tags_for
from reader.tui.app import ReaderApp
from reader.tui.screens.add_dialog import AddDialog
from reader.tui.screens.confirm import ConfirmRemoveDialog
from reader.tui.screens.edit_article import EditArticleDialog
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.overview import OverviewScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.screens.speakers import SpeakersScreen
from reader.tui.widgets.article_table import ArticleTable


def notices(app) -> list[tuple[str, str, str]]:
    return [(n.title, n.message, n.severity) for n in app._notifications]


async def select_row(app, pilot, title_start: str) -> str:
    """Put the library's cursor on the article whose title starts so; returns its id."""
    wanted = article_id(app.db_path, title_start)
    table = app.screen.query_one(ArticleTable)
    table.cursor_row = table.ids.index(wanted)
    await pilot.pause()
    assert app.screen.selected_id() == wanted
    return wanted


async def test_search_all_from_the_library_opens_the_reader_at_a_hit(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, SearchScreen)
        search = app.screen
        await pilot.press(*"fair gam")
        await until(pilot, lambda: search.hits, "search hits")
        hit = search.hits[0]
        assert hit["speaker"] == "John Kirby"
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.span is not None, "the reader")
        assert app.screen.article["id"] == hit["article_id"]
        assert app.screen.span.start <= hit["start"] < app.screen.span.end
        await pilot.press("escape")
        assert app.screen is search
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_the_filter_box_hands_its_words_to_the_search(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        library = app.screen
        table = library.query_one(ArticleTable)
        # ctrl+f in the filter box: search everything for what was typed, the filter kept.
        await pilot.press("slash", *"blinken", "ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-query", Input).value == "blinken"
        await until(pilot, lambda: app.screen.hits, "search hits")
        await pilot.press("escape")
        assert app.screen is library and table.row_count == 1
        # Enter on a filter no title matches: the search takes over and the filter is cleared.
        await pilot.press("escape", "slash", *"kirby", "enter")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-query", Input).value == "kirby"
        await until(pilot, lambda: app.screen.hits, "search hits")
        assert {hit["speaker"] for hit in app.screen.hits if hit["kind"] == "quote"} == {"John Kirby"}
        await pilot.press("escape")
        assert app.screen is library and table.row_count == 5
        # Enter on a filter that matches: back to the rows, as before.
        await pilot.press("slash", *"blinken", "enter")
        assert app.screen is library and table.has_focus and table.row_count == 1


async def test_speakers_from_the_library_open_a_quote_in_the_reader(library_path):
    db = open_db(library_path)
    kirby = quotes_by(db, "John Kirby")
    db.close()
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("w")
        assert isinstance(app.screen, SpeakersScreen)
        speakers = app.screen
        table = speakers.query_one("#speakers-table", DataTable)
        await until(pilot, lambda: table.row_count > 0, "the speakers")
        table.move_cursor(row=[r["speaker"] for r in speakers.rows].index("John Kirby"))
        pane = speakers.query_one("#speaker-quotes", OptionList)
        await until(pilot, lambda: pane.option_count == len(kirby), "Kirby's quotes")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.span is not None, "the reader")
        assert app.screen.article["id"] == kirby[0]["article_id"]
        assert app.screen.span.start <= kirby[0]["start"] < app.screen.span.end
        await pilot.press("escape")
        assert app.screen is speakers


async def test_overview_opens_from_the_library(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("O")
        assert isinstance(app.screen, OverviewScreen)
        totals = app.screen.query_one("#overview-totals", Label)
        await until(pilot, lambda: str(totals.render()).startswith("5 articles"), "the figures")
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_palette_reaches_every_corpus_feature(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Search everything", "Speakers", "Overview", "Add articles", "Edit article", "Remove article"):
            assert title in titles
        await pilot.press("ctrl+p", *"speakers")
        await until(
            pilot,
            lambda: app.screen.query("CommandList") and app.screen.query_one("CommandList").option_count,
            "the palette's matches",
        )
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SpeakersScreen), "the speakers screen")
        # The reader has the corpus commands too, but not the library's own.
        await app.screen.dismiss()
        reader = await open_article(app, pilot)
        titles = [command.title for command in app.get_system_commands(reader)]
        assert "Search everything" in titles and "Remove article" not in titles


async def test_help_lists_the_new_library_keys(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        entries = {entry.description: entry.keys for entry in app.screen.entries if entry.group == "Library"}
        assert entries["Search all"] == "f ^f"
        assert entries["Speakers"] == "w"
        assert entries["Overview"] == "O"
        assert entries["Add"] == "A"
        assert entries["Edit details (title, source, URL, byline, date)"] == "E"
        assert entries["Remove article"] == "D"


async def test_add_articles_shows_them_at_once_then_analysed(library_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "drones.txt").write_text(
        "Kirby warns on drones\n\nWhite House spokesman John Kirby said on Tuesday that "
        '"the drones are a grave concern for all of us." Russia denied it.\n',
        encoding="utf-8",
    )
    (inbox / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        library = app.screen
        table = library.query_one(ArticleTable)
        await pilot.press("A")
        assert isinstance(app.screen, AddDialog)
        await pilot.press("tab")
        assert app.screen.query_one("#add-path", Input).has_focus
        await pilot.press(*"inbox", "enter")
        await until(pilot, lambda: table.row_count == 6, "the new article in the table")
        added = next(i for i in table.ids if library.rows[i]["title"] == "Kirby warns on drones")
        assert library.selected_id() == added  # the cursor on the new article
        await until(pilot, lambda: library.rows[added]["quotes"] is not None, "the new article's analysis", tries=2000)
        await app.workers.wait_for_complete()
        assert library.rows[added]["quotes"] == 1
        assert library._cells_for(added)[3].plain == "1"
        shown = notices(app)
        assert ("Articles added", "1 article added", "information") in shown
        (failure,) = [n for n in shown if n[2] == "error"]
        assert failure[0] == "1 could not be added" and "broken.txt" in failure[1]
        # Adding the same folder again: nothing new, said so.
        await pilot.press("A", "tab", *"inbox", "enter")
        await until(
            pilot,
            lambda: ("Nothing added", "1 article already in the library", "information") in notices(app),
            "the report",
        )
        assert table.row_count == 6
        # The file changed: a new version replaces the old one.
        with (inbox / "drones.txt").open("a", encoding="utf-8") as out:
            out.write("\nThe Pentagon declined to comment.\n")
        await pilot.press("A", "tab", *"inbox/drones.txt", "enter")
        await until(pilot, lambda: any(n[1].startswith("1 article updated") for n in notices(app)), "the report")
        await until(pilot, lambda: added not in library.rows, "the old version to go")
        assert table.row_count == 6 and library.rows[library.selected_id()]["title"] == "Kirby warns on drones"


async def test_edit_title_and_source_of_the_highlighted_article(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        wanted = await select_row(app, pilot, BLINKEN)
        await pilot.press("E")
        assert isinstance(app.screen, EditArticleDialog)
        await pilot.press("ctrl+u", *"Blinken on Pyongyang", "tab", "ctrl+u", *"Reuters wire", "enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the dialog to close")
        assert app.screen.rows[wanted]["title"] == "Blinken on Pyongyang"
        assert app.screen._cells_for(wanted)[1].plain == "Reuters wire"
        assert app.screen.selected_id() == wanted
        article = get_article(app.library.db, wanted)
        assert (article["title"], article["source"]) == ("Blinken on Pyongyang", "Reuters wire")
        # Cancelled: nothing changes.
        await pilot.press("E", "ctrl+u", *"Nope", "escape")
        assert get_article(app.library.db, wanted)["title"] == "Blinken on Pyongyang"


async def test_remove_asks_and_cancel_keeps_the_article(library_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wanted = article_id(library_path, BLINKEN)
    db = open_db(library_path)
    add_tag(db, wanted, 0, 14, "claim", note="who is concerned")
    db.close()
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await select_row(app, pilot, BLINKEN)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmRemoveDialog)
        detail = str(app.screen.query_one("#confirm-detail", Label).render())
        assert "1 tag:" in detail and "reader-tags-" in detail
        await pilot.press("enter")  # Cancel has the focus
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("D", "escape")
        assert isinstance(app.screen, LibraryScreen)
        await app.workers.wait_for_complete()
        assert get_article(app.library.db, wanted) is not None and len(tags_for(app.library.db, wanted)) == 1
        assert app.screen.query_one(ArticleTable).row_count == 5


async def test_remove_exports_the_tags_first_when_asked(library_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wanted = article_id(library_path, BLINKEN)
    db = open_db(library_path)
    add_tag(db, wanted, 0, 14, "claim", note="who is concerned")
    db.close()
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        await select_row(app, pilot, BLINKEN)
        await pilot.press("D", "e")
        await until(pilot, lambda: table.row_count == 4, "the article to go")
        assert wanted not in table.ids
        (exported,) = tmp_path.glob("reader-tags-*.jsonl")
        (record,) = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
        assert record["label"] == "claim" and record["note"] == "who is concerned"
        assert get_article(app.library.db, wanted) is None and tags_for(app.library.db, wanted) == []
        (removed,) = [n for n in notices(app) if n[0] == "Removed"]
        assert "with 1 tag" in removed[1] and str(exported) in removed[1]


async def test_remove_an_article_without_tags(library_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        wanted = await select_row(app, pilot, BLINKEN)
        await pilot.press("D")
        assert not app.screen.query("#confirm-export")  # nothing to export
        await pilot.press("e")  # so `e` does nothing
        assert isinstance(app.screen, ConfirmRemoveDialog)
        await pilot.press("r")
        await until(pilot, lambda: table.row_count == 4, "the article to go")
        assert wanted not in {row["id"] for row in list_articles(app.library.db, pipeline_id())}
        assert not list(tmp_path.glob("reader-tags-*"))


async def test_remove_while_the_library_is_being_analysed(db_path):
    from reader.store.articles import unanalysed_ids

    app = ReaderApp(db_path)  # a new library: the seeds are imported, then analysed in the background
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = app.screen.query_one(ArticleTable)
        await until(pilot, lambda: table.row_count == 5, "the seeds")
        await pilot.press("G")
        wanted = app.screen.selected_id()
        await pilot.press("D", "r")
        await until(pilot, lambda: table.row_count == 4, "the article to go", tries=2000)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not [n for n in notices(app) if n[2] == "error"]
        assert unanalysed_ids(app.library.db, pipeline_id()) == []
        assert all(app.screen.rows[i]["quotes"] is not None for i in table.ids)
        for table_name, column in (("analyses", "text_id"), ("quotes", "article_id")):
            assert (
                app.library.db.execute(f"SELECT count(*) FROM {table_name} WHERE {column} = ?", [wanted]).fetchone()[0]
                == 0
            )


async def test_help_names_the_places_of_the_corpus_screens(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("w")
        await until(pilot, lambda: app.screen.query_one("#speakers-table", DataTable).row_count, "the speakers")
        await pilot.press("question_mark")
        groups = {entry.group for entry in app.screen.entries}
        assert {"Speakers", "Speaker list", "Everywhere"} <= groups
        await pilot.press("escape", "escape", "slash", "question_mark")  # typed into the filter box
        assert app.screen.query_one("#filter", Input).value == "?"
        app.action_help()
        await pilot.pause()
        groups = {entry.group for entry in app.screen.entries}
        assert {"Filter box", "Library"} <= groups and "Text box" not in groups
