"""Finding words in the article: `/` opens the find bar, matches as you type, Enter steps, Escape leaves."""

from __future__ import annotations

from app_support import SIZE, open_article

from reader.tui.app import ReaderApp
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.find_bar import FindBar, find_all

ARTICLE = "North Korea will support"


def count(reader) -> str:
    return str(reader.query_one("#find-count").render())


def test_find_all_ignores_case_and_spacing():
    text = "North Korea.  north\nKOREA; Koreans"
    assert find_all(text, "korea") == [(6, 11), (20, 25), (27, 32)]
    assert find_all(text, "north korea") == [(0, 11), (14, 25)]
    assert find_all(text, "   ") == []
    assert find_all(text, "(") == []  # not a pattern


async def test_find_as_you_type_step_and_leave(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        reader = await open_article(app, pilot, ARTICLE)
        text = reader.article["text"]
        view = reader.query_one(ArticleView)
        expected = find_all(text, "korea")
        assert len(expected) >= 3
        await pilot.press("slash", *"KOR")
        bar = reader.query_one(FindBar)
        assert bar.display and bar.query_one("#find-query").has_focus
        await pilot.press(*"ea")
        assert count(reader) == f"1 of {len(expected)}"
        assert view.found == tuple(expected)
        assert (reader.span.start, reader.span.end) == expected[0]
        assert text[reader.span.start : reader.span.end].lower() == "korea"
        await pilot.press("enter")
        assert count(reader) == f"2 of {len(expected)}"
        assert (reader.span.start, reader.span.end) == expected[1]
        await pilot.press("shift+enter")
        assert (reader.span.start, reader.span.end) == expected[0]
        await pilot.press("up")  # before the first: round to the last
        assert count(reader) == f"{len(expected)} of {len(expected)}"
        await pilot.press("ctrl+g")
        assert count(reader) == f"1 of {len(expected)}"
        # n and N are letters here, not next quote.
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", *"nN")
        assert bar.query_one("#find-query").value == "nN"
        await pilot.press(*"zzz")
        assert count(reader) == "no match" and view.found == ()
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", *"kim jong-un")
        assert count(reader).startswith("1 of ")
        at = reader.span
        await pilot.press("escape")
        assert not bar.display and view.has_focus and view.found == ()
        assert reader.span == at  # the cursor stays on the match, as in less
        await pilot.press("n")  # n is next quote again
        assert reader.span.kind == "quote"
        # ctrl+f opens it too, with the last query, finding from the cursor on.
        await pilot.press("ctrl+f")
        assert bar.display and " of " in count(reader)
        await pilot.press("escape", "escape")
        assert app.screen is not reader  # a second Escape leaves the article
