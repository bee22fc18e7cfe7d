"""`reader search`, `remove`, `speakers`, `quotes-by` on real library files."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from pty_support import Terminal

from reader.nlp.model import pipeline_id
from reader.service.ingest import ensure_seeded
from reader.store.articles import add_article, article_count, get_article, put_analysis, unanalysed_ids
from reader.store.search import index_analysis
from reader.store.tags import add_tag

TEXT = (
    'John Kirby said the strike was "fair game" for Ukraine. '
    '"We are watching closely," Kirby said, "and we will respond." Troops gathered near Zaporizhzhia.'
)


def quote(phrase: str, speaker: str, group: int) -> dict:
    start = TEXT.index(phrase)
    return {
        "start": start,
        "end": start + len(phrase),
        "text": phrase,
        "kind": "statement",
        "speaker": speaker,
        "speaker_span": None,
        "cue": "said",
        "group": group,
    }


@pytest.fixture
def cli():
    """The real `reader` command group, with these commands registered."""
    from reader.cli import cli as reader_cli

    return reader_cli


EMPTY = {"paragraphs": [], "sentences": [], "actors": [], "places": [], "quotes": []}


@pytest.fixture
def article(db) -> str:
    """A seeded library plus one analysed article of our own; the seeds' analyses found
    nothing, so commands that analyse pending articles first have nothing to do."""
    ensure_seeded(db)
    for seed_id in unanalysed_ids(db, pipeline_id()):
        put_analysis(db, seed_id, pipeline_id(), EMPTY)
    article_id, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Fair game", source="Test")
    record = {
        "paragraphs": [[0, len(TEXT)]],
        "sentences": [],
        "actors": [],
        "places": [],
        "quotes": [quote("We are watching closely,", "John Kirby", 0), quote("and we will respond.", "John Kirby", 0)],
    }
    put_analysis(db, article_id, pipeline_id(), record)
    index_analysis(db, article_id, record)
    return article_id


def run(cli, *args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.mark.parametrize("command", ["search", "remove", "speakers", "quotes-by"])
def test_every_command_has_help(cli, command):
    result = run(cli, command, "--help")
    assert result.exit_code == 0
    assert "--db" in result.output and "Usage:" in result.output


def test_search_finds_seed_text_and_quotes(cli, article, db_path):
    result = run(cli, "search", "Zaporizhzhia", "--format", "json")
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert [(h["kind"], h["article_id"]) for h in hits] == [("article", article)]
    assert TEXT[hits[0]["start"] : hits[0]["end"]] == "Zaporizhzhia"
    # The seeds were imported on first use and are searchable as text.
    seeds = json.loads(run(cli, "search", "Kursk", "--format", "json").output)
    assert len({h["article_id"] for h in seeds}) >= 2
    table = run(cli, "search", "watching", "--limit", "5")
    assert table.exit_code == 0
    assert "quote" in table.output and "John Kirby" in table.output and "watching closely" in table.output


def test_search_with_nothing_found_or_odd_syntax(cli, article):
    result = run(cli, "search", "xylophone")
    assert result.exit_code == 1 and "nothing matches 'xylophone'" in result.output
    for odd in ["AND(", "-", '"', "NEAR(a b", "*"]:
        assert run(cli, "search", odd).exit_code in (0, 1)


def test_remove_an_article_without_tags(cli, article, db):
    before = article_count(db)
    result = run(cli, "remove", article[:10])
    assert result.exit_code == 0 and f"removed {article[:8]}" in result.output
    assert article_count(db) == before - 1 and get_article(db, article) is None
    assert run(cli, "search", "Zaporizhzhia").exit_code == 1
    again = run(cli, "remove", article)
    assert again.exit_code == 1 and "no such article" in again.output


def test_remove_refuses_tagged_article_without_a_terminal(cli, article, db):
    add_tag(db, article, 0, 10, "claim", note="check")
    result = run(cli, "remove", article)
    assert result.exit_code == 1
    assert "has 1 tag; not removed" in result.output and "--yes" in result.output
    assert get_article(db, article) is not None


def test_remove_yes_exports_the_tags_first(cli, article, db, tmp_path):
    add_tag(db, article, 0, 10, "claim", note="check")
    add_tag(db, article, 11, 16, "denial")
    out = tmp_path / "kept.jsonl"
    result = run(cli, "remove", article, "--yes", "--export-tags", str(out))
    assert result.exit_code == 0 and "(2 tags, 2 quotes)" in result.output
    kept = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((t["label"], t["text"]) for t in kept) == [("claim", TEXT[:10]), ("denial", TEXT[11:16])]
    assert get_article(db, article) is None
    assert db.execute("SELECT count(*) FROM tags").fetchone()[0] == 0


@pytest.mark.parametrize("answer, removed", [("y", True), ("n", False)])
def test_remove_asks_on_a_terminal(article, db, db_path, answer, removed):
    add_tag(db, article, 0, 10, "claim")
    with Terminal("remove", article, "--db", str(db_path), cwd=os.getcwd()) as terminal:
        seen = terminal.read_until(b"[y/N]")
        assert b"has 1 tag. Remove it and them?" in seen
        terminal.type(answer.encode() + b"\n")
        assert terminal.process.wait(timeout=60) == (0 if removed else 1)
    assert (get_article(db, article) is None) is removed


def test_speakers_and_quotes_by(cli, article):
    result = run(cli, "speakers", "--format", "json")
    assert json.loads(result.output) == [{"speaker": "John Kirby", "quotes": 1, "tags": 0, "articles": 1}]
    table = run(cli, "speakers")
    assert table.output.splitlines()[0].split() == ["speaker", "statements", "tags", "articles"]
    assert table.output.splitlines()[1].split() == ["John", "Kirby", "1", "0", "1"]
    said = json.loads(run(cli, "quotes-by", "john kirby", "--format", "json").stdout)
    # One statement split around its attribution: one row, as speakers counts it.
    assert [q["text"] for q in said] == ["We are watching closely, … and we will respond."]
    text = run(cli, "quotes-by", "John Kirby").output
    assert "== Fair game" in text and "“We are watching closely, … and we will respond.”" in text
    missing = run(cli, "quotes-by", "Nobody")
    assert missing.exit_code == 1 and "Nobody: no speaker by that name" in missing.output
