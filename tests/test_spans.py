"""Span overlap and containment by bisection (reader.spans) agree with the plain scan they
replace, on random spans: the scan was quadratic over a 10 MB article's mentions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.spans import Disjoint, Overlaps

span = st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(span, max_size=30), st.lists(span, min_size=1, max_size=20))
def test_overlaps_and_holds_agree_with_a_scan(spans, probes):
    index = Overlaps(spans)
    for start, end in probes:
        assert index.hit(start, end) == any(s < end and start < e for s, e in spans)
        assert index.holds(start, end) == any(s <= start and end <= e for s, e in spans)


@given(st.lists(span, max_size=30), st.lists(span, min_size=1, max_size=20))
def test_overlapping_lists_what_a_scan_finds_in_start_order(spans, probes):
    index = Overlaps(spans)
    for start, end in probes:
        found = index.overlapping(start, end)
        assert sorted(found) == sorted(s for s in spans if s[0] < end and start < s[1])
        assert [s[0] for s in found] == sorted(s[0] for s in found)


def test_overlapping_finds_a_long_span_behind_many_short_ones():
    # A long mention (a speaker's full title) with twelve short ones inside it: a fixed look-back
    # of eight spans missed it.
    spans = [(0, 200, "PERSON"), *((10 + 10 * i, 15 + 10 * i, "GPE") for i in range(12))]
    assert Overlaps(spans).overlapping(150, 160) == [(0, 200, "PERSON")]


@given(st.lists(span, max_size=40))
def test_disjoint_keeps_the_first_of_overlapping_spans_as_a_scan_does(spans):
    placed, kept = Disjoint(), []
    for start, end in spans:
        assert placed.hit(start, end) == any(s < end and start < e for s, e, _ in kept)
        if not placed.hit(start, end):
            placed.add((start, end, "GPE"))
            kept.append((start, end, "GPE"))
    assert placed.spans == kept
