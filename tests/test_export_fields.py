"""What an analyst gets in an export: article metadata, the tag's kind, context, speaker and cue,
the same fields in CSV, JSONL and W3C, and CSV cells no spreadsheet reads as a formula."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from app_support import ROOT, article_id
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.store import open_db
from reader.store.articles import add_article, get_article, update_article
from reader.store.export import CONTEXT_CHARS, CSV_COLUMNS, export_tags, neutralised
from reader.store.tags import add_tag
from reader.text.meta import extract_metadata

BLINKEN = "Antony Blinken"


def reader(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db_path), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def tagged_blinken(path: Path) -> tuple[str, str, dict]:
    """The Blinken article tagged three ways: a whole quote, a whole sentence, a few words."""
    wanted = article_id(path, BLINKEN)
    db = open_db(path)
    article = get_article(db, wanted)
    update_article(
        db, wanted, url="https://www.reuters.com/world/blinken", byline="Soo-hyang Choi", published="2023-11-09"
    )
    record = next(r for r in db.query("SELECT data FROM analyses WHERE text_id = ?", [wanted]))
    analysis = json.loads(record["data"])
    quote = next(q for q in analysis["quotes"] if q["cue"] == "said")
    sentence = analysis["sentences"][1]
    text = article["text"]
    add_tag(db, wanted, quote["start"], quote["end"], "claim", speaker=quote["speaker"])
    add_tag(db, wanted, *sentence, "evidence")
    words = text.index("Park Jin")
    add_tag(db, wanted, words, words + len("Park Jin"), "opinion", note="who")
    db.close()
    return wanted, text, quote


def test_csv_carries_metadata_kind_context_speaker_and_cue(frozen_library_path):
    wanted, text, quote = tagged_blinken(frozen_library_path)
    done = reader(frozen_library_path, "export", "--article", wanted)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    assert list(rows[0]) == CSV_COLUMNS
    by_label = {row["label"]: row for row in rows}
    claim, evidence, opinion = by_label["claim"], by_label["evidence"], by_label["opinion"]
    for row in rows:
        assert row["url"] == "https://www.reuters.com/world/blinken"
        assert (row["byline"], row["published"], row["source"]) == ("Soo-hyang Choi", "2023-11-09", "Reuters")
        assert row["orphaned"] == "false"
        start, end = int(row["start"]), int(row["end"])
        # One convention: the article's own characters, for every kind.
        assert row["text"] == text[start:end]
        assert row["context_before"] == text[max(0, start - CONTEXT_CHARS) : start]
        assert row["context_after"] == text[end : end + CONTEXT_CHARS]
    assert (claim["kind"], claim["speaker"], claim["cue"]) == ("quote", quote["speaker"], "said")
    assert len(claim["context_before"]) == CONTEXT_CHARS
    assert evidence["kind"] == "sentence"
    assert opinion["kind"] == "selection" and opinion["cue"] == ""


def test_jsonl_and_w3c_carry_the_same_fields(frozen_library_path):
    tagged_blinken(frozen_library_path)
    records = [
        json.loads(line) for line in reader(frozen_library_path, "export", "--format", "jsonl").stdout.splitlines()
    ]
    csv_rows = list(csv.DictReader(io.StringIO(reader(frozen_library_path, "export").stdout, newline="")))
    assert len(records) == len(csv_rows) == 3
    for record, row in zip(records, csv_rows):
        assert set(CSV_COLUMNS) - {"tag_id"} <= set(record) and record["id"] == row["tag_id"]
        for key in ("kind", "cue", "context_before", "context_after", "url", "byline", "published", "text"):
            assert (record[key] or "") == row[key], key
    collection = json.loads(reader(frozen_library_path, "export", "--format", "w3c").stdout)
    items = collection["first"]["items"]
    for item, record in zip(items, records):
        quote = item["target"]["selector"][0]
        assert (quote["exact"], quote["prefix"], quote["suffix"]) == (
            record["text"],
            record["context_before"],
            record["context_after"],
        )
        source = item["target"]["source"]
        assert (source["title"], source["publisher"], source["creator"], source["datePublished"]) == (
            record["article_title"],
            "Reuters",
            "Soo-hyang Choi",
            "2023-11-09",
        )
        described = json.loads(next(b["value"] for b in item["body"] if b["purpose"] == "describing"))
        assert (described["kind"], described["cue"]) == (record["kind"], record["cue"])
        assert item["target"]["scope"] == record["url"]


def test_an_orphaned_tag_says_so_and_keeps_its_own_context(db):
    text = "First version of the story, with words to tag in it."
    first, _ = add_article(db, raw_text=text, text=text, title="T")
    tag = add_tag(db, first, 10, 20, "claim")
    db.execute("UPDATE tags SET orphaned = 1 WHERE id = ?", [tag["id"]])
    out = io.StringIO(newline="")
    export_tags(db, out, "csv")
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert (row["orphaned"], row["kind"]) == ("true", "selection")
    assert row["context_before"] == tag["prefix"] and row["context_after"] == tag["suffix"]


# --- published dates --------------------------------------------------------------------------


def test_a_published_date_is_read_from_the_text():
    assert extract_metadata("Troops in Kursk\nPublished: November 4, 2024\nText of it.")["published"] == "2024-11-04"
    assert extract_metadata("Troops in Kursk\nBy Jane Doe\n4 Nov. 2024\nText.")["published"] == "2024-11-04"
    assert extract_metadata("Troops in Kursk\nUpdated 2024-11-05 10:00\nText.")["published"] == "2024-11-05"
    # No year, or no real day: no date.
    assert extract_metadata("Troops\nSEOUL, Nov 9 (Reuters) - words.")["published"] is None
    assert extract_metadata("Troops\nFebruary 30, 2024 was no day.")["published"] is None


def test_add_stores_the_published_date_and_export_shows_it(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(
        "Troops in Kursk confirmed\nBy Jane Doe\nPublished November 4, 2024\n\n"
        "NATO confirmed the deployment on Monday.\n",
        encoding="utf-8",
    )
    library = tmp_path / "lib.db"
    assert reader(library, "add", str(path)).returncode == 0
    db = open_db(library)
    row = next(db.query("SELECT id, published, byline FROM articles WHERE path = ?", [str(path)]))
    assert (row["published"], row["byline"]) == ("2024-11-04", "Jane Doe")
    add_tag(db, row["id"], 0, 6, "claim")
    db.close()
    exported = next(csv.DictReader(io.StringIO(reader(library, "export", "--article", row["id"]).stdout, newline="")))
    assert exported["published"] == "2024-11-04"


def test_an_older_library_gains_the_published_column(tmp_path):
    from reader.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statements in MIGRATIONS[:4]:
        for statement in statements:
            conn.execute(statement)
    conn.execute("PRAGMA user_version=4")
    conn.execute("INSERT INTO articles (id, raw_text, text, added_at) VALUES ('ab12', 'x', 'x', '2024')")
    conn.commit()
    conn.close()
    db = open_db(path)
    assert next(db.query("SELECT published FROM articles"))["published"] is None
    db.close()


# --- spreadsheet formulas -----------------------------------------------------------------------


def test_every_cell_is_neutralised_ids_and_dates_included(db):
    text = "Words to tag here, nothing more."
    first, _ = add_article(
        db,
        raw_text=text,
        text=text,
        title=" =title",
        source="\n+source",
        url="＝HYPERLINK(1)",
        byline="﹢Byline",
        published="@2024",
    )
    tag = add_tag(db, first, 0, 5, "claim", note=" \n-note")
    # What a hostile import leaves in a library: formulas in the id and timestamps.
    db.execute(
        "UPDATE tags SET id = '=HYPERLINK(\"http://x\")', created_at = '+1', updated_at = ' @SUM(1)' WHERE id = ?",
        [tag["id"]],
    )
    out = io.StringIO(newline="")
    export_tags(db, out, "csv")
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert row["tag_id"] == '\'=HYPERLINK("http://x")'
    assert (row["created_at"], row["updated_at"]) == ("'+1", "' @SUM(1)")
    assert (row["article_title"], row["source"], row["url"], row["byline"], row["published"]) == (
        "' =title",
        "'\n+source",
        "'＝HYPERLINK(1)",
        "'﹢Byline",
        "'@2024",
    )
    assert row["note"] == "' \n-note"
    raw = io.StringIO(newline="")
    export_tags(db, raw, "csv", neutralise=False)
    row = next(csv.DictReader(io.StringIO(raw.getvalue(), newline="")))
    assert (row["tag_id"], row["url"], row["note"]) == ('=HYPERLINK("http://x")', "＝HYPERLINK(1)", " \n-note")


def test_no_neutralise_on_the_command_line_keeps_raw_cells(tmp_path):
    library = tmp_path / "lib.db"
    db = open_db(library)
    text = "=1+1 is what it says."
    first, _ = add_article(db, raw_text=text, text=text, title="＋t")
    add_tag(db, first, 0, 4, "claim")
    db.close()
    safe = next(csv.DictReader(io.StringIO(reader(library, "export").stdout, newline="")))
    raw = next(csv.DictReader(io.StringIO(reader(library, "export", "--no-neutralise").stdout, newline="")))
    assert (safe["text"], safe["article_title"]) == ("'=1+1", "'＋t")
    assert (raw["text"], raw["article_title"]) == ("=1+1", "＋t")


def spreadsheet_starts_formula(cell: str) -> bool:
    """How a spreadsheet reads a cell: leading spaces and line breaks skipped, fullwidth and small
    forms folded to ASCII; a formula starts with = + - @, and a tab or CR start is one too."""
    import unicodedata

    if cell[:1] in ("\t", "\r"):
        return True
    folded = unicodedata.normalize("NFKC", cell).lstrip(" \n\x0b\x0c\x85\u00a0\u2028\u2029\u3000")
    return folded[:1] in ("=", "+", "-", "@", "\t", "\r")


_HOSTILE = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n ａ=＝＋－＠﹦﹢﹣﹫⁼⁺₋\u3000\u00a0x1'\"")), max_size=8)


@settings(max_examples=60, deadline=None)
@given(title=_HOSTILE, note=_HOSTILE, tag_id=_HOSTILE, stamp=_HOSTILE, speaker=_HOSTILE)
def test_no_exported_cell_starts_a_formula(tmp_path_factory, title, note, tag_id, stamp, speaker):
    db = open_db(tmp_path_factory.mktemp("lib") / "lib.db")
    text = f"{note} and then the words of the article."
    first, _ = add_article(db, raw_text=text, text=text, title=title, source=speaker, byline=title)
    tag = add_tag(db, first, 0, max(1, len(note)), "claim", note=note, speaker=speaker, actors=[speaker])
    db.execute(
        "UPDATE tags SET id = ?, created_at = ?, updated_at = ? WHERE id = ?", [tag_id or "x", stamp, stamp, tag["id"]]
    )
    out = io.StringIO(newline="")
    export_tags(db, out, "csv")
    db.close()
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert len(rows) == 2
    for cell in rows[1]:
        assert not spreadsheet_starts_formula(cell), cell


def test_neutralised_leaves_plain_values_alone():
    assert [neutralised(v) for v in ("plain", "a=b", "", None, 12, "'quoted", "x-1")] == [
        "plain",
        "a=b",
        "",
        "",
        "12",
        "'quoted",
        "x-1",
    ]
    assert neutralised(-5) == "'-5"
