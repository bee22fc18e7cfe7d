"""Search, Speakers, Overview and the add / edit dialogs, driven with Pilot on a real analysed library."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import on
from textual.app import App
from textual.widgets import DataTable, DirectoryTree, Input, Label, OptionList

from reader.nlp.model import pipeline_id
from reader.paths import style
from reader.service.ingest import add_document, read_document
from reader.store.articles import add_article, put_analysis
from reader.store.search import index_analysis, quotes_by, speakers
from reader.store.tags import add_tag
from reader.tui.messages import OpenArticle
from reader.tui.screens.add_dialog import AddDialog
from reader.tui.screens.edit_article import ArticleEdit, EditArticleDialog
from reader.tui.screens.overview import OverviewScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.screens.speakers import SpeakersScreen
from reader.tui.widgets.bar_chart import BarChart

SIZE = (110, 36)


@pytest.fixture(scope="session")
def seed_documents(nlp):
    """The five seeds, read and analysed once by the real pipeline."""
    from reader.nlp.analyze import analyze_texts
    from reader.paths import seeds_dir

    documents = [read_document(path) for path in sorted(seeds_dir().glob("*.txt"))]
    return list(zip(documents, analyze_texts([doc.text for doc in documents], nlp=nlp)))


@pytest.fixture
def library(db, seed_documents) -> dict[str, str]:
    """A library of the analysed seeds; returns {title: article id}."""
    ids = {}
    for document, record in seed_documents:
        result = add_document(db, document)
        put_analysis(db, result.article_id, pipeline_id(), record)
        index_analysis(db, result.article_id, record)
        ids[document.title] = result.article_id
    return ids


class Host(App[None]):
    """A bare app that opens one screen and records what it asks to open or returns."""

    CSS_PATH = [style("app.tcss"), style("corpus.tcss")]

    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.opened: list[tuple[str, int | None]] = []
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), callback=self.results.append)

    @on(OpenArticle)
    def record_open(self, message: OpenArticle) -> None:
        self.opened.append((message.article_id, message.offset))


async def settle(app: App, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, predicate, tries: int = 200) -> None:
    """Let the app run until `predicate()` holds (the directory tree loads in a never-ending worker)."""
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never held")


def plain(prompt) -> str:
    """A prompt's text; a search hit's indented snippet with its indent."""
    from rich.console import Group
    from rich.padding import Padding

    if isinstance(prompt, Group):
        return "\n".join(plain(part) for part in prompt.renderables)
    if isinstance(prompt, Padding):
        return " " * prompt.left + plain(prompt.renderable)
    return str(prompt)


def prompts(option_list: OptionList) -> list[str]:
    return [plain(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_search_as_you_type_opens_the_hit(db, db_path, library):
    app = Host(lambda: SearchScreen(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*"fair gam")
        await settle(app, pilot)
        results = app.screen.query_one("#search-results", OptionList)
        shown = prompts(results)
        assert shown and shown[0].startswith("quote")
        assert "John Kirby" in shown[0] and "fair gam" in shown[0].lower()
        assert "quote" in str(app.screen.query_one("#search-status", Label).render())
        await pilot.press("down", "enter")
        await pilot.pause()
        hit = app.screen.hits[0]
        assert app.opened == [(hit["article_id"], hit["start"])]
        text = db.execute("SELECT text FROM articles WHERE id = ?", [hit["article_id"]]).fetchone()[0]
        assert "fair gam" in text[hit["start"] : hit["end"]].lower()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_search_survives_odd_input_and_shows_titles_literally(db, db_path, library):
    markup = "[bold red]Kim[/] said [link=x]it[/link]"
    add_article(db, raw_text="Zanzibar treaty talks.", text="Zanzibar treaty talks.", title=markup)
    app = Host(lambda: SearchScreen(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*'"(xqzv AND( -')
        await settle(app, pilot)
        status = str(app.screen.query_one("#search-status", Label).render())
        assert status.startswith("Nothing matches")
        query = app.screen.query_one("#search-query", Input)
        query.value = "zanzibar"
        await settle(app, pilot)
        shown = prompts(app.screen.query_one("#search-results", OptionList))
        assert len(shown) == 1 and markup in shown[0]


async def test_speakers_lists_counts_and_reads_quotes_in_order(db, db_path, library):
    kirby = quotes_by(db, "John Kirby")
    add_tag(db, kirby[0]["article_id"], kirby[0]["start"], kirby[0]["end"], "claim", speaker="John Kirby")
    expected = speakers(db)
    app = Host(lambda: SpeakersScreen(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#speakers-table", DataTable)
        assert table.row_count == len(expected)
        first = [str(value) for value in table.get_row_at(0)]
        assert first == [expected[0]["speaker"], *(str(expected[0][k]) for k in ("quotes", "tags", "articles"))]
        row = next(i for i, r in enumerate(expected) if r["speaker"] == "John Kirby")
        table.move_cursor(row=row)
        await settle(app, pilot)
        pane = app.screen.query_one("#speaker-quotes", OptionList)
        assert pane.option_count == len(kirby)
        assert [p.split("\n")[0] for p in prompts(pane)] == [
            "“" + " ".join(q["text"].split()) + "”" + ("  term" if q["kind"] == "term" else "") for q in kirby
        ]
        heading = str(app.screen.query_one("#speaker-heading", Label).render())
        assert heading.startswith("John Kirby") and "1 tag ·" in heading
        await pilot.press("enter")
        assert pane.has_focus
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.opened == [(kirby[1]["article_id"], kirby[1]["start"])]
        await pilot.press("escape")
        assert table.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_overview_draws_bars(db, db_path, library):
    article_id = next(iter(library.values()))
    add_tag(db, article_id, 0, 5, "claim")
    add_tag(db, article_id, 6, 10, "claim")
    add_tag(db, article_id, 11, 15, "denial")
    app = Host(lambda: OverviewScreen(db_path, pipeline=pipeline_id()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        labels = app.screen.query_one("#chart-labels", BarChart)
        assert labels.data == [("claim", 2), ("denial", 1)]
        drawn = str(labels.render()).splitlines()
        assert drawn[1].startswith("claim") and drawn[1].endswith(" 2")
        assert drawn[1].count("█") > drawn[2].count("█") > 0
        speakers_chart = app.screen.query_one("#chart-speakers", BarChart)
        assert speakers_chart.data[0] == (speakers(db)[0]["speaker"], speakers(db)[0]["quotes"])
        actors = app.screen.query_one("#chart-actors", BarChart).data
        assert len(actors) == 5 and [n for _, n in actors] == sorted((n for _, n in actors), reverse=True)
        assert str(app.screen.query_one("#overview-totals", Label).render()).startswith("5 articles")


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "inbox"
    (root / "batch").mkdir(parents=True)
    (root / "a.txt").write_text("One article.", encoding="utf-8")
    (root / "batch" / "b.html").write_text("<p>Two</p>", encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF")
    (root / ".hidden.txt").write_text("no", encoding="utf-8")
    return root


async def test_add_dialog_marks_files_and_folders(folder):
    app = Host(lambda: AddDialog(folder))
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one("#add-tree", DirectoryTree)
        await wait_until(pilot, lambda: len(tree.root.children) == 2)
        names = [child.label.plain for child in tree.root.children]
        assert names == ["batch", "a.txt"]
        await pilot.press("down", "m")  # the folder
        await pilot.press("down", "enter")  # the file: Enter marks it too
        await wait_until(pilot, lambda: "2 marked" in str(app.screen.query_one("#add-marked", Label).render()))
        assert "2 marked" in str(app.screen.query_one("#add-marked", Label).render())
        await pilot.press("ctrl+o")
        await pilot.pause()
    assert app.results == [[folder / "batch", folder / "a.txt"]]


async def test_add_dialog_takes_a_typed_path_or_cancels(folder):
    app = Host(lambda: AddDialog(folder))
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#add-path", Input).focus()
        await pilot.press(*"missing.txt", "enter")
        await pilot.pause()
        assert app.results == []  # not a file: the dialog stays open
        app.screen.query_one("#add-path", Input).value = "batch/b.html"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [[folder / "batch" / "b.html"]]
    app = Host(lambda: AddDialog(folder))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_edit_article_returns_title_and_source():
    app = Host(lambda: EditArticleDialog("Old title", "Old source"))
    async with app.run_test(size=SIZE) as pilot:
        title = app.screen.query_one("#edit-title", Input)
        assert title.has_focus and title.value == "Old title"
        title.value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []  # a title is required
        title.value = "  New\ttitle  "
        await pilot.press("tab", "ctrl+u", *"Reuters", "enter")
        await pilot.pause()
    assert app.results == [ArticleEdit("New title", "Reuters")]


async def test_in_the_reading_app_a_hit_opens_the_reader_and_escape_returns(db, db_path, library):
    from reader.tui.app import ReaderApp
    from reader.tui.screens.reader import ReaderScreen

    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SearchScreen(db_path, query="Choe Son-hui"))
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.hits)
        search_screen = app.screen
        hit = search_screen.hits[0]
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.article is not None)
        assert app.screen.article["id"] == hit["article_id"]
        await wait_until(pilot, lambda: app.screen.span is not None)
        assert app.screen.span.start <= hit["start"] < app.screen.span.end  # the cursor is on the hit
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is search_screen)
        assert search_screen.query_one("#search-results", OptionList).option_count == len(search_screen.hits)


def test_corpus_screens_and_commands_import_no_heavy_modules():
    import subprocess
    import sys

    code = (
        "import sys; import reader.cli.corpus, reader.store.search, reader.text.html, "
        "reader.tui.screens.search, reader.tui.screens.speakers, reader.tui.screens.overview, "
        "reader.tui.screens.add_dialog, reader.tui.screens.edit_article; "
        "print(sorted(m for m in ('spacy', 'trafilatura') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
