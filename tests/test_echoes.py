"""Echoes: one statement quoted in nearly the same words by several articles, grouped as each
article's analysis is indexed (real libraries on disk, the real CLI in a subprocess)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from reader.store import articles as store
from reader.store import open_db
from reader.store.echoes import (
    BANDS,
    article_echoes,
    echo_group,
    echo_groups,
    normalise,
)
from reader.store.migrations import MIGRATIONS
from reader.store.search import remove_article

DATA = Path(__file__).parent / "data" / "echoes"
PIPELINE = "test-pipeline"
STATEMENT = "We will reopen the northern terminal within two weeks, and no cargo will be turned away"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=300,
    )


def add(db, source: str, quotes: list[tuple[str, str | None]], *, kind: str = "statement") -> str:
    """An article of `source` whose analysis quotes each (words, speaker) in turn."""
    text, records = f"A report from {source}.\n", []
    for words, speaker in quotes:
        start = len(text) + 1
        text += f"“{words},” {speaker or 'someone'} said.\n"
        records.append(
            {"start": start, "end": start + len(words), "text": words, "speaker": speaker, "kind": kind, "group": None}
        )
    article_id, _ = store.add_article(db, raw_text=text, text=text, title=f"{source} story", source=source)
    store.put_analysis(db, article_id, PIPELINE, {"paragraphs": [], "sentences": [], "actors": [], "quotes": records})
    return article_id


def test_three_own_articles_form_one_flagged_echo_group_through_the_real_pipeline(db_path):
    """Done when: Reuters and CNN give the statement to Elena Marsh in slightly different
    words, AP gives it to the minister; `reader add` then `reader echoes` shows one flagged group."""
    added = run("--db", str(db_path), "add", str(DATA))
    assert added.returncode == 0, added.stderr
    shown = run("--db", str(db_path), "echoes", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    groups = json.loads(shown.stdout)
    assert len(groups) == 1, groups  # nothing in the seeds echoes, nor the articles' other quotes
    group = groups[0]
    assert group["speakers_differ"] is True
    assert all(set(quote) == {"article_id", "text", "speaker"} for quote in group["quotes"])
    assert len({quote["article_id"] for quote in group["quotes"]}) == 3
    assert sorted(quote["speaker"] for quote in group["quotes"]) == ["David Okafor", "Elena Marsh", "Elena Marsh"]
    assert len({quote["text"] for quote in group["quotes"]}) == 3  # three wordings, one statement
    assert all("northern terminal within two weeks" in quote["text"] for quote in group["quotes"])

    table = run("--db", str(db_path), "echoes")
    assert table.returncode == 0, table.stderr
    assert "3 quotes  DIFFERENT SPEAKERS" in table.stdout
    assert {"Reuters", "CNN", "AP"} <= set(table.stdout.split())


def test_small_wording_differences_group_other_statements_do_not(db):
    first = add(
        db, "Reuters", [(STATEMENT, "Elena Marsh"), ("The backlog is serious but it is not permanent", "Tomas Reyes")]
    )
    second = add(
        db,
        "CNN",
        [
            (STATEMENT.replace(", and", " and").replace("cargo", "cargo at all"), "Elena Marsh"),
            ("Every day the ships sit out there, we pay more for fuel", "Ana Duarte"),
        ],
    )
    groups = echo_groups(db)
    assert len(groups) == 1
    assert [q["article_id"] for q in groups[0]["quotes"]] == [first, second]
    assert groups[0]["speakers_differ"] is False
    assert [q["source"] for q in groups[0]["quotes"]] == ["Reuters", "CNN"]


def test_the_same_speaker_under_an_alias_does_not_differ(db):
    add(db, "Reuters", [(STATEMENT, "Elena Marsh")])
    add(db, "CNN", [(STATEMENT, "Marsh")])
    assert echo_groups(db)[0]["speakers_differ"] is True
    store.set_alias(db, "Marsh", "Elena Marsh")
    assert echo_groups(db)[0]["speakers_differ"] is False


def test_short_words_terms_and_repeats_in_one_article_are_no_echoes(db):
    add(db, "Reuters", [("We will see", "A"), (STATEMENT, "Elena Marsh"), (STATEMENT, "Elena Marsh")])
    add(db, "CNN", [("We will see", "B")])
    add(db, "AP", [(STATEMENT, None)], kind="term")
    assert echo_groups(db) == []


def test_a_third_article_joins_the_group_and_the_status_line_names_the_other_outlets(db):
    reuters = add(db, "Reuters", [(STATEMENT, "Elena Marsh")])
    cnn = add(db, "CNN", [(STATEMENT + " ever", "Elena Marsh")])
    ap = add(db, "AP", [(STATEMENT.replace("two weeks", "2 weeks"), "David Okafor")])
    groups = echo_groups(db)
    assert len(groups) == 1 and len(groups[0]["quotes"]) == 3
    status = article_echoes(db, reuters)
    assert list(status) == [0]
    assert status[0]["outlets"] == ["AP", "CNN"]  # most recently added first
    assert status[0]["speakers_differ"] is True
    assert article_echoes(db, cnn)[0]["group_id"] == groups[0]["group_id"] == article_echoes(db, ap)[0]["group_id"]


def test_band_keys_are_stored_and_looked_up_by_index_not_all_pairs(db):
    add(db, "Reuters", [(STATEMENT, "Elena Marsh"), ("The backlog is serious but it is not permanent", "Tomas Reyes")])
    assert db.execute("SELECT count(*) FROM echo_bands").fetchone()[0] == 2 * BANDS
    plan = " ".join(
        row[-1] for row in db.execute("EXPLAIN QUERY PLAN SELECT quote_id FROM echo_bands WHERE key = ? LIMIT 8", [1])
    )
    assert "SEARCH echo_bands USING" in plan and "SCAN" not in plan


def test_reanalysis_and_removal_keep_groups_true(db):
    reuters = add(db, "Reuters", [(STATEMENT, "Elena Marsh")])
    cnn = add(db, "CNN", [(STATEMENT, "Elena Marsh")])
    group_id = echo_groups(db)[0]["group_id"]
    record = store.get_analysis(db, cnn, PIPELINE)
    store.put_analysis(db, cnn, PIPELINE, record)  # re-indexed: one copy, still one group
    assert [len(g["quotes"]) for g in echo_groups(db)] == [2]
    assert db.execute("SELECT count(*) FROM echo_bands").fetchone()[0] == 2 * BANDS
    remove_article(db, cnn)
    assert echo_groups(db) == []  # one article left: no echo
    assert echo_group(db, group_id) is None
    assert article_echoes(db, reuters) == {}
    assert db.execute("SELECT count(*) FROM echo_bands").fetchone()[0] == BANDS


def test_a_statement_bridging_two_groups_merges_them(db):
    left = "Our ports will reopen within two weeks and every ship will be unloaded before the holiday"
    right = "Our ports will reopen within two weeks and every ship will be unloaded after the holiday rush ends"
    add(db, "Reuters", [(left, "Elena Marsh")])
    add(db, "CNN", [(left.replace("Our", "The"), "Elena Marsh")])
    add(db, "AP", [(right, "Elena Marsh")])
    add(db, "BBC", [(right.replace("ends", "is over"), "Elena Marsh")])
    before = len(echo_groups(db))
    add(
        db,
        "DW",
        [("Our ports will reopen within two weeks and every ship will be unloaded after the holiday", "Elena Marsh")],
    )
    after = echo_groups(db)
    assert before >= 1
    assert len(after) == 1 and len(after[0]["quotes"]) == 5


def test_an_old_library_gains_echoes_on_opening(tmp_path):
    path = tmp_path / "old.db"
    # A library as the reader before echoes made it: every migration up to theirs, no later one.
    before = next(n for n, steps in enumerate(MIGRATIONS) if any("echo_bands (" in step for step in steps))
    conn = sqlite3.connect(path)
    for steps in MIGRATIONS[:before]:
        for step in steps:
            conn.execute(step)
    conn.execute(f"PRAGMA user_version={before}")
    conn.commit()
    conn.close()
    db = open_db(path)
    add(db, "Reuters", [(STATEMENT, "Elena Marsh")])
    add(db, "CNN", [(STATEMENT, "David Okafor")])
    assert echo_groups(db)[0]["speakers_differ"] is True
    db.close()


def test_the_table_shows_outlets_and_speakers_as_visible_characters(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO settings (key, value) VALUES ('seeded', 'yes')")
    first = add(db, "Reuters\x1b[2J", [(STATEMENT, "Elena\u202e Marsh")])
    add(db, "CNN", [(STATEMENT, "David Okafor")])
    db.close()
    shown = run("--db", str(db_path), "echoes")
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
    assert "Reuters\\x1b[2J" in shown.stdout  # the CLI's one sanitiser shows it as an escape
    exact = json.loads(run("--db", str(db_path), "echoes", "--format", "json").stdout)
    assert exact[0]["quotes"][0]["article_id"] == first
    assert exact[0]["quotes"][0]["speaker"] == "Elena\u202e Marsh"  # JSON stays exact


def test_normalise_keeps_words_only():
    assert normalise("“We’ll  reopen — SOON,” she said.") == "we'll reopen soon she said"
