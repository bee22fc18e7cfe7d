"""The same numbers everywhere: statements and quoted terms, counted apart by reader.counts,
agree in the library, `reader list`, `reader show`, the Quotes panel, Speakers and Overview."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from app_support import ROOT, SIZE, open_article, until

from reader.counts import QuoteCounts, count_quotes, first_parts, statements
from reader.nlp.model import pipeline_id
from reader.store import open_db
from reader.store.articles import get_analysis, list_articles
from reader.store.search import overview, quotes_by, speakers
from reader.tui.app import ReaderApp
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.overview import OverviewScreen
from reader.tui.screens.speakers import SpeakersScreen
from reader.tui.widgets.bar_chart import BarChart
from reader.tui.widgets.quotes_panel import QuotesPanel


def q(kind: str, group: int | None, speaker: str | None = "Kirby") -> dict:
    return {"kind": kind, "group": group, "speaker": speaker, "start": 0, "end": 1, "text": "x"}


def test_a_split_statement_counts_once_and_terms_apart():
    quotes = [
        q("statement", 0),
        q("statement", 0),
        q("term", 1),
        q("statement", 2),
        q("statement", None),
        q("term", None, None),
    ]
    assert count_quotes(quotes) == QuoteCounts(statements=3, terms=2)
    assert [len(parts) for parts in statements(quotes)] == [2, 1, 1]
    assert first_parts(quotes) == [True, False, True, True, True, True]
    assert count_quotes([]).label() == "0 statements · 0 quoted terms"
    assert QuoteCounts(1, 1).label() == "1 statement · 1 quoted term"


def _seed_figures(path) -> dict[str, QuoteCounts]:
    db = open_db(path)
    try:
        return {
            row["id"]: count_quotes(get_analysis(db, row["id"], pipeline_id())["quotes"])
            for row in list_articles(db, pipeline_id())
        }
    finally:
        db.close()


def test_the_store_and_the_commands_agree_on_the_seeds(library_path):
    counts = _seed_figures(library_path)
    assert len(counts) == 5 and any(c.terms for c in counts.values())
    db = open_db(library_path)
    try:
        assert {row["id"]: row["quotes"] for row in list_articles(db, pipeline_id())} == {
            i: c.statements for i, c in counts.items()
        }
        total = sum(c.statements for c in counts.values())
        figures = overview(db, pipeline=pipeline_id())
        assert figures["totals"]["quotes"] == total
        assert figures["totals"]["terms"] == sum(c.terms for c in counts.values())
        bars = sum(row["quotes"] for row in figures["speakers"]) + figures["other_speakers"] + figures["unattributed"]
        assert bars == total
        rows = speakers(db)
        assert sum(row["quotes"] for row in rows) + figures["unattributed"] == total
        for row in rows:
            said = quotes_by(db, row["speaker"])
            assert len(said) == row["quotes"], row["speaker"]
            assert all(quote["kind"] == "statement" for quote in said)
    finally:
        db.close()
    env = {**os.environ, "READER_DB": str(library_path), "READER_DEBUG": ""}
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert {row["id"]: row["quotes"] for row in json.loads(listed.stdout)} == {
        i: c.statements for i, c in counts.items()
    }
    table = subprocess.run(
        [sys.executable, "-m", "reader", "list"], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    assert table.stdout.split()[:3] == ["id", "words", "statements"]
    for article_id, figures_of in counts.items():
        shown = subprocess.run(
            [sys.executable, "-m", "reader", "show", article_id[:8]],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
        ).stdout
        assert f" · {figures_of.label()}" in shown
        assert shown.count("\n   statement ") == figures_of.statements
        assert shown.count("\n   quoted term ") == figures_of.terms


async def test_the_app_agrees_on_the_seeds(library_path):
    counts = _seed_figures(library_path)
    total = sum(c.statements for c in counts.values())
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen) and len(app.screen.rows) == 5)
        assert {i: row["quotes"] for i, row in app.screen.rows.items()} == {i: c.statements for i, c in counts.items()}
        for article_id in list(counts)[:2]:
            title = app.screen.rows[article_id]["title"]
            screen = await open_article(app, pilot, title)
            assert screen.query_one(QuotesPanel).border_title == f"Statements ({counts[article_id].statements})"
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, LibraryScreen))

        app.push_screen(SpeakersScreen(library_path))
        await until(pilot, lambda: isinstance(app.screen, SpeakersScreen) and app.screen.rows)
        await app.workers.wait_for_complete()
        await pilot.pause()
        speaker_rows = app.screen.rows
        kirby = next(row for row in speaker_rows if row["speaker"] == "John Kirby")
        app.screen.speaker = "John Kirby"
        await until(pilot, lambda: len(app.screen.quotes) == kirby["quotes"], "Kirby's statements")
        await app.workers.wait_for_complete()
        await pilot.pause()
        heading = str(app.screen.query_one("#speaker-heading").render())
        assert f"{kirby['quotes']} statement" in heading
        app.screen.dismiss()
        await pilot.pause()

        app.push_screen(OverviewScreen(library_path, pipeline=pipeline_id()))
        await until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await app.workers.wait_for_complete()
        await pilot.pause()
        bars = app.screen.query_one("#chart-speakers", BarChart).data
        assert sum(value for _, value in bars) == total
        totals = str(app.screen.query_one("#overview-totals").render())
        terms = sum(c.terms for c in counts.values())
        assert f"{total} statements · {terms} quoted term" in totals
        # Speakers and Overview name the same people with the same figures.
        named = {name: value for name, value in bars if name not in ("other speakers", "no speaker named")}
        assert named == {row["speaker"]: row["quotes"] for row in speaker_rows if row["quotes"]}
