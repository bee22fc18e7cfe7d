"""Statement or term: quoted titles of works and names are terms; clauses and sentences are statements."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from reader.nlp.quotes import lexicon as lx
from reader.nlp.quotes.index import _TERMINAL, SUBJECT_DEPS
from reader.nlp.quotes.lexicon import _SMALL_WORDS
from reader.nlp.quotes.marks import Quote


def _is_title(span: Span) -> bool:
    """A quoted name of a work, law or event (“The Hardest Place”), or a phrase in title case."""
    if _is_work_title(span):
        return True
    words = [t for t in span if t.is_alpha and t.lower_ not in _SMALL_WORDS]
    titled = 0 < len(words) <= 6 and all(t.is_title for t in words)
    if titled and _programme_before(span, len(words)):
        return True
    return titled and len(words) > 1 and span[-1].text not in _TERMINAL


def _programme_before(span: Span, words: int) -> bool:
    """`on ABC's “This Week.”`, `star of television’s “Scandal,”`, `co-author of “Going Viral,”`:
    a name in title case after an organisation's possessive, or after `on`/`of`/`with`, is the
    title of a programme or a work, whatever punctuation the style puts inside the marks."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    if i < 1:
        return False
    before = doc[i]
    if before.tag_ == "POS":
        owner = doc[i - 1]
        return owner.ent_type_ in ("ORG", "GPE", "NORP") or owner.lower_ in ("television", "radio")
    return words > 1 and before.lower_ in ("on", "of", "with")


_TITLE_LABELS = ("WORK_OF_ART", "LAW", "EVENT", "PRODUCT")


def _is_work_title(span: Span) -> bool:
    """The quote is the name of a book, law or event: a term nobody says."""
    # Token by token: Span.ents scans every entity of the doc, quadratic over many quotes.
    tokens = [t for t in span if not t.is_punct] if len(span) <= 16 else []
    return (
        bool(tokens)
        and tokens[0].ent_iob_ == "B"
        and all(t.ent_type_ in _TITLE_LABELS and (t.ent_iob_ == "I" or t is tokens[0]) for t in tokens)
    )


def _named_as_term(span: Span) -> bool:
    """`the phrase “special military operation.”`, `the so-called “iron brotherhood”`."""
    i = span.start - 1
    doc = span.doc
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    if i < 0:
        return False
    token = doc[i]
    if token.text == "," and i > 0 and doc[i - 1].pos_ == "NOUN":
        # `in his 2012 book, “An American Son.”`: a work named in title case beside its noun
        # (`said of the episode, “I don't like it”` is what was said of it).
        words = [t for t in span if t.is_alpha and t.lower_ not in _SMALL_WORDS]
        return doc[i - 1].lemma_.lower() in lx.ACTIVE.work_nouns and bool(words) and all(t.is_title for t in words)
    if token.pos_ == "NOUN" and token.lemma_.lower() in lx.ACTIVE.work_nouns:
        return True  # `the podcast “So, That Happened”`, `the book “Yuge!”`
    if token.lower_ in lx.ACTIVE.work_nouns and i > 0 and doc[i - 1].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PART"):
        return True  # `the HuffPost politics podcast “So, That Happened”`: a noun the tagger took for a verb
    return token.lower_ in lx.ACTIVE.naming_words or token.lemma_.lower() in lx.ACTIVE.naming_words


_CREDIT = re.compile(r"[ \t]*,?[ \t]*by[ \t]+(?:the[ \t]+)?[A-Z]")


def _credited_title(text: str, quote: Quote) -> bool:
    """`—“Sam Mendes leaves the show,” by Times' Michael Paulson`: a headline credited to its
    author is the title of a work, however long."""
    return quote.close_mark >= 0 and _CREDIT.match(text, quote.close_mark + 1) is not None


def _subheading(text: str, quote: Quote) -> bool:
    """`'A fight from start to finish.'` alone on a line inside a story: a subheading that
    quotes words the story reports below, set in single marks."""
    if quote.open_mark <= 0 or text[quote.open_mark] not in "'‘" or quote.close_mark < 0:
        return False
    line_start = text.rfind("\n", 0, quote.open_mark) + 1
    line_end = text.find("\n", quote.close_mark)
    line_end = len(text) if line_end < 0 else line_end
    if (
        line_start == 0
        or text[line_start : quote.open_mark].strip()
        or text[quote.close_mark + 1 : line_end].strip(" .\t")
    ):
        return False
    return len(text[quote.start : quote.end].split()) <= _SUBHEADING_WORDS


_SUBHEADING_WORDS = 10


def _uttered(span: Span) -> bool:
    """`chanting “Dump Trump.”`, `a sign that read “Hispanics 4 Trump”`, `said “CNN” five times`:
    the quote is the object of a verb of uttering right before its mark (or names the chant or
    shout right after it), so the words were said, however short or title-like."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space or doc[i].text in (",", ":")):
        i -= 1
    if i < 0 or span.start - i > 4:
        return False
    token = doc[i]
    if token.pos_ == "VERB" and token.lemma_.lower() in lx.ACTIVE.uttering_verbs:
        return True
    if (
        token.lower_ == "of"
        and i > 0
        and doc[i - 1].pos_ == "NOUN"
        and doc[i - 1].lemma_.lower() in lx.ACTIVE.uttering_verbs
    ):
        return True  # `to chants of “Marco! Marco!”`
    # `drawing loud jeers and “BERNIE!” chants`: the noun of an uttering right after the marks.
    after = span.end
    while after < len(doc) and doc[after].is_quote:
        after += 1
    return (
        after < len(doc)
        and after > span.end
        and doc[after].pos_ == "NOUN"
        and doc[after].lemma_.lower() in lx.ACTIVE.uttering_verbs
    )


def _cried_out(text: str, quote: Quote, span: Span) -> bool:
    """`“Nooooo!” the crowd cried out`: an exclamation or question the tagger took for a title,
    with its cue right next to it, is said."""
    return _is_work_title(span) and text[quote.start : quote.end].rstrip()[-1:] in "!?" and _spoken(text, quote)


def _names_a_work(span: Span, quote: Quote, text: str) -> bool:
    """A title, name or headline in marks: a term, not words anybody says (unless uttered)."""
    return not quote.block and (
        _is_title(span) or _named_as_term(span) or _credited_title(text, quote) or _subheading(text, quote)
    )


def _kind(span: Span, quote: Quote, text: str, by_parse: bool) -> str:
    """A statement, or a term: a short quoted name or scare quote with no clause of its own.
    Sets `quote.named` for a title or name, which no statement beside it makes a statement."""
    quote.named = False
    if not quote.block and quote.cue is not None and (_uttered(span) or _cried_out(text, quote, span)):
        return "statement"
    if not quote.block and _introduced_by_saying(span):
        return "statement"
    if _names_a_work(span, quote, text):
        # A clause the tagger took for a title (`“I don't like it,”`) may yet join a statement.
        quote.named = not any(t.dep_ in SUBJECT_DEPS and span.start <= t.head.i < span.end for t in span)
        return "term"
    if not quote.block and _echoed(span, quote):
        return "statement"
    words = [t for t in span if t.is_alpha or t.like_num]
    content = text[quote.start : quote.end].rstrip("\"'”’»")
    has_verb = any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in span)
    final = content[-1:] in _TERMINAL
    if quote.block or len(words) >= 6:
        return "statement"
    if (len(words) >= 3 and (has_verb or final or by_parse)) or (len(words) == 2 and has_verb and final):
        return "statement"
    if quote.cue is not None and content[-1:] in ",.!?…" and (_opens_sentence(text, quote) or _spoken(text, quote)):
        return "statement"  # “No,” he said.
    return "term"


def _echoed(span: Span, quote: Quote) -> bool:
    """`Trump called the system “rigged”`, `blasted the firm for its “outrageous practices”`,
    `warned of “consequences”`: a short quote that is the object of a speech verb before it,
    itself or through a preposition, with the verb's subject named, echoes that speaker's own
    words. A quote that modifies a noun (`her “clawback” plan`) or follows a verb without a
    subject (`the so-called “special relationship”`, `described as a “political army”`) does not."""
    if quote.cue_span is None or quote.open_mark < 0 or quote.cue_span[1] > quote.open_mark:
        return False
    doc = span.doc
    cue = doc.char_span(*quote.cue_span, alignment_mode="expand")
    if cue is None or span.start - cue.end > _ECHO_TOKENS or cue.root.lemma_.lower() in lx.ACTIVE.naming_verbs:
        return False
    verb = cue.root
    if not _has_subject(verb):
        return False
    words = [t for t in span if not t.is_punct and t.lower_ not in _SMALL_WORDS]
    if words and all(t.is_title or t.like_num for t in words):
        return False  # `what it called the “Hwasong-19”`: a name it gave, no words of its own
    roots = [t for t in span if not t.is_punct and (t.head.i < span.start or t.head.i >= span.end)]
    if len(roots) != 1:
        return False
    root, head = roots[0], roots[0].head
    if root.dep_ in _OBJECT_DEPS:
        return head.i == verb.i or (head.dep_ == "prep" and head.head.i == verb.i)
    # `called the system “rigged”`, `called her handling of the files “careless”`: the tagger
    # hangs the quote on the object it describes (or on a noun inside that object).
    if root.dep_ not in ("acl", "amod") or head.i > root.i:
        return False
    while head.dep_ in ("pobj", "prep") and head.head.i > verb.i:
        head = head.head
    return head.dep_ == "dobj" and head.head.i == verb.i


def _introduced_by_saying(span: Span) -> bool:
    """`had one message: “Dump Trump.”`, `Republicans' reaction: ‘Is that all there is?’`: a
    saying noun right before a colon or dash gives the quote after it as the words of the
    message, said however short or title-like. A naming word (`the slogan: “…”`) names a term
    instead, though `word` does not (`posted two words on Twitter — “So terrible”`)."""
    noun = saying_noun_before(span)
    return noun is not None and (noun.lemma_.lower() == "word" or noun.lemma_.lower() not in lx.ACTIVE.naming_words)


def saying_noun_before(span: Span) -> Token | None:
    """The saying noun (`message`, `word`, `reaction`) before the colon or dash that introduces
    the quote, right before it or with a short prepositional phrase between (`two words on his
    network —`), or None."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    if i < 1 or doc[i].text not in _INTRODUCING:
        return None
    for j in range(i - 1, max(-1, i - 2 - _PHRASE_TOKENS), -1):
        noun = doc[j]
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in lx.ACTIVE.saying_nouns:
            between = doc[j + 1 : i]
            if not between or (between[0].pos_ == "ADP" and all(t.pos_ in _PHRASE_POS for t in between)):
                return noun
        if noun.pos_ not in _PHRASE_POS:
            return None
    return None


_INTRODUCING = frozenset({":", "-", "--", "—", "–", "―"})
# A phrase between the saying noun and the colon: `on his social network`, `in a text`.
_PHRASE_TOKENS = 5
_PHRASE_POS = frozenset({"ADP", "DET", "PRON", "ADJ", "NOUN", "PROPN", "NUM"})


def _has_subject(verb) -> bool:
    """The verb, or the verb it is joined to (`called the deal a “disaster” and promised to “rip
    up”`), has an active subject: somebody said the words."""
    for _ in range(_SUBJECT_CLIMB):
        if any(child.dep_ == "nsubj" for child in verb.children):
            return True
        if verb.dep_ not in ("conj", "xcomp", "pcomp", "prep", "advmod") or verb.head is verb:
            return False
        verb = verb.head
    return False


_SUBJECT_CLIMB = 4

# Tokens between a speech verb and the short quote it governs (`called her handling of highly
# sensitive information “extremely careless”`); the quote's place under the verb.
_ECHO_TOKENS = 8
_OBJECT_DEPS = frozenset({"oprd", "dobj", "pobj", "xcomp", "ccomp", "attr", "acomp"})


def _spoken(text: str, quote: Quote) -> bool:
    """The quote is what the cue right next to it says: `said, “No.”`, `yelling “eminent
    domain!”`, `“Nooooo!” the crowd cried`; `called it “absolute chaos.”` names, it does not say."""
    if quote.cue_span is None or quote.open_mark < 0 or quote.close_mark < 0:
        return False
    cue_start, cue_end = quote.cue_span
    if cue_end <= quote.open_mark and not text[cue_end : quote.open_mark].strip(" ,:"):
        return True
    gap = text[quote.close_mark + 1 : cue_start]
    return quote.close_mark < cue_start and len(gap) <= _SPOKEN_GAP and not any(ch in gap for ch in '.!?\n“"')


# Characters between a quote and the cue after it (`” the crowd cried`) for a short quote to be said.
_SPOKEN_GAP = 30


def _opens_sentence(text: str, quote: Quote) -> bool:
    if quote.open_mark < 0:
        return False
    before = text[max(0, quote.open_mark - 3) : quote.open_mark].rstrip(" \t")
    return not before or before[-1] in "\n.!?:”\"’'"


def _named_label(text: str, quote: Quote, span: Span) -> bool:
    """`Kremlin: “No talks without guarantees”`: a phrase after a speaker's name and a colon is
    what they said, however short, where the label is the name itself (not `Seoul spy agency`)."""
    if quote.speaker_span is None or quote.speaker_ent is None or tuple(quote.speaker_span) != quote.speaker_ent[:2]:
        return False
    if text[quote.speaker_span[1] : quote.open_mark].strip() != ":":
        return False
    return sum(1 for t in span if t.is_alpha) >= 3
