"""Paragraph spans and word counts. News text here puts one paragraph on each line (a block
quote and its attribution line are two paragraphs), so every non-blank line is a paragraph."""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]+")
# Runs of letters/digits joined by an apostrophe, hyphen, point or comma count once:
# "Pyongyang’s", "Son-hui", "U.S.", "3,000".
_WORD = re.compile(r"[^\W_]+(?:[’'.,\-][^\W_]+)*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the non-blank lines of `text`, trimmed of surrounding whitespace."""
    spans = []
    for match in _LINE.finditer(text):
        line = match.group()
        content = line.strip()
        if content:
            start = match.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(content)))
    return spans


def words(text: str) -> int:
    """How many words `text` holds."""
    return sum(1 for _ in _WORD.finditer(text))
