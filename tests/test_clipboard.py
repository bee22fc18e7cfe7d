"""Copy with citation: the citation text, and the real pyperclip call falling back to the terminal."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap

import pytest

from reader.clipboard import SYSTEM, TERMINAL, citation, copy, copy_with_citation, known_to_work
from reader.errors import ReaderError


def test_citation_with_every_part():
    assert citation(
        "There are 10,000 troops.",
        speaker="Lloyd Austin",
        source="Newsweek",
        title="North Korea troops in Russia",
        published="2024-11-04",
        url="https://www.newsweek.com/troops",
    ) == (
        "\u201cThere are 10,000 troops.\u201d \u2014 Lloyd Austin, Newsweek, \u201cNorth Korea troops in Russia\u201d,"
        " 2024-11-04, https://www.newsweek.com/troops"
    )


@pytest.mark.parametrize(
    "parts,expected",
    [
        ({}, "\u201cwords\u201d"),
        ({"speaker": "Kim"}, "\u201cwords\u201d \u2014 Kim"),
        ({"source": " KCNA "}, "\u201cwords\u201d \u2014 KCNA"),
        ({"title": "T"}, "\u201cwords\u201d \u2014 \u201cT\u201d"),
        ({"title": "\u201cQuoted headline\u201d"}, "\u201cwords\u201d \u2014 \u201cQuoted headline\u201d"),
        ({"speaker": "", "source": "AP", "title": "T"}, "\u201cwords\u201d \u2014 AP, \u201cT\u201d"),
        (
            {"published": "2023-11-09", "url": "https://x.example/a"},
            "\u201cwords\u201d \u2014 2023-11-09, https://x.example/a",
        ),
        ({"url": " ", "published": None}, "\u201cwords\u201d"),
    ],
)
def test_citation_leaves_out_unknown_parts(parts, expected):
    assert citation("words", **parts) == expected


def test_citation_flattens_lines_and_does_not_double_quote():
    assert citation("\u201cline one\n  line two\u201d", speaker="A") == "\u201cline one line two\u201d \u2014 A"
    assert citation('"said so"') == "\u201csaid so\u201d"


def test_without_a_clipboard_backend_the_fallback_gets_the_text():
    # The test environment has no display and no xclip/xsel/wl-copy: pyperclip raises.
    received: list[str] = []
    assert copy("to the terminal", fallback=received.append) == TERMINAL
    assert received == ["to the terminal"]
    cited, where = copy_with_citation("troops", speaker="Austin", source="Newsweek", fallback=received.append)
    assert where == TERMINAL and received[-1] == cited == "\u201ctroops\u201d \u2014 Austin, Newsweek"
    # Only the system clipboard is known to have got it: the app shows the rest.
    assert not known_to_work(TERMINAL) and known_to_work(SYSTEM)


def test_without_any_clipboard_the_error_is_one_line():
    with pytest.raises(ReaderError, match="no clipboard") as error:
        copy("nowhere")
    assert "\n" not in str(error.value)

    def broken(text: str) -> None:
        raise OSError("terminal gone")

    with pytest.raises(ReaderError, match="terminal gone"):
        copy("nowhere", fallback=broken)


def test_a_working_system_clipboard_is_used_first(tmp_path):
    # A wl-copy on PATH with WAYLAND_DISPLAY set is a backend pyperclip really runs.
    store = tmp_path / "clipboard.txt"
    for name, body in [("wl-copy", f"cat > {store}"), ("wl-paste", f"cat {store}")]:
        tool = tmp_path / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    code = textwrap.dedent(
        """
        from reader.clipboard import copy
        got = []
        print(copy("\u201csystem\u201d", fallback=got.append), got)
        """
    )
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "WAYLAND_DISPLAY": "wayland-0"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )
    assert out.stdout.strip() == f"{SYSTEM} []"
    assert store.read_text(encoding="utf-8") == "\u201csystem\u201d"
