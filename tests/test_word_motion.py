"""Word motions: the cursor moves word by word, and a `v` selection grows by words to tag a phrase."""

from __future__ import annotations

from app_support import BLINKEN, SIZE, open_article, until

from reader.store import open_db
from reader.store.tags import tags_for
from reader.tui.app import ReaderApp
from reader.tui.claims import Claims, Span
from reader.tui.screens.tag_picker import TagPicker

TEXT = "Kirby said they’re “fair game.” Then he left."
RECORD = {"sentences": [[0, 31], [32, len(TEXT)]], "paragraphs": [[0, len(TEXT)]], "actors": [], "quotes": []}


def words(claims: Claims, span: Span | None, step, n: int) -> list[str]:
    seen = []
    for _ in range(n):
        span = step(span)
        if span is None:
            break
        seen.append(TEXT[span.start : span.end])
    return seen


def test_next_and_previous_word_over_apostrophes_and_marks():
    claims = Claims(TEXT, RECORD)
    assert words(claims, None, claims.next_word, 20) == [
        "Kirby",
        "said",
        "they’re",
        "fair",
        "game",
        "Then",
        "he",
        "left",
    ]
    last = Span(TEXT.index("left"), len(TEXT) - 1, "word")
    assert words(claims, last, claims.previous_word, 3) == ["he", "Then", "game"]
    sentence = Span(32, len(TEXT), "sentence")
    assert TEXT[slice(*_bounds(claims.next_word(sentence)))] == "Then"
    assert TEXT[slice(*_bounds(claims.previous_word(sentence)))] == "left"
    assert claims.previous_word(Span(0, 5, "word")) is None


def _bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


async def test_select_a_phrase_by_words_and_tag_it(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        screen = await open_article(app, pilot, BLINKEN)
        await pilot.press("j", "l")
        first = screen.span
        assert first.kind == "word"
        await pilot.press("v", "l", "l", "right")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker), "the picker")
        await pilot.press("1")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        db = open_db(library_path)
        (tag,) = tags_for(db, screen.article["id"])
        text = screen.article["text"]
        assert tag["start"] == first.start and tag["end"] == screen.span.end
        assert len(text[tag["start"] : tag["end"]].split()) == 4
        await pilot.press("h")
        assert screen.span.kind == "word" and screen.span.end <= tag["end"]
        db.close()
