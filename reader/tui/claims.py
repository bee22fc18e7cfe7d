"""Claims in one analysed article: sentences, quotes and actor mentions, and moving between them.

Pure functions over the analysis record (character offsets into the article text); no UI.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from reader.records import Analysis, Quote
from reader.spans import Overlaps

# The four kinds of actor the reader colours, from spaCy's entity labels.
ACTOR_KINDS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
KIND_NAMES = {"person": "person", "org": "organisation", "place": "place", "group": "group"}
WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
# How far back a previous-word search looks: words are short, and this keeps it constant-time.
WORD_WINDOW = 200


def _within_paragraphs(
    text: str, sentences: list[tuple[int, int]], paragraphs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentences cut where a paragraph ends (a headline is not one sentence with the lede)."""
    if not paragraphs:
        return sentences
    pieces = []
    ends = [p_end for _, p_end in paragraphs]  # paragraphs do not overlap: their ends are sorted too
    for start, end in sentences:
        for index in range(bisect_right(ends, start), len(paragraphs)):
            p_start, p_end = paragraphs[index]
            if p_start >= end:
                break
            a, b = max(start, p_start), min(end, p_end)
            piece = text[a:b]
            kept = piece.lstrip()
            if kept:
                pieces.append((b - len(kept), b - (len(piece) - len(piece.rstrip()))))
    return pieces


# Spans longer than this are few (a long quote): kept aside rather than bisected.
LONG_SPAN = 2_000


class SpanIndex:
    """Spans found by what they overlap, by bisection (a long article has a hundred thousand)."""

    def __init__(self, spans: list[tuple[int, int]], *, presorted: bool = False) -> None:
        self.spans = spans  # in drawing order: `overlapping` keeps it
        order = list(range(len(spans)))
        if not presorted:
            order.sort(key=lambda i: spans[i][0])
        self._long = [i for i in order if spans[i][1] - spans[i][0] > LONG_SPAN]
        if self._long:
            order = [i for i in order if spans[i][1] - spans[i][0] <= LONG_SPAN]
        self._order = order
        self._starts = [spans[i][0] for i in order]

    def overlapping(self, start: int, end: int) -> list[int]:
        """The indexes of the spans overlapping start..end, in their given order."""
        spans = self.spans
        near = self._order[bisect_left(self._starts, start - LONG_SPAN) : bisect_left(self._starts, end)]
        near = sorted([*near, *self._long]) if self._long else sorted(near)
        return [i for i in near if spans[i][0] < end and spans[i][1] > start]


@dataclass(frozen=True)
class Span:
    """The cursor: a stretch of the article text and what it is."""

    start: int
    end: int
    kind: str  # "sentence", "quote", "mention", "word"


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # a value of ACTOR_KINDS
    mentions: tuple[tuple[int, int], ...]
    quotes: int


class Claims:
    """Navigation over one article: the next sentence, quote or mention from a cursor."""

    def __init__(self, text: str, record: Analysis) -> None:
        self.text = text
        self.paragraphs = sorted((int(s), int(e)) for s, e in record.get("paragraphs") or [])
        # Regions of the page that are not the article (related links, comments...): the cursor
        # never stops in them and the view folds them.
        self.debris: list[dict[str, Any]] = sorted(
            (dict(region) for region in record.get("debris") or []), key=lambda r: r["start"]
        )
        self._debris_spans = Overlaps((r["start"], r["end"]) for r in self.debris)
        sentences = sorted((int(s), int(e)) for s, e in record.get("sentences") or [])
        if not sentences and text.strip():
            sentences = [(0, len(text))]
        self.sentences = self._outside_debris(_within_paragraphs(text, sentences, self.paragraphs))
        self._sentence_starts = [s for s, _ in self.sentences]
        self.quotes: list[Quote] = [q for q in record.get("quotes") or [] if not self.in_debris(q["start"], q["end"])]
        # Indexes into self.quotes of statements (not scare-quoted terms), in text order.
        self.statements = sorted(
            (i for i, q in enumerate(self.quotes) if q.get("kind", "statement") == "statement"),
            key=lambda i: self.quotes[i]["start"],
        )
        self._statement_starts = [self.quotes[i]["start"] for i in self.statements]
        said: dict[str, int] = {}
        for i in self.statements:
            speaker = self.quotes[i].get("speaker")
            if speaker:
                said[speaker] = said.get(speaker, 0) + 1
        actors = []
        for entry in [*(record.get("actors") or []), *(record.get("places") or [])]:
            mentions = tuple(self._outside_debris(sorted((m["start"], m["end"]) for m in entry.get("mentions") or [])))
            if entry.get("mentions") and not mentions:
                continue  # named only in the debris
            kind = ACTOR_KINDS.get(entry.get("label", ""), "group")
            actors.append(Actor(entry["name"], kind, mentions, said.get(entry["name"], 0)))
        actors.sort(key=lambda a: (-len(a.mentions), a.name.lower()))
        self.actors = actors
        self._actor_by_name = {a.name: a for a in actors}
        self._index_highlights()

    def _index_highlights(self) -> None:
        """What the view draws, indexed so that a line finds its highlights by bisection."""
        text = self.text
        marked = []
        for q in self.quotes:
            start, end = q["start"], q["end"]
            # Take the quote marks in too, when they are there.
            if start > 0 and text[start - 1] in "“\"‘'«":
                start -= 1
            if end < len(text) and text[end] in "”\"’'»":
                end += 1
            marked.append((start, end))
        self.quote_marks = SpanIndex(marked)  # indexes as self.quotes
        self.mention_index = {a.name: SpanIndex(list(a.mentions), presorted=True) for a in self.actors}
        self.statement_spans = [(self.quotes[i]["start"], self.quotes[i]["end"]) for i in self.statements]
        self.statement_starts = self._statement_starts
        self.longest_statement = max((e - s for s, e in self.statement_spans), default=0)

    def in_debris(self, start: int, end: int) -> bool:
        """Whether start..end lies inside a debris region."""
        return self._debris_spans.holds(start, end)

    def _outside_debris(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The spans not inside a debris region."""
        if not self.debris:
            return spans
        holds = self._debris_spans.holds
        return [(s, e) for s, e in spans if not holds(s, e)]

    def _debris_at(self, offset: int) -> dict[str, Any] | None:
        """The debris region holding `offset`, if any."""
        if not self._debris_spans.holds(offset, offset + 1):
            return None
        before = bisect_right(self._debris_spans.starts, offset)
        return next((r for r in self.debris[:before] if r["start"] <= offset < r["end"]), None)

    def actor(self, name: str | None) -> Actor | None:
        return self._actor_by_name.get(name) if name else None

    # Moving the cursor -------------------------------------------------------------

    def first(self) -> Span | None:
        return Span(*self.sentences[0], "sentence") if self.sentences else None

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding `offset` (or the nearest one before it)."""
        if not self.sentences:
            return None
        i = max(bisect_right(self._sentence_starts, offset) - 1, 0)
        return Span(*self.sentences[i], "sentence")

    def next_sentence(self, cursor: Span | None) -> Span | None:
        if cursor is None:
            return self.first()
        i = bisect_right(self._sentence_starts, cursor.start)
        return Span(*self.sentences[i], "sentence") if i < len(self.sentences) else None

    def previous_sentence(self, cursor: Span | None) -> Span | None:
        if cursor is None:
            return self.first()
        if cursor.kind != "sentence":
            return self.sentence_at(cursor.start)
        i = bisect_left(self._sentence_starts, cursor.start) - 1
        return Span(*self.sentences[i], "sentence") if i >= 0 else None

    def next_word(self, cursor: Span | None) -> Span | None:
        """The word after the cursor (from a word, the next one; from a sentence, its first word)."""
        start = 0 if cursor is None else cursor.end if cursor.kind == "word" else cursor.start
        found = WORD.search(self.text, start)
        while found and (region := self._debris_at(found.start())) is not None:
            found = WORD.search(self.text, region["end"])
        return Span(found.start(), found.end(), "word") if found else None

    def previous_word(self, cursor: Span | None) -> Span | None:
        """The word before the cursor (from a sentence, its last word)."""
        if cursor is None:
            return None
        end = cursor.start if cursor.kind == "word" else cursor.end
        while True:
            last = None
            for match in WORD.finditer(self.text, max(0, end - WORD_WINDOW), end):
                last = match
            region = self._debris_at(last.start()) if last else None
            if region is None:
                return Span(last.start(), last.end(), "word") if last else None
            end = region["start"]

    def quote_span(self, index: int) -> Span:
        quote = self.quotes[index]
        return Span(quote["start"], quote["end"], "quote")

    def next_quote(self, cursor: Span | None) -> Span | None:
        start = -1 if cursor is None else cursor.start
        i = bisect_right(self._statement_starts, start)
        return self.quote_span(self.statements[i]) if i < len(self.statements) else None

    def previous_quote(self, cursor: Span | None) -> Span | None:
        if cursor is None:
            return None
        i = bisect_left(self._statement_starts, cursor.start) - 1
        return self.quote_span(self.statements[i]) if i >= 0 else None

    def next_mention(self, name: str | None, cursor: Span | None) -> Span | None:
        actor = self.actor(name)
        if actor is None:
            return None
        start = -1 if cursor is None else cursor.start
        for s, e in actor.mentions:
            if s > start:
                return Span(s, e, "mention")
        return None

    def previous_mention(self, name: str | None, cursor: Span | None) -> Span | None:
        actor = self.actor(name)
        if actor is None or cursor is None:
            return None
        for s, e in reversed(actor.mentions):
            if s < cursor.start:
                return Span(s, e, "mention")
        return None

    # What is under the cursor ------------------------------------------------------

    def quotes_in(self, span: Span | None, *, attributed_terms: bool = False) -> list[int]:
        """Indexes of the statements overlapping `span`, in text order; with `attributed_terms`,
        also the scare-quoted terms that have a speaker (a phrase put in someone's mouth)."""
        if span is None:
            return []
        return [
            i
            for i, quote in enumerate(self.quotes)
            if quote["start"] < span.end
            and quote["end"] > span.start
            and (
                quote.get("kind", "statement") == "statement" or (attributed_terms and quote.get("speaker") is not None)
            )
        ]

    def actor_at(self, span: Span | None) -> str | None:
        """The actor with a mention overlapping `span` (the first one in the text)."""
        if span is None:
            return None
        best: tuple[int, str] | None = None
        for actor in self.actors:
            for s, e in actor.mentions:
                if s < span.end and e > span.start and (best is None or s < best[0]):
                    best = (s, actor.name)
                    break
        return best[1] if best else None

    def position(self, span: Span | None) -> tuple[int, int]:
        """The 1-based number of the sentence holding `span`, and the count of sentences."""
        if span is None or not self.sentences:
            return 0, len(self.sentences)
        return bisect_right(self._sentence_starts, span.start), len(self.sentences)
