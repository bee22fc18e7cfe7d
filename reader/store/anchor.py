"""Re-anchoring tags when an article's text changes: by exact text and context, then fuzzily.

A tag that cannot be placed is kept, marked orphaned with its old text; it is never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.store.articles import now
from reader.store.tags import CONTEXT, TAG_COLUMNS, TAG_FROM, row_to_tag, write

MAX_OCCURRENCES = 10_000  # the exact text found more often than this is scored on the first ones
FUZZY_WINDOW = 4_000  # characters searched either side of the old position by the fuzzy step
FUZZY_MIN_RATIO = 0.8  # how alike a fuzzily found span must be to the tag's text
EDGE = 64  # characters of a long tag's start and end aligned on their own
LONG_TAG = 500  # longer tags are compared with what was found word by word


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    how: str  # "context" (exact text, full context), "exact" (exact text, best context), "fuzzy"


@dataclass
class ReanchorReport:
    placed: int = 0
    moved: int = 0  # placed at new offsets
    orphaned: list[dict[str, Any]] = field(default_factory=list)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _occurrences(text: str, exact: str) -> Iterable[int]:
    position = text.find(exact)
    found = 0
    while position != -1 and found < MAX_OCCURRENCES:
        yield position
        found += 1
        position = text.find(exact, position + 1)


def _exact(text: str, exact: str, prefix: str, suffix: str, old_start: int) -> Placement | None:
    """The occurrence of `exact` whose surroundings agree most with the context, nearest the old
    position on a tie."""
    best: tuple[int, int, int] | None = None  # (-context score, distance, position)
    for position in _occurrences(text, exact):
        end = position + len(exact)
        score = _common_suffix(prefix, text[max(0, position - len(prefix)) : position]) + _common_prefix(
            suffix, text[end : end + len(suffix)]
        )
        key = (-score, abs(position - old_start), position)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    position = best[2]
    how = "context" if -best[0] == len(prefix) + len(suffix) else "exact"
    return Placement(position, position + len(exact), how)


def _map(blocks: list[Any], offset: int, *, end: bool) -> int | None:
    """Where position `offset` of the needle landed in the haystack, through matching blocks."""
    for block in blocks:
        if block.size and block.b <= offset < block.b + block.size:
            return block.a + offset - block.b
        if end and block.size and offset == block.b + block.size:
            return block.a + block.size
    if end:
        before = [b for b in blocks if b.size and b.b + b.size <= offset]
        return before[-1].a + before[-1].size if before else None
    after = [b for b in blocks if b.size and b.b >= offset]
    return after[0].a if after else None


def _align(text: str, needle: str, around: int) -> tuple[int, list[Any]] | None:
    """Align `needle` to the text near `around`: (offset of the aligned stretch, matching blocks).
    Only FUZZY_WINDOW characters either side are searched, then a stretch about the needle's
    size, so the cost does not grow with the article."""
    lo = max(0, around - FUZZY_WINDOW)
    window = text[lo : around + FUZZY_WINDOW]
    if not window or not needle:
        return None
    longest = SequenceMatcher(None, window, needle, autojunk=False).find_longest_match(0, len(window), 0, len(needle))
    if longest.size == 0:
        return None
    sub_lo = max(0, longest.a - longest.b - len(needle))
    sub = window[sub_lo : longest.a + (len(needle) - longest.b) + len(needle)]
    return lo + sub_lo, SequenceMatcher(None, sub, needle, autojunk=False).get_matching_blocks()


def _alike(found: str, exact: str) -> bool:
    if not found or not 0.5 <= len(found) / len(exact) <= 2:
        return False
    if len(exact) <= LONG_TAG:
        return SequenceMatcher(None, found, exact, autojunk=False).ratio() >= FUZZY_MIN_RATIO
    # Long spans are compared word by word: as telling, and far cheaper than by character.
    return SequenceMatcher(None, found.split(), exact.split(), autojunk=False).ratio() >= FUZZY_MIN_RATIO


def _fuzzy(text: str, exact: str, prefix: str, suffix: str, old_start: int) -> Placement | None:
    """Align the context and the text's edges to the new text near the old position; accept a
    span close to the old text."""
    if len(exact) <= 2 * EDGE:
        aligned = _align(text, prefix + exact + suffix, old_start)
        if aligned is None:
            return None
        offset, blocks = aligned
        start = _map(blocks, len(prefix), end=False)
        end = _map(blocks, len(prefix) + len(exact), end=True)
        start, end = (None, None) if start is None or end is None else (offset + start, offset + end)
    else:
        # A long span: its start and end are found separately, each from a short needle.
        head = _align(text, prefix + exact[:EDGE], old_start)
        tail = _align(text, exact[-EDGE:] + suffix, old_start + len(exact))
        if head is None or tail is None:
            return None
        start = _map(head[1], len(prefix), end=False)
        end = _map(tail[1], EDGE, end=True)
        start, end = (None, None) if start is None or end is None else (head[0] + start, tail[0] + end)
    if start is None or end is None or end <= start or not _alike(text[start:end], exact):
        return None
    return Placement(start, end, "fuzzy")


def locate(tag: dict[str, Any], text: str) -> Placement | None:
    """Where a tag's words are in `text`, or None if they are gone."""
    exact, prefix, suffix = tag["text"], tag.get("prefix", ""), tag.get("suffix", "")
    old_start = tag["start"]
    if not exact:
        return None
    return _exact(text, exact, prefix, suffix, old_start) or _fuzzy(text, exact, prefix, suffix, old_start)


def reanchor(db: Database, article_id: str, *, to_article: str | None = None) -> ReanchorReport:
    """Re-place every tag of `article_id` (orphans included) in the current text of `to_article`
    (default: the same article, after its text changed), moving the tags to it. Tags whose words
    are gone stay, orphaned, with their old text and offsets."""
    target = to_article or article_id
    report = ReanchorReport()
    with write(db) as conn:
        row = conn.execute("SELECT text FROM articles WHERE id = ?", [target]).fetchone()
        if row is None:
            raise ReaderError(f"no article {target!r}")
        text = row[0]
        tags = [
            row_to_tag(r) for r in db.query(f"SELECT {TAG_COLUMNS} {TAG_FROM} WHERE t.article_id = ?", [article_id])
        ]
        stamp = now()
        for tag in tags:
            placement = locate(tag, text)
            if placement is None:
                conn.execute(
                    "UPDATE tags SET article_id = ?, orphaned = 1, updated_at = ? WHERE id = ?",
                    [target, stamp, tag["id"]],
                )
                report.orphaned.append({**tag, "article_id": target, "orphaned": True})
                continue
            start, end = placement.start, placement.end
            changed = (start, end, tag["orphaned"], target) != (tag["start"], tag["end"], False, article_id)
            conn.execute(
                """UPDATE tags SET article_id = ?, start = ?, end = ?, text = ?, prefix = ?, suffix = ?,
                                   orphaned = 0, updated_at = ? WHERE id = ?""",
                [
                    target,
                    start,
                    end,
                    text[start:end],
                    text[max(0, start - CONTEXT) : start],
                    text[end : end + CONTEXT],
                    stamp if changed else tag["updated_at"],
                    tag["id"],
                ],
            )
            report.placed += 1
            report.moved += (start, end) != (tag["start"], tag["end"])
    return report
