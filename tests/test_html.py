"""Saved web pages: main text without boilerplate, metadata, entities, encodings, no network."""

from __future__ import annotations

import socket

import pytest

from reader.errors import ReaderError
from reader.text.html import extract_html

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Kirby: strike was &ldquo;fair game&rdquo; | The Daily Wire Service</title>
<meta property="og:title" content="Kirby says strike was &quot;fair game&quot;">
<meta property="og:site_name" content="Daily Wire Service">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://news.example.com/world/kirby-fair-game">
<script>var ads = "BUY NOW script text";</script>
<style>.x{color:red}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad">Subscribe today for only $1! Advertisement</div>
<article>
<h1>Kirby says strike was "fair game"</h1>
<p>White House spokesman John Kirby said on Tuesday that the strike on the depot was &ldquo;fair game&rdquo;
under the laws of war, according to officials in Washington &amp; Kyiv.</p>
<p>&ldquo;We are watching closely,&rdquo; Kirby told reporters at the briefing. &ldquo;And we will respond
if needed.&rdquo; The remarks came hours after the attack near Kursk.</p>
<p>Russia&#8217;s foreign ministry called the comments a provocation and said Moscow would consider its
options carefully in the coming days.</p>
<script>document.write("INJECTED SCRIPT CONTENT");</script>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ten things you missed</a></li></ul></aside>
<footer>Copyright 2024 Daily Wire Service. All rights reserved. Privacy policy | Terms</footer>
</body></html>
"""

NAVIGATION_ONLY = """<html><head><title>Menu</title>
<script>var t = "script words long enough to look like a paragraph of text for anyone reading";</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a></nav>
<footer>Copyright 2024. All rights reserved.</footer></body></html>"""


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("extract_html tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_article_text_is_one_paragraph_a_line(no_network):
    text, _ = extract_html(ARTICLE, path="kirby.html")
    lines = text.splitlines()
    assert lines[0] == 'Kirby says strike was "fair game"'
    assert lines[1].startswith("White House spokesman John Kirby said on Tuesday")
    assert lines[1].endswith("according to officials in Washington & Kyiv.")
    assert lines[2].startswith("\u201cWe are watching closely,\u201d Kirby told reporters")
    assert lines[3].startswith("Russia\u2019s foreign ministry")
    assert len(lines) == 4


def test_boilerplate_scripts_and_styles_are_dropped():
    text, _ = extract_html(ARTICLE, path="kirby.html")
    for junk in (
        "Home",
        "Subscribe",
        "Advertisement",
        "BUY NOW",
        "INJECTED",
        "color:red",
        "Related stories",
        "Ten things",
        "Copyright",
        "Privacy",
    ):
        assert junk not in text


def test_metadata_from_the_page():
    _, meta = extract_html(ARTICLE, path="kirby.html")
    assert meta == {
        "title": 'Kirby says strike was "fair game"',
        "source": "Daily Wire Service",
        "url": "https://news.example.com/world/kirby-fair-game",
        "byline": "Jane Doe",
        "published": None,  # not guessed from the copyright line
    }


def test_the_published_date_a_page_states():
    page = ARTICLE.replace(
        '<meta name="author"',
        '<meta property="article:published_time" content="2024-03-05T10:00:00Z"><meta name="author"',
    )
    assert extract_html(page, path="kirby.html")[1]["published"] == "2024-03-05"


def test_missing_metadata_is_none():
    page = (
        "<html><body><p>Russia and North Korea signed a defence pact on Wednesday, "
        "officials in Pyongyang said.</p><p>Seoul protested.</p></body></html>"
    )
    text, meta = extract_html(page)
    assert text.splitlines() == [
        "Russia and North Korea signed a defence pact on Wednesday, officials in Pyongyang said.",
        "Seoul protested.",
    ]
    assert meta["url"] is None and meta["byline"] is None


def test_bytes_in_a_declared_legacy_encoding():
    page = ARTICLE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("Kyiv.", "Kyiv \u2014 and Seoul.")
    text, _ = extract_html(page.encode("cp1252"), path="legacy.html")
    assert "Washington & Kyiv \u2014 and Seoul." in text


def test_a_page_without_article_text_is_an_error():
    with pytest.raises(ReaderError, match=r"^menu\.html: no article text found$"):
        extract_html(NAVIGATION_ONLY, path="menu.html")
    with pytest.raises(ReaderError, match=r"^blank\.html: no article text found"):
        extract_html("  \n", path="blank.html")
    with pytest.raises(ReaderError, match="no article text found"):
        extract_html(b"\x00\x01\x02\xff\xfe binary", path="binary.html")
