"""Counts read as English everywhere: "1 tag", "2 tags", through one helper."""

from __future__ import annotations

import subprocess
import sys

import pytest
from app_support import ROOT, SIZE, until

from reader.store import open_db
from reader.store.articles import add_article, set_setting
from reader.store.tags import add_tag
from reader.text.plural import plural
from reader.tui.app import ReaderApp


@pytest.mark.parametrize(
    "count, noun, expected",
    [
        (0, "quote", "0 quotes"),
        (1, "quote", "1 quote"),
        (2, "article", "2 articles"),
        (1, "match", "1 match"),
        (3, "match", "3 matches"),
        (2, "entry", "2 entries"),
        (2, "day", "2 days"),
        (1, "quoted statement", "1 quoted statement"),
        (21, "quoted statement", "21 quoted statements"),
        (2, "analysis", "2 analyses"),
        (2, "person", "2 people"),
        (2, "criterion", "2 criteria"),
    ],
)
def test_plural(count, noun, expected):
    assert plural(count, noun, "criteria" if noun == "criterion" else None) == expected


def one_tagged_article(path):
    db = open_db(path)
    set_setting(db, "seeded", "none")  # no seeds: one article only
    text = "NATO confirmed the troops on Monday."
    article_id, _ = add_article(db, raw_text=text, text=text, title="NATO confirms")
    add_tag(db, article_id, 0, 4, "claim")
    db.close()
    return article_id


def test_the_cli_says_1_tag(tmp_path):
    library = tmp_path / "lib.db"
    article_id = one_tagged_article(library)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "--db",
            str(library),
            "remove",
            "-y",
            article_id,
            "--export-tags",
            str(tmp_path / "kept.jsonl"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "exported 1 tag to" in done.stderr
    assert "(1 tag, 0 quotes)" in done.stdout


async def test_the_library_says_1_article(db_path):
    one_tagged_article(db_path)
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.sub_title.startswith("Library"), "the library")
        assert app.screen.sub_title == "Library · 1 article"
