"""Echoes in the app: the status line names the other outlets, the Quotes panel opens the group,
and the group view marks each copy's wording against the first, word by word (real app, Pilot)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from app_support import open_article, until
from rich.style import Style

from reader.tui.app import ReaderApp
from reader.tui.screens.echo_group import EchoGroupScreen, word_diff
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.quotes_panel import QuotesPanel
from reader.tui.widgets.status_line import StatusLine

DATA = Path(__file__).parent / "data" / "echoes"
SIZE = (100, 32)


@pytest.fixture
def echo_library(library_path) -> Path:
    """The analysed seeds and the three port articles, added (and analysed) by `reader add`."""
    added = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(library_path), "add", str(DATA)],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=300,
    )
    assert added.returncode == 0, added.stderr
    return library_path


def _echoed_statement(screen: ReaderScreen) -> int:
    return next(i for i in screen.claims.statements if "northern terminal" in screen.claims.quotes[i]["text"])


async def test_the_status_line_says_who_else_quotes_the_words_and_flags_another_speaker(echo_library):
    app = ReaderApp(echo_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, "Storm-hit port")  # Reuters, added last
        screen.span = screen.claims.quote_span(_echoed_statement(screen))
        await pilot.pause()
        status = str(screen.query_one(StatusLine).render())
        assert "also quoted by CNN, AP" in status
        assert "⚑ also quoted by CNN, AP" in status  # AP gives the words to the minister
        other = next(i for i in screen.claims.statements if "backlog" in screen.claims.quotes[i]["text"])
        screen.span = screen.claims.quote_span(other)
        await pilot.pause()
        assert "also quoted by" not in str(screen.query_one(StatusLine).render())


async def test_the_quotes_panel_opens_the_group_with_wording_differences(echo_library):
    app = ReaderApp(echo_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, "Storm-hit port")
        await pilot.press("o")
        panel = screen.query_one(QuotesPanel)
        assert panel.has_focus
        index = _echoed_statement(screen)
        panel.highlighted = panel.get_option_index(str(index))
        assert "also quoted by 2 outlets" in str(panel.get_option(str(index)).prompt)
        await pilot.press("E")
        await until(
            pilot,
            lambda: isinstance(app.screen, EchoGroupScreen) and app.screen.group is not None,
            "the echo group to show",
        )
        group_screen = app.screen
        assert [q["source"] for q in group_screen.group["quotes"]] == ["Reuters", "AP", "CNN"]  # opened from first
        heading = str(group_screen.query_one("#echo-heading").render())
        assert "different speakers" in heading and "Elena Marsh" in heading and "David Okafor" in heading
        options = group_screen.query_one("#echo-quotes")
        assert options.option_count == 3
        inserted = group_screen.get_component_rich_style("echo-group--inserted")
        deleted = group_screen.get_component_rich_style("echo-group--deleted")
        ap = options.get_option_at_index(1).prompt
        assert [ap.plain[s.start : s.end] for s in ap.spans if s.style == inserted] == ["ever"]
        cnn = options.get_option_at_index(2).prompt
        assert [cnn.plain[s.start : s.end] for s in cnn.spans if s.style == deleted] == ["weeks,", "this"]
        assert [cnn.plain[s.start : s.end] for s in cnn.spans if s.style == inserted] == ["weeks", "the"]
        await pilot.press("down", "enter")  # opens AP's article at its copy
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, ReaderScreen)
                and app.screen.claims is not None
                and app.screen.article["source"] == "AP"
            ),
            "AP's article to open",
        )
        assert "northern terminal" in app.screen.article["text"][app.screen.span.start : app.screen.span.end]


async def test_a_quote_no_one_else_has_says_so(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot)
        await pilot.press("o")
        screen.query_one(QuotesPanel).highlighted = 0
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert any("No other article quotes these words" in str(n.message) for n in app._notifications)


def test_word_diff_marks_inserted_and_dropped_words():
    plus, minus = Style(bold=True), Style(strike=True)
    out = word_diff("we will reopen the terminal soon", "we will reopen the north terminal", plus, minus)
    assert out.plain == "we will reopen the north terminal soon"
    assert [(out.plain[s.start : s.end], s.style) for s in out.spans] == [("north", plus), ("soon", minus)]


async def test_at_80_columns_the_flag_and_an_outlet_stay_on_the_status_line(echo_library):
    app = ReaderApp(echo_library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_article(app, pilot, "Storm-hit port")
        screen.span = screen.claims.quote_span(_echoed_statement(screen))
        await pilot.pause()
        shown = screen.query_one(StatusLine).render_line(0).text
        assert "⚑ also quoted by CNN" in shown
