"""Markdown articles into the plain text the reader keeps, with markdown-it-py (CommonMark).

Headings become lines, emphasis and link markup go (link targets kept in the metadata), block
quotes become quoted paragraphs (“…”) so the quote engine finds their speaker, list items become
lines, code keeps its lines, raw HTML blocks go. The title is the first heading; the byline an emphasised "By …" line.
"""

from __future__ import annotations

import re
from typing import Any

_BY = re.compile(r"^\s*by\s+(?P<names>\S.*?)\s*$", re.I)
_OPENING_MARKS = "“\"'‘«"
_CREDIT = re.compile(r"^(?:—|–|--|-|~)\s*\S")


def _inline_text(token: Any, links: list[dict[str, str]]) -> str:
    """The words of an inline token, markup gone; each link's target appended to `links`."""
    out: list[str] = []
    href: str | None = None
    link_text: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "link_open":
            href, link_text = str(child.attrGet("href") or ""), []
            continue
        if kind == "link_close":
            if href is not None:
                links.append({"text": "".join(link_text), "url": href})
            href = None
            continue
        if kind in ("text", "code_inline", "html_inline"):
            piece = child.content
        elif kind in ("softbreak", "hardbreak"):
            piece = " "
        elif kind == "image":
            piece = ""  # an image's alt text is no part of the prose
        else:
            continue
        out.append(piece)
        if href is not None:
            link_text.append(piece)
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def _emphasised_only(token: Any) -> bool:
    """An inline token that is one emphasis (or strong) run and nothing else."""
    kinds = [c.type for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(kinds) >= 3 and kinds[0] in ("em_open", "strong_open") and kinds[-1] in ("em_close", "strong_close")


def markdown_to_text(raw: str) -> tuple[str, dict[str, Any]]:
    """The article in a Markdown file as plain lines (one paragraph a line), and its metadata:
    {"title", "byline", "links"} (title and byline None when the file has none)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(raw)
    lines: list[str] = []
    links: list[dict[str, str]] = []
    title: str | None = None
    byline: str | None = None
    quote_depth = 0
    quoted: list[str] = []
    ordinal: list[int] = []  # the next number of each open ordered list (0 for a bullet list)
    pending_prefix = ""
    heading = False
    for token in tokens:
        kind = token.type
        if kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
            if quote_depth == 0 and quoted:
                # "> — Name" closing the block is its attribution: a line of its own after it.
                credit = quoted.pop() if len(quoted) > 1 and _CREDIT.match(quoted[-1]) else None
                body = " ".join(quoted)
                lines.append(body if body[:1] in _OPENING_MARKS else f"“{body}”")
                if credit:
                    lines.append(credit)
                quoted = []
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "ordered_list_open":
            ordinal.append(int(token.attrGet("start") or 1))
        elif kind == "bullet_list_open":
            ordinal.append(0)
        elif kind in ("ordered_list_close", "bullet_list_close"):
            ordinal.pop()
        elif kind == "list_item_open" and ordinal and ordinal[-1]:
            pending_prefix = f"{ordinal[-1]}. "
            ordinal[-1] += 1
        elif kind == "inline":
            text = _inline_text(token, links)
            if not text:
                continue
            if heading and title is None:
                title = text
            if byline is None and not heading and _emphasised_only(token):
                by = _BY.match(text)
                if by:
                    byline = by.group("names").rstrip(".")
            if quote_depth:
                quoted.append(text)
            else:
                lines.append(pending_prefix + text)
            pending_prefix = ""
        elif kind in ("fence", "code_block"):
            lines.extend(line for line in token.content.splitlines() if line.strip())
    return "\n".join(lines) + "\n", {"title": title, "byline": byline, "links": links}
