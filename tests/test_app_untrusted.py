"""Hostile article text (Rich markup, ANSI escapes, control characters) is shown literally, inert."""

from __future__ import annotations

from app_support import until
from textual.widget import Widget
from textual.widgets._header import HeaderTitle

from reader.nlp.model import pipeline_id
from reader.store import open_db
from reader.store.articles import add_article, put_analysis, set_setting
from reader.tui.app import ReaderApp
from reader.tui.messages import OpenArticle
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.actors_panel import ActorsPanel
from reader.tui.widgets.article_table import ArticleTable
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.quotes_panel import QuotesPanel
from reader.tui.widgets.status_line import StatusLine

MARKUP = "[bold red]x[/]"
LINK = "[link=https://x]y[/link]"
ANSI = "\x1b[31mred\x1b[0m"
HOSTILE_TITLE = f"{MARKUP} {LINK} {ANSI}\x07"
HOSTILE_TEXT = (
    f"{HOSTILE_TITLE}\n\n"
    f"The envoy {MARKUP} met {LINK} today. \x1b[2J\x1b[H Then\x08\x08 the \u202eevil\u202c end\r.\n\n"
    f"“{ANSI} is not a colour,” said {MARKUP}.\n"
)


def hostile_library(path) -> str:
    """A library with one hostile article and an analysis whose spans cover the hostile parts."""
    db = open_db(path)
    set_setting(db, "seeded", "yes")  # keep the seeds out: only the hostile article
    article_id, _ = add_article(db, raw_text=HOSTILE_TEXT, text=HOSTILE_TEXT, title=HOSTILE_TITLE, source=LINK)
    text = HOSTILE_TEXT
    first = text.index("The envoy")
    second = text.index("“")
    speaker = text.rindex(MARKUP)
    quote_start = second + 1
    quote_end = text.index(" is not a colour") + len(" is not a colour")
    put_analysis(
        db,
        article_id,
        pipeline_id(),
        {
            "paragraphs": [[0, len(HOSTILE_TITLE)], [first, second - 2], [second, len(text) - 1]],
            "sentences": [[0, len(HOSTILE_TITLE)], [first, second - 2], [second, len(text) - 1]],
            "actors": [
                {
                    "name": MARKUP,
                    "label": "PERSON",
                    "mentions": [
                        {"start": s, "end": s + len(MARKUP), "text": MARKUP}
                        for s in (text.index(MARKUP, first), speaker)
                    ],
                },
                {
                    "name": LINK,
                    "label": "ORG",
                    "mentions": [
                        {"start": text.index(LINK, first), "end": text.index(LINK, first) + len(LINK), "text": LINK}
                    ],
                },
            ],
            "places": [],
            "quotes": [
                {
                    "start": quote_start,
                    "end": quote_end,
                    "text": text[quote_start:quote_end],
                    "kind": "statement",
                    "speaker": MARKUP,
                    "speaker_span": [speaker, speaker + len(MARKUP)],
                    "cue": "said",
                    "group": 0,
                }
            ],
        },
    )
    db.close()
    return article_id


def drawn(widget: Widget) -> tuple[str, list]:
    """Everything a widget draws now: its text, and its segments."""
    segments = [segment for y in range(widget.size.height) for segment in widget.render_line(y)]
    return "".join(segment.text for segment in segments), segments


def assert_inert(widget: Widget) -> str:
    text, segments = drawn(widget)
    assert all(ch.isprintable() for ch in text), repr([ch for ch in text if not ch.isprintable()])
    for segment in segments:
        style = segment.style
        assert style is None or not style.link, f"a link from untrusted text: {segment!r}"
        assert style is None or not style.meta or "@click" not in style.meta
    return text


async def test_hostile_text_is_shown_literally_and_changes_nothing(db_path):
    article_id = hostile_library(db_path)
    app = ReaderApp(db_path)
    async with app.run_test(size=(200, 32), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table_text = assert_inert(app.screen.query_one(ArticleTable))
        assert MARKUP in table_text and LINK in table_text and "␛[31mred␛[0m" in table_text

        app.post_message(OpenArticle(article_id))
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.claims is not None)
        await pilot.press("a", "o")
        view = app.screen.query_one(ArticleView)
        text = assert_inert(view)
        assert MARKUP in text and LINK in text
        assert "␛[31mred␛[0m" in text and "␛[2J␛[H" in text and "␈␈" in text and "␍" in text
        assert "\u202e" not in text
        # The markup did not style anything: the literal "x" of "[bold red]x[/]" is not red.
        _, segments = drawn(view)
        assert not any(seg.style and seg.style.color and seg.style.color.name == "red" for seg in segments)
        assert MARKUP in assert_inert(app.screen.query_one(ActorsPanel))
        assert MARKUP in assert_inert(app.screen.query_one(QuotesPanel))
        await pilot.press("escape", "n")  # the cursor on the quote: its speaker in the status line
        assert MARKUP in assert_inert(app.screen.query_one(StatusLine))
        header = assert_inert(app.screen.query_one(HeaderTitle))
        assert MARKUP in header and LINK in header
