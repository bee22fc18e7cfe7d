"""Speakers not read from a cue: `Name: “...”`, a credit after a dash, a credit line, the words quoted earlier."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reader.nlp.quotes import lexicon as lx
from reader.nlp.quotes.blocks import _line_speaker
from reader.nlp.quotes.coref import Coref
from reader.nlp.quotes.cues import _speech_verb
from reader.nlp.quotes.index import (
    _ACTOR_LABELS,
    _PRONOUN_LOOKBACK,
    SUBJECT_DEPS,
    DocIndex,
    _kids,
    _paragraph_of,
)
from reader.nlp.quotes.kinds import saying_noun_before
from reader.nlp.quotes.lexicon import _DEMONSTRATIVES
from reader.nlp.quotes.marks import Quote
from reader.nlp.quotes.speakers import NOBODY, Speaker, _resolve

# Characters either side of a quote read for a `Name:` lead-in or a trailing attribution.
_AROUND = 200


def _said_before(text: str, quote: Quote, previous: list[Quote]) -> Quote | None:
    """An earlier quote of the same words with a speaker (a headline repeated in the page)."""
    content = text[quote.start : quote.end]
    for earlier in reversed(previous[-_PRONOUN_LOOKBACK:]):
        if earlier.speaker_ent is not None and text[earlier.start : earlier.end] == content:
            return earlier
    return None


def _actor_before_mark(doc: Doc, ctx: DocIndex, mark: int):
    """A person or organisation named right before an opening mark, with nothing between."""
    if not ctx.text[mark - 1 : mark].isspace() or ctx.text[mark - 2 : mark - 1].isspace():
        return None
    token = doc.char_span(mark - 2, mark - 1, alignment_mode="expand")
    if token is None:
        return None
    found = ctx.ent_of.get(token[0].i)
    if found is not None and found[2] in ("PERSON", "ORG") and found[1] >= mark - 3:
        return found
    return None


def _credit_end(text: str, start: int, end: int) -> int:
    opening = re.compile(r"[.!?]?[ \t]+[“\"«‘]|[.!?][ \t]+(?=[A-Z])")
    found = opening.search(text, start, end)
    return found.start() + (1 if text[found.start()] in ".!?" else 0) if found else end


def _headline_says(doc: Doc, ctx: DocIndex, quote: Quote) -> Speaker | None:
    """A quoted headline ending in its own attribution (`“3,000 soldiers now in Russia, US says”`)
    names its speaker inside the quote: the one who says, not the outlet credited below it."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return None
    tokens = [t for t in span if not t.is_punct and not t.is_space]
    if len(tokens) < 4 or tokens[-1].lower_ not in lx.ACTIVE.headline_cues:
        return None
    before = tokens[-2]
    ent = ctx.ent_of.get(before.i)
    if ent is None or ent[2] not in ("PERSON", "ORG", "GPE", "NORP") or ent[1] < before.idx + len(before.text):
        return None
    first = before.i
    while first > span.start and ctx.ent_of.get(first - 1) == ent:
        first -= 1
    if first <= span.start or doc[first - 1].text not in (",", "—", "–", ":"):
        return None  # `“Putin says”`: a short phrase, no headline of its own
    return Speaker((ent[0], ent[1]), ent, "headline says")


def _label_before(doc: Doc, ctx: DocIndex, ref: Coref, start: int, mark: int) -> Speaker | None:
    """`Zelensky: “...”`, `Lopez — “...”`: the name the lead-in ends with speaks; in a headline's
    `Gillibrand on Clinton's speeches: “...”` the name before `on` speaks, of what follows it."""
    span = doc.char_span(start, mark, alignment_mode="contract")
    if span is None or not len(span):
        return None
    topic = next((t for t in span[1:] if t.lower_ == "on" and t.pos_ == "ADP"), None)
    if topic is not None:
        span = doc[span.start : topic.i]
        mark = topic.idx
    for token in reversed(span):
        if token.ent_type_ in _NOT_SPEAKERS:
            continue  # `Here's Clinton in December 1992:`
        if token.i in ctx.ent_of or token.pos_ in ("PROPN", "NOUN"):
            token = _saying_owner(token) or token  # "Republicans' reaction: “...”"
            found = _resolve(ctx, ref, token)
            if found.ent is not None:
                return Speaker(found.span, found.ent, f"label: {found.rule}", found.gender)
            break
    known = _known_person(doc, ctx, start, mark)
    return Speaker(known[:2], known, "label: name") if known else None


def _name_ends(doc: Doc, ctx: DocIndex, quote: Quote) -> bool:
    """`... surprise pollster Daron Shaw: “...”`: however long the lead-in, a name right before the
    colon labels the quote."""
    mark = doc.char_span(quote.open_mark, quote.open_mark + 1, alignment_mode="expand")
    if mark is None:
        return False
    colon = next((i for i in range(mark.start - 1, max(0, mark.start - 3), -1) if doc[i].text == ":"), None)
    if colon is None:
        return False
    last = doc[colon - 1]
    if ctx.quote_of[last.i] >= 0 or not (last.i in ctx.ent_of or last.pos_ == "PROPN"):
        return False
    # `a blunt message to Trump:`, `in an interview on Tuesday:`: a name a preposition governs, or
    # a date, is what the lead-in is about, not who speaks (`a statement from the Kremlin:` is
    # the Kremlin's).
    head = last
    while head.dep_ in ("compound", "nummod", "flat") and head.head.i > head.i:
        head = head.head
    about = head.dep_ == "pobj" and head.head.lower_ not in _AUTHOR_PREPOSITIONS
    return not about and last.ent_type_ not in _NOT_SPEAKERS


_NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_AUTHOR_PREPOSITIONS = frozenset({"from", "by", "of"})


def _lead_in(text: str, quote: Quote, p_start: int) -> tuple[str, str]:
    """The lead-in of the sentence the quote opens in, raw and stripped ("x" with no opening
    mark): only that sentence, as in "... spoke later. Zelensky — “...”"."""
    if quote.open_mark < 0:
        return "", "x"
    lead_in = re.split(
        r"(?<=[.!?])\s+|(?<=[”\"’])\s+(?=[A-Z])", text[max(p_start, quote.open_mark - _AROUND) : quote.open_mark]
    )[-1]
    return lead_in, lead_in.strip()


def _trailer(text: str, quote: Quote, p_end: int) -> str:
    """What follows the closing mark in its paragraph, bare of punctuation ("x" with no closing mark)."""
    if quote.close_mark < 0:
        return "x"
    return text[quote.close_mark + 1 : min(p_end, quote.close_mark + 1 + _AROUND)].strip(" \t.,;:!?”\"'’)(")


def _lead_in_label(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote, lead_in: str, before: str) -> Speaker | None:
    """`Zelensky: “...”`, `Lopez — “...”`: a short lead-in, or one ending in a name, labels the quote."""
    if before.endswith((":", "—", "–", "―")) and (0 < len(before.split()) <= 6 or _name_ends(doc, ctx, quote)):
        return _label_before(doc, ctx, ref, quote.open_mark - len(lead_in), quote.open_mark)
    return None


def _credit_after_dash(doc: Doc, ctx: DocIndex, quote: Quote, p_end: int) -> Speaker | None:
    """`“...” — Volodymyr Zelensky`: a credit after a dash, with no verb; what follows a comma
    (`, speaking to ABC radio`) says where, not who."""
    text = ctx.text
    dash = re.match(r"[ \t]*[―—–-]+[ \t]*(?=\w)", text[quote.close_mark + 1 : p_end]) if quote.close_mark >= 0 else None
    if not dash:
        return None
    credit = quote.close_mark + 1 + dash.end()
    # A list of quotes and credits on one line: the credit ends where the next quote opens.
    end = _credit_end(text, credit, p_end)
    comma = text.find(",", credit, end)
    named = (comma >= 0 and _line_speaker(doc, text, credit, comma, _ACTOR_LABELS, 8)) or _line_speaker(
        doc, text, credit, end, _ACTOR_LABELS, 8
    )
    if named:
        ent = (max(named[0], credit), named[1], named[2])  # never the dash itself
        return Speaker(ent[:2], ent, "credit after dash")
    return None


def _credit_line(doc: Doc, ctx: DocIndex, quote: Quote) -> Speaker | None:
    """A quote that fills its paragraph (a quoted headline): the credit line under it names the speaker."""
    index = ctx.paragraph(quote.start)
    if index < len(ctx.paragraph_starts):
        named = _line_speaker(doc, ctx.text, ctx.paragraph_starts[index], ctx.paragraph_ends[index], _ACTOR_LABELS, 6)
        if named:
            return Speaker(named[:2], named, "credit line")
    named = _credit_below(doc, ctx, index)
    if named is not None:
        return Speaker(named[:2], named, "credit after dash")
    return None


def _previous_speaker(ctx: DocIndex, quote: Quote, previous: list[Quote], before: str) -> Speaker:
    """A statement right after the last one, with no lead-in of its own: the speaker of the quote
    just before, when it is in the same paragraph or the one before."""
    if previous and quote.kind == "statement" and (not before or before[-1] in ".!?”\"’'"):
        last = previous[-1]
        if last.speaker_ent is not None and ctx.paragraph(quote.start) - ctx.paragraph(last.start) <= 1:
            return Speaker(None, last.speaker_ent, "previous speaker")
    return NOBODY


def _speaker_nearby(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote, previous: list[Quote], before: str) -> Speaker:
    """Speakers read around the quote: the same words quoted earlier, a name next to it, the owner
    of a saying, a name before a verbless headline quote, else the speaker of the quote before."""
    earlier = _said_before(ctx.text, quote, previous)
    if earlier is not None:
        return Speaker(earlier.speaker_span, earlier.speaker_ent, "same words earlier")
    found = _named_next(doc, ctx, ref, quote)
    if found is not None:
        return found
    found = (
        _owner_of_saying(doc, ctx, ref, quote)
        or _copula_saying(doc, ctx, ref, quote)
        or _saying_against(doc, ctx, ref, quote)
        or _saying_introduces(doc, ctx, ref, quote)
    )
    if found is not None:
        return found
    if quote.open_mark > 0:
        # A verbless headline: "Antony Blinken ‘very concerned’ about ties".
        named = _actor_before_mark(doc, ctx, quote.open_mark)
        if named is not None:
            return Speaker(named[:2], named, "name before headline quote")
    return _previous_speaker(ctx, quote, previous, before)


def _fallback_speaker(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote, previous: list[Quote]) -> Speaker:
    """Speakers not read from a cue: `Name: “...”`, a credit line under a quoted headline, the
    speaker of the quote just before, or of the same words quoted earlier."""
    found = _headline_says(doc, ctx, quote)
    if found is not None:
        return found
    p_start, p_end = _paragraph_of(ctx, quote.start)
    lead_in, before = _lead_in(ctx.text, quote, p_start)
    after = _trailer(ctx.text, quote, p_end)
    found = _lead_in_label(doc, ctx, ref, quote, lead_in, before)
    if found is None and not before:
        found = _credit_after_dash(doc, ctx, quote, p_end)
    if found is None and not before and not after:
        found = _credit_line(doc, ctx, quote)
    if found is not None:
        return found
    return _speaker_nearby(doc, ctx, ref, quote, previous, before)


def _credit_below(doc: Doc, ctx: DocIndex, index: int):
    """A quote alone in its paragraph over a dashed credit (`— Sanders.`, `-President Obama,
    tweeting after the speech.`), as fact-checks and quote boxes set them."""
    if index >= len(ctx.paragraph_starts):
        return None
    start, end = ctx.paragraph_starts[index], ctx.paragraph_ends[index]
    dash = re.match(r"[ \t]*[―—–-]+[ \t]*(?=\w)", ctx.text[start:end])
    if dash is None:
        return None
    credit = start + dash.end()
    comma = ctx.text.find(",", credit, end)
    stop = comma if comma >= 0 else end
    found = _line_speaker(doc, ctx.text, credit, stop, _ACTOR_LABELS, 8) or _known_person(doc, ctx, credit, stop)
    return (max(found[0], credit), found[1], found[2]) if found else None


def _known_person(doc: Doc, ctx: DocIndex, start: int, end: int):
    """A lone surname NER missed in a short label or credit (`Trump:`, `— Sanders.`) that names a
    person the text names elsewhere in full."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or len(span) > 4:
        return None
    for token in reversed(span):
        if token.is_title and token.pos_ in ("PROPN", "NOUN", "VERB") and token.text in ctx.person_words:
            return token.idx, token.idx + len(token.text), "PERSON"
    return None


def _saying_owner(token):
    """The owner of a saying noun: "Republicans'" of "Republicans' reaction", "Clinton's" of
    "Clinton's campaign slogan"."""
    if token.lemma_.lower() not in lx.ACTIVE.saying_nouns:
        return None
    return next((c for c in _kids(token) if c.dep_ == "poss"), None)


def _copula_saying(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote) -> Speaker | None:
    """`Hillary Clinton’s campaign slogan is “I’m with her.”`: whose slogan or message it is."""
    mark = doc.char_span(quote.open_mark, quote.open_mark + 1, alignment_mode="expand") if quote.open_mark > 0 else None
    if mark is None or mark.start == 0 or doc[mark.start - 1].lemma_ != "be":
        return None
    subject = next((c for c in _kids(doc[mark.start - 1]) if c.dep_ == "nsubj"), None)
    owner = _saying_owner(subject) if subject is not None else None
    found = _resolve(ctx, ref, owner) if owner is not None else None
    return Speaker(found.span, found.ent, f"words of: {found.rule}", found.gender) if found and found.ent else None


def _owner_of_saying(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote) -> Speaker | None:
    """`Obama's “if you like your plan, you can keep it” promise`: a possessive before the quote
    and a saying noun after it name whose words they are."""
    if quote.open_mark <= 0 or quote.close_mark < 0:
        return None
    mark = doc.char_span(quote.open_mark, quote.open_mark + 1, alignment_mode="expand")
    after = doc.char_span(quote.close_mark, quote.close_mark + 1, alignment_mode="expand")
    if mark is None or after is None or mark.start < 2 or after.end >= len(doc):
        return None
    noun = doc[after.end]
    if doc[mark.start - 1].tag_ != "POS" or noun.lemma_.lower() not in lx.ACTIVE.saying_nouns:
        return None
    found = _resolve(ctx, ref, doc[mark.start - 2])
    return Speaker(found.span, found.ent, f"words of: {found.rule}", found.gender) if found.ent else None


def _saying_against(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote) -> Speaker | None:
    """`Clinton's broadside against “printing money”`, `Mr. Obama's rejection of “a politics of
    cynicism”`: the owner of a saying noun whose preposition takes the quote."""
    mark = doc.char_span(quote.open_mark, quote.open_mark + 1, alignment_mode="expand") if quote.open_mark > 0 else None
    if mark is None or mark.start < 3:
        return None
    prep = doc[mark.start - 1]
    if prep.dep_ != "prep" or prep.head.i >= prep.i or prep.i - prep.head.i > 3:
        return None
    owner = _saying_owner(prep.head)
    found = _resolve(ctx, ref, owner) if owner is not None else None
    return Speaker(found.span, found.ent, f"words of: {found.rule}", found.gender) if found and found.ent else None


def _saying_introduces(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote) -> Speaker | None:
    """`His final assessment: “…”`, `The rally had one message: “Dump Trump.”`: whose message a
    saying noun before the colon is: its owner, else the subject of the verb that has it (as its
    object, or through `with`)."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    noun = saying_noun_before(span) if span is not None and len(span) else None
    if noun is None:
        return None
    owner = _saying_owner(noun)
    if owner is None:
        verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
        if noun.dep_ not in ("dobj", "pobj") or verb.pos_ not in ("VERB", "AUX"):
            return None
        owner = next((c for c in _kids(verb) if c.dep_ in SUBJECT_DEPS), None)
    found = _resolve(ctx, ref, owner) if owner is not None else None
    if found is None or (found.ent is None and found.span is None):
        return None  # a description (`an interfaith rally`) speaks too
    return Speaker(found.span, found.ent, f"words of: {found.rule}", found.gender)


def _named_next(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote) -> Speaker | None:
    """`“We are ready.” Those were the words of Admiral X.`: a sentence that points back at the
    quote with a demonstrative names its speaker as the owner of the words."""
    if quote.close_mark < 0:
        return None
    closing = doc.char_span(quote.close_mark, quote.close_mark + 1, alignment_mode="expand")
    if closing is None:
        return None
    first = closing.end
    while first < len(doc) and (doc[first].is_space or (doc[first].is_punct and not doc[first].is_quote)):
        first += 1
    if first >= len(doc) or ctx.paragraph(doc[first].idx) != ctx.paragraph(quote.start):
        return None
    if doc[first].lower_ == "so" and first + 1 < len(doc) and _speech_verb(doc[first + 1]):
        # "So said a senior diplomat": the speaker, named or not, follows the verb.
        verb = doc[first + 1]
        subject = next((c for c in _kids(verb) if c.dep_ in SUBJECT_DEPS), None)
        if subject is None and first + 2 < len(doc):
            subject = doc[first + 2].head if doc[first + 2].head.i > first + 1 else doc[first + 2]
        if subject is None:
            return None
        found = _resolve(ctx, ref, subject)
        return Speaker(found.span, found.ent, f"so said: {found.rule}", found.gender)
    if doc[first].lower_ not in _DEMONSTRATIVES:
        return None
    for token in doc[first : min(ctx.sent_end[first], first + 30)]:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in lx.ACTIVE.saying_nouns:
            continue
        for child in _kids(token):
            owner = child if child.dep_ == "poss" else None
            if child.lower_ in ("of", "from"):  # "That quote from X", "the words of X"
                owner = next((o for o in _kids(child) if o.dep_ == "pobj"), None)
            if owner is not None and ctx.quote_of[owner.i] < 0:
                found = _resolve(ctx, ref, owner)
                if found.ent is not None:
                    return Speaker(found.span, found.ent, f"words of: {found.rule}", found.gender)
    return None
