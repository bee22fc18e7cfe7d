"""The search screen in the real app: every place an article matches, wrapped lines indented."""

from __future__ import annotations

from app_support import until
from textual.widgets import OptionList

from reader.store import open_db
from reader.store.articles import add_article, set_setting
from reader.tui.app import ReaderApp
from reader.tui.screens.search import HIT_INDENT, SearchScreen

TEXT = (
    "Kursk was quiet in the morning, said officials who had watched the border region closely for weeks "
    "and who expected nothing at all to happen there before the weekend. "
    + "Nothing else happened for a long while. "
    * 6
    + "By evening troops had crossed into Kursk again, according to three officials briefed on the movements "
    "of the units along the whole length of the frontier."
)


async def test_every_hit_is_listed_and_wrapped_lines_are_indented(db_path):
    db = open_db(db_path)
    set_setting(db, "seeded", "none")  # this article alone
    article_id, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Quiet day on the border", source="Test")
    db.close()
    app = ReaderApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SearchScreen(db_path, query="kursk"))
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.hits, "the hits")
        hits = [hit for hit in app.screen.hits if hit["article_id"] == article_id]
        assert [TEXT[h["start"] : h["end"]] for h in hits] == ["Kursk", "Kursk"]
        assert hits[1]["start"] == TEXT.rindex("Kursk")
        results = app.screen.query_one("#search-results", OptionList)
        await pilot.pause()
        lines = [results.render_line(y).text.rstrip() for y in range(results.size.height)]
        shown = [line for line in lines if line.strip()]
        # Each hit: its heading at the left, then its snippet over several lines, all indented.
        headings = [i for i, line in enumerate(shown) if line.lstrip().startswith("article")]
        assert len(headings) == 2
        assert len(shown[headings[1] + 1 :]) >= 2, shown  # the second hit's snippet wraps
        snippet_lines = [line for i, line in enumerate(shown) if i not in headings]
        assert all(line.startswith(" " * HIT_INDENT) and line[HIT_INDENT] != " " for line in snippet_lines), shown


def test_the_status_counts_in_english():
    from reader.tui.screens.search import hits_summary

    quote = {"kind": "quote", "article_id": "a"}
    passages = [{"kind": "article", "article_id": "a"}, {"kind": "article", "article_id": "a"}]
    assert hits_summary([quote, *passages]) == "1 quote, 2 matches in 1 article"
    assert hits_summary([quote, quote], more=True) == "2+ quotes"
