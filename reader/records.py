"""The analysis record, defined once: what the NLP core makes, the store caches as JSON and the
CLI and the app read. TypedDicts, so a record stays a plain JSON-serialisable dict."""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

QuoteKind = Literal["statement", "term"]

# A named-entity mention as the NLP core passes it between stages: (start, end, label).
EntitySpan = tuple[int, int, str]


class Link(TypedDict):
    """A link in an article (Markdown): its words as the stored text has them, their offsets
    there (None when the words could not be placed), and its target."""

    text: str
    href: str
    start: int | None
    end: int | None


class Mention(TypedDict):
    """One place an actor is named: character offsets into the normalised text."""

    start: int
    end: int
    text: str


class Actor(TypedDict):
    """One real-world entity (a person, an organisation, a place) and every mention of it."""

    name: str
    label: str
    mentions: list[Mention]


class Quote(TypedDict):
    """A quoted passage: a `statement` someone made, or a `term` quoted as a word ("so-called")."""

    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None
    speaker_span: NotRequired[list[int] | None]
    speaker_ent: NotRequired[list[int | str] | None]  # only while the core resolves the speaker
    cue: NotRequired[str | None]
    group: NotRequired[int]


class Debris(TypedDict):
    """A region of page furniture (share buttons, related links) left in the text but not read."""

    start: int
    end: int
    kind: str
    lines: NotRequired[int]  # how many paragraphs the region holds (one in records without it)


class Analysis(TypedDict):
    """One article's analysis: offsets are into its normalised text."""

    paragraphs: list[list[int]]
    sentences: list[list[int]]
    actors: list[Actor]
    places: list[Actor]
    quotes: list[Quote]
    debris: NotRequired[list[Debris]]


def quote_kind(quote: Quote) -> QuoteKind:
    """A quote's kind; records cached before quotes had kinds hold only statements."""
    return quote.get("kind") or "statement"


def is_statement(quote: Quote) -> bool:
    return quote_kind(quote) == "statement"


def attribution(record: Analysis | None, start: int, end: int) -> tuple[str | None, list[str]]:
    """The speaker and actors to record with a tag on `text[start:end]`, from an analysis record
    (after aliases): the speaker of the attributed statement overlapping the span most, and every
    actor or place with a mention inside the span, in order of first mention."""
    if not record:
        return None, []
    best, speaker = 0, None
    for quote in record.get("quotes") or []:
        if not is_statement(quote) or not quote.get("speaker"):
            continue
        overlap = min(end, quote["end"]) - max(start, quote["start"])
        if overlap > best:
            best, speaker = overlap, quote["speaker"]
    first_mention: dict[str, int] = {}
    for entry in [*(record.get("actors") or []), *(record.get("places") or [])]:
        inside = [m["start"] for m in entry.get("mentions") or [] if start <= m["start"] and m["end"] <= end]
        if inside:
            first_mention[entry["name"]] = min(inside)
    return speaker, sorted(first_mention, key=first_mention.__getitem__)
