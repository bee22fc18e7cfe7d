"""Whole-text analysis: paragraphs, sentences, actors and quotes as a plain JSON-able record."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import cast

from reader.nlp.actors import (
    ACTOR_LABELS,
    PLACE_LABELS,
    clean_mention,
    entity_label,
    group_actors,
    not_an_actor,
    text_mentions,
)
from reader.records import Analysis, Debris, Quote
from reader.spans import Overlaps
from reader.text.debris import find_debris
from reader.text.segment import paragraphs

# spaCy needs about 3 KB of memory per character in flight (a batch of docs), so batches are
# cut to hold about this many characters: 600 MB stays far off whatever the texts' lengths.
IN_FLIGHT_CHARS = 64_000
# Longer texts are analysed in pieces. In one process a piece may fill a whole batch: most
# articles stay whole, so pronouns and titles find their antecedents. Worker processes take
# batches of fixed size, so there pieces shrink with the batch.
PIECE_CHARS = 48_000
MIN_PIECE_CHARS = 4_000
_OPENING_MARKS = "“\"'‘«„"
# spaCy's tokenizer is quadratic in the length of a run without spaces (10,000 quote marks in a
# row: 9 s), and punctuation becomes one token per character for every component. No word, URL
# or number is this long, and no prose holds this much bare punctuation in a row, so such runs
# reach spaCy as spaces (line ends kept, the same length: offsets stay exact). They are debris,
# not words anyone said. So is a long run of tiny punctuated items (`"a" "b" "c"`, `! ? ;`,
# `x, y, z,`): three tokens in four characters, four times the tokens of prose, each a quote the
# quote engine would attribute.
MAX_RUN_CHARS = 200
MAX_BARE_RUN_CHARS = 32
MAX_BARE_ITEMS = 16
# Punctuation with at most two letters (`"a"`, `(b)`, `!!`), or two letters then punctuation (`c,`).
_TINY_ITEM = r"(?:[^\s\w]+[^\W\d]{0,2}[^\s\w]*|[^\W\d]{1,2}[^\s\w]+)"
_LONG_RUN = re.compile(
    rf"\S{{{MAX_RUN_CHARS + 1},}}|[^\s\w]{{{MAX_BARE_RUN_CHARS + 1},}}|_{{{MAX_BARE_RUN_CHARS + 1},}}"
    rf"|(?<!\S)(?:{_TINY_ITEM}\s+){{{MAX_BARE_ITEMS - 1},}}{_TINY_ITEM}(?!\S)"
)
_NOT_LINE_END = re.compile(r"[^\n]")


def chunk_limit(batch_size: int, n_process: int = 1) -> int:
    """The longest piece of text given to spaCy at once."""
    if n_process == 1:
        return PIECE_CHARS
    return max(MIN_PIECE_CHARS, IN_FLIGHT_CHARS // max(1, batch_size))


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) cuts of text no longer than limit: at a line end where no quote runs on
    into the next paragraph, else any line end, a sentence end or a space near the limit."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _quiet_line_end(window, limit // 2)
        if cut <= 0:
            for pattern in ("\n", ". ", " "):
                found = window.rfind(pattern, limit // 2)
                if found > 0:
                    cut = found + len(pattern)
                    break
        if cut <= 0:
            cut = limit
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _quiet_line_end(window: str, lowest: int) -> int:
    """End of the last line in window (past lowest) not followed by a line opening with a mark."""
    end = len(window)
    for _ in range(8):
        found = window.rfind("\n", lowest, end)
        if found < 0:
            return -1
        following = window[found + 1 : found + 2] if found + 1 < len(window) else ""
        if following not in _OPENING_MARKS or following == "":
            return found + 1
        end = found
    return -1


def spacy_text(text: str) -> str:
    """text as spaCy may see it: the same length, with every over-long run masked by spaces."""
    return _LONG_RUN.sub(lambda run: _NOT_LINE_END.sub(" ", run.group()), text)


def _doc_data(doc, offset: int) -> dict:
    from reader.nlp.quotes import quote_records

    text = doc.text
    sentences = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            sentences.append([start + offset, end + offset])
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS and ent.label_ not in PLACE_LABELS:
            continue
        if not_an_actor(ent, text):
            continue
        # An entity running over a line break is two names glued by NER ("Ju-min Park\n\nSEOUL").
        for piece in re.finditer(r"[^\n]+", ent.text):
            start = ent.start_char + piece.start()
            end = ent.start_char + piece.end()
            label = entity_label(text[start:end], ent.label_)
            cleaned = clean_mention(text, start, end, label)
            if cleaned:
                mentions.append((cleaned[0] + offset, cleaned[1] + offset, label))
    return {"sentences": sentences, "mentions": mentions, "quotes": quote_records(doc, offset)}


def _record(text: str, parts: list[dict], debris: list[Debris]) -> Analysis:
    sentences, mentions, quotes = [], [], []
    group_base = 0
    for part in parts:
        sentences.extend(part["sentences"])
        mentions.extend(part["mentions"])
        groups = [q["group"] for q in part["quotes"]]
        for quote in part["quotes"]:
            quote["group"] += group_base
            quotes.append(quote)
        if groups:
            group_base += max(groups) + 1
    sentences, mentions, quotes = _outside_debris(text, debris, sentences, mentions, quotes)
    mentions = text_mentions(text, mentions, [(r["start"], r["end"]) for r in debris])
    actors, places = group_actors(text, _with_speakers(mentions, quotes))
    spans = sorted((m["start"], m["end"], actor["name"]) for actor in actors for m in actor["mentions"])
    by_start = Overlaps(spans)
    for quote in quotes:
        quote["text"] = text[quote["start"] : quote["end"]]  # spaCy saw masked runs as spaces
        ent = quote.pop("speaker_ent")
        quote["speaker"] = _actor_at(by_start.overlapping(ent[0], ent[1]), ent) if ent else None
    return {
        "paragraphs": [list(p) for p in paragraphs(text)],
        "sentences": sentences,
        "actors": actors,
        "places": places,
        "quotes": cast("list[Quote]", quotes),  # records now: their working key speaker_ent is gone
        "debris": debris,
    }


def masked_debris(text: str, debris: list[Debris]) -> str:
    """`text` with every debris character but line breaks made a space, so that spaCy and the
    quote engine read only the article (a comment repeating the headline is no second quote)
    while every offset stays as it is."""
    if not debris:
        return text
    pieces, last = [], 0
    for region in sorted(debris, key=lambda r: r["start"]):
        pieces.append(text[last : region["start"]])
        pieces.append(re.sub(r"[^\n]", " ", text[region["start"] : region["end"]]))
        last = region["end"]
    pieces.append(text[last:])
    return "".join(pieces)


def _outside_debris(
    text: str,
    debris: list[Debris],
    sentences: list[list[int]],
    mentions: list[tuple[int, int, str]],
    quotes: list[dict],
) -> tuple[list[list[int]], list[tuple[int, int, str]], list[dict]]:
    """Sentences cut to the article around the debris regions; mentions and quotes in debris
    dropped (a quote's speaker found in debris is no speaker)."""
    if not debris:
        return sentences, mentions, quotes
    regions = sorted((r["start"], r["end"]) for r in debris)
    overlaps = Overlaps(regions).hit

    kept_sentences = []
    for start, end in sentences:
        pieces = [(start, end)]
        for r_start, r_end in regions:
            if r_start >= end:
                break
            pieces = (
                [
                    piece
                    for a, b in pieces
                    for piece in ((a, min(b, r_start)), (max(a, r_end), b))
                    if piece[0] < piece[1]
                ]
                if r_end > start
                else pieces
            )
        for a, b in pieces:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                kept_sentences.append([a, b])
    kept_mentions = [m for m in mentions if not overlaps(m[0], m[1])]
    kept_quotes = []
    for quote in quotes:
        if overlaps(quote["start"], quote["end"]):
            continue
        ent = quote.get("speaker_ent")
        if ent and overlaps(ent[0], ent[1]):
            quote["speaker_ent"] = None
        kept_quotes.append(quote)
    return kept_sentences, kept_mentions, kept_quotes


def _with_speakers(mentions: list[tuple[int, int, str]], quotes: list[dict]) -> list[tuple[int, int, str]]:
    """Mentions plus the speakers NER missed (or cut short), so that every speaker is an actor."""
    extra = sorted({tuple(q["speaker_ent"]) for q in quotes if q["speaker_ent"]})
    if not extra:
        return mentions
    by_start = Overlaps(mentions)
    drop = set()
    added = []
    for start, end, label in extra:
        overlapping = by_start.overlapping(start, end)
        if any(m[0] <= start and end <= m[1] and (m[2] in ACTOR_LABELS or label in PLACE_LABELS) for m in overlapping):
            continue
        drop.update(overlapping)
        added.append((start, end, label))
    return [m for m in by_start.spans if m not in drop] + added


def _actor_at(overlapping: list[tuple[int, int, str]], ent) -> str | None:
    """The actor whose mention overlaps the offsets most."""
    best, best_overlap = None, 0
    for start, end, name in overlapping:
        overlap = min(end, ent[1]) - max(start, ent[0])
        if overlap > best_overlap:
            best, best_overlap = name, overlap
    return best


def analyze_texts(
    texts: Iterable[str],
    *,
    nlp=None,
    batch_size: int = 16,
    n_process: int = 1,
    chunk_chars: int | None = None,
) -> Iterator[Analysis]:
    """One analysis record per text, in order. Texts longer than chunk_chars (by default
    `chunk_limit`) go through spaCy in pieces cut at paragraph ends, their offsets shifted back;
    actors are grouped over the whole text. In one process, batches also stop at
    IN_FLIGHT_CHARS characters."""
    limit = chunk_chars or chunk_limit(batch_size, n_process)
    if nlp is None:
        from reader.nlp.model import load_nlp

        nlp = load_nlp()
    texts = iter(texts)
    # Texts whose pieces are in flight: (text, piece count, debris regions).
    pending: deque[tuple[str, int, list[Debris]]] = deque()

    def pieces():
        for text in texts:
            debris = find_debris(text)
            cut = chunks(masked_debris(text, debris), limit)
            pending.append((text, len(cut), debris))
            for offset, piece in cut:
                yield spacy_text(piece), offset

    if n_process == 1:
        docs = (
            doc
            for batch in batches(pieces(), batch_size)
            for doc in nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
        )
    else:
        docs = nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    parts: list[dict] = []
    for doc, offset in docs:
        parts.append(_doc_data(doc, offset))
        text, count, debris = pending[0]
        if len(parts) == count:
            pending.popleft()
            yield _record(text, parts, debris)
            parts = []


def batches(pieces: Iterator[tuple[str, int]], batch_size: int) -> Iterator[list[tuple[str, int]]]:
    """Batches of at most batch_size pieces and, past the first piece, IN_FLIGHT_CHARS characters."""
    batch: list[tuple[str, int]] = []
    size = 0
    for piece in pieces:
        if batch and (len(batch) >= batch_size or size + len(piece[0]) > IN_FLIGHT_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece[0])
    if batch:
        yield batch
