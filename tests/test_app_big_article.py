"""A 1 MB article in the real app: laid out around the cursor first, then whole (in a thread);
its first line shows, `G` reaches its last line, find and tags work, the Quotes panel fills
when shown."""

from __future__ import annotations

import pytest
from app_support import SIZE, until

from benchmarks.bench_open_big import _big_record
from reader.nlp.analyze import analyze_texts
from reader.nlp.model import pipeline_id
from reader.paths import seeds_dir
from reader.service.ingest import read_document
from reader.store import articles as store
from reader.store import open_db
from reader.store.tags import tags_for
from reader.tui.app import ReaderApp
from reader.tui.messages import OpenArticle
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.tag_picker import TagPicker
from reader.tui.widgets.article_view import SYNC_LAYOUT_CHARS, ArticleView
from reader.tui.widgets.quotes_panel import QuotesPanel


@pytest.fixture
def big_library(tmp_path, nlp):
    seeds = [read_document(p).text for p in sorted(seeds_dir().glob("*.txt"))]
    text, record = _big_record(seeds, list(analyze_texts(seeds, nlp=nlp)), 1.0)
    text += "\n\nThe very last line of this long article."
    record["paragraphs"].append([len(text) - 41, len(text)])
    record["sentences"].append([len(text) - 41, len(text)])
    path = tmp_path / "big.db"
    db = open_db(path)
    store.set_setting(db, "seeded", "yes")
    store.put_analysis(db, store.text_id(text), pipeline_id(), record)  # before the article: not indexed
    article_id, _ = store.add_article(db, raw_text=text, text=text, title="Big", source="test", path="/big.txt")
    db.close()
    assert len(text) > 5 * SYNC_LAYOUT_CHARS
    return path, article_id, text


def shown(view: ArticleView) -> str:
    return "\n".join("".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height))


async def test_a_big_article_shows_its_first_and_last_lines_and_finds_and_tags(big_library):
    path, article_id, text = big_library
    first_line = text.split("\n", 1)[0]
    app = ReaderApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        app.post_message(OpenArticle(article_id))
        await until(
            pilot,
            lambda: isinstance(app.screen, ReaderScreen) and app.screen.claims is not None,
            "the article to open",
        )
        screen = app.screen
        view = screen.query_one(ArticleView)
        await until(pilot, lambda: first_line in shown(view), "the first line")
        # The whole layout: its thread starts after the first paint and hands its lines back to
        # the event loop, so waiting for the workers alone can look before it began or landed.
        for _ in range(400):
            await app.workers.wait_for_complete()
            if view._window is None:
                break
            await pilot.pause(0.05)
        assert view._window is None and view._lines[-1] is not None
        assert text[view._lines[-1].start : view._lines[-1].end] == "The very last line of this long article."

        await pilot.press("G")
        await until(pilot, lambda: "The very last line of this long article." in shown(view), "the last line")
        await pilot.press("g")
        await until(pilot, lambda: first_line in shown(view), "the first line again")

        await pilot.press("slash", *"last line of this")
        await until(pilot, lambda: view.found, "the match")
        assert [text[s:e] for s, e in view.found] == ["last line of this"]
        await pilot.press("escape")
        await until(pilot, lambda: "The very last line" in shown(view), "the match in view")
        assert screen.span.start == text.index("last line of this")

        await pilot.press("G", "t")  # the last sentence
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press("1")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        db = open_db(path)
        (tag,) = tags_for(db, article_id)
        db.close()
        assert tag["text"] == text[tag["start"] : tag["end"]] and tag["end"] == len(text)
        assert view.marks == ((tag["start"], tag["end"], tag["color"]),)

        panel = screen.query_one(QuotesPanel)
        assert panel.option_count == 0 and panel.border_title.startswith("Statements (")  # not filled while hidden
        await pilot.press("o")
        await until(pilot, lambda: panel.option_count == len(screen.claims.statements), "the quotes")
        assert panel.option_count > 1000


async def test_opening_a_big_article_at_an_offset_lays_out_around_it_first(big_library):
    path, article_id, text = big_library
    middle = text.index("\n\n", len(text) // 2) + 2
    app = ReaderApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        app.post_message(OpenArticle(article_id, middle))
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.span is not None, "the open")
        view = app.screen.query_one(ArticleView)
        sentence = text[app.screen.span.start : app.screen.span.end]
        await until(pilot, lambda: sentence[:20] in shown(view), "the sentence at the offset")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: view._window is None and sentence[:20] in shown(view), "the whole layout")
