"""Saved web pages: the main article text (one paragraph a line) and its metadata, via trafilatura.

Never touches the network: only the page as saved is read.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from reader.errors import ReaderError

# Boilerplate that slips past the precise pass (menus, link lists) has no line of running prose.
_PROSE_WORDS = 8
_SPACES = re.compile(r"[ \t\u00a0]+")


def _extract(raw: str | bytes, **options: Any) -> Any:
    """trafilatura's document for the page (untyped: its `text` and metadata), or None."""
    import trafilatura

    return trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_tables=True,
        # The date the page states it was published, never one guessed from a copyright line.
        date_extraction_params={"extensive_search": False, "original_date": True},
        **options,
    )


def _lines(text: str | None) -> list[str]:
    lines = (_SPACES.sub(" ", line).strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def extract_html(raw: str | bytes, path: str | None = None) -> tuple[str, dict[str, str | None]]:
    """The article in a saved page, as normalised text, and {"title", "source", "url", "byline",
    "published"} (an ISO date, where the page gives one).

    Raises ReaderError("path: no article text found") for a page that is all navigation,
    scripts and boilerplate.
    """
    from reader.text.meta import published_date
    from reader.text.repair import normalise

    # trafilatura logs its heuristics' doubts as warnings; they are nothing a reader can act on.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    name = path or "<html>"
    if isinstance(raw, str):
        raw = raw.lstrip("\ufeff")
    if not raw or not raw.strip():
        raise ReaderError(f"{name}: no article text found (the page is empty)")
    try:
        document = _extract(raw, favor_precision=True)
        lines = _lines(document.text if document else None)
        if not lines:
            document = _extract(raw)
            lines = _lines(document.text if document else None)
            if not any(len(line.split()) >= _PROSE_WORDS for line in lines):
                lines = []
    except (ValueError, TypeError) as exc:
        raise ReaderError(f"{name}: not a readable web page ({exc})") from exc
    if not lines:
        raise ReaderError(f"{name}: no article text found")
    text = normalise("\n".join(lines) + "\n")

    def field(value: str | None) -> str | None:
        value = normalise(_SPACES.sub(" ", value)).strip() if value else ""
        return value or None

    meta = {
        "title": field(document.title),
        "source": field(document.sitename) or field(document.hostname),
        "url": field(document.url),
        "byline": field(document.author),
        "published": published_date([document.date]) if document.date else None,
    }
    return text, meta
