"""A Markdown article's links (issue 11): the markup goes from the text, the targets are kept as
metadata with their words' exact offsets into the stored text, and `reader show` lists them."""

from __future__ import annotations

import json

from click.testing import CliRunner
from test_terminal_safety import assert_inert, run_on_tty

from reader.cli import cli
from reader.service import ingest as library
from reader.service.ingest import document_from_text
from reader.store import articles as store
from reader.text.markdown import carry_links, markdown_to_text

ARTICLE = """# Troops [cross](https://example.org/cross) the border

*By Jane Doe*

Officials said, according to a [*signed* statement](https://gov.example/statement?id=1 "title"),
that the troops had crossed. See [here](https://a.example/1) and, once more, [here](https://a.example/2).

> We have [seen them](https://b.example/seen)
> arrive.
>
> — [Kim Min-ji](https://b.example/kim)

1. A [listed link](/relative/path).

![a photo](photo.jpg) [![badge](badge.png)](https://img.example/)
"""


def test_the_parser_keeps_each_link_with_the_offsets_of_its_words():
    text, meta = markdown_to_text(ARTICLE)
    links = meta["links"]
    assert [(link["text"], link["href"]) for link in links] == [
        ("cross", "https://example.org/cross"),
        ("signed statement", "https://gov.example/statement?id=1"),
        ("here", "https://a.example/1"),
        ("here", "https://a.example/2"),
        ("seen them", "https://b.example/seen"),
        ("Kim Min-ji", "https://b.example/kim"),
        ("listed link", "/relative/path"),
    ]
    for link in links:
        assert text[link["start"] : link["end"]] == link["text"]
    # The two "here"s are two places, each link at its own, in order.
    assert text.index("here") == links[2]["start"] < links[3]["start"] == text.rindex("here")
    assert text.splitlines()[-3:] == ["“We have seen them arrive.”", "— Kim Min-ji", "1. A listed link."]
    assert meta["title"] == "Troops cross the border"  # a title with a link is words only
    assert "](" not in text and "badge" not in text and "photo" not in text


def test_the_offsets_follow_the_repair_into_the_stored_text():
    # Mojibake before a link: the repair makes one character of two, and the offsets follow.
    raw = "Caf\u00c3\u00a9 owners, said the [mayor](https://town.example/mayor), were [fined](/f).\n"
    doc = document_from_text(raw, "cafe.md")
    assert doc.text == "Café owners, said the mayor, were fined."
    assert [(link["text"], link["href"]) for link in doc.links] == [
        ("mayor", "https://town.example/mayor"),
        ("fined", "/f"),
    ]
    for link in doc.links:
        assert doc.text[link["start"] : link["end"]] == link["text"]
    plain, _ = markdown_to_text(raw)
    assert doc.links[0]["start"] == plain.index("mayor") - 1


def test_when_the_marks_would_change_the_repair_links_are_found_by_their_words():
    text, meta = markdown_to_text("See [here](https://a.example/1), then [there](/2), and [gone](/3).\n")

    def upper(words: str) -> str:  # a repair that would not keep the marks where they were
        return words.upper().replace("\ufdd0", "").replace(", AND GONE", ", AND LEFT")

    placed = carry_links(text, meta["links"], upper(text), upper)
    repaired = upper(text)
    assert [(link["text"], link["start"] is None) for link in placed] == [
        ("HERE", False),
        ("THERE", False),
        ("gone", True),  # its words are not in the repaired text: the target is kept, unplaced
    ]
    for link in placed[:2]:
        assert repaired[link["start"] : link["end"]] == link["text"]
    assert placed[2]["href"] == "/3" and placed[2]["end"] is None


def test_noncharacters_in_a_file_cannot_pose_as_marks():
    text, meta = markdown_to_text("Odd \ufdd0 marks \ufdd1 here, and a [link](/l) \ufdd1.\n")
    assert "\ufdd0" not in text and "\ufdd1" not in text
    [link] = meta["links"]
    assert text[link["start"] : link["end"]] == "link"


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_reader_add_then_show_lists_the_links(db_path, tmp_path):
    path = tmp_path / "troops.md"
    path.write_text(ARTICLE, encoding="utf-8")
    run("--db", str(db_path), "add", str(path))
    article_id = document_from_text(ARTICLE, str(path)).id
    shown = json.loads(run("--db", str(db_path), "show", article_id, "--format", "json"))
    text, links = shown["text"], shown["links"]
    assert [link["href"] for link in links][:2] == ["https://example.org/cross", "https://gov.example/statement?id=1"]
    assert len(links) == 7
    for link in links:
        assert text[link["start"] : link["end"]] == link["text"]
    table = run("--db", str(db_path), "show", article_id)
    assert "== 7 links" in table
    assert "“signed statement” (" in table and ") -> https://gov.example/statement?id=1" in table
    # A text file has no links.
    plain = tmp_path / "plain.txt"
    plain.write_text("Nothing [linked](here) in a text file, said the mayor.\n", encoding="utf-8")
    run("--db", str(db_path), "add", str(plain))
    plain_id = document_from_text(plain.read_text(encoding="utf-8"), str(plain)).id
    assert json.loads(run("--db", str(db_path), "show", plain_id, "--format", "json"))["links"] == []
    headings = [line for line in run("--db", str(db_path), "show", plain_id).splitlines() if line.startswith("== ")]
    assert headings == ["== Analysis"]


def test_a_links_words_from_a_hostile_file_are_shown_inert_on_a_terminal(db_path, tmp_path):
    path = tmp_path / "hostile.md"
    path.write_text("Say [\u202eevil\u202c zero\u200bwidth](https://e.example/a\u202eb) now, he said.\n", "utf-8")
    run("--db", str(db_path), "add", str(path))
    article_id = document_from_text(path.read_text(encoding="utf-8"), str(path)).id
    shown = assert_inert(run_on_tty("--db", str(db_path), "show", article_id))
    line = next(line for line in shown.splitlines() if "-> https://e.example/" in line)
    assert "\\u202eevil\\u202c zero\\u200bwidth" in line
    assert line.endswith("https://e.example/a%E2%80%AEb")  # the parser has encoded the target


def test_refresh_gives_an_article_added_before_links_were_kept_its_links(db, db_path, tmp_path):
    path = tmp_path / "troops.md"
    path.write_text(ARTICLE, encoding="utf-8")
    [added] = list(library.add_paths(db, [path]))
    store.set_links(db, added.article_id, [])  # as a library from before migration 10 has it
    assert store.article_links(store.get_article(db, added.article_id)) == []
    assert library.refresh_texts(db) == []  # the text is the same: the article stays
    article = store.get_article(db, added.article_id)
    links = store.article_links(article)
    assert len(links) == 7
    assert all(article["text"][link["start"] : link["end"]] == link["text"] for link in links)
