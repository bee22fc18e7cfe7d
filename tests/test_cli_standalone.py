"""The command line on its own: on a fresh library, without the app ever opened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pty_support import Terminal

from reader.nlp.model import pipeline_id
from reader.paths import seeds_dir
from reader.service.ingest import ensure_seeded
from reader.store import open_db
from reader.store.articles import add_article, put_analysis, set_alias, unanalysed_ids
from reader.store.tags import add_tag

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(str(p) for p in seeds_dir().glob("*.txt"))


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
        env={**os.environ, "READER_DEBUG": ""},
    )


def test_speakers_and_quotes_by_after_analyze_on_a_fresh_library(tmp_path):
    db = tmp_path / "fresh.db"
    assert run(db, "analyze", *SEEDS).returncode == 0
    speakers = run(db, "speakers", "--format", "json")
    assert speakers.returncode == 0, speakers.stderr
    names = {row["speaker"]: row for row in json.loads(speakers.stdout)}
    assert "John Kirby" in names and names["John Kirby"]["quotes"] >= 1
    said = run(db, "quotes-by", "kirby")
    assert said.returncode == 0, said.stderr
    assert said.stderr.strip() == "speaker: John Kirby"
    assert "fair game" in said.stdout
    assert said.stdout.count("“") == names["John Kirby"]["quotes"]


def test_a_command_that_needs_analyses_runs_the_pending_ones(tmp_path):
    db = tmp_path / "fresh.db"
    said = run(db, "quotes-by", "KIRBY", "--format", "json")
    assert said.returncode == 0, said.stderr
    assert said.stderr.strip() == "speaker: John Kirby"  # no progress: stderr is not a terminal
    rows = json.loads(said.stdout)
    assert rows and all(row["kind"] == "statement" for row in rows)
    library = open_db(db)
    try:
        assert unanalysed_ids(library, pipeline_id()) == []
    finally:
        library.close()
    hits = run(db, "search", "fair game")
    assert hits.returncode == 0 and "quote" in hits.stdout.split()


def test_add_after_analyze_indexes_the_stored_analysis(tmp_path):
    db = tmp_path / "fresh.db"
    article = tmp_path / "kirby.txt"
    article.write_text(
        "Kirby on the troops\n\n"
        '"If they do deploy to fight against Ukraine, they\'re fair game," John Kirby said on Wednesday.\n',
        encoding="utf-8",
    )
    assert run(db, "analyze", str(article)).returncode == 0
    assert run(db, "add", "--no-analyze", str(article)).returncode == 0
    library = open_db(db)
    try:
        speakers = {row[0] for row in library.execute("SELECT speaker FROM quotes")}
    finally:
        library.close()
    assert "John Kirby" in speakers


TEXT = (
    'Anna Smith said the troops were "already there." John Smith said "nobody knows." '
    'Kim Jong Un said "we stand with Russia."'
)


def _quote(phrase: str, speaker: str, group: int, kind: str = "statement") -> dict:
    start = TEXT.index(phrase)
    return {
        "start": start,
        "end": start + len(phrase),
        "text": phrase,
        "kind": kind,
        "speaker": speaker,
        "speaker_span": None,
        "cue": "said",
        "group": group,
    }


@pytest.fixture
def smiths(tmp_path) -> Path:
    """A library whose seeds found nothing and one article quoting two Smiths and Kim."""
    path = tmp_path / "smiths.db"
    db = open_db(path)
    ensure_seeded(db)
    for seed_id in unanalysed_ids(db, pipeline_id()):
        put_analysis(
            db, seed_id, pipeline_id(), {"paragraphs": [], "sentences": [], "actors": [], "places": [], "quotes": []}
        )
    article_id, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Smiths", source="Test")
    put_analysis(
        db,
        article_id,
        pipeline_id(),
        {
            "paragraphs": [[0, len(TEXT)]],
            "sentences": [],
            "actors": [],
            "places": [],
            "quotes": [
                _quote("already there.", "Anna Smith", 0),
                _quote("nobody knows.", "John Smith", 1),
                _quote("we stand with Russia.", "Kim Jong Un", 2),
            ],
        },
    )
    set_alias(db, "Marshal Kim", "Kim Jong Un")
    start = TEXT.index("troops")
    add_tag(db, article_id, start, start + 6, "claim", speaker="Anna Smith")
    db.close()
    return path


def test_several_matching_speakers_are_listed_and_exit_non_zero(smiths):
    result = run(smiths, "quotes-by", "smith")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "reader: smith: 2 speakers match: Anna Smith, John Smith (give more of the name)"
    for command in (("tags", "--speaker", "smith"), ("export", "--speaker", "smith")):
        result = run(smiths, *command)
        assert result.returncode == 1 and "2 speakers match" in result.stderr, command


def test_no_matching_speaker_exits_non_zero(smiths):
    for command in (("quotes-by", "Blofeld"), ("tags", "--speaker", "Blofeld"), ("export", "--speaker", "Blofeld")):
        result = run(smiths, *command)
        assert result.returncode == 1, command
        assert result.stderr.strip() == "reader: Blofeld: no speaker by that name (see `reader speakers`)"


def test_any_part_or_alias_of_a_name_in_any_case(smiths):
    for given in ("anna", "ANNA SMITH", "a smith"):
        result = run(smiths, "quotes-by", given)
        assert result.returncode == 0, (given, result.stderr)
        assert result.stderr.strip() == "speaker: Anna Smith"
        assert "“already there.”" in result.stdout and "nobody" not in result.stdout
    alias = run(smiths, "quotes-by", "marshal")
    assert alias.returncode == 0 and alias.stderr.strip() == "speaker: Kim Jong Un"
    tags = run(smiths, "tags", "--speaker", "anna")
    assert tags.returncode == 0 and "Anna Smith  troops" in tags.stdout  # the article's own characters, no added marks
    exported = run(smiths, "export", "--speaker", "ANNA", "--format", "jsonl")
    assert exported.returncode == 0
    assert exported.stderr.strip().splitlines() == ["speaker: Anna Smith", "exported 1 tag to stdout (jsonl)"]
    assert len(exported.stdout.splitlines()) == 1


def test_export_filters_that_name_nothing_are_errors(smiths):
    label = run(smiths, "export", "--label", "troop-numbers")
    assert label.returncode == 1 and label.stdout == ""
    assert label.stderr.strip() == "reader: troop-numbers: no such label (see `reader labels`)"
    article = run(smiths, "export", "--article", "ffffffff")
    assert article.returncode == 1 and "ffffffff: no such article" in article.stderr
    assert "exported" not in label.stderr + article.stderr
    # Those that do name something still export, in any case.
    assert run(smiths, "export", "--label", "CLAIM").stderr.strip() == "exported 1 tag to stdout (csv)"


def test_import_tags_given_a_csv_says_it_reads_jsonl(smiths, tmp_path):
    csv = tmp_path / "tags.csv"
    assert run(smiths, "export", "-o", str(csv)).returncode == 0
    result = run(smiths, "import-tags", str(csv))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "reads the JSON lines of `reader export --format jsonl`" in lines[0] and str(csv) in lines[0]
    jsonl = tmp_path / "tags.jsonl"
    assert run(smiths, "export", "--format", "jsonl", "-o", str(jsonl)).returncode == 0
    again = run(smiths, "import-tags", str(jsonl))
    assert again.returncode == 0 and "1 already there" in again.stdout


def test_remove_export_tags_help_names_the_import_command(smiths):
    result = run(smiths, "remove", "--help")
    assert "reader import-tags" in " ".join(result.stdout.split())


def test_pending_analyses_show_progress_on_a_terminal(tmp_path):
    with Terminal(
        "--db", str(tmp_path / "fresh.db"), "speakers", stdout=subprocess.PIPE, env={**os.environ, "READER_DEBUG": ""}
    ) as terminal:
        seen = terminal.drain()
        out, _ = terminal.process.communicate(timeout=300)
    process = terminal.process
    assert process.returncode == 0
    assert b"analysed 5/5" in seen
    assert b"John Kirby" in out
