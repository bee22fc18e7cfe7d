"""Ctrl-C at a yes/no prompt is an interrupt like any other: exit 130 with one line, not click's
"Aborted!", and nothing removed. Typed on a real terminal, which turns it into SIGINT."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from pty_support import ROOT, Terminal

from reader.service.ingest import ensure_seeded
from reader.store.articles import add_article, get_article
from reader.store.claims import claim_sources, link_tag
from reader.store.tags import add_tag

TEXT = "Officials said the troops had crossed the border. Others denied it."


def reading_its_terminal(pid: int) -> bool:
    """The process sleeps in the kernel (here: waiting for a key on its terminal)."""
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state == "S" and Path(f"/proc/{pid}/wchan").read_text() not in ("", "0")


def type_ctrl_c_at_the_prompt(*args: str) -> tuple[int, str]:
    """Run `python -m reader ARGS` on a pseudo-terminal, answer its prompt with ^C; the exit
    status and everything the terminal showed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "READER_DEBUG": ""}
    with Terminal(*args, env=env, controlling=True) as terminal:
        terminal.read_until(b"[y/N]: ")  # the space is written by input(): the prompt is up
        for _ in range(500):
            if reading_its_terminal(terminal.process.pid):
                break
            time.sleep(0.01)
        # A ^C typed before Python's readline sits down to wait for a key is noted but does
        # not wake it (CPython's readline); a person cannot type that fast: type it again.
        for _ in range(10):
            terminal.type(b"\x03")
            try:
                terminal.process.wait(timeout=3)
                break
            except subprocess.TimeoutExpired:
                continue
        seen = terminal.drain()
        return terminal.process.wait(timeout=60), seen.decode("utf-8", "replace")


@pytest.fixture
def tagged(db, db_path) -> tuple[str, str]:
    """A library with an article whose one tag is linked to a claim: both commands ask first."""
    ensure_seeded(db)
    article_id, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Crossing", source="Test")
    tag = add_tag(db, article_id, 0, 49, "claim")
    link_tag(db, "troops crossed", tag["id"], "asserts")
    return article_id, str(db_path)


@pytest.mark.parametrize("command", ["remove", "claims delete"])
def test_ctrl_c_at_a_prompt_exits_130_with_one_line(tagged, db, command):
    article_id, path = tagged
    args = ["remove", article_id] if command == "remove" else ["claims", "delete", "troops crossed"]
    status, shown = type_ctrl_c_at_the_prompt("--db", path, *args)
    assert status == 130, shown
    assert "Aborted" not in shown and "Traceback" not in shown
    assert shown.count("reader: interrupted") == 1
    _, _, after = shown.partition("[y/N]: ")
    # The terminal's ^C (once, or twice if typed again), then our one line.
    assert after.replace("^C", "", 2).split() == ["reader:", "interrupted"] and after.lstrip().startswith("^C")
    assert get_article(db, article_id) is not None
    assert len(claim_sources(db, "troops crossed")) == 1
