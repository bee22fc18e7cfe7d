"""`reader export`, `reader import-tags` and `reader labels`, run through click on real libraries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from reader.cli import ReaderGroup
from reader.cli.tags import export, import_tags, labels, list_tags
from reader.store import open_db
from reader.store.articles import add_article
from reader.store.tags import add_tag, all_tags, list_labels

TEXT = 'Lloyd Austin said "=1+1 troops are there", and the Kremlin denied it.'

# The same error handling as the real `reader` group: ReaderError -> "reader: ..." and exit 1.
reader = ReaderGroup(name="reader", commands={c.name: c for c in (export, import_tags, labels, list_tags)})


@pytest.fixture
def tagged(db, db_path):
    article, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Troops", source="Newsweek")
    start = TEXT.index("=1+1")
    add_tag(db, article, start, start + len("=1+1 troops are there"), "claim", speaker="Lloyd Austin", note="a, b\nc")
    start = TEXT.index("the Kremlin denied it")
    add_tag(db, article, start, start + len("the Kremlin denied it"), "denial", speaker="Kremlin")
    return db_path, article


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(reader, list(args))
    if ok:
        assert result.exit_code == 0, result.output + str(result.exception)
    return result


@pytest.mark.parametrize(
    "command",
    [
        ["export"],
        ["import-tags"],
        ["tags"],
        ["labels"],
        ["labels", "add"],
        ["labels", "rename"],
        ["labels", "merge"],
        ["labels", "color"],
    ],
)
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_export_csv_to_stdout_with_count_on_stderr(tagged):
    db_path, _ = tagged
    result = run("export", "--db", str(db_path))
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["label"] for r in rows] == ["claim", "denial"]
    assert rows[0]["text"] == "'=1+1 troops are there" and rows[0]["note"] == "a, b\nc"
    assert result.stderr.strip() == "exported 2 tags to stdout (csv)"


def test_export_to_file_with_filters_and_no_neutralise(tagged, tmp_path):
    db_path, article = tagged
    out = tmp_path / "claims.csv"
    result = run(
        "export",
        "--db",
        str(db_path),
        "-o",
        str(out),
        "--label",
        "CLAIM",
        "--speaker",
        "lloyd austin",
        "--article",
        article[:6],
        "--no-neutralise",
    )
    assert result.stderr.strip().splitlines() == ["speaker: Lloyd Austin", f"exported 1 tag to {out} (csv)"]
    (row,) = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert row["text"] == "=1+1 troops are there"
    assert not any(p.name.startswith(".claims.csv") for p in tmp_path.iterdir())  # no temporary left


def test_export_into_a_missing_folder_is_a_one_line_error(tagged, tmp_path):
    db_path, _ = tagged
    target = tmp_path / "no" / "such" / "out.csv"
    result = run("export", "--db", str(db_path), "-o", str(target), ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"reader: {target}: cannot write (No such file or directory)"]


def test_jsonl_and_w3c_exports(tagged, tmp_path):
    db_path, _ = tagged
    lines = run("export", "--db", str(db_path), "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["speaker"] for line in lines] == ["Lloyd Austin", "Kremlin"]
    collection = json.loads(run("export", "--db", str(db_path), "--format", "w3c", "--label", "denial").stdout)
    assert collection["total"] == 1 and collection["first"]["items"][0]["body"][0]["value"] == "denial"


def test_import_round_trip_and_reimport(tagged, tmp_path):
    db_path, _ = tagged
    dump = tmp_path / "tags.jsonl"
    run("export", "--db", str(db_path), "--format", "jsonl", "-o", str(dump))
    fresh = tmp_path / "fresh.db"
    db = open_db(fresh)
    add_article(db, raw_text=TEXT, text=TEXT, title="Troops", source="Newsweek")
    db.close()
    first = run("import-tags", "--db", str(fresh), str(dump))
    assert first.stdout.strip() == f"{dump}: 2 added, 0 updated, 0 already there"
    second = run("import-tags", "--db", str(fresh), str(dump))
    assert second.stdout.strip() == f"{dump}: 0 added, 0 updated, 2 already there"
    assert run("export", "--db", str(fresh)).stdout == run("export", "--db", str(db_path)).stdout


def test_import_reports_bad_lines_and_exits_1(tagged, tmp_path):
    db_path, _ = tagged
    dump = tmp_path / "tags.jsonl"
    good = run("export", "--db", str(db_path), "--format", "jsonl").stdout.splitlines()[0]
    orphan = json.loads(good) | {"id": "00000000-0000-4000-8000-000000000000", "article_id": "ffffffffffffffff"}
    dump.write_text(good + "\n" + json.dumps(orphan) + "\n", encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    db = open_db(fresh)
    add_article(db, raw_text=TEXT, text=TEXT)
    result = run("import-tags", "--db", str(fresh), str(dump), ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"reader: {dump}:2: unknown article 'ffffffffffffffff' (add the article first)"
    assert "1 added" in result.stdout and "1 skipped" in result.stdout
    assert len(all_tags(db)) == 1
    missing = run("import-tags", "--db", str(fresh), str(tmp_path / "nope.jsonl"), ok=False)
    assert (missing.exit_code, missing.stderr.strip()) == (1, f"reader: {tmp_path / 'nope.jsonl'}: no such file")


def test_labels_list_add_rename_merge_color(tagged):
    db_path, _ = tagged
    db = ["--db", str(db_path)]
    listing = run("labels", *db).stdout.splitlines()
    assert listing[0].split() == ["claim", "#3584e4", "1"]
    assert run("labels", *db, "add", "hedge", "--color", "yellow").stdout.strip() == "added hedge (#ffff00)"
    assert run("labels", *db, "rename", "hedge", "Hedging").stdout.strip() == "renamed hedge to Hedging"
    assert run("labels", *db, "color", "hedging", "#FF00FF").stdout.strip() == "Hedging is now #ff00ff"
    assert run("labels", *db, "merge", "denial", "claim").stdout.strip() == "merged denial into claim (1 tag moved)"
    rows = {r["name"]: r for r in json.loads(run("labels", *db, "--format", "json").stdout)}
    assert rows["claim"]["count"] == 2 and "denial" not in rows and rows["Hedging"]["color"] == "#ff00ff"
    with_db = open_db(db_path)
    assert {label["name"] for label in list_labels(with_db)} == set(rows)


@pytest.mark.parametrize(
    "args,message",
    [
        (["add", "claim"], "label 'claim' exists already"),
        (["rename", "nope", "x"], "no label 'nope'"),
        (["merge", "claim", "claim"], "cannot merge label 'claim' into itself"),
        (["color", "claim", "no-such-colour"], "'no-such-colour': not a colour"),
    ],
)
def test_label_errors_are_one_line(tagged, args, message):
    db_path, _ = tagged
    result = run("labels", "--db", str(db_path), *args, ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"reader: {message}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_tags_lists_and_marks_orphans(tagged):
    db_path, article = tagged
    db = open_db(db_path)
    claim = all_tags(db, label="claim")[0]
    db.execute("UPDATE tags SET orphaned = 1 WHERE id = ?", [claim["id"]])
    lines = run("tags", "--db", str(db_path)).stdout.splitlines()
    assert lines[0].startswith(f"{claim['id'][:8]}  {article[:8]}  claim  Lloyd Austin  =1+1 troops are there")
    assert lines[0].endswith("[orphaned]") and lines[1].strip() == "note: a, b c"
    assert "denial  Kremlin" in lines[2] and not lines[2].endswith("[orphaned]")
    orphans = json.loads(run("tags", "--db", str(db_path), "--orphaned", "--format", "json").stdout)
    assert [(t["id"], t["text"], t["orphaned"]) for t in orphans] == [(claim["id"], claim["text"], True)]
