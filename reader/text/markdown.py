"""Markdown articles into the plain text the reader keeps, with markdown-it-py (CommonMark).

Headings become lines, emphasis and link markup go (link targets kept in the metadata, each
with its words' offsets), block quotes become quoted paragraphs (“…”) so the quote engine finds
their speaker, list items become lines, code keeps its lines, raw HTML blocks go. The title is
the first heading; the byline an emphasised "By …" line.

A link's words are marked while the text is built (two noncharacters, which no kept text has),
so their offsets are counted once the marks come out, and carried through the repair that makes
the stored text (`carry_links`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reader.records import Link

_BY = re.compile(r"^\s*by\s+(?P<names>\S.*?)\s*$", re.I)
_OPENING_MARKS = "“\"'‘«"
_CREDIT = re.compile(r"^(?:—|–|--|-|~)\s*\S")
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"  # around a link's words until the marks are counted out
_MARKS = str.maketrans("", "", _OPEN + _CLOSE)
_MARK = re.compile(f"[{_OPEN}{_CLOSE}]")


def _bare(text: str) -> str:
    return text.translate(_MARKS)


def _inline_text(token: Any, hrefs: list[str]) -> str:
    """The words of an inline token, markup gone, each link's words between marks; each link's
    target appended to `hrefs`."""
    out: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "link_open":
            hrefs.append(str(child.attrGet("href") or ""))
            out.append(_OPEN)
        elif kind == "link_close":
            out.append(_CLOSE)
        elif kind in ("text", "code_inline", "html_inline"):
            out.append(_bare(child.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        # An image's alt text is no part of the prose; other tokens are markup.
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def _unmark(marked: str, hrefs: list[str]) -> tuple[str, list[Link]]:
    """`marked` without its marks, and each link with its words' offsets in that text (the
    spaces at either end of the words left out)."""
    pieces: list[str] = []
    links: list[Link] = []
    length, start = 0, 0
    for piece in re.split(f"({_MARK.pattern})", marked):
        if piece == _OPEN:
            start = length
        elif piece == _CLOSE:
            words = "".join(pieces)[start:length]
            lead = len(words) - len(words.lstrip())
            end = start + len(words.rstrip())
            first = min(start + lead, end)
            links.append({"text": words.strip(), "href": hrefs[len(links)], "start": first, "end": end})
        else:
            pieces.append(piece)
            length += len(piece)
    return "".join(pieces), links


def carry_links(plain: str, links: list[Link], text: str, repair: Callable[[str], str]) -> list[Link]:
    """`links` (offsets into `plain`) with offsets into `text`, which is `repair(plain)`: the marks
    go through the repair with the words, so each offset lands on the same words. Should the
    marks change what the repair does, a link is found by its words instead, in order, and one
    not found keeps its target with no offsets."""
    marked: list[str] = []
    at = 0
    for link in links:
        start, end = link["start"], link["end"]
        if start is None or end is None:  # no place in `plain`: the words are looked for below
            continue
        marked += [plain[at:start], _OPEN, plain[start:end], _CLOSE]
        at = end
    marked.append(plain[at:])
    repaired_marked = repair("".join(marked))
    if _MARK.findall(repaired_marked) == [_OPEN, _CLOSE] * len(links):
        repaired, placed = _unmark(repaired_marked, [link["href"] for link in links])
        if repaired == text:
            return placed
    found: list[Link] = []
    at = 0
    for link in links:
        words = _bare(repair(link["text"])) if link["text"] else ""
        start = text.find(words, at) if words else -1
        if start < 0:
            found.append(Link(text=link["text"], href=link["href"], start=None, end=None))
            continue
        at = start + len(words)
        found.append(Link(text=words, href=link["href"], start=start, end=at))
    return found


def _emphasised_only(token: Any) -> bool:
    """An inline token that is one emphasis (or strong) run and nothing else."""
    kinds = [c.type for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(kinds) >= 3 and kinds[0] in ("em_open", "strong_open") and kinds[-1] in ("em_close", "strong_close")


def _quoted_lines(quoted: list[str]) -> list[str]:
    """A block quote's paragraphs as one quoted line; "> — Name" closing the block is its
    attribution: a line of its own after it."""
    credit = quoted.pop() if len(quoted) > 1 and _CREDIT.match(_bare(quoted[-1])) else None
    body = " ".join(quoted)
    return [body if _bare(body)[:1] in _OPENING_MARKS else f"“{body}”", *([credit] if credit else [])]


def markdown_to_text(raw: str) -> tuple[str, dict[str, Any]]:
    """The article in a Markdown file as plain lines (one paragraph a line), and its metadata:
    {"title", "byline", "links"} (title and byline None when the file has none; links as
    `Link` records, their offsets into the text returned)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(raw)
    lines: list[str] = []
    hrefs: list[str] = []
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
                lines.extend(_quoted_lines(quoted))
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
            known = len(hrefs)
            text = _inline_text(token, hrefs)
            if not _bare(text):
                del hrefs[known:]  # a line of nothing but an image link: nothing here to point at
                continue
            if heading and title is None:
                title = _bare(text)
            if byline is None and not heading and _emphasised_only(token):
                by = _BY.match(_bare(text))
                if by:
                    byline = by.group("names").rstrip(".")
            if quote_depth:
                quoted.append(text)
            else:
                lines.append(pending_prefix + text)
            pending_prefix = ""
        elif kind in ("fence", "code_block"):
            lines.extend(_bare(line) for line in token.content.splitlines() if line.strip())
    plain, links = _unmark("\n".join(lines) + "\n", hrefs)
    return plain, {"title": title, "byline": byline, "links": links}
