"""The `reader` command, run as a user runs it: a real process on a real library file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from reader.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_has_help():
    from click.testing import CliRunner

    runner = CliRunner()
    names = list(all_commands(cli))
    assert {("add",), ("list",), ("show",), ("analyze",)} <= set(names)
    for name in names:
        result = runner.invoke(cli, [*name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage: " in result.output and "--help" in result.output


def test_version():
    result = run("--version")
    assert result.returncode == 0 and "0.1.0" in result.stdout


def test_list_seeds_the_library_on_first_use(db_path):
    result = run("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 5
    assert all(row["title"] for row in rows)
    again = json.loads(run("list", "--format", "json").stdout)
    assert [r["id"] for r in again] == [r["id"] for r in rows]


def test_analyze_json_contract_on_the_seeds(tmp_path, seed_paths):
    db = tmp_path / "cache.db"
    result = run("analyze", "--format", "json", "--db", str(db), *map(str, seed_paths))
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["path"] for r in records] == [str(p) for p in seed_paths]
    for record in records:
        text = record["text"]
        assert set(record) >= {"path", "title", "source", "text", "actors", "quotes"}
        assert record["actors"], record["path"]
        for actor in record["actors"]:
            assert actor["label"] in {"PERSON", "ORG", "GPE", "NORP"}
            for mention in actor["mentions"]:
                assert text[mention["start"] : mention["end"]] == mention["text"]
        for quote in record["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"]
            assert quote["kind"] in {"statement", "term"}
            assert set(quote) >= {"speaker", "speaker_span", "cue", "group"}
            if quote["speaker_span"] is not None:
                start, end = quote["speaker_span"]
                assert 0 <= start < end <= len(text)
    assert "â" not in records[1]["text"]  # seed 001's mojibake is repaired
    comments = records[4]["debris"]  # seed 004's comment section, as {start, end, kind}
    assert [r["kind"] for r in comments] == ["comments"]
    assert records[4]["text"][comments[0]["start"] :].startswith("One thought on")
    # The analysed files were not added to the library.
    assert json.loads(run("list", "--format", "json", "--db", str(db)).stdout).__len__() == 5


def test_analyze_second_run_reads_the_cache_without_spacy(tmp_path, seed_paths):
    db = tmp_path / "cache.db"
    first = run("analyze", "--format", "json", "--db", str(db), str(seed_paths[2]))
    assert first.returncode == 0, first.stderr
    code = (
        "import sys, io, contextlib\n"
        "from reader.cli import cli\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        f"    cli.main(['analyze', '--format', 'json', '--db', {str(db)!r}, {str(seed_paths[2])!r}], standalone_mode=False)\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "sys.stdout.write(buf.getvalue())\n"
    )
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)


def test_analyze_table_format_names_speakers(tmp_path, seed_paths):
    result = run("analyze", "--db", str(tmp_path / "c.db"), str(seed_paths[2]))
    assert result.returncode == 0, result.stderr
    assert "Antony Blinken" in result.stdout and "actors" in result.stdout


def test_bad_files_get_one_line_each_and_the_good_ones_still_run(tmp_path, seed_paths):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (folder / "good.txt").write_text("Kirby said “they are fair game” on Monday.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = run("analyze", "--format", "json", "--db", str(tmp_path / "c.db"), str(folder), str(missing))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 3, result.stderr
    for name in ("empty.txt", "binary.txt", "missing.txt"):
        assert any(name in line for line in errors), (name, errors)
    assert "Traceback" not in result.stderr
    [record] = json.loads(result.stdout)
    assert record["path"].endswith("good.txt")


def test_add_list_show_and_readd(db_path, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Austin warns on troops\n\nDefense Secretary Lloyd Austin said “the troops are in Russia.”\n",
        encoding="utf-8",
    )
    added = run("add", str(article))
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added")
    article_id = added.stdout.split()[1]
    again = run("add", str(article))
    assert again.stdout.startswith("already there")
    rows = json.loads(run("list", "--format", "json").stdout)
    assert len(rows) == 6
    mine = next(r for r in rows if r["id"] == article_id)
    assert mine["quotes"] == 1 and mine["title"] == "Austin warns on troops"
    shown = run("show", article_id[:8], "--format", "json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["quotes"][0]["speaker"] == "Lloyd Austin"


def test_add_from_standard_input(db_path):
    result = run("add", "-", stdin="Piped headline\n\nNATO said “we see the troops.”\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added")


def test_show_unknown_id_is_a_one_line_error(db_path):
    result = run("show", "ffffffffffff")
    assert result.returncode == 1
    assert result.stderr.strip() == "reader: ffffffffffff: no such article (see `reader list`)"


def test_a_bad_library_file_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    result = run("list", "--db", str(bad))
    assert result.returncode == 1
    assert str(bad) in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_model_is_a_clear_error(tmp_path, seed_paths):
    result = run(
        "analyze",
        "--db",
        str(tmp_path / "c.db"),
        str(seed_paths[0]),
        env={"READER_SPACY_MODEL": "no_such_model_xyz"},
    )
    assert result.returncode == 1
    assert "no_such_model_xyz" in result.stderr and "pip install" in result.stderr
    assert "Traceback" not in result.stderr


def test_alias_merges_and_splits_actors_in_show(db_path, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Headline here\n\nJohn Kirby spoke on Monday. Later Pentagon spokesman Pat Ryder met Kirby in Washington.\n",
        encoding="utf-8",
    )
    article_id = run("add", str(article)).stdout.split()[1]

    def actors() -> dict[str, int]:
        shown = run("show", article_id, "--format", "json")
        assert shown.returncode == 0, shown.stderr
        return {a["name"]: len(a["mentions"]) for a in json.loads(shown.stdout)["actors"]}

    before = actors()
    assert before["John Kirby"] == 2 and before["Pat Ryder"] == 1
    assert run("alias", "merge", "Pat Ryder", "John Kirby").returncode == 0
    merged = actors()
    assert "Pat Ryder" not in merged and merged["John Kirby"] == 3
    assert run("alias", "split", "Kirby").returncode == 0
    split = actors()
    assert split["Kirby"] == 1 and split["John Kirby"] == 2
    listed = run("alias").stdout
    assert "Pat Ryder -> John Kirby" in listed and "Kirby (kept apart)" in listed


def _library_missing_a_table(tmp_path) -> Path:
    """A library whose quotes table was lost: every command reading it meets an unexpected error."""
    import sqlite3

    path = tmp_path / "broken.db"
    assert run("--db", str(path), "list").returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE quotes")
    conn.commit()
    conn.close()
    return path


def test_an_unexpected_failure_is_one_line_naming_the_library(tmp_path):
    path = _library_missing_a_table(tmp_path)
    result = run("--db", str(path), "speakers", env={"READER_DEBUG": ""})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: ") and str(path) in lines[0] and "no such table: quotes" in lines[0]


def test_debug_option_or_environment_shows_the_traceback(tmp_path):
    path = _library_missing_a_table(tmp_path)
    for args, env in (
        (("--debug", "--db", str(path), "speakers"), {"READER_DEBUG": ""}),
        (("--db", str(path), "speakers"), {"READER_DEBUG": "1"}),
    ):
        result = run(*args, env=env)
        assert result.returncode != 0
        assert "Traceback (most recent call last)" in result.stderr
        assert "no such table: quotes" in result.stderr


def test_usage_errors_stay_clicks_own(db_path):
    result = run("no-such-command")
    assert result.returncode == 2
    assert "No such command" in result.stderr and "Traceback" not in result.stderr
    result = run("list", "--format", "yaml")
    assert result.returncode == 2 and "Invalid value" in result.stderr


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    import signal
    import sqlite3
    import time

    path = tmp_path / "lib.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "--db", str(path), "add", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "READER_DEBUG": ""},
    )
    deadline = time.monotonic() + 120
    seeded = False
    while not seeded and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        if not path.exists():  # probing a missing file would create it (an empty file is not ours)
            continue
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)
            seeded = conn.execute("SELECT 1 FROM settings WHERE key = 'seeded'").fetchone() is not None
            conn.close()
        except sqlite3.Error:
            pass
    assert seeded, "the command never got to reading its input"
    time.sleep(0.3)  # now blocked reading standard input
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines() == ["reader: interrupted"]
