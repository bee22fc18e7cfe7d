"""Every attribution names the rule that produced it: per-rule tests on small parsed texts, the
`rule` field in `reader analyze --format json`, and the words the app shows for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from app_support import SIZE, open_article
from quote_support import quotes_of

from reader.nlp.quote_rules import explain
from reader.service.ingest import cached_analysis
from reader.tui.app import ReaderApp
from reader.tui.widgets.status_line import StatusLine


@pytest.mark.parametrize(
    "text, words, speaker, rule",
    [
        (
            "“We will not retreat,” Defense Minister Ana Lopez said on Monday.",
            "We will not",
            "Ana Lopez",
            "parse: name",
        ),
        (
            "Ana Lopez spoke in Madrid. “We will not retreat from the city,” she said.",
            "We will not",
            "Ana Lopez",
            "parse: pronoun she",
        ),
        (
            "Jorge Ruiz was asked about the plan.\n“It will work in the end, I am sure of it.” — Jorge Ruiz",
            "It will work",
            "Jorge Ruiz",
            "credit after dash",
        ),
        (
            "Jorge Ruiz: “The plan will work and we will see it work by the summer.”",
            "The plan will",
            "Jorge Ruiz",
            "label: name",
        ),
    ],
)
def test_each_attribution_names_its_rule(nlp, text, words, speaker, rule):
    [quote] = [q for q in quotes_of(nlp, text) if q["text"].startswith(words)]
    assert quote["speaker"] == speaker
    assert quote["rule"] == rule


def test_a_quote_nobody_is_named_for_is_unattributed_by_rule(nlp):
    [quote] = quotes_of(nlp, "“The night was long and nobody slept in the shelters at all.”")
    assert quote["speaker"] is None and quote["rule"] == "unattributed"


def test_the_second_part_of_a_split_statement_names_the_first_parts_rule(nlp):
    text = "“We are ready,” Ana Lopez said, “and we will not wait for anyone to help us.”"
    first, second = quotes_of(nlp, text)
    assert first["rule"] == "parse: name"
    assert second["speaker"] == "Ana Lopez" and second["rule"].endswith("name")


@pytest.mark.parametrize(
    "rule, cue, words",
    [
        ("after: name", "said", "named by 'said' after the quote"),
        ("parse: pronoun she", "said", "named by 'said': the last woman named"),
        ("credit after dash", None, "the credit after the dash"),
        (
            "same statement: parse: pronoun he",
            "said",
            "another part of the statement, named by 'said': the last man named",
        ),
        ("unattributed", None, "no speaker found"),
    ],
)
def test_rules_read_as_words(rule, cue, words):
    assert explain(rule, cue) == words


def test_analyze_json_names_a_rule_on_every_quote(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Talks\n\n“We will not retreat,” Ana Lopez said. “Never,” she added.\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", "--format", "json", "--db", str(tmp_path / "c.db"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
    )
    assert out.returncode == 0, out.stderr
    [record] = json.loads(out.stdout)
    assert record["quotes"] and all(q["rule"] for q in record["quotes"])
    assert record["quotes"][0]["rule"] == "parse: name"


async def test_the_status_line_says_why_the_speaker_was_chosen(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(app, pilot, "At least 3,000")
        record = cached_analysis(app.library.db, screen.article_id)
        first = min((q for q in record["quotes"] if q["kind"] == "statement"), key=lambda q: q["start"])
        await pilot.press("n")
        status = str(screen.query_one(StatusLine).render())
        assert first["rule"] and explain(first["rule"], first["cue"])[:20] in status


async def test_a_reason_too_long_for_a_narrow_status_line_gives_the_cue_whole(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await open_article(app, pilot, "At least 3,000")
        claims = screen.claims
        # A statement named through a cue, with a reason longer than the line has room for.
        index = next(i for i in claims.statements if claims.quotes[i].get("cue") and claims.quotes[i]["speaker"])
        quote = claims.quotes[index]
        screen.span = claims.quote_span(index)
        await pilot.pause()
        shown = screen.query_one(StatusLine).render_line(0).text.rstrip()
        assert explain(quote["rule"], quote["cue"]) not in shown
        assert shown.endswith(f"({quote['cue']})"), shown
