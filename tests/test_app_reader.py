"""The reader screen, driven with Pilot: the cursor, every navigation key, panels, help, palette."""

from __future__ import annotations

from app_support import BLINKEN, SIZE, open_article

from reader.service.ingest import cached_analysis
from reader.store.articles import get_article
from reader.tui.app import ReaderApp
from reader.tui.claims import Span
from reader.tui.messages import OpenArticle
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.actors_panel import ActorsPanel
from reader.tui.widgets.article_table import ArticleTable
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.quotes_panel import QuotesPanel
from reader.tui.widgets.status_line import StatusLine


async def open_reader(app: ReaderApp, pilot, title_start: str = BLINKEN) -> ReaderScreen:
    return await open_article(app, pilot, title_start)


def sentences(app: ReaderApp) -> list[tuple[int, int]]:
    """The article's sentences as the reader steps through them (cut at paragraph ends)."""
    return app.screen.claims.sentences


def statements(app: ReaderApp) -> list[dict]:
    record = cached_analysis(app.library.db, app.screen.article_id)
    return sorted((q for q in record["quotes"] if q["kind"] == "statement"), key=lambda q: q["start"])


def cursor_rows(view: ArticleView) -> list[int]:
    """The rows of the view (on screen now) drawn with the cursor's background."""
    cursor = view._style("cursor").bgcolor
    return [
        y
        for y in range(view.size.height)
        if any(seg.style is not None and seg.style.bgcolor == cursor for seg in view.render_line(y))
    ]


async def test_opening_shows_title_source_text_and_first_sentence(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        article = get_article(app.library.db, screen.article_id)
        assert screen.title == article["title"] and screen.sub_title == article["source"]
        view = screen.query_one(ArticleView)
        assert view.has_focus
        first = sentences(app)[0]
        assert screen.span == Span(*first, "sentence") == view.cursor
        shown = "".join(view.render_line(y).text for y in range(view.size.height))
        assert "Blinken" in shown
        assert cursor_rows(view) and cursor_rows(view)[0] == 0
        assert "Sentence 1/" in str(screen.query_one(StatusLine).render())


async def test_open_at_an_offset_puts_the_cursor_there(library_path):
    """How search results open an article at a hit: the cursor on the sentence holding it."""
    app = ReaderApp(library_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_reader(app, pilot, "North Korea will support")
        target = screen.claims.sentences[-2]
        offset = (target[0] + target[1]) // 2
        app.post_message(OpenArticle(screen.article_id, offset))
        await pilot.pause()
        assert (screen.span.start, screen.span.end) == target
        view = screen.query_one(ArticleView)
        assert view.scroll_offset.y > 0 and cursor_rows(view)


async def test_sentence_keys_move_and_scroll(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        spans = sentences(app)
        await pilot.press("j")
        assert (screen.span.start, screen.span.end) == spans[1]
        await pilot.press("down", "down")
        assert (screen.span.start, screen.span.end) == spans[3]
        await pilot.press("k")
        assert (screen.span.start, screen.span.end) == spans[2]
        await pilot.press("up")
        assert (screen.span.start, screen.span.end) == spans[1]
        view = screen.query_one(ArticleView)
        await pilot.press("G")
        assert (screen.span.start, screen.span.end) == spans[-1]
        assert view.scroll_offset.y > 0 and cursor_rows(view), "the last sentence is scrolled into view"
        await pilot.press("g")
        assert (screen.span.start, screen.span.end) == spans[0]
        assert view.scroll_offset.y == 0
        await pilot.press("end")
        assert (screen.span.start, screen.span.end) == spans[-1]
        await pilot.press("j")  # nothing after the last sentence: the cursor stays
        assert (screen.span.start, screen.span.end) == spans[-1]
        await pilot.press("home")
        assert (screen.span.start, screen.span.end) == spans[0]


async def test_page_keys_scroll_and_bring_the_cursor_along(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_reader(app, pilot, "North Korea will support")
        view = screen.query_one(ArticleView)
        spans = sentences(app)
        await pilot.press("pagedown")
        assert view.scroll_offset.y > 0
        top = view.top_offset()
        assert screen.span.kind == "sentence" and screen.span.start >= top
        assert (screen.span.start, screen.span.end) in spans and cursor_rows(view)
        after_one_page = screen.span
        await pilot.press("space", "pageup")
        assert view.top_offset() <= screen.span.start and cursor_rows(view)
        await pilot.press("b", "b", "b")
        assert view.scroll_offset.y == 0
        assert screen.span.start < after_one_page.start


async def test_quote_keys_visit_every_statement_in_order(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot, "At least 3,000")
        quotes = statements(app)
        assert len(quotes) >= 2
        for quote in quotes:
            await pilot.press("n")
            assert screen.span == Span(quote["start"], quote["end"], "quote")
            status = str(screen.query_one(StatusLine).render())
            assert "speaker" in status
            assert (quote["speaker"] or "unattributed") in status
        await pilot.press("n")
        assert screen.span.start == quotes[-1]["start"]
        for quote in reversed(quotes[:-1]):
            await pilot.press("N")
            assert screen.span.start == quote["start"]


async def test_mention_keys_cycle_the_selected_actor(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        actor = max(screen.claims.actors, key=lambda a: len(a.mentions))
        assert len(actor.mentions) >= 2
        await pilot.press("a")
        panel = screen.query_one(ActorsPanel)
        assert panel.display and panel.has_focus
        panel.highlighted = [a.name for a in panel.actors].index(actor.name)
        await pilot.press("enter")
        assert screen.selected_actor == actor.name
        assert screen.query_one(ArticleView).selected_actor == actor.name
        assert screen.span == Span(*actor.mentions[0], "mention")
        assert actor.name in str(screen.query_one(StatusLine).render())
        await pilot.press("right_square_bracket")
        assert screen.span == Span(*actor.mentions[1], "mention")
        await pilot.press("left_square_bracket")
        assert screen.span == Span(*actor.mentions[0], "mention")
        await pilot.press("left_square_bracket")  # none earlier: stays
        assert screen.span == Span(*actor.mentions[0], "mention")


async def test_mention_keys_pick_the_actor_under_the_cursor(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        under = screen.claims.actor_at(screen.span)
        assert under is not None
        await pilot.press("right_square_bracket")
        assert screen.selected_actor == under
        assert screen.span.kind == "mention"


async def test_selected_actor_mentions_are_drawn_distinctly(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        view = screen.query_one(ArticleView)
        actor = screen.claims.actors[0]
        start, end = actor.mentions[0]
        row = view.line_of(start)

        def styles_at_mention() -> set:
            line = view._lines[row]
            strip = view.render_line(row - view.scroll_offset.y)
            column, styles = 0, set()
            for segment in strip:
                if segment.text and line.start + column < end and line.start + column + len(segment.text) > start:
                    styles.add(segment.style)
                column += len(segment.text)
            return styles

        await pilot.press("j")  # keep the cursor off the mention's styles
        before = styles_at_mention()
        screen.selected_actor = actor.name
        await pilot.pause()
        after = styles_at_mention()
        assert before != after
        assert any(style.underline for style in after)


async def test_marks_are_drawn_over_the_text(library_path):
    """The seam for tags: spans set on the view's `marks` are underlined in their colour."""
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        view = screen.query_one(ArticleView)
        await pilot.press("j", "j")  # the cursor away from the first line
        line = view._lines[0]
        view.marks = ((line.start, line.start + 6, "#ff0000"), (line.start + 8, line.start + 12, "not a colour"))
        await pilot.pause()
        segments = list(view.render_line(0))
        underlined = "".join(seg.text for seg in segments if seg.style and seg.style.underline)
        assert underlined.replace(" ", "") == (
            view._text[line.start : line.start + 6] + view._text[line.start + 8 : line.start + 12]
        ).replace(" ", "")
        reds = [
            seg
            for seg in segments
            if seg.style and seg.style.bgcolor and seg.style.bgcolor.triplet and seg.style.bgcolor.triplet.red > 80
        ]
        assert reds and "".join(seg.text for seg in reds) == view._text[line.start : line.start + 6]
        view.marks = ()
        await pilot.pause()
        assert not any(seg.style and seg.style.underline for seg in view.render_line(0))


async def test_quotes_panel_jumps_and_filters_by_speaker(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot, "At least 3,000")
        quotes = statements(app)
        await pilot.press("o")
        panel = screen.query_one(QuotesPanel)
        assert panel.display and panel.has_focus
        assert panel.option_count == len(quotes)
        await pilot.press("down", "enter")
        assert screen.span == Span(quotes[1]["start"], quotes[1]["end"], "quote")
        # Filter to one speaker from the Actors panel.
        speaker = next(q["speaker"] for q in quotes if q["speaker"] and screen.claims.actor(q["speaker"]))
        await pilot.press("a")
        actors = screen.query_one(ActorsPanel)
        actors.highlighted = [a.name for a in actors.actors].index(speaker)
        await pilot.press("f")
        assert screen.speaker_filter == speaker
        assert panel.option_count == sum(1 for q in quotes if q["speaker"] == speaker)
        await pilot.press("c")
        assert screen.speaker_filter is None and screen.selected_actor is None
        assert panel.option_count == len(quotes)


async def test_panels_toggle_focus_tab_and_escape(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        view, actors, quotes = (
            screen.query_one(ArticleView),
            screen.query_one(ActorsPanel),
            screen.query_one(QuotesPanel),
        )
        assert not actors.display and not quotes.display
        await pilot.press("a")
        assert actors.display and actors.has_focus
        await pilot.press("o")
        assert quotes.display and quotes.has_focus
        await pilot.press("tab")
        assert view.has_focus
        await pilot.press("tab")
        assert actors.has_focus
        await pilot.press("a")  # a focused panel hides
        assert not actors.display and view.has_focus
        await pilot.press("o")  # a shown, unfocused panel takes the focus
        assert quotes.display and quotes.has_focus
        await pilot.press("escape")  # from a panel: back to the text
        assert view.has_focus and isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")  # from the text: back to the library
        assert isinstance(app.screen, LibraryScreen)


async def test_click_moves_the_cursor_to_the_sentence(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        view = screen.query_one(ArticleView)
        line = next(i for i, line in enumerate(view._lines) if line and line.start > screen.span.end)
        await pilot.click(ArticleView, offset=(3, line))
        offset = view._lines[line].start + 2
        assert screen.span.start <= offset < screen.span.end
        assert screen.span.kind == "sentence"


async def test_help_lists_the_keys_of_the_screen_and_closes(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render())
        assert "Filter" in text and "Quit" in text and "Next quote" not in text
        await pilot.press("escape")
        await open_reader(app, pilot)
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-keys").render())
        for description in (
            "Next quote",
            "Prev quote",
            "Next mention",
            "Next sentence",
            "Actors",
            "Quotes",
            "Back",
            "Quit",
        ):
            assert description in text
        await pilot.press("question_mark")
        assert isinstance(app.screen, ReaderScreen)


async def test_screenshot_key_and_palette_command(library_path, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_SCREENSHOTS", str(tmp_path / "shots"))
    (tmp_path / "shots").mkdir()
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot)
        await pilot.press("ctrl+s")
        shots = list((tmp_path / "shots").glob("*.svg"))
        assert len(shots) == 1 and "Blinken" in shots[0].read_text()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Save screenshot" in titles and "Actors panel" in titles and "Help" in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"save screenshot")
        await pilot.press("enter")
        await pilot.pause()
        assert len(list((tmp_path / "shots").glob("*.svg"))) == 2


async def test_q_quits_and_escape_keeps_the_library_cursor(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
    assert app.return_code == 0
    table_app = ReaderApp(library_path)
    async with table_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "enter", "escape")
        assert isinstance(table_app.screen, LibraryScreen)
        assert table_app.screen.query_one(ArticleTable).cursor_row == 1
