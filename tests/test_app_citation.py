"""`y` in the reader cites fully, and shows the citation where no clipboard is known to have it."""

from __future__ import annotations

from app_support import SIZE, article_id, open_article, until
from textual.widgets import TextArea

from reader.store import open_db
from reader.store.articles import update_article
from reader.tui.app import ReaderApp
from reader.tui.screens.citation import CitationDialog

NATO = "NATO confirms"  # a seed whose quotes have speakers


async def test_y_cites_speaker_outlet_title_date_and_url_and_shows_it(library_path):
    wanted = article_id(library_path, NATO)
    db = open_db(library_path)
    update_article(db, wanted, url="https://www.newsweek.com/nato-troops", published="2024-10-28", source="Newsweek")
    db.close()
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        screen = await open_article(app, pilot, NATO)

        def said():
            span = screen.span
            return (
                span is not None
                and span.kind == "quote"
                and next(
                    (
                        q
                        for q in screen.record["quotes"]
                        if (q["start"], q["end"]) == (span.start, span.end) and q.get("speaker")
                    ),
                    None,
                )
            )

        for _ in range(20):
            await pilot.press("n")
            if said():
                break
        quote = said()
        assert quote
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard, "the copy")
        title = screen.article["title"]
        expected = (
            f"\u201c{' '.join(quote['text'].split())}\u201d \u2014 {quote['speaker']}, Newsweek, "
            f"\u201c{title}\u201d, 2024-10-28, https://www.newsweek.com/nato-troops"
        )
        assert app.clipboard == expected
        # The test terminal has no system clipboard: the citation is shown, selected, to copy by hand.
        await until(pilot, lambda: isinstance(app.screen, CitationDialog), "the citation")
        area = app.screen.query_one(TextArea)
        assert area.text == expected and area.read_only and area.selected_text == expected
        assert area.has_focus
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, "the citation to close")
