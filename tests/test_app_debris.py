"""The reader folds each debris region of a scraped page to one dim line; z unfolds it."""

from __future__ import annotations

from app_support import SIZE, open_article

from reader.tui.app import ReaderApp
from reader.tui.widgets.article_view import ArticleView


def _screen_text(view: ArticleView) -> str:
    return "\n".join("".join(seg.text for seg in view.render_line(y)) for y in range(view.size.height))


async def test_comment_section_is_folded_skipped_and_unfolded(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, "At least 3,000")
        view = screen.query_one(ArticleView)
        text = screen.article["text"]
        regions = screen.claims.debris
        assert [r["kind"] for r in regions] == ["comments"]
        folds = [line for line in view._lines if line is not None and line.fold]
        assert [line.fold for line in folds] == ["8 lines of comments"]
        shown = _screen_text(view)
        assert "8 lines of comments" in shown and "Macroduck" not in shown
        # j walks every sentence and never stops in the comments.
        comments = text.index("One thought")
        for _ in range(len(screen.claims.sentences) + 2):
            await pilot.press("j")
            assert screen.span is None or screen.span.start < comments
        await pilot.press("g", "z")
        assert not any(line is not None and line.fold for line in view._lines)
        macroduck = next(
            line for line in view._lines if line is not None and text[line.start : line.end] == "1. Macroduck"
        )
        assert macroduck.debris  # unfolded debris is drawn dim
        assert not any(line.debris for line in view._lines if line is not None and line.start < comments)
        await pilot.press("z")
        assert [line.fold for line in view._lines if line is not None and line.fold] == ["8 lines of comments"]


async def test_z_is_a_described_binding(library_path):
    bindings = {b.key: b for b in ArticleView.BINDINGS}
    assert bindings["z"].description
