"""Copying a quote with its citation: the system clipboard through pyperclip, else the terminal's (OSC 52).

Only the system clipboard is known to work: a terminal may drop OSC 52 silently, so the app
also shows what it sent there (`known_to_work`).
"""

from __future__ import annotations

from collections.abc import Callable

from reader.errors import ReaderError

SYSTEM = "system clipboard"
TERMINAL = "terminal clipboard (OSC 52)"
QUOTE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb '


def known_to_work(where: str) -> bool:
    """Whether a copy that went `where` surely reached a clipboard (OSC 52 may be ignored)."""
    return where == SYSTEM


def citation(
    text: str,
    *,
    speaker: str | None = None,
    source: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> str:
    """`“text” — Speaker, Outlet, “Title”, date, URL`, leaving out the parts that are unknown."""
    # A span taken with its own quotation marks is not quoted twice; nor is a quoted title.
    quoted = f"\u201c{' '.join(text.split()).strip(QUOTE_MARKS)}\u201d"
    speaker, source, title, published, url = (
        " ".join((part or "").split()) for part in (speaker, source, title, published, url)
    )
    title = title.strip(QUOTE_MARKS)
    credit = ", ".join(
        part for part in (speaker, source, f"\u201c{title}\u201d" if title else "", published, url) if part
    )
    return f"{quoted} \u2014 {credit}" if credit else quoted


def copy(text: str, fallback: Callable[[str], object] | None = None) -> str:
    """Put `text` on the system clipboard, or hand it to `fallback` (the app passes
    `App.copy_to_clipboard`, which sends OSC 52) when pyperclip has no working backend, as over
    SSH or without a display. Returns which one was used. Without a fallback, a missing clipboard is a ReaderError."""
    try:
        import pyperclip

        pyperclip.copy(text)
        return SYSTEM
    except Exception as exc:
        if fallback is None:
            raise ReaderError(f"no clipboard to copy to ({exc})".splitlines()[0]) from exc
    try:
        fallback(text)
    except Exception as exc:
        raise ReaderError(f"could not copy to the clipboard ({exc})".splitlines()[0]) from exc
    return TERMINAL


def copy_with_citation(
    text: str,
    *,
    speaker: str | None = None,
    source: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    fallback: Callable[[str], object] | None = None,
) -> tuple[str, str]:
    """Copy `text` cited as by `citation`; returns (what was copied, where it went)."""
    cited = citation(text, speaker=speaker, source=source, title=title, published=published, url=url)
    return cited, copy(cited, fallback)
