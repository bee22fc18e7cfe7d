"""Cue strategies, in order: the parse, a colon after a verb, nearby speech verbs, a trailing clause, a colon-ended line."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from spacy.tokens import Doc, Span, Token

from reader.nlp.quotes import lexicon as lx
from reader.nlp.quotes.index import (
    _CLIMB,
    _CUE_WINDOW,
    _TERMINAL,
    SUBJECT_DEPS,
    DocIndex,
    _kids,
)

# Words of the next sentence read for the cue of a quote that ends its own sentence.
_NEXT_SENTENCE = 12


def _sentence_region(doc: Doc, ctx: DocIndex, span: Span) -> tuple[int, int, int]:
    """Token range where a quote's cue may be: its sentence, joined to a previous sentence broken
    off mid-clause or ending in a colon, and to a next one starting in lower case (`?” she asked`);
    last, the first words of a next sentence the quote's end broke off."""
    start, end = ctx.sent_start[span.start], max(ctx.sent_end[span.start], ctx.sent_end[span.end - 1])
    paragraph = ctx.paragraph(span[0].idx)
    if start > 0:
        prev = doc[start - 1]
        if ctx.paragraph(prev.idx) == paragraph and (
            prev.text == ":" or (prev.text not in _TERMINAL and not prev.is_quote)
        ):
            start = ctx.sent_start[prev.i]
    ends_sentence = end <= span.end + 1  # only the closing mark after the quote's words
    if end < len(doc):
        while end < len(doc) and doc[end].is_space:
            end += 1
        if end < len(doc) and ctx.paragraph(doc[end].idx) == paragraph:
            if doc[end].is_lower:
                end = ctx.sent_end[end]
            elif ends_sentence and ctx.quote_of[end] < 0 and doc[end].lower_ != "so":  # "So said X": its own rule
                # `“...?” Renteria told reporters.`: the parser ends the sentence at the mark; the
                # attribution opens the next one, within its first few words (read last).
                return max(start, span.start - _CUE_WINDOW), end, min(ctx.sent_end[end], end + _NEXT_SENTENCE)
    hi = min(end, span.end + _CUE_WINDOW)
    return max(start, span.start - _CUE_WINDOW), hi, hi


def _speech_verb(token) -> bool:
    if token.pos_ in ("VERB", "AUX"):
        lemma = token.lemma_.lower()
        if lemma in lx.ACTIVE.speech_verbs or _issues_document(token, lemma):
            return True
        if lemma == "put":
            return any(child.lower_ == "it" for child in _kids(token))  # "as Amar put it, “...”"
        # "Trump shot back", "as The Hill pointed out": a verb and its particle.
        return any(f"{lemma}_{c.lower_}" in lx.ACTIVE.phrasal_cues for c in _kids(token) if c.dep_ in ("prt", "advmod"))
    if token.pos_ == "NOUN" and token.dep_ == "ROOT" and token.lemma_.lower() in lx.ACTIVE.speech_verbs:
        return any(c.i < token.i and c.dep_ in ("compound", "det") for c in _kids(token))  # "“...” the email read."
    # Title-case headlines get verbs tagged as proper nouns: "NATO Warns of ..."
    return token.lower_ in lx.ACTIVE.headline_cues and token.pos_ in ("PROPN", "NOUN")


def _issues_document(token, lemma: str) -> bool:
    """`Trump issued a statement, “...”`: a verb that puts out a statement is a cue."""
    return lemma in lx.ACTIVE.document_verbs and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lx.ACTIVE.document_nouns for c in _kids(token)
    )


def _according(token):
    """(cue, source) when token carries `according to X` or `in the words of X`."""
    for child in _kids(token):
        if child.lower_ in ("according", "in"):
            found = _source_phrase(child)
            if found:
                return found
    return None


def _source_phrase(token):
    """`according to X` / `in the words of X` starting at token: (cue token, X)."""
    if token.lower_ == "according":
        for to in _kids(token):
            if to.lower_ == "to":
                for obj in _kids(to):
                    if obj.dep_ == "pobj":
                        return token, obj
    elif token.lower_ == "in":
        for words in _kids(token):
            if words.lower_ == "words" and words.dep_ == "pobj":
                for owner in _kids(words):
                    if owner.dep_ == "poss":
                        return words, owner  # "in Forbes’ words"
                owner = next((o for o in _kids(token) if o.dep_ == "pobj" and o.i < words.i), None)
                if owner is not None and owner.pos_ in ("PROPN", "NOUN"):
                    return words, owner  # the same, parsed as two objects of "in"
                for of in _kids(words):
                    if of.lower_ == "of":
                        for obj in _kids(of):
                            if obj.dep_ == "pobj":
                                return words, obj
    return None


@dataclass(frozen=True)
class Cue:
    """Where a quote's attribution is: the cue token (a speech verb, `according`, `words`), the
    token of its subject (None when it has none), whether the parse linked it to the quote, and
    the strategy that found it."""

    token: Token | None
    subject: Token | None
    by_parse: bool
    strategy: str


NO_CUE = Cue(None, None, False, "none")
# Longer than this, a quote after a naming verb (proclaim, dub) is what was proclaimed, not a name.
_NAME_WORDS = 8


def _speaker_of(ctx: DocIndex, verb):
    if verb.lemma_ in _ASKED and any(c.dep_ == "nsubjpass" for c in _kids(verb)):
        return None  # "Trump was asked, “...”": the one asked is not who asks
    if verb.pos_ == "NOUN":
        # "“...” the email read.", parsed as a noun phrase: the noun before the verb speaks.
        kids = [c for c in _kids(verb) if c.i < verb.i]
        return next((c for c in reversed(kids) if c.dep_ in ("compound", "nsubj")), None)
    return _subject(ctx, verb) or _inverted(ctx, verb) or _adjacent_actor(ctx, verb) or _name_before(ctx, verb)


# Speech verbs whose object is the hearer ("told Fox News") and whose passive subject hears.
_ASKED = ("ask", "tell", "question")


def _author(ctx: DocIndex, noun):
    """`Trump released a video that said “...”`, `She hoisted a sign that read “...”`: a document
    that speaks, put out by someone named as the subject of the verb, names that author."""
    if noun.lemma_.lower() not in lx.ACTIVE.document_nouns or noun.dep_ != "dobj":
        return noun
    author = next((c for c in _kids(noun.head) if c.dep_ in SUBJECT_DEPS and ctx.quote_of[c.i] < 0), None)
    return author if author is not None and author.lower_ not in ("who", "that", "which") else noun


def _inverted(ctx: DocIndex, verb):
    """`“...,” said the woman, who ...`, `“...?” asked a boy`: a cue right after the quote puts its
    speaker after it; the parser often hangs that phrase off the verb as an object."""
    doc = ctx.doc
    before = verb.i - 1
    opens = ctx.sent_start[verb.i] == verb.i and verb.is_title  # "Continued Stone: “...”"
    after_quote = before >= 0 and (doc[before].is_quote or ctx.quote_of[before] >= 0)
    if not (opens or after_quote) or verb.lemma_ == "put":
        return None  # `”, put it`: "it" is what was put
    paragraph = ctx.paragraph(verb.idx)
    if verb.i + 1 in ctx.ent_of:
        return None  # `said Kim`: a name, read by _adjacent_actor
    for i in range(verb.i + 1, min(len(doc), verb.i + 5)):
        token = doc[i]
        if ctx.quote_of[i] >= 0 or ctx.paragraph(token.idx) != paragraph or token.is_punct:
            return None
        if (
            token.pos_ in ("NOUN", "PROPN", "PRON")
            or token.is_title
            or (token.pos_ in ("DET", "NUM") and token.dep_ in _HEADLESS)
        ):
            while verb.i < token.head.i <= i + 8 and token.head.pos_ in ("NOUN", "PROPN"):
                token = token.head
            return token
    return None


_HEADLESS = ("nsubj", "dobj", "ROOT", "npadvmod", "attr")  # `tweeted another`, `read one`


def _name_before(ctx: DocIndex, verb):
    """`“...” Trump barked`: a proper noun NER missed, right before the cue, outside the quote."""
    before = verb.i - 1
    if before < 0 or ctx.quote_of[before] >= 0:
        return None
    token = ctx.doc[before]
    if token.pos_ == "PROPN" and token.is_title and ctx.paragraph(token.idx) == ctx.paragraph(verb.idx):
        return token
    return _name_after_quote(ctx, verb)


def _name_after_quote(ctx: DocIndex, verb):
    """`“...” Will wrote.`, `“...” Trump, the front-runner in the state, said`: a capitalised name
    opening the words between the quote and its cue, alone or before an apposition, speaks
    (the tagger calls "Will" an auxiliary)."""
    doc = ctx.doc
    j = verb.i - 1
    while j > 0 and verb.i - j < _APPOSITION and ctx.quote_of[j - 1] < 0 and not doc[j - 1].is_quote:
        j -= 1
    if j <= 0 or not (doc[j - 1].is_quote or ctx.quote_of[j - 1] >= 0):
        return None  # the stretch does not open right after the quote
    k = j
    while k + 1 < verb.i and doc[k + 1].is_title and doc[k + 1].pos_ in ("PROPN", "NOUN"):
        k += 1
    if not doc[j].is_title or doc[j].pos_ in ("DET", "PRON") or not (k + 1 == verb.i or doc[k + 1].text == ","):
        return None
    return doc[k]


# Tokens between a quote and its cue read for a name and its apposition.
_APPOSITION = 30


def _find_cue(doc: Doc, ctx: DocIndex, span: Span, index: int) -> Cue:
    """The cue of a quote, by the first strategy that finds one: the parse, a verb before a colon,
    a speech verb nearby, a trailing clause, a line ending in a colon above."""
    paragraph = ctx.paragraph(span[0].idx)
    before = span.start - 1
    while before >= 0 and doc[before].is_quote:
        before -= 1
    # A clause ending in a colon right before the quote introduces it, whatever the parse says
    # (`Cruz said as the heckler yelled: “...”`: the heckler, not Cruz); a speech verb there
    # comes before the parse, which hangs the quote off the outer clause's verb.
    colon_verb = None
    if before > 0 and doc[before].text == ":" and ctx.quote_of[before - 1] < 0:
        colon_verb = _clause_before_colon(ctx, doc[before - 1])
        if colon_verb is not None and _speech_verb(colon_verb) and colon_verb.dep_ != "ROOT":
            return Cue(colon_verb, _speaker_of(ctx, colon_verb), False, "verb before colon")
    found = _cue_in_parse(ctx, span, paragraph)
    if found is not None:
        return found
    if colon_verb is not None:
        return Cue(colon_verb, _speaker_of(ctx, colon_verb), False, "verb before colon")
    lo, hi, beyond = _sentence_region(doc, ctx, span)
    for i in chain(_interleave(range(span.end, hi), range(span.start - 1, lo - 1, -1)), range(hi, beyond)):
        token = doc[i]
        if ctx.quote_of[i] >= 0 or ctx.paragraph(token.idx) != paragraph:
            continue
        if token.lower_ in ("according", "in"):
            found = _source_phrase(token)
            if found:
                return Cue(found[0], found[1], False, "according to")
        if _speech_verb(token):
            return Cue(token, _speaker_of(ctx, token), False, "after" if i >= span.end else "before")
    trailing = _trailing_clause(doc, ctx, span)
    if trailing is not None:
        return Cue(trailing[0], trailing[1], False, "trailing clause")
    verb = _sentence_before(doc, ctx, span, paragraph)
    if verb is not None:
        return Cue(verb, _speaker_of(ctx, verb), False, "sentence before")
    verb, subject = _colon_intro(doc, ctx, span, paragraph)
    return Cue(verb, subject, False, "line ending in colon") if verb is not None else NO_CUE


def _clause_before_colon(ctx: DocIndex, last):
    """The verb of the clause a colon ends: "Lee disagreed:", "As Cornyn put it:", "She addressed
    the crowd again:", "The board was conclusive in its findings:". A clause ending in a name
    (`... surprise pollster Daron Shaw:`) labels the quote with that name instead."""
    if last.i in ctx.ent_of or last.pos_ == "PROPN":
        return None
    token = last
    for _ in range(_CLIMB):
        if token.pos_ in ("VERB", "AUX"):
            break
        head = token.head
        if head is token or head.i > last.i or head.i < ctx.sent_start[last.i] or ctx.quote_of[head.i] >= 0:
            return None
        token = head
    if token.pos_ == "AUX" and token.dep_ != "ROOT":
        token = token.head if token.head.pos_ == "VERB" and token.head.i <= last.i else token
    misparsed = token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in _kids(token))  # "Article 33 affirms:"
    if (token.pos_ not in ("VERB", "AUX") and not misparsed) or ctx.quote_of[token.i] >= 0:
        return None
    return token


def _cue_in_parse(ctx: DocIndex, span: Span, paragraph: int) -> Cue | None:
    """Climbing the parse from the quote's roots to a speech verb or `according to`."""
    roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head is t][:4]
    for root in roots:
        token = root
        for _ in range(_CLIMB):
            if ctx.paragraph(token.idx) != paragraph:
                break
            if token is not root and ctx.quote_of[token.i] < 0:
                if token.lemma_ in lx.ACTIVE.naming_verbs and token.pos_ == "VERB" and len(span) <= _NAME_WORDS:
                    return NO_CUE  # proclaimed it "missile industry day": a name, not a quote
                if _speech_verb(token):
                    return Cue(token, _speaker_of(ctx, token), True, "parse")
                according = _according(token)
                if according:
                    return Cue(according[0], according[1], True, "according to")
            if token.head is token:
                break
            token = token.head
    return None


def _trailing_clause(doc: Doc, ctx: DocIndex, span: Span):
    """`“Could that change?” a reporter pressed.`: a quote ending in `,?!` whose sentence ends in
    a short clause of its own is attributed by that clause's verb, whatever the verb."""
    text = ctx.text
    if text[span.end_char - 1 : span.end_char] not in (",", "?", "!"):
        return None
    after = span.end
    while after < len(doc) and doc[after].is_quote:
        after += 1
    clause = []
    for token in doc[after : min(len(doc), after + 10)]:
        if token.text in _TERMINAL or token.is_quote or "\n" in token.text_with_ws:
            if token.text in _TERMINAL:
                break
            return None
        clause.append(token)
    else:
        return None
    if not 2 <= len(clause) <= 8 or any(ctx.quote_of[t.i] >= 0 for t in clause):
        return None
    verbs = [t for t in clause if t.pos_ == "VERB"]
    if len(verbs) != 1 or verbs[0].dep_ != "ROOT" or clause[0].pos_ in ("SCONJ", "CCONJ", "ADP"):
        return None  # `“red line,” which Moscow crossed`: a clause of the sentence, no attribution
    verb = verbs[0]
    subject = next((t for t in clause if t.dep_ in SUBJECT_DEPS and t.head.i == verb.i), None)
    if subject is None and verb.i == clause[0].i:
        subject = next((t for t in clause[1:] if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    return (verb, subject) if subject is not None else None


def _sentence_before(doc: Doc, ctx: DocIndex, span: Span, paragraph: int):
    """`Bystrom agreed. “...”`, `Her husband cut in. “...”`: a quote opening a sentence right after
    a short sentence of the same paragraph, quoting nothing, whose main verb is a speech verb."""
    first = span.start
    while first > 0 and doc[first - 1].is_quote:
        first -= 1
    if first == 0 or ctx.sent_start[first] != first or doc[first - 1].text not in _TERMINAL:
        return None
    start = ctx.sent_start[first - 1]
    if first - start > _SENTENCE_BEFORE or ctx.paragraph(doc[start].idx) != paragraph:
        return None
    if any(ctx.quote_of[i] >= 0 or doc[i].is_quote for i in range(start, first)):
        return None
    root = next((t for t in doc[start:first] if t.dep_ == "ROOT"), None)
    return root if root is not None and _introduces(root) else None


# Tokens in the sentence before a quote read for its cue (`Iowa State's Dianne Bystrom agreed.`).
_SENTENCE_BEFORE = 16


def _colon_intro(doc: Doc, ctx: DocIndex, span: Span, paragraph: int):
    """A quote opening its paragraph after one ending in a colon (`Tykhyi posted on X:`): the
    cue is the last speech verb of that paragraph."""
    index = paragraph - 1
    start = ctx.paragraph_starts[index]
    if index == 0 or ctx.text[start : span.start_char].strip(" \t\"“«‘'„"):
        return None, None
    end = ctx.paragraph_ends[index - 1]
    if ctx.text[end - 1] != ":":
        return None, None
    colon = doc.char_span(end - 1, end, alignment_mode="expand")
    if colon is None:
        return None, None
    for i in range(colon.start - 1, max(-1, colon.start - _CUE_WINDOW), -1):
        token = doc[i]
        if ctx.paragraph(token.idx) != index:
            break
        if _introduces(token) and ctx.quote_of[i] < 0:
            return token, _speaker_of(ctx, token)
    return None, None


def _introduces(token) -> bool:
    return _speech_verb(token) or (token.pos_ == "VERB" and token.lemma_.lower() in lx.ACTIVE.intro_verbs)


def _adjacent_actor(ctx: DocIndex, verb):
    """When the parse gives the cue no subject: a named actor right before it (`NATO Warns`) or
    right after it (`said Kim`), else the first person named earlier in its sentence."""
    doc = ctx.doc
    paragraph = ctx.paragraph(verb.idx)
    for i in (verb.i - 1, verb.i + 1):
        if i > verb.i and verb.lemma_ in _ASKED:
            continue  # "told Fox News": the one told listens
        if not (0 <= i < len(doc) and i in ctx.ent_of and ctx.quote_of[i] < 0):
            continue
        if ctx.paragraph(doc[i].idx) == paragraph and not _starts_clause(doc, verb, doc[i]):
            head = doc[i].head
            if (
                ctx.ent_of[i][2] in ("GPE", "NORP")
                and doc[i].dep_ in ("compound", "amod")
                and head.i > i
                and head.pos_ == "NOUN"
                and head.i not in ctx.ent_of
            ):
                return head  # "says Taiwan leader": the leader speaks, not the country
            return doc[i]
    start = max(ctx.sent_start[verb.i], verb.i - 20)
    for i in range(start, verb.i):
        found = ctx.ent_of.get(i)
        if (
            found is not None
            and found[2] == "PERSON"
            and ctx.quote_of[i] < 0
            and ctx.paragraph(doc[i].idx) == paragraph
        ):
            return doc[i]
    return None


def _interleave(a, b):
    a, b = iter(a), iter(b)
    for x in a:
        yield x
        y = next(b, None)
        if y is not None:
            yield y
    yield from b


def _starts_clause(doc: Doc, verb, subject) -> bool:
    """`X said Washington expected ...`: a "subject" after the cue that a verb follows is the
    subject of the reported clause (a common misparse), not the speaker."""
    after = subject.right_edge.i + 1
    return subject.i > verb.i and after < len(doc) and doc[after].pos_ in ("VERB", "AUX")


def _name_right_before(ctx: DocIndex, verb, paragraph: int):
    """A name or an age right before the verb speaks, whatever the parse says: a misparse hangs
    "NATO called" off another clause; "the 71-year-old said" is read as an adjective of what follows."""
    before = verb.i - 1
    if (
        before >= 0
        and before in ctx.ent_of
        and ctx.ent_of[before][2] in ("PERSON", "ORG")
        and ctx.quote_of[before] < 0
        and ctx.paragraph(ctx.doc[before].idx) == paragraph
        and not any(child.dep_ in SUBJECT_DEPS for child in _kids(verb))
    ):
        return ctx.doc[before]
    if before >= 2 and ctx.doc[before].lower_ == "old" and ctx.doc[before - 2].lower_ in ("year", "years"):
        return ctx.doc[before]
    return None


def _quoted_as_saying(verb):
    """ "KCNA quoted Kim as saying": the one quoted speaks, not the one quoting."""
    if verb.lemma_ in ("quote", "cite"):
        kids = list(_kids(verb))
        if any(k.lower_ == "as" for k in kids):
            for child in kids:
                if child.dep_ == "dobj":
                    return child
    return None


def _clause_subject(ctx: DocIndex, verb, token, paragraph: int):
    """The subject among a clause's children: the author of "a message that said “...”", the one
    named before "who said", else a subject outside any quote, in the verb's paragraph."""
    for child in _kids(token):
        if child.dep_ in SUBJECT_DEPS and child.lower_ in ("who", "that", "which") and token.dep_ == "relcl":
            return _author(ctx, token.head)  # "Kirby, who said “...”", "a message that said “...”"
        if child.lower_ == "it" and verb.lemma_ == "put":
            continue  # "as Amar put it": "it" is what was put
        if (
            child.dep_ in SUBJECT_DEPS
            and ctx.quote_of[child.i] < 0
            and child.lower_ not in ("which", "that", "who")
            and ctx.paragraph(child.idx) == paragraph
            and not _starts_clause(ctx.doc, verb, child)
        ):
            return child
    if token.lower_ == "as" and token.head.lemma_ in ("quote", "cite"):
        for child in _kids(token.head):
            if child.dep_ == "dobj":
                return child
    return None


def _prompted_object(ctx: DocIndex, token):
    """ "That record prompted the Atlas to state, “...”": the one prompted speaks."""
    if token.dep_ == "xcomp" and any(c.lower_ == "to" and c.dep_ == "aux" for c in _kids(token)):
        obj = next((c for c in _kids(token.head) if c.dep_ == "dobj" and c.i < token.i), None)
        if obj is not None and ctx.quote_of[obj.i] < 0:
            return obj
    return None


def _clause_head(token):
    """The clause a subordinate one hangs off, past the thing done to reach who did it."""
    came_from = token.dep_
    token = token.head
    if came_from == "acl" and token.dep_ == "dobj":
        token = token.head  # "Trump issued a statement saying", "emailed supporters saying": who did it
    elif came_from == "acl" and token.dep_ == "pobj" and token.head.dep_ == "prep":
        token = token.head.head  # "posted a message on Twitter reading “...”": who posted
    if came_from in ("advcl", "xcomp", "conj") and token.dep_ == "ccomp" and _speech_verb(token.head):
        # "Trump told Newsmax that Romney had ..., adding, “...”": who told, not who had.
        token = token.head
    return token


# Dependencies a cue's clause hangs off a larger one by: its subject may be that clause's.
_SUBORDINATE = ("advcl", "xcomp", "conj", "ccomp", "acl", "relcl", "pcomp", "prep")


def _subject(ctx: DocIndex, verb):
    """The speaker token of a cue: its subject, or its clause's, or X in `quoted X as saying`."""
    paragraph = ctx.paragraph(verb.idx)
    found = _name_right_before(ctx, verb, paragraph)
    if found is None:
        found = _quoted_as_saying(verb)
    if found is not None:
        return found
    token = verb
    for _ in range(4):
        found = _clause_subject(ctx, verb, token, paragraph)
        if found is not None:
            return found
        if token.dep_ not in _SUBORDINATE or token.head is token:
            break
        found = _prompted_object(ctx, token)
        if found is not None:
            return found
        token = _clause_head(token)
    return None
