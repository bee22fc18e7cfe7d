"""Title, source, URL and byline from the seeds and from texts of our own."""

from __future__ import annotations

import pytest

from reader.paths import seeds_dir
from reader.text.meta import extract_metadata
from reader.text.repair import normalise


def seed_meta(prefix: str) -> dict:
    (path,) = [p for p in seeds_dir().glob("*.txt") if p.name.startswith(prefix)]
    return extract_metadata(normalise(path.read_text(encoding="utf-8")), str(path))


def test_seed_000_headline_found_where_a_listing_glued_it_to_the_lede():
    meta = seed_meta("000")
    assert meta["title"] == "NATO confirms North Korean troops deployed in Russian war on Ukraine"
    assert meta["byline"] == "Kevin Shalvey and David Brennan"
    assert meta["source"] is None
    assert meta["url"] is None


def test_seed_001_first_sentence_title_and_url_domain_source():
    meta = seed_meta("001")
    assert meta["title"] == ("North Korea will support Russia in the Ukraine conflict for as long as it takes…")
    assert meta["url"] == ("https://www.rt.com/news/606867-north-korea-ukraine-support-russia-victory/")
    assert meta["source"] == "rt.com"
    assert meta["byline"] is None


def test_seed_002_headline_byline_and_dateline_outlet():
    meta = seed_meta("002")
    assert meta["title"] == ("Antony Blinken ‘very concerned’ about military ties between Russia and North Korea")
    assert meta["byline"] == "Soo-hyang Choi and Ju-min Park"
    assert meta["source"] == "Reuters"


def test_seed_003_headline_without_a_named_outlet():
    meta = seed_meta("003")
    assert meta["title"] == "Pentagon sounds alarm on deepening Russia-North Korea alliance"
    assert meta["source"] is None
    assert meta["byline"] is None


def test_seed_004_quoted_headline_loses_its_marks_and_credit_names_cnn():
    meta = seed_meta("004")
    assert meta["title"] == "At least 3,000 North Korean soldiers now inside Russia, US says"
    assert meta["source"] == "CNN"


def test_long_first_sentence_is_cut_at_a_word_with_an_ellipsis():
    text = (
        "Officials in the capital confirmed on Monday that the long-delayed infrastructure "
        "programme would finally begin next spring after years of wrangling. More follows."
    )
    title = extract_metadata(text)["title"]
    assert title.endswith("…")
    assert len(title) <= 101
    assert text.startswith(title[:-1])
    assert text[len(title) - 1] == " "


def test_short_first_sentence_is_the_title_without_its_period():
    text = "Troops crossed the border at dawn. Officials said little else.\nMore."
    assert extract_metadata(text)["title"] == "Troops crossed the border at dawn"


def test_abbreviations_do_not_end_the_first_sentence():
    text = "Maj. Gen. Pat Ryder spoke to the U.S. press on Monday about it. Then he left."
    assert extract_metadata(text)["title"] == text[: text.index(". Then")]


def test_empty_text_falls_back_to_the_file_name():
    assert extract_metadata("", "/some/where/kim-visit.txt")["title"] == "kim-visit"
    assert extract_metadata(".....\n\n", None)["title"] is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("WASHINGTON (AP) — The president spoke.", "AP"),
        ("Kyiv, Ukraine (CNN) — Drones hit the city.", "CNN"),
        ("A headline\nStory from the BBC. Text follows.", "BBC"),
        ("A headline\nText follows (Reuters)\nMore (ROK) text.", "Reuters"),
        ("A headline\nSouth Korea (ROK) said so.", None),
        ("A headline\nRead it at www.example.org/news/a-story today.", "example.org"),
        ("Title\nText.\n© 2024 Example Media Group. All rights reserved.", "Example Media Group"),
    ],
)
def test_sources(text, source):
    assert extract_metadata(text)["source"] == source


def test_first_article_url_beats_a_bare_home_page():
    text = "Title here\nSee https://news.example.com and https://news.example.com/2024/story-1)."
    meta = extract_metadata(text)
    assert meta["url"] == "https://news.example.com/2024/story-1"
    assert meta["source"] == "news.example.com"


@pytest.mark.parametrize(
    ("text", "byline", "source"),
    [
        ("Headline here\nBy Jane Doe, Reuters\nBody.", "Jane Doe", "Reuters"),
        ("Headline here\nBY Jane Doe and John van Smith", "Jane Doe and John van Smith", None),
        ("Headline here\nBy: Ann Lee, Bo Kim & Cy Park", "Ann Lee, Bo Kim and Cy Park", None),
        ("By the time they arrived, it was over.\nBody.", None, None),
        ("Headline here\nby Monday officials had left.", None, None),
    ],
)
def test_bylines(text, byline, source):
    meta = extract_metadata(text)
    assert meta["byline"] == byline
    assert meta["source"] == source


def test_a_byline_line_is_not_taken_for_the_title():
    meta = extract_metadata("by Jane Doe\nTroops move north\nBody text here.")
    assert meta["title"] == "Troops move north"
    assert meta["byline"] == "Jane Doe"


def test_dateline_is_dropped_from_a_first_sentence_title():
    text = "SEOUL, Nov 9 (Reuters) – Officials met on Thursday. They talked."
    assert extract_metadata(text)["title"] == "Officials met on Thursday"


def test_only_a_wholly_quoted_headline_loses_its_marks():
    assert extract_metadata("“Yes” and “no” from the talks\nBody.")["title"] == ("“Yes” and “no” from the talks")


def test_markdown_heading_and_emphasis_are_not_part_of_the_title_or_byline():
    meta = extract_metadata("# Troops move north\n\n*By Jane Doe*\n\nBody text here.")
    assert meta["title"] == "Troops move north"
    assert meta["byline"] == "Jane Doe"
    assert extract_metadata("**Troops move north**\nBody.")["title"] == "Troops move north"


def test_a_closing_reporting_credit_gives_the_byline_when_the_head_has_none():
    text = normalise(
        "Oil prices climb\nOil prices rose on Monday after producers agreed to cut output.\n"
        "(Reporting by Alex Lawler in London; editing by David Goodman)\n"
    )
    assert extract_metadata(text)["byline"] == "Alex Lawler"
    assert extract_metadata("Storm\nA storm hit the coast on Monday.\n")["byline"] is None
