"""A terminal is an interpreter: what the CLI prints to one is shown, never obeyed.

`sanitise` turns every character a terminal could act on, or that is invisible, into a visible
escape (`\\x1b`, `\\u202e`): C0 and C1 controls (ESC opens OSC 52 clipboard writes, title
changes, links, screen clears), bidi overrides and isolates, zero-width and other format
characters, line and paragraph separators. Newlines and tabs stay, and so does CR right before
LF (CSV line ends); a lone CR, which would let text overwrite a line, is escaped.

`install` wraps stdout and stderr when they are terminals, so that no print path can be missed;
pipes and files get the exact bytes (JSON, CSV, JSONL stay exact). Our own control output (the
progress line's CR) goes through `progress`, the one explicit way around the wrapper.
"""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

# Every code point of the categories Cc, Cf, Zl and Zp (tests check this against unicodedata),
# less \t and \n; \r only when no \n follows.
_UNSAFE_CLASS = (
    "\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891"
    "\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"\r(?!\n)|[{_UNSAFE_CLASS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def sanitise(text: str) -> str:
    """text with every control, bidi, zero-width and format character shown as an escape.

    Idempotent: the result holds none of them. Each escape is as wide on screen as its length,
    so a table padded by `len` of the sanitised text stays aligned."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


class TerminalStream:
    """A text stream to a terminal that sanitises everything written to it."""

    def __init__(self, stream: TextIO) -> None:
        self.raw_stream = stream

    def write(self, text: str | bytes) -> int:
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode(self.encoding or "utf-8", "replace")
        self.raw_stream.write(sanitise(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.raw_stream.flush()

    def isatty(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.raw_stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.raw_stream, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:
        return getattr(self.raw_stream, "errors", None)


def install() -> None:
    """Wrap sys.stdout and sys.stderr in a TerminalStream where they are terminals."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, TerminalStream):
            continue
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            continue
        if tty:
            setattr(sys, name, TerminalStream(stream))


def progress(text: str) -> None:
    """Write our own progress output (it may hold CR) to stderr, past the sanitiser.

    Callers build text only from our words and numbers, never from a file or the library."""
    stream = sys.stderr
    raw = getattr(stream, "raw_stream", stream)
    raw.write(text)
    raw.flush()
