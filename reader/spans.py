"""Spans tested for overlap in logarithmic time: mentions, debris regions."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate


class Overlaps:
    """A fixed set of (start, end, ...) spans, sorted once by start, with the furthest end reached
    so far at each: a span [start, end) overlaps one of them when one starting before `end`
    reaches past `start`."""

    def __init__(self, spans: Iterable[tuple[int, int] | tuple[int, int, str]]) -> None:
        ordered = sorted((span[0], span[1]) for span in spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def hit(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)
        return before > 0 and self.reach[before - 1] > start

    def holds(self, start: int, end: int) -> bool:
        """One of the spans holds [start, end) whole."""
        before = bisect.bisect_right(self.starts, start)
        return before > 0 and self.reach[before - 1] >= end


class Disjoint:
    """Spans that never overlap one another, added one at a time, each tested first."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.spans: list[tuple[int, int, str]] = []  # in the order added

    def hit(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)
        return before > 0 and self.ends[before - 1] > start

    def add(self, span: tuple[int, int, str]) -> None:
        at = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(at, span[0])
        self.ends.insert(at, span[1])
        self.spans.append(span)
