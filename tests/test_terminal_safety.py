"""Nothing a file says reaches the terminal as a command: the CLI run on a real pseudo-terminal
with hostile titles, notes, labels, speakers, aliases and file names; pipes keep exact bytes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pty_support import Terminal

from reader.cli.terminal import TerminalStream, sanitise
from reader.nlp.model import pipeline_id
from reader.store import open_db
from reader.store.articles import add_article, put_analysis, set_alias, set_setting
from reader.store.tags import add_label, add_tag

ROOT = Path(__file__).resolve().parent.parent
# OSC 52 clipboard write, OSC 0 title, clear screen, OSC 8 link, CSI as one C1 byte, a bidi
# override and isolate, zero-width characters, a lone CR that would overwrite the line, a BEL.
HOSTILE = (
    "x\x1b]52;c;aGFjaw==\x07 \x1b]0;pwned\x07 \x1b[2J\x1b[H \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"
    " \u202eevil\u202c \u2066iso\u2069 zero\u200bwidth\ufeff \x9b31m \roverwrite"
)
TEXT = 'The minister said "we will act" and left. Nobody else spoke.'
INVISIBLE = ("\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\ufeff", "\x9b")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("READER_DB", None)
    return env


@pytest.fixture
def hostile_library(tmp_path) -> Path:
    path = tmp_path / "hostile.db"
    db = open_db(path)
    set_setting(db, "seeded", "2026-01-01T00:00:00Z")
    article, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Title " + HOSTILE, source="Src " + HOSTILE)
    start = TEXT.index("we will act")
    add_label(db, "lab" + HOSTILE)
    add_tag(
        db,
        article,
        start,
        start + len("we will act"),
        "lab" + HOSTILE,
        note="note " + HOSTILE,
        speaker="spk " + HOSTILE,
    )
    # Stored as the current pipeline's analysis (so no command re-analyses it away), which indexes it.
    put_analysis(
        db,
        article,
        pipeline_id(),
        {
            "actors": [],
            "sentences": [],
            "paragraphs": [],
            "quotes": [
                {
                    "start": start,
                    "end": start + 11,
                    "text": "we will act",
                    "speaker": "quoted " + HOSTILE,
                    "kind": "statement",
                    "group": 0,
                },
            ],
        },
    )
    set_alias(db, "alias " + HOSTILE, "canon " + HOSTILE)
    db.close()
    return path


def run_on_tty(*args: str, cwd: Path = ROOT) -> bytes:
    """Run `python -m reader ARGS` with stdin, stdout and stderr on a pseudo-terminal; the bytes
    the terminal received."""
    with Terminal(*args, env=_env(), cwd=cwd) as terminal:
        received = terminal.drain()
        assert terminal.process.wait(timeout=120) == 0, received.decode("utf-8", "replace")
    return received


def run_piped(*args: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, env=_env(), cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def assert_inert(received: bytes) -> str:
    """Nothing in received can drive the terminal; returns it decoded."""
    assert b"\x1b" not in received
    assert b"\x07" not in received
    # The terminal turns LF into CR LF (and a CSV's CR LF into CR CR LF): only a CR on its own
    # could overwrite a line.
    assert b"\r" not in received.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n")
    text = received.decode("utf-8")
    for char in INVISIBLE:
        assert char not in text
    return text


def assert_shown(text: str) -> None:
    """The hostile sequences are there for the reader to see, as escapes."""
    assert "\\x1b]52;c;aGFjaw==\\x07" in text
    assert "\\u202eevil\\u202c" in text
    assert "zero\\u200bwidth" in text


# --- the sanitiser ---


def test_sanitise_makes_controls_bidi_and_zero_width_visible():
    assert sanitise("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert sanitise("\x9b\x85\x00\x7f") == "\\x9b\\x85\\x00\\x7f"
    assert sanitise("\u202eabc\u2066\u200d\u2028") == "\\u202eabc\\u2066\\u200d\\u2028"
    assert sanitise("tag\U000e0041") == "tag\\U000e0041"
    assert sanitise("line one\n\tline two\r\n") == "line one\n\tline two\r\n"
    assert sanitise("safe\rEVIL") == "safe\\x0dEVIL"
    assert sanitise("Zoë “quoted” — naïve 東京 \\x1b") == "Zoë “quoted” — naïve 東京 \\x1b"


def test_sanitise_is_idempotent_and_leaves_nothing_invisible():
    once = sanitise(HOSTILE)
    assert sanitise(once) == once
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") or c == "\n" for c in once)


def test_sanitiser_covers_every_control_format_and_separator_character():
    missed = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Zl", "Zp")
        and chr(cp) not in "\n\t\r"
        and sanitise(chr(cp)) == chr(cp)
    ]
    assert missed == []


def test_terminal_stream_sanitises_text_and_bytes():
    out = io.StringIO()
    stream = TerminalStream(out)
    stream.write("a\x1b]0;t\x07")
    stream.write(b"\xe2\x80\xae!")
    assert out.getvalue() == "a\\x1b]0;t\\x07\\u202e!"


# --- through a real terminal ---


@pytest.mark.parametrize(
    "command",
    [
        ["tags"],
        ["export", "--format", "csv"],
        ["export", "--format", "jsonl"],
        ["labels"],
        ["speakers"],
        ["alias"],
        ["list"],
        ["quotes-by", "quoted " + HOSTILE],
    ],
)
def test_library_strings_reach_a_terminal_inert(hostile_library, command):
    text = assert_inert(run_on_tty("--db", str(hostile_library), *command))
    if command[0] not in ("export",):  # JSON escapes control characters itself
        assert "\\x1b]52;c;aGFjaw==\\x07" in text


def test_tags_and_labels_show_every_hostile_field(hostile_library):
    text = assert_inert(run_on_tty("--db", str(hostile_library), "tags"))
    assert_shown(text)
    assert "note x\\x1b]52" in text and "spk x\\x1b]52" in text and "labx\\x1b]52" in text


def test_alias_arguments_echoed_inert(tmp_path):
    library = tmp_path / "a.db"
    text = assert_inert(run_on_tty("--db", str(library), "alias", "merge", "k" + HOSTILE, "K"))
    assert "k" + sanitise(HOSTILE) + " -> K" in text


def test_zero_width_and_bidi_names_keep_tables_aligned(tmp_path):
    library = tmp_path / "t.db"
    db = open_db(library)
    set_setting(db, "seeded", "2026-01-01T00:00:00Z")
    for name in ("plain", "zero\u200b\u200b\u200bwidth", "\u202eright"):
        add_label(db, name, "#ff0000")
    db.close()
    lines = [
        line for line in assert_inert(run_on_tty("--db", str(library), "labels")).splitlines() if "#ff0000" in line
    ]
    assert len(lines) == 3
    assert len({line.index("#ff0000") for line in lines}) == 1


def test_file_names_and_titles_printed_by_add_are_inert(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = "f\x1b]0;pwned\x07\u202e.txt"
    (folder / name).write_text("Title \x1b]52;c;aGFjaw==\x07\n\nSomeone said something today.\n", encoding="utf-8")
    text = assert_inert(run_on_tty("--db", str(tmp_path / "l.db"), "add", "--no-analyze", str(folder / name)))
    assert "f\\x1b]0;pwned\\x07\\u202e.txt" in text


def test_analyze_prints_hostile_names_inert(tmp_path):
    path = tmp_path / "a\x1b[2J\u202e.txt"
    path.write_text("Vladimir \x1b]52;c;aGFjaw==\x07Putin met Joe Biden in Paris.\n", encoding="utf-8")
    text = assert_inert(run_on_tty("analyze", str(path), cwd=tmp_path))
    assert "a\\x1b[2J\\u202e.txt" in text


# --- machine formats stay exact in pipes and files ---


def test_jsonl_and_json_to_a_pipe_are_exact(hostile_library):
    rows = [
        json.loads(line)
        for line in run_piped("--db", str(hostile_library), "export", "--format", "jsonl").decode("utf-8").splitlines()
        if line.strip()
    ]
    assert [row["note"] for row in rows] == ["note " + HOSTILE]
    listed = json.loads(run_piped("--db", str(hostile_library), "tags", "--format", "json"))
    assert listed[0]["note"] == "note " + HOSTILE
    assert listed[0]["speaker"] == "spk " + HOSTILE


def test_csv_to_a_pipe_and_to_a_file_is_exact(hostile_library, tmp_path):
    piped = run_piped("--db", str(hostile_library), "export", "--format", "csv")
    target = tmp_path / "out.csv"
    run_piped("--db", str(hostile_library), "export", "--format", "csv", "-o", str(target))
    assert target.read_bytes() == piped
    rows = list(csv.DictReader(io.StringIO(piped.decode("utf-8"), newline="")))
    assert rows[0]["note"] == "note " + HOSTILE
    assert "\x1b]52;c;" in piped.decode("utf-8")


def test_tables_to_a_pipe_keep_the_library_text(hostile_library):
    """No sanitiser on a pipe (click itself drops CSI sequences there, not OSC or bidi)."""
    out = run_piped("--db", str(hostile_library), "alias").decode("utf-8")
    assert "alias x\x1b]52;c;aGFjaw==\x07" in out
    assert "\u202eevil\u202c \u2066iso\u2069 zero\u200bwidth\ufeff \x9b31m \roverwrite" in out
