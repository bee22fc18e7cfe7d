"""Markdown files read as text: markup gone, title and byline found, block quotes attributed."""

from __future__ import annotations

from reader.nlp.analyze import analyze_texts
from reader.service import ingest as library
from reader.store import articles as store
from reader.text.markdown import markdown_to_text

ARTICLE = """# North Korea sends troops, **NIS** says

*By Soo-hyang Choi and Ju-min Park*

SEOUL (Reuters) – South Korea's spy agency said on Friday that North Korea had sent
troops to Russia, according to an [NIS statement](https://www.nis.go.kr/statement).

> We will always stand by our Russian comrades
> until the victory day.
>
> — Choe Son-hui

Officials listed what they knew:

- About 1,500 soldiers have arrived in _Vladivostok_.
- More are expected, the agency said.

1. First point.
2. Second point.

```
code stays as it is
```
"""


def test_markdown_becomes_plain_lines_with_links_kept_aside():
    text, meta = markdown_to_text(ARTICLE)
    assert text.splitlines() == [
        "North Korea sends troops, NIS says",
        "By Soo-hyang Choi and Ju-min Park",
        (
            "SEOUL (Reuters) – South Korea's spy agency said on Friday that North Korea had sent "
            "troops to Russia, according to an NIS statement."
        ),
        "“We will always stand by our Russian comrades until the victory day.”",
        "— Choe Son-hui",
        "Officials listed what they knew:",
        "About 1,500 soldiers have arrived in Vladivostok.",
        "More are expected, the agency said.",
        "1. First point.",
        "2. Second point.",
        "code stays as it is",
    ]
    assert meta["title"] == "North Korea sends troops, NIS says"
    assert meta["byline"] == "Soo-hyang Choi and Ju-min Park"
    [link] = meta["links"]
    assert (link["text"], link["href"]) == ("NIS statement", "https://www.nis.go.kr/statement")
    assert text[link["start"] : link["end"]] == "NIS statement"
    for markup in ("#", "**", "](", "> ", "- About", "```"):
        assert markup not in text


def test_a_markdown_file_is_added_as_text_and_its_block_quote_has_a_speaker(db, tmp_path, nlp):
    path = tmp_path / "troops.md"
    path.write_text(ARTICLE, encoding="utf-8")
    [added] = list(library.add_paths(db, [path]))
    assert added.status == "added" and added.title == "North Korea sends troops, NIS says"
    article = store.get_article(db, added.article_id)
    assert article["byline"] == "Soo-hyang Choi and Ju-min Park"
    assert "[NIS statement]" not in article["text"] and "**" not in article["text"]
    record = next(analyze_texts([article["text"]], nlp=nlp))
    quote = next(q for q in record["quotes"] if "victory day" in article["text"][q["start"] : q["end"]])
    assert quote["speaker"] == "Choe Son-hui"
    names = {a["name"] for a in record["actors"]}
    assert not any("](" in name or "http" in name for name in names)


def test_a_plain_markdown_file_without_heading_keeps_the_usual_title():
    text, meta = markdown_to_text("Just one paragraph of *plain* prose, said the minister.\n")
    assert text == "Just one paragraph of plain prose, said the minister.\n"
    assert meta["title"] is None and meta["byline"] is None
