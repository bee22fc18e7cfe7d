"""Glued words split during normalisation, and never a real camel-case name or brand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.service import ingest as library
from reader.store import articles as store
from reader.store import open_db
from reader.store.tags import add_tag, tags_for
from reader.text.glued import glue_points, split_glued
from reader.text.repair import normalise

NAMES = Path(__file__).parent / "data" / "camelcase_names.txt"
ROOT = Path(__file__).resolve().parent.parent


def camel_names() -> list[str]:
    lines = NAMES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        (
            "Kevin Shalvey and David BrennanThe U.S. has evidence",
            "Kevin Shalvey and David Brennan The U.S. has evidence",
        ),
        ("Lloyd Austin confirmed Wednesday.to fight alongside", "Lloyd Austin confirmed Wednesday. to fight alongside"),
        (
            "Troops Fight in UkraineSource of breaking news and analysis",
            "Troops Fight in Ukraine Source of breaking news and analysis",
        ),
        (
            "Fight Ukraine, Nato ConfirmsNorth Korean troops have already been deployed",
            "Fight Ukraine, Nato Confirms North Korean troops have already been deployed",
        ),
        (
            "South Korean police sayThirty-one defectors have reentered",
            "South Korean police say Thirty-one defectors have reentered",
        ),
        ("Russian war on UkraineNATO confirmed on Monday", "Russian war on Ukraine NATO confirmed on Monday"),
    ],
)
def test_glued_words_are_split(glued, split):
    assert split_glued(glued) == split
    assert normalise(glued) == split
    assert split_glued(split) == split


def test_no_real_camel_case_name_is_split():
    names = camel_names()
    assert len(names) >= 200
    for name in names:
        for context in (
            name,
            f"Shares of {name} rose on Monday.",
            f"“{name} is here,” she said.",
            f"{name}'s chief executive",
            f"Chinese Startup Says {name} Will Grow",
            f"The chief executive of {name} said on Monday that profits rose.",
        ):
            assert glue_points(context) == [], context


@pytest.mark.parametrize(
    "text",
    [
        "https://www.rt.com/news/606867-north-korea-ukraine-support-russia-victory/",
        "Visit Amazon.com today or example.to/page for more.",
        "Written in node.js and served from bit.ly links.",
        "Call at 5 p.m.to book, e.g. on Monday.",
        "mail john.smith@example.org now",
        "The iPhone and YouTube, LinkedIn, PayPal, JavaScript, McDonald and DeSantis.",
    ],
)
def test_addresses_and_names_stay_whole(text):
    assert split_glued(text) == text


def test_normalising_the_seeds_only_inserts_spaces_and_is_idempotent(seed_paths):
    for path in seed_paths:
        raw = path.read_text(encoding="utf-8")
        text = normalise(raw)
        assert normalise(text) == text
    seed = next(p for p in seed_paths if p.name.startswith("000"))
    text = normalise(seed.read_text(encoding="utf-8"))
    for glued in ("BrennanThe", "Wednesday.to", "UkraineSource", "ConfirmsNorth", "sayThirty"):
        assert glued not in text


def test_refresh_reanchors_tags_made_on_the_glued_text(tmp_path):
    raw = (
        "NATO confirms troops\n"
        "Kevin Shalvey and David BrennanThe U.S. has evidence that troops are in Russia, "
        "Defense Secretary Lloyd Austin confirmed Wednesday.to fight alongside their counterparts.\n"
    )
    path = tmp_path / "library.db"
    db = open_db(path)
    store.set_setting(db, "seeded", "no seeds here")
    old_id, _ = store.add_article(db, raw_text=raw, text=raw, title="Troops", path="/tmp/troops.txt")
    words = "Lloyd Austin confirmed Wednesday"
    start = raw.index(words)
    tag = add_tag(db, old_id, start, start + len(words), "claim")
    db.close()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "refresh", "--db", str(path)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert "1 tag re-anchored, 0 orphaned" in done.stdout
    db = open_db(path)
    [row] = store.list_articles(db)
    article = store.get_article(db, row["id"])
    assert "David Brennan The U.S." in article["text"] and "Wednesday. to fight" in article["text"]
    [moved] = tags_for(db, row["id"])
    assert moved["id"] == tag["id"] and article["text"][moved["start"] : moved["end"]] == words
    assert library.refresh_texts(db) == []
    db.close()
