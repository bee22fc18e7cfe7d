"""Spans tested for overlap in logarithmic time: mentions, debris regions."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

# (start, end) or (start, end, label): one kind of span a set.
Span = TypeVar("Span", tuple[int, int], tuple[int, int, str])


class Overlaps(Generic[Span]):
    """A fixed set of (start, end, ...) spans, sorted once by start, with the furthest end reached
    so far at each: a span [start, end) overlaps one of them when one starting before `end`
    reaches past `start`."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans: list[Span] = sorted(spans, key=lambda span: (span[0], span[1]))
        self.starts = [span[0] for span in self.spans]
        self.reach = list(accumulate((span[1] for span in self.spans), max))

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The spans overlapping [start, end), by start: the walk back from `end` stops where no
        span starting earlier reaches past `start`."""
        j = bisect.bisect_left(self.starts, end) - 1
        found = []
        while j >= 0 and self.reach[j] > start:
            if self.spans[j][1] > start:
                found.append(self.spans[j])
            j -= 1
        return found[::-1]

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
