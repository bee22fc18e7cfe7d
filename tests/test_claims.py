"""Claims: the store (links, stances, rejections, rename/merge/delete), the sentence index and
its suggestions, re-anchoring, exports, and `reader claims` on real libraries."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from app_support import ROOT
from click.testing import CliRunner

from reader.cli import cli
from reader.nlp.model import pipeline_id
from reader.service.ingest import replace_article
from reader.store import claim_suggest
from reader.store import claims as store
from reader.store.articles import add_article, put_analysis
from reader.store.export import export_tags
from reader.store.search import remove_article
from reader.store.tags import add_tag, delete_tag, get_tag, restore_tag

TEXT = (
    "Troops in Russia\n"
    "Officials said 3,000 North Korean troops are in Russia. Pyongyang denied the reports. "
    "The weather was fine.\n"
    "Kim said: “No soldier of ours is in Russia.”"
)


def _span(word: str, text: str = TEXT) -> list[int]:
    start = text.index(word)
    return [start, start + len(word)]


def record(text: str = TEXT) -> dict:
    """A hand-written analysis: paragraphs, sentences (the first glued to the headline, as spaCy
    may), actors with mentions, one attributed quote."""
    headline_end = text.index("\n")
    first = text.index("Officials")
    second = text.index("Pyongyang denied")
    third = text.index("The weather")
    last = text.index("Kim said")
    quote = text.index("No soldier")
    return {
        "paragraphs": [[0, headline_end], [first, last - 1], [last, len(text)]],
        "sentences": [[0, second - 1], [second, third - 1], [third, last - 1], [last, len(text)]],
        "actors": [
            {
                "name": "North Korea",
                "label": "GPE",
                "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in [_span("Pyongyang", text)]],
            },
            {
                "name": "Russia",
                "label": "GPE",
                "mentions": [
                    {"start": s, "end": s + 6, "text": "Russia"}
                    for s in [i for i in range(len(text)) if text.startswith("Russia", i)]
                ],
            },
            {"name": "Kim", "label": "PERSON", "mentions": [{"start": last, "end": last + 3, "text": "Kim"}]},
        ],
        "places": [],
        "quotes": [
            {
                "start": quote,
                "end": text.index("”"),
                "text": text[quote : text.index("”")],
                "speaker": "Kim",
                "kind": "statement",
                "group": 0,
                "cue": "said",
            }
        ],
    }


@pytest.fixture
def library(db):
    article, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Troops", source="Wire", url="https://x.test/1")
    put_analysis(db, article, pipeline_id(), record())
    return db, article


def texts(rows):
    return [row["text"] for row in rows]


def test_sentences_are_indexed_with_each_analysis_cut_at_paragraphs(library):
    db, article = library
    rows = list(db.query("SELECT sid, text, actors FROM sentences WHERE article_id = ? ORDER BY sid", [article]))
    # The headline is its own sentence, though the record glued it to the next one.
    assert [r["text"] for r in rows][:2] == [
        "Troops in Russia",
        "Officials said 3,000 North Korean troops are in Russia.",
    ]
    assert rows[1]["actors"] == "Russia"
    assert rows[2]["actors"].split("\n") == ["North Korea"]
    # Stemmed (porter): "soldiers" finds the text's "soldier".
    assert db.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'soldiers'").fetchone()[0] == 1


def test_suggestions_rank_matches_and_what_refers_back_to_them(library):
    db, _ = library
    rows = claim_suggest.suggest(db, "North Korean troops are in Russia")
    assert rows[0]["text"] == "Officials said 3,000 North Korean troops are in Russia."
    assert "Pyongyang denied the reports." in texts(rows)  # shares one word, but denies the one before
    assert "The weather was fine." not in texts(rows)
    kim = next(row for row in rows if row["text"].startswith("Kim said"))
    assert kim["speaker"] == "Kim" and kim["quoted"]  # inside a quote: its speaker
    assert rows[0]["speaker"] == "Wire" and not rows[0]["quoted"]  # narration: the outlet
    assert rows[0]["before"].endswith("Troops in Russia\n") and rows[0]["after"].startswith(" Pyongyang")
    assert rows[0]["date"] and rows[0]["title"] == "Troops"


def test_shared_numbers_and_actors_raise_a_suggestion(library):
    db, _ = library
    plain = {row["text"]: row["score"] for row in claim_suggest.suggest(db, "troops in Russia")}
    numbered = {row["text"]: row["score"] for row in claim_suggest.suggest(db, "3,000 troops in Russia")}
    first = "Officials said 3,000 North Korean troops are in Russia."
    assert numbered[first] > plain[first]


def test_accepted_and_rejected_are_not_suggested_again_for_the_claim(library):
    db, article = library
    store.add_claim(db, "NK troops in Russia")
    first, *_ = claim_suggest.suggest(db, "North Korean troops are in Russia", "NK troops in Russia")
    tag = store.accept(db, "NK troops in Russia", first["article_id"], first["start"], first["end"], "a")
    assert tag["label"] == store.CLAIM_LABEL and tag["stance"] == "asserts"
    denial = next(
        r for r in claim_suggest.suggest(db, "North Korean troops are in Russia") if r["text"].startswith("Pyongyang")
    )
    store.reject(db, "NK troops in Russia", article, denial["start"], denial["end"])
    again = texts(claim_suggest.suggest(db, "North Korean troops are in Russia", "NK troops in Russia"))
    assert first["text"] not in again and denial["text"] not in again
    # Without the claim they are ordinary sentences again.
    assert {first["text"], denial["text"]} <= set(texts(claim_suggest.suggest(db, "North Korean troops are in Russia")))
    with pytest.raises(Exception, match="already"):
        store.accept(db, "NK troops in Russia", article, first["start"], first["end"], "reports")


def test_a_claims_view_has_one_row_per_source_and_counts_by_stance(library):
    db, article = library
    for word, stance in (
        ("Officials said 3,000 North Korean troops are in Russia.", "asserts"),
        ("Pyongyang denied the reports.", "denies"),
        ("No soldier of ours is in Russia.", "d"),
    ):
        store.accept(db, "NK troops", article, *_span(word), stance)
    rows = store.claim_sources(db, "nk TROOPS")
    assert [(r["stance"], r["source"]) for r in rows] == [("asserts", "Wire"), ("denies", "Wire"), ("denies", "Kim")]
    assert store.stance_counts(rows) == {"asserts": 1, "reports": 0, "denies": 2, "questions": 0}
    assert store.sources_by_stance(rows, "denies") == [("Kim", 1), ("Wire", 1)]
    (listed,) = store.list_claims(db)
    assert (listed["name"], listed["links"], listed["asserts"], listed["reports"], listed["denies"]) == (
        "NK troops",
        3,
        1,
        0,
        2,
    )


def test_a_link_survives_re_anchoring_and_undoing_a_tag_deletion(db, library):
    db, article = library
    tag = store.accept(db, "NK troops", article, *_span("Pyongyang denied the reports."), "denies")
    changed = "Update: more below.\n" + TEXT
    new_id, _ = add_article(db, raw_text=changed, text=changed, title="Troops", source="Wire")
    report = replace_article(db, article, new_id)
    assert report.placed == 1
    moved = get_tag(db, tag["id"])
    assert moved["article_id"] == new_id and moved["start"] == changed.index("Pyongyang denied")
    assert [(r["tag_id"], r["stance"], r["start"]) for r in store.claim_sources(db, "NK troops")] == [
        (tag["id"], "denies", moved["start"])
    ]
    row = delete_tag(db, tag["id"])
    assert store.claim_sources(db, "NK troops") == []
    restore_tag(db, row)
    assert [r["tag_id"] for r in store.claim_sources(db, "NK troops")] == [tag["id"]]
    # The article goes: its tags, sentences and links with it.
    remove_article(db, new_id)
    assert db.execute("SELECT count(*) FROM claim_links").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'troops'").fetchone()[0] == 0


def test_rename_merge_and_delete_claims(library):
    db, article = library
    store.accept(db, "NK troops", article, *_span("Pyongyang denied the reports."), "denies")
    own = add_tag(db, article, *_span("The weather was fine."), "opinion")
    store.link_tag(db, "Troops in Russia", own["id"], "q")
    store.reject(db, "Troops in Russia", article, *_span("Kim said"))
    with pytest.raises(Exception, match="exists already"):
        store.rename_claim(db, "NK troops", "troops IN russia")
    store.rename_claim(db, "NK troops", "North Korean troops")
    assert store.merge_claims(db, "Troops in Russia", "North Korean troops") == 1
    assert [c["name"] for c in store.list_claims(db)] == ["North Korean troops"]
    assert [r["text"] for r in store.rejections(db, "North Korean troops")] == ["Kim said"]
    gone = store.delete_claim(db, "North Korean troops")
    assert gone == {"links": 2, "tags": 1}
    # The tag made by accepting went; the reader's own tag stays, with no claim.
    assert get_tag(db, own["id"]) is not None and store.link_of(db, own["id"]) is None
    assert db.execute("SELECT count(*) FROM tags").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM claim_rejections").fetchone()[0] == 0


def test_stances_by_name_letter_or_number():
    assert [store.check_stance(s) for s in ("a", "2", "Denies", "question")] == [
        "asserts",
        "reports",
        "denies",
        "questions",
    ]
    with pytest.raises(Exception, match="not a stance"):
        store.check_stance("maybe")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c"])
def test_tag_exports_carry_claim_and_stance(library, fmt):
    db, article = library
    store.accept(db, "NK troops", article, *_span("Pyongyang denied the reports."), "denies")
    add_tag(db, article, *_span("The weather"), "opinion")
    out = io.StringIO(newline="")
    assert export_tags(db, out, fmt) == 2
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
        assert [(r["claim"], r["stance"]) for r in rows] == [("NK troops", "denies"), ("", "")]
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [(r["claim"], r["stance"]) for r in rows] == [("NK troops", "denies"), (None, None)]
    else:
        items = json.loads(out.getvalue())["first"]["items"]
        bodies = [b for b in items[0]["body"] if b["purpose"] == "classifying"]
        assert bodies == [
            {"type": "TextualBody", "purpose": "classifying", "value": "NK troops", "reader:stance": "denies"}
        ]


def invoke(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args))
    if ok:
        assert result.exit_code == 0, result.output + str(result.exception)
    return result


@pytest.mark.parametrize(
    "command",
    [[], ["add"], ["show"], ["suggest"], ["accept"], ["reject"], ["rename"], ["merge"], ["delete"], ["export"]],
)
def test_every_claims_command_has_help(command):
    result = invoke("claims", *command, "--help")
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_cli_add_accept_show_export_and_errors(library, db_path):
    _, article = library
    invoke("--db", str(db_path), "claims", "add", "NK troops")
    start, end = _span("Pyongyang denied the reports.")
    result = invoke(
        "--db", str(db_path), "claims", "accept", "NK troops", article[:6], str(start), str(end), "--stance", "d"
    )
    assert result.output.startswith("denies  NK troops")
    start, end = _span("Officials said 3,000 North Korean troops are in Russia.")
    invoke("--db", str(db_path), "claims", "accept", "NK troops", article, str(start), str(end))
    listed = invoke("--db", str(db_path), "claims").output
    assert "NK troops" in listed and "    2  " in listed
    shown = invoke("--db", str(db_path), "claims", "show", "nk troops").output
    assert "denies" in shown and "1 asserts · 0 reports · 1 denies · 0 questions" in shown
    exported = invoke("--db", str(db_path), "claims", "export", "NK troops")
    rows = list(csv.reader(io.StringIO(exported.stdout, newline="")))
    assert rows[0] == ["claim", "stance", "speaker", "outlet", "article", "date", "text", "url"]
    assert rows[1][:5] == ["NK troops", "asserts", "", "Wire", "Troops"] and rows[1][7] == "https://x.test/1"
    assert rows[2][1] == "denies" and rows[2][6] == "Pyongyang denied the reports."
    missing = invoke("--db", str(db_path), "claims", "show", "nothing", ok=False)
    assert missing.exit_code == 1 and missing.output.strip() == "reader: no claim 'nothing' (see `reader claims`)"
    refused = invoke("--db", str(db_path), "claims", "delete", "NK troops", ok=False)
    assert refused.exit_code == 1 and "pass --yes" in refused.output
    assert "2 links, 2 tags" in invoke("--db", str(db_path), "claims", "delete", "NK troops", "--yes").output


def test_seeds_suggest_the_sentences_that_assert_report_and_deny(library_path):
    """Done when: on the analysed seeds, the sentences of the other articles that assert, report
    and deny that North Korean troops are in Russia are in the top ten (the real command)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "--db",
            str(library_path),
            "claims",
            "suggest",
            "North Korean troops are in Russia",
            "--format",
            "json",
            "--limit",
            "10",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(result.stdout)
    assert len(rows) == 10
    assert all(list(row) == ["article_id", "path", "start", "end", "text", "speaker", "score"] for row in rows)
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)
    top = " | ".join(row["text"] for row in rows)
    for words in (
        "NATO confirmed on Monday that North Korean troops have been deployed",  # 000: NATO asserts
        "The U.S. has evidence that North Korean troops are in Russia, Defense Secretary Lloyd Austin confirmed",
        "At least 3,000 North Korean soldiers now inside Russia, US says",  # 004: the US reports
        "Ukraine and Western countries have accused North Korea of sending troops to Russia",  # 001
        "North Korea has denied the allegations",  # 001: North Korea denies
        "Putin has neither confirmed nor denied the claims",  # 001: Putin neither
    ):
        assert words in top, words
    by_text = {row["text"]: row for row in rows}
    cnn = next(row for text, row in by_text.items() if "At least 3,000" in text)
    assert cnn["speaker"] == "United States" and cnn["path"].endswith("004_c0a91f7480b9ba36.txt")
    denial = next(row for text, row in by_text.items() if text.startswith("North Korea has denied"))
    assert denial["speaker"] == "rt.com"  # narration: the outlet
    text = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reader",
                "--db",
                str(library_path),
                "show",
                denial["article_id"],
                "--format",
                "json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )["text"]
    assert text[denial["start"] : denial["end"]] == denial["text"]


def test_a_library_from_before_the_sentence_index_is_indexed_on_first_use(library):
    from reader.claims import ensure_sentence_index

    db, article = library
    db.execute("DELETE FROM sentences")
    assert claim_suggest.suggest(db, "North Korean troops are in Russia") == []
    assert ensure_sentence_index(db) == 1
    assert claim_suggest.suggest(db, "North Korean troops are in Russia")[0]["article_id"] == article
    assert ensure_sentence_index(db) == 0


def test_a_claims_rows_and_suggestions_carry_the_published_date_when_known(library):
    from reader.store.articles import update_article

    db, article = library
    store.accept(db, "NK troops", article, *_span("Pyongyang denied the reports."), "denies")
    added = store.claim_sources(db, "NK troops")[0]["date"]
    assert added and len(added) == 10  # no published date: the day it was added
    update_article(db, article, published="2024-10-28")
    assert store.claim_sources(db, "NK troops")[0]["date"] == "2024-10-28"
    assert {row["date"] for row in claim_suggest.suggest(db, "North Korean troops in Russia")} == {"2024-10-28"}


def test_import_tags_brings_back_the_claim_and_stance_an_export_carries(library, tmp_path):
    from reader.store.import_tags import import_tags
    from reader.store.tags import all_tags

    db, article = library
    store.accept(db, "NK troops", article, *_span("Pyongyang denied the reports."), "denies")
    add_tag(db, article, *_span("The weather"), "opinion")
    path = tmp_path / "tags.jsonl"
    with path.open("w", encoding="utf-8", newline="") as out:
        export_tags(db, out, "jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[0]) | {"stance": "shrugs"}
    path.write_text("\n".join([*lines, json.dumps(bad)]) + "\n", encoding="utf-8")
    store.delete_claim(db, "NK troops")
    for tag in all_tags(db):
        delete_tag(db, tag["id"])
    result = import_tags(db, path)
    assert result.added == 2 and len(result.errors) == 1 and "stance" in result.errors[0]
    [row] = store.claim_sources(db, "NK troops")
    assert (row["stance"], row["text"]) == ("denies", "Pyongyang denied the reports.")
