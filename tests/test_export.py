"""Export formats (CSV, JSONL, W3C), formula neutralising, and the JSONL import round trip."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reader.errors import ReaderError
from reader.store import open_db
from reader.store.articles import add_article
from reader.store.export import CSV_COLUMNS, W3C_CONTEXT, export_tags
from reader.store.import_tags import import_tags
from reader.store.tags import add_tag, all_tags, update_tag

TEXT = (
    'Lloyd Austin said: "There are about 10,000 North Korean soldiers in Russia."\n'
    "=SUM(A1) is not a formula here, and -5 degrees is cold.\n"
    'The Kremlin, in a statement, called it "nonsense".'
)
OTHER = "@pyongyang posted: +1 for friendship.\tThe end."


def words(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.fixture
def library(db):
    """Two articles and tags exercising quotes, commas, newlines and formula-like starts."""
    first, _ = add_article(db, raw_text=TEXT, text=TEXT, title='Troops, "confirmed"', source="Newsweek")
    second, _ = add_article(
        db, raw_text=OTHER, text=OTHER, title="=cmd|' /C calc'!A0", source="KCNA", url="https://kcna.example/1"
    )
    add_tag(
        db,
        first,
        *words(TEXT, "There are about 10,000 North Korean soldiers in Russia."),
        "claim",
        note='line one\nline two, with "quotes"',
        speaker="Lloyd Austin",
        actors=["North Korean", "Russia"],
    )
    add_tag(
        db,
        first,
        *words(TEXT, "=SUM(A1) is not a formula here, and -5 degrees is cold.\nThe Kremlin"),
        "evidence",
        note="-negative",
        actors=["=Evil"],
    )
    add_tag(db, first, *words(TEXT, 'called it "nonsense"'), "denial", speaker="The Kremlin")
    add_tag(db, second, *words(OTHER, "@pyongyang posted"), "claim", note="\ttabbed", speaker="+Plus")
    return db, first, second


def export(db, fmt="csv", **filters) -> str:
    out = io.StringIO(newline="")
    count = export_tags(db, out, fmt, **filters)
    text = out.getvalue()
    if fmt == "jsonl":
        assert count == len(text.splitlines())
    return text


def test_csv_header_rows_and_spreadsheet_safe_cells(library):
    db, _, second = library
    rows = list(csv.reader(io.StringIO(export(db), newline="")))
    assert rows[0] == CSV_COLUMNS
    body = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert len(body) == 4
    claim = next(r for r in body if r["speaker"] == "Lloyd Austin")
    assert claim["note"] == 'line one\nline two, with "quotes"'
    assert claim["article_title"] == 'Troops, "confirmed"'
    assert claim["actors"] == "North Korean; Russia"
    assert claim["text"] == "There are about 10,000 North Korean soldiers in Russia."
    assert int(claim["end"]) - int(claim["start"]) == len(claim["text"])
    evidence = next(r for r in body if r["label"] == "evidence")
    assert evidence["text"].startswith("'=SUM(A1)") and evidence["text"].endswith("\nThe Kremlin")
    assert (evidence["note"], evidence["actors"], evidence["speaker"]) == ("'-negative", "'=Evil", "")
    kcna = next(r for r in body if r["article_id"] == second)
    assert kcna["article_title"] == "'=cmd|' /C calc'!A0"
    assert (kcna["text"], kcna["note"], kcna["speaker"]) == ("'@pyongyang posted", "'\ttabbed", "'+Plus")
    assert all(r["tag_id"] and r["created_at"] and r["updated_at"] for r in body)


def test_no_neutralise_keeps_raw_values(library):
    db, *_ = library
    out = io.StringIO(newline="")
    export_tags(db, out, "csv", neutralise=False)
    body = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert {r["note"] for r in body} >= {"-negative", "\ttabbed"}
    assert any(r["text"].startswith("=SUM") for r in body)


def test_csv_filters(library):
    db, first, second = library
    by_label = list(csv.DictReader(io.StringIO(export(db, label="Claim"), newline="")))
    assert sorted(r["article_id"] for r in by_label) == sorted([first, second])
    by_article = list(csv.DictReader(io.StringIO(export(db, article=second[:8]), newline="")))
    assert [r["article_id"] for r in by_article] == [second]
    by_speaker = list(csv.DictReader(io.StringIO(export(db, speaker="the kremlin"), newline="")))
    assert [r["label"] for r in by_speaker] == ["denial"]
    assert export(db, label="nothing-like-this").splitlines() == [",".join(CSV_COLUMNS)]


def test_jsonl_has_every_field(library):
    db, _, _ = library
    records = [json.loads(line) for line in export(db, "jsonl").splitlines()]
    assert len(records) == 4
    claim = next(r for r in records if r["speaker"] == "Lloyd Austin")
    assert claim["actors"] == ["North Korean", "Russia"]
    assert claim["prefix"] == TEXT[max(0, claim["start"] - 32) : claim["start"]]
    assert claim["suffix"] == TEXT[claim["end"] : claim["end"] + 32]
    assert TEXT[claim["start"] : claim["end"]] == claim["text"]
    assert claim["note"].startswith("line one\n")  # JSONL is not neutralised
    assert claim["orphaned"] is False


def test_w3c_web_annotations(library):
    db, first, second = library
    collection = json.loads(export(db, "w3c"))
    assert collection["@context"] == W3C_CONTEXT
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 4
    claim = next(a for a in items if any(b.get("value") == "Lloyd Austin" for b in a["body"]))
    assert claim["type"] == "Annotation" and claim["id"].startswith("urn:uuid:")
    purposes = {b["purpose"]: b["value"] for b in claim["body"]}
    assert purposes["tagging"] == "claim" and purposes["commenting"].startswith("line one")
    assert all(b["type"] == "TextualBody" for b in claim["body"])
    quote, position = claim["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    assert TEXT[position["start"] : position["end"]] == quote["exact"]
    assert TEXT[: position["start"]].endswith(quote["prefix"])
    assert claim["target"]["source"]["id"] == f"urn:reader:article:{first}"
    kcna = next(a for a in items if a["target"]["source"]["id"].endswith(second))
    assert kcna["target"]["scope"] == "https://kcna.example/1"
    assert json.loads(export(db, "w3c", label="missing"))["total"] == 0


def test_unknown_format_is_refused(library):
    with pytest.raises(ValueError):
        export_tags(library[0], io.StringIO(), "xml")


def same_articles(db_path, source_db):
    fresh = open_db(db_path)
    for article in source_db.query("SELECT * FROM articles ORDER BY added_at"):
        add_article(
            fresh,
            raw_text=article["raw_text"],
            text=article["text"],
            title=article["title"],
            source=article["source"],
            url=article["url"],
        )
    return fresh


def test_round_trip_and_reimport_does_not_duplicate(library, tmp_path):
    db, *_ = library
    jsonl = tmp_path / "tags.jsonl"
    jsonl.write_text(export(db, "jsonl"), encoding="utf-8")
    fresh = same_articles(tmp_path / "fresh.db", db)
    result = import_tags(fresh, jsonl)
    assert (result.added, result.errors) == (4, [])
    for fmt in ("csv", "jsonl", "w3c"):
        assert export(fresh, fmt) == export(db, fmt)
    again = import_tags(fresh, jsonl)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    assert len(all_tags(fresh)) == 4


def test_import_takes_newer_edits_only(library, tmp_path):
    db, *_ = library
    jsonl = tmp_path / "tags.jsonl"
    jsonl.write_text(export(db, "jsonl"), encoding="utf-8")
    fresh = same_articles(tmp_path / "fresh.db", db)
    import_tags(fresh, jsonl)
    tag = all_tags(db, label="denial")[0]
    update_tag(db, tag["id"], note="edited later")
    newer = tmp_path / "newer.jsonl"
    newer.write_text(export(db, "jsonl"), encoding="utf-8")
    assert import_tags(fresh, newer).updated == 1
    assert all_tags(fresh, label="denial")[0]["note"] == "edited later"
    assert import_tags(fresh, jsonl).unchanged == 4  # the older file does not undo the edit
    assert all_tags(fresh, label="denial")[0]["note"] == "edited later"


def test_bad_lines_are_reported_and_the_rest_imported(library, tmp_path):
    db, _, _ = library
    lines = export(db, "jsonl").splitlines()
    broken = json.loads(lines[1])
    broken["article_id"] = "0123456789abcdef"
    missing = json.loads(lines[2])
    del missing["label"]
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_text(
        "\n".join([lines[0], json.dumps(broken), "{not json", json.dumps(missing), "", lines[3]]) + "\n",
        encoding="utf-8",
    )
    fresh = same_articles(tmp_path / "fresh.db", db)
    result = import_tags(fresh, jsonl)
    assert result.added == 2
    assert [e.split(": ", 1) for e in result.errors] == [
        [f"{jsonl}:2", "unknown article '0123456789abcdef' (add the article first)"],
        [f"{jsonl}:3", result.errors[1].split(": ", 1)[1]],
        [f"{jsonl}:4", "missing label"],
    ]
    assert result.errors[1].startswith(f"{jsonl}:3: not JSON")


def test_import_re_anchors_when_the_article_text_differs(library, tmp_path):
    db, _, _ = library
    record = next(json.loads(line) for line in export(db, "jsonl").splitlines() if '"denial"' in line)
    record["start"] += 7
    record["end"] += 7  # as if exported from a copy with a longer text before the tag
    jsonl = tmp_path / "shifted.jsonl"
    jsonl.write_text(json.dumps(record) + "\n", encoding="utf-8")
    fresh = same_articles(tmp_path / "fresh.db", db)
    result = import_tags(fresh, jsonl)
    assert (result.added, result.reanchored) == (1, 1)
    (tag,) = all_tags(fresh)
    assert TEXT[tag["start"] : tag["end"]] == 'called it "nonsense"'


def test_unreadable_import_file_is_one_line_error(tmp_path, db):
    with pytest.raises(ReaderError, match="no such file"):
        import_tags(db, tmp_path / "missing.jsonl")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ReaderError, match="not UTF-8"):
        import_tags(db, binary)
