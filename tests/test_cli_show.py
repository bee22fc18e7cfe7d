"""`reader show` reads as the app does: page debris folded to one line (`--full` prints it), the
byline in the heading, the debris regions in the JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reader.cli import cli


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_show_folds_debris_and_full_prints_it(db_path):
    """Seed 000 (NATO confirms…) ends in 14 lines of related links."""
    rows = json.loads(run("--db", str(db_path), "list", "--format", "json"))  # a new library: the seeds
    [row] = [row for row in rows if row["title"].startswith("NATO confirms")]
    folded = run("--db", str(db_path), "show", row["id"])
    assert "┄ 14 lines of related links (--full shows them)" in folded
    assert "Read more »" not in folded and "Similar News" not in folded
    assert "Both Austin and Kirby suggested" in folded  # the article's last paragraph stays
    assert "Kevin Shalvey and David Brennan  ·" in folded.splitlines()[1]  # the byline, in the heading
    full = run("--db", str(db_path), "show", "--full", row["id"])
    assert "Read more »" in full and "┄" not in full
    shown = json.loads(run("--db", str(db_path), "show", "--format", "json", row["id"]))
    [region] = shown["debris"]
    assert shown["text"][region["start"] : region["end"]].count("Read more »") == 6
