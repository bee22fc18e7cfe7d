"""Quoted statements and their speakers: the `reader_quotes` spaCy component and its record form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span

SPANS_KEY = "quotes"

# Marks by kind: a closing mark only ends a quote opened by a mark of its own kind.
DOUBLE, SINGLE, GUILLEMET, SINGLE_GUILLEMET, CORNER = "d", "s", "g", "sg", "c"
_OPEN_KIND = {"“": DOUBLE, "„": DOUBLE, "«": GUILLEMET, "‹": SINGLE_GUILLEMET, "‘": SINGLE, "「": CORNER, "『": CORNER}
_CLOSE_KIND = {"”": DOUBLE, "»": GUILLEMET, "›": SINGLE_GUILLEMET, "’": SINGLE, "」": CORNER, "』": CORNER}
# Old wire copy writes ``quotes'' with doubled backticks and apostrophes.
_MARKS = re.compile("``|''|[\"'“”„«»‹›‘’「」『』]")
_OPENING_CONTEXT = set(" \t([{<—–-/:;,|") | {"\u00a0", "\u2009", "\u202f"}
_ELISIONS = re.compile(r"(?:em|til|cause|n|tis|twas|bout|round|cept|kay|nuff|s)\b", re.I)
# How far down the stack a closing mark looks for its opener: keeps the scan linear.
_STACK_SEARCH = 12
# Words either side of a quote searched for a speech verb when the parse offers none.
_CUE_WINDOW = 40
_PRONOUN_LOOKBACK = 40
# Children looked at per token: a run-on "sentence" of a huge line can give one token thousands.
_KIDS = 48


@dataclass(slots=True)
class Quote:
    """A quote's words (between the marks) as character offsets, plus how it was found."""

    start: int
    end: int
    open_mark: int = -1
    close_mark: int = -1
    chain: int = -1  # parts of one multi-paragraph quote share a chain id
    block: bool = False
    kind: str = "statement"
    speaker_span: tuple[int, int] | None = None
    speaker_ent: tuple[int, int, str] | None = None  # the named mention it resolves to, and its label
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    group: int = -1


def _paragraph_spans(text: str):
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield match.start(), match.end()


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _classify(text: str, i: int, ch: str, stack: list) -> tuple[str, str] | None:
    """Role ('open' or 'close') and kind of the mark at i, or None for an apostrophe."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    opening_ctx = prev == "" or prev in _OPENING_CONTEXT or prev.isspace() or prev in _OPEN_KIND
    closing_ctx = nxt == "" or not nxt.isalnum()
    if ch == "``":
        return ("open", DOUBLE)
    if ch == "''":
        return ("close", DOUBLE) if _find_open(stack, DOUBLE, ch) is not None and not _is_space(prev) else None
    if ch in ('"', "'"):
        kind = DOUBLE if ch == '"' else SINGLE
        has_open = _find_open(stack, kind, ch) is not None
        if ch == "'":
            if prev.isalnum() and nxt.isalnum():
                return None  # don't, Pyongyang's
            if opening_ctx and not _is_space(nxt):
                if nxt.isdigit() or _ELISIONS.match(text, i + 1):
                    return None  # '90s, rock 'n' roll, 'em
                return ("open", kind)
            if has_open and not _is_space(prev) and closing_ctx:
                if _plural_possessive(text, i):
                    return None
                return ("close", kind)
            return None
        if not _is_space(prev) and closing_ctx and has_open:
            return ("close", kind)
        if opening_ctx and not _is_space(nxt):
            return ("open", kind)
        if has_open:
            return ("close", kind)
        return None if _is_space(nxt) else ("open", kind)
    if ch == "‘":
        if prev.isalnum() or nxt.isdigit() or _ELISIONS.match(text, i + 1) and not nxt.isupper():
            return None
        return ("open", SINGLE)
    if ch == "’":
        if _find_open(stack, SINGLE, ch) is not None and not _is_space(prev) and closing_ctx:
            return ("close", SINGLE)
        return None
    if ch == "“" and not _is_space(prev) and closing_ctx and any(o[2] == "„" for o in stack[-_STACK_SEARCH:]):
        return ("close", DOUBLE)  # German style: „so“
    if ch in _OPEN_KIND:
        return ("open", _OPEN_KIND[ch])
    if ch == "”" and opening_ctx and nxt.isalnum() and _find_open(stack, DOUBLE, ch) is None:
        return ("open", DOUBLE)  # a misused closing mark opening a quote
    return ("close", _CLOSE_KIND[ch])


def _plural_possessive(text: str, i: int) -> bool:
    """`'the regimes' deepening ties'`: a straight mark after a plural, before a lower-case word,
    is an apostrophe when the next straight mark of the paragraph can close the quote instead.
    Looking only as far as the next mark keeps the scan linear."""
    if text[i - 1:i] not in ("s", "S") or text[i + 1:i + 2] != " " or not text[i + 2:i + 3].islower():
        return False
    j = text.find("'", i + 1)
    if j < 0 or text.find("\n", i, j) >= 0:
        return False
    return not _is_space(text[j - 1]) and not text[j + 1:j + 2].isalnum()


def _find_open(stack: list, kind: str, ch: str) -> int | None:
    """Index of the nearest open quote of this kind near the top of the stack (straight and
    curly marks mix in careless copy: “like this")."""
    for depth in range(1, min(len(stack), _STACK_SEARCH) + 1):
        if stack[-depth][1] == kind:
            return len(stack) - depth
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def scan_quotes(text: str) -> list[Quote]:
    """Every top-level quote marked in `text`, found in one pass per paragraph.

    Marks are paired on a stack within a paragraph, so an unbalanced mark only loses its own
    quote; a paragraph that leaves a quote open continues it when the next paragraph opens with
    the same mark (news style), and nested quotes stay inside the outer one.
    """
    pairs: list[tuple[int, int, int]] = []  # (open index, close index, chain)
    paragraphs = list(_paragraph_spans(text))
    next_chain = 0
    carried: int | None = None  # chain of a quote running on into this paragraph
    for index, (p_start, p_end) in enumerate(paragraphs):
        first = _first_mark(text, p_start, p_end)
        chain_of: dict[int, int] = {}
        if carried is not None and first is not None:
            chain_of[first] = carried
        carried = None
        stack: list[tuple[int, str, str]] = []
        for match in _MARKS.finditer(text, p_start, p_end):
            i = match.start()
            ch = match.group()
            role = _classify(text, i, ch, stack)
            if role is None:
                continue
            if role[0] == "open":
                stack.append((i, role[1], ch))
                continue
            found = _find_open(stack, role[1], ch)
            if found is None:
                continue
            open_pos = stack[found][0]
            del stack[found:]
            pairs.append((open_pos, i, chain_of.get(open_pos, -1)))
        if not stack:
            continue
        outer = stack[0]
        runs_on = False
        if index + 1 < len(paragraphs):
            following = _first_mark(text, *paragraphs[index + 1])
            runs_on = following is not None and text[following] == outer[2]
        if runs_on or outer[0] == first:
            chain = chain_of.get(outer[0])
            if chain is None:
                chain = next_chain
                next_chain += 1
            pairs.append((outer[0], p_end, chain))
            if runs_on:
                carried = chain
    return _top_level(text, pairs)


def _first_mark(text: str, start: int, end: int) -> int | None:
    """Index of the paragraph's first non-space character when it is an opening mark."""
    i = start
    while i < end and text[i].isspace():
        i += 1
    if i < end and text[i] in "\"“«„‘'「『`":
        return i
    return None


def _top_level(text: str, pairs: list[tuple[int, int, int]]) -> list[Quote]:
    pairs.sort(key=lambda p: (p[0], -p[1]))
    quotes: list[Quote] = []
    reach = -1
    for open_pos, close_pos, chain in pairs:
        if open_pos < reach:
            continue  # nested inside a quote already taken
        reach = close_pos
        start, end = _trim(text, open_pos + (2 if text.startswith("``", open_pos) else 1), close_pos)
        if start >= end:
            continue
        quotes.append(Quote(start, end, open_pos, close_pos, chain))
    return quotes


SPEECH_LEMMAS = frozenset(
    """say tell add note remark warn state insist write ask explain declare reply respond answer
    comment suggest acknowledge admit argue assert claim confirm deny announce report stress
    emphasise emphasize repeat reiterate recall tout praise promise predict observe quip joke
    tweet post mention agree complain urge demand vow pledge threaten hail condemn criticise
    criticize accuse blame call describe voice echo thank conclude caution
    concede contend maintain reveal disclose testify whisper shout cry yell
    lament boast believe estimate recount allege charge counter retort muse wonder
    disagree protest object concur clarify elaborate summarise summarize plead order instruct
    brag scoff quote cite""".split()
)
FEMALE = frozenset(
    """she her hers herself ms mrs miss madam dame lady queen princess spokeswoman chairwoman
    congresswoman businesswoman mother daughter wife sister""".split()
)
MALE = frozenset(
    """he him his himself mr sir lord king prince spokesman chairman congressman businessman father
    son husband brother""".split()
)
FEMALE_NAMES = frozenset(
    """mary maria marie anna anne ann elizabeth sarah karine kamala hillary nancy angela ursula liz
    theresa marine giorgia annalena kaja victoria jill michelle jennifer linda susan karen laura
    emily jessica rachel catherine kate julia christine kristi gina janet samantha nikki marjorie
    alexandria elise lisa emma olivia sophie helen margaret ruth amy heather melania ivanka tulsi
    kristalina jacinda sanna mette ingrid valentina svetlana natalia natalya irina olga tatiana
    elena ekaterina yulia olena iryna kristina andrea claudia hasina sahra
    stephanie rebecca hannah lauren megan nicole amanda melissa deborah donna carol patricia
    barbara dorothy sandra ashley kimberly betty""".split()
)
MALE_NAMES = frozenset(
    """john joe joseph donald vladimir sergey sergei lloyd antony anthony pat patrick mike michael
    victor kevin david james robert william richard thomas mark paul peter george dmitry dmitri
    volodymyr emmanuel olaf boris rishi keir xi narendra recep benjamin mohammed muhammad ali
    ahmed jake kurt mitch chuck bernie barack bill jens andrew charles henry jack tom
    steve stephen matthew daniel antonio friedrich alexander alexei alexey andriy oleksandr
    dmytro yevgeny yevgeniy valery valeriy nikolai mikhail ivan igor oleg viktor jean-yves
    justin scott brian eric jim tim ron rick ted marco jd hunter chris christopher ben sam
    max luke adam jason ryan gary larry frank raymond gregory dennis walter jerry""".split()
)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
_ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_CLIMB = 8
_TERMINAL = ".!?…"


def _register_extensions() -> None:
    for name, default in (
        ("reader_kind", "statement"),
        ("reader_speaker_span", None),
        ("reader_speaker_ent", None),
        ("reader_cue", None),
        ("reader_group", -1),
        ("reader_offsets", None),
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


class _Context:
    """Per-document lookups built once: entities by token, person subjects, titles, genders."""

    def __init__(self, doc: Doc, quotes: list[Quote], text: str):
        from reader.nlp.actors import clean_mention, entity_label, unglue

        self.text = text  # Doc.text joins every token on each call: read it once
        self.doc = doc
        self.quote_of = [-1] * len(doc)
        for index, quote in enumerate(quotes):
            span = doc.char_span(max(quote.open_mark, quote.start - 1) if quote.open_mark >= 0 else quote.start,
                                 min(quote.close_mark + 1, len(text)) if quote.close_mark >= 0 else quote.end,
                                 alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.quote_of[i] = index
        self.ent_of: dict[int, tuple[int, int, str]] = {}
        self.persons: list[tuple[int, int, bool]] = []  # cleaned offsets, is a subject
        self.titles: list[tuple[int, int, frozenset]] = []
        self.orgs: list[tuple[int, int]] = []
        self.maybe_persons: list[tuple[int, int]] = []  # one-word "organisations" that act as people
        self.gender: dict[str, str] = {}
        paragraphs = list(_paragraph_spans(text))
        self.paragraph_starts = [start for start, _ in paragraphs]
        self.paragraph_ends = [end for _, end in paragraphs]
        # Token.sent walks to the sentence start on every call: look it up once per token instead.
        self.sent_start = [0] * len(doc)
        self.sent_end = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start
                self.sent_end[i] = sent.end
        ents = []
        for ent in doc.ents:
            label = entity_label(ent.text, ent.label_)
            if label not in _ACTOR_LABELS:
                continue
            cleaned = clean_mention(text, ent.start_char, ent.end_char, label)
            if cleaned is not None:
                ents.append((ent, cleaned, label))
        unglued = unglue(text, [(*cleaned, label) for _, cleaned, label in ents])
        ents = [(ent, (start, end), label) for (ent, _, _), (start, end, label) in zip(ents, unglued)]
        # A surname NER calls an organisation or a place (Ryder, Lavrov) is the person it names.
        surnames = {
            w for ent, (start, end), label in ents if label == "PERSON"
            for w in (text[start:end].split()[0], text[start:end].split()[-1]) if len(text[start:end].split()) > 1
        }
        for ent, cleaned, label in ents:
            if label != "PERSON" and text[cleaned[0]:cleaned[1]] in surnames:
                label = "PERSON"
            if label == "PERSON":
                run = _name_run(doc, ent.root, text)
                if run and run[0] <= cleaned[0] and cleaned[1] <= run[1] and run[2] == "PERSON":
                    cleaned = run[:2]  # NER cut a name short: "Budanov" of "Kyrylo Budanov"
            record = (cleaned[0], cleaned[1], label)
            for token in ent:
                self.ent_of[token.i] = record
            if label == "ORG":
                self.orgs.append(cleaned)
                if (len(ent) == 1 and ent[0].is_title and ent.root.dep_ in SUBJECT_DEPS
                        and ent[0].lower_ not in _ORG_WORDS and self.quote_of[ent.start] < 0):
                    self.maybe_persons.append(cleaned)
            if self.quote_of[ent.start] >= 0 or label != "PERSON":
                continue
            is_subject = any(t.dep_ in SUBJECT_DEPS or t.dep_ == "ROOT" for t in ent)
            self.persons.append((cleaned[0], cleaned[1], is_subject))
            words = self._title_words(doc, ent, cleaned)
            if words:
                self.titles.append((cleaned[0], cleaned[1], words))
            self._learn_gender(text[cleaned[0]:cleaned[1]], words)
        # Subjects outside quotes, for pronouns: proper-noun subjects that NER missed count too.
        self.subjects: list[tuple[int, int]] = []  # (char position, token index)
        for token in doc:
            if token.dep_ in SUBJECT_DEPS and self.quote_of[token.i] < 0 and token.lower_ not in PRONOUNS:
                self.subjects.append((token.idx, token.i))
                if token.pos_ == "PROPN" and token.i not in self.ent_of:
                    run = _name_run(doc, token, text)
                    if run and run[2] == "PERSON" and not _after_article(doc, text, run[0]):
                        self.persons.append((run[0], run[1], True))
                        self._learn_gender(text[run[0]:run[1]], frozenset())
        self.persons.sort()
        self.person_starts = [p[0] for p in self.persons]
        self.org_starts = [o[0] for o in self.orgs]
        self.maybe_person_starts = [p[0] for p in self.maybe_persons]
        self.titles.sort()
        self.title_starts = [t[0] for t in self.titles]
        self.subject_starts = [p[0] for p in self.subjects]
        self.resolved: list[tuple[int, int, int]] = []  # position, entity start, entity end

    @staticmethod
    def _title_words(doc: Doc, ent: Span, cleaned: tuple[int, int]) -> frozenset:
        """Lower-cased words that introduce a person: "Defense Secretary", "the foreign minister";
        nationalities among them are marked with a leading "@" ("@russian")."""
        from reader.nlp.actors import TITLE_WORDS

        words = set()

        def add(token):
            low = token.lower_.rstrip(".")
            words.add("@" + low if token.ent_type_ in ("NORP", "GPE") else low)

        for token in ent:
            if token.idx >= cleaned[0]:
                break
            add(token)
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 6:
            token = doc[i]
            if token.ent_type_ and token.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
                break
            if token.tag_ == "POS" and i > 0 and doc[i - 1].ent_type_ in ("GPE", "NORP"):
                add(doc[i - 1])  # "Taiwan’s president Lai": the country names the title too
                break
            if not (token.is_title or token.lower_.rstrip(".") in TITLE_WORDS) or token.is_punct:
                break
            add(token)
            i -= 1
        for child in _kids(ent.root):
            if child.dep_ == "appos" and child.i >= ent.end:
                for token in doc[max(child.left_edge.i, child.i - 5):child.i + 1]:
                    if token.is_alpha:
                        add(token)
        return frozenset(words)

    def paragraph(self, position: int) -> int:
        import bisect

        return bisect.bisect_right(self.paragraph_starts, position)

    def _learn_gender(self, name: str, words: frozenset, gender: str | None = None) -> None:
        parts = name.casefold().split()
        if not parts:
            return
        if gender is None:
            if words & FEMALE or parts[0] in FEMALE_NAMES:
                gender = "f"
            elif words & MALE or parts[0] in MALE_NAMES:
                gender = "m"
            else:
                return
        # Keyed by the last word too, so a later bare surname finds it.
        self.gender.setdefault(" ".join(parts), gender)
        self.gender.setdefault(parts[-1], gender)

    def gender_of(self, start: int, end: int) -> str | None:
        parts = self.text[start:end].casefold().split()
        if not parts:
            return None
        return self.gender.get(" ".join(parts)) or self.gender.get(parts[-1])


def _after_article(doc: Doc, text: str, start: int) -> bool:
    """`the South`, `a Pentagon`: a proper noun after an article is no person's name."""
    words = text[max(0, start - 4):start].split()
    return bool(words) and words[-1].lower() in ("the", "a", "an")


def _kids(token):
    return islice(token.children, _KIDS)


def _sentence_region(doc: Doc, ctx: "_Context", span: Span) -> tuple[int, int]:
    """Token range where a quote's cue may be: its sentence, joined to a previous sentence broken
    off mid-clause or ending in a colon, and to a next one starting in lower case (`?” she asked`)."""
    start, end = ctx.sent_start[span.start], max(ctx.sent_end[span.start], ctx.sent_end[span.end - 1])
    paragraph = ctx.paragraph(span[0].idx)
    if start > 0:
        prev = doc[start - 1]
        if ctx.paragraph(prev.idx) == paragraph and (prev.text == ":" or prev.text not in _TERMINAL and not prev.is_quote):
            start = ctx.sent_start[prev.i]
    if end < len(doc):
        while end < len(doc) and doc[end].is_space:
            end += 1
        if end < len(doc) and ctx.paragraph(doc[end].idx) == paragraph and doc[end].is_lower:
            end = ctx.sent_end[end]
    return max(start, span.start - _CUE_WINDOW), min(end, span.end + _CUE_WINDOW)


_HEADLINE_CUES = frozenset("says said warns tells adds claims vows urges insists confirms denies".split())
_NAMING = frozenset("proclaim dub label name title term brand".split())


def _speech_verb(token) -> bool:
    if token.pos_ in ("VERB", "AUX"):
        return token.lemma_.lower() in SPEECH_LEMMAS
    # Title-case headlines get verbs tagged as proper nouns: "NATO Warns of ..."
    return token.lower_ in _HEADLINE_CUES and token.pos_ in ("PROPN", "NOUN")


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
                for of in _kids(words):
                    if of.lower_ == "of":
                        for obj in _kids(of):
                            if obj.dep_ == "pobj":
                                return words, obj
    return None


def _find_cue(doc: Doc, ctx: "_Context", span: Span, index: int):
    """(cue token, speaker token, by_parse) for a quote: the parse first, then nearby words."""
    paragraph = ctx.paragraph(span[0].idx)
    roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head is t][:4]
    for root in roots:
        token = root
        for _ in range(_CLIMB):
            if ctx.paragraph(token.idx) != paragraph:
                break
            if token is not root and ctx.quote_of[token.i] < 0:
                if token.lemma_ in _NAMING and token.pos_ == "VERB":
                    return None, None, False  # proclaimed it "missile industry day": a name, not a quote
                if _speech_verb(token):
                    return token, _subject(ctx, token) or _adjacent_actor(ctx, token), True
                according = _according(token)
                if according:
                    return according[0], according[1], True
            if token.head is token:
                break
            token = token.head
    before = span.start - 1
    while before >= 0 and doc[before].is_quote:
        before -= 1
    if before > 0 and doc[before].text == ":" and doc[before - 1].pos_ == "VERB" and ctx.quote_of[before - 1] < 0:
        verb = doc[before - 1]  # "Lee disagreed: “It has just begun.”" - any verb before a colon
        return verb, _subject(ctx, verb) or _adjacent_actor(ctx, verb), False
    lo, hi = _sentence_region(doc, ctx, span)
    for i in _interleave(range(span.end, hi), range(span.start - 1, lo - 1, -1)):
        token = doc[i]
        if ctx.quote_of[i] >= 0 or ctx.paragraph(token.idx) != paragraph:
            continue
        if token.lower_ in ("according", "in"):
            found = _source_phrase(token)
            if found:
                return found[0], found[1], False
        if _speech_verb(token):
            return token, _subject(ctx, token) or _adjacent_actor(ctx, token), False
    trailing = _trailing_clause(doc, ctx, span)
    if trailing is not None:
        return trailing[0], trailing[1], False
    return _colon_intro(doc, ctx, span, paragraph)


def _trailing_clause(doc: Doc, ctx: "_Context", span: Span):
    """`“Could that change?” a reporter pressed.`: a quote ending in `,?!` whose sentence ends in
    a short clause of its own is attributed by that clause's verb, whatever the verb."""
    text = ctx.text
    if text[span.end_char - 1:span.end_char] not in (",", "?", "!"):
        return None
    after = span.end
    while after < len(doc) and doc[after].is_quote:
        after += 1
    clause = []
    for token in doc[after:min(len(doc), after + 10)]:
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


def _colon_intro(doc: Doc, ctx: "_Context", span: Span, paragraph: int):
    """A quote opening its paragraph after one ending in a colon (`Tykhyi posted on X:`): the
    cue is the last speech verb of that paragraph."""
    index = paragraph - 1
    start = ctx.paragraph_starts[index]
    if index == 0 or ctx.text[start:span.start_char].strip(" \t\"“«‘'„"):
        return None, None, False
    end = ctx.paragraph_ends[index - 1]
    if ctx.text[end - 1] != ":":
        return None, None, False
    colon = doc.char_span(end - 1, end, alignment_mode="expand")
    if colon is None:
        return None, None, False
    for i in range(colon.start - 1, max(-1, colon.start - _CUE_WINDOW), -1):
        token = doc[i]
        if ctx.paragraph(token.idx) != index:
            break
        if _introduces(token) and ctx.quote_of[i] < 0:
            return token, _subject(ctx, token) or _adjacent_actor(ctx, token), False
    return None, None, False


# Verbs that are no speech verbs in a sentence ("Seoul reacted angrily to the “provocation”")
# but introduce what follows when a line ends in a colon ("She reacted on social media:").
_INTRO_LEMMAS = frozenset("react weigh chime sum respond reply".split())


def _introduces(token) -> bool:
    return _speech_verb(token) or token.pos_ == "VERB" and token.lemma_.lower() in _INTRO_LEMMAS


def _adjacent_actor(ctx: "_Context", verb):
    """When the parse gives the cue no subject: a named actor right before it (`NATO Warns`) or
    right after it (`said Kim`), else the first person named earlier in its sentence."""
    doc = ctx.doc
    paragraph = ctx.paragraph(verb.idx)
    for i in (verb.i - 1, verb.i + 1):
        if 0 <= i < len(doc) and i in ctx.ent_of and ctx.quote_of[i] < 0 and ctx.paragraph(doc[i].idx) == paragraph:
            if not _starts_clause(doc, verb, doc[i]):
                head = doc[i].head
                if (ctx.ent_of[i][2] in ("GPE", "NORP") and doc[i].dep_ in ("compound", "amod")
                        and head.i > i and head.pos_ == "NOUN" and head.i not in ctx.ent_of):
                    return head  # "says Taiwan leader": the leader speaks, not the country
                return doc[i]
    start = max(ctx.sent_start[verb.i], verb.i - 20)
    for i in range(start, verb.i):
        found = ctx.ent_of.get(i)
        if found is not None and found[2] == "PERSON" and ctx.quote_of[i] < 0 and ctx.paragraph(doc[i].idx) == paragraph:
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


def _subject(ctx: "_Context", verb):
    """The speaker token of a cue: its subject, or its clause's, or X in `quoted X as saying`."""
    token = verb
    paragraph = ctx.paragraph(verb.idx)
    before = verb.i - 1
    if (before >= 0 and before in ctx.ent_of and ctx.ent_of[before][2] in ("PERSON", "ORG")
            and ctx.quote_of[before] < 0 and ctx.paragraph(ctx.doc[before].idx) == paragraph
            and not any(child.dep_ in SUBJECT_DEPS for child in _kids(verb))):
        return ctx.doc[before]  # a misparse hangs "NATO called" off another clause: the name speaks
    if before >= 2 and ctx.doc[before].lower_ == "old" and ctx.doc[before - 2].lower_ in ("year", "years"):
        return ctx.doc[before]  # "the 71-year-old said", parsed as an adjective of what follows
    if verb.lemma_ in ("quote", "cite"):
        # "KCNA quoted Kim as saying": the one quoted speaks, not the one quoting.
        kids = list(_kids(verb))
        if any(k.lower_ == "as" for k in kids):
            for child in kids:
                if child.dep_ == "dobj":
                    return child
    for _ in range(4):
        for child in _kids(token):
            if child.dep_ in SUBJECT_DEPS and child.lower_ == "who" and token.dep_ == "relcl":
                return token.head  # "Kirby, who said “...”"
            if (child.dep_ in SUBJECT_DEPS and ctx.quote_of[child.i] < 0
                    and child.lower_ not in ("which", "that", "who") and ctx.paragraph(child.idx) == paragraph
                    and not _starts_clause(ctx.doc, verb, child)):
                return child
        if token.lower_ == "as" and token.head.lemma_ in ("quote", "cite"):
            for child in _kids(token.head):
                if child.dep_ == "dobj":
                    return child
        if token.dep_ in ("advcl", "xcomp", "conj", "ccomp", "acl", "relcl", "pcomp", "prep") and token.head is not token:
            token = token.head
        else:
            break
    return None


PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "i": None, "we": None, "they": None,
            "it": None, "you": None, "who": None, "which": None, "that": None}
_ORG_WORDS = frozenset(
    """institute agency center centre council ministry department committee party university
    group bank company news times post media organization organisation association foundation
    office commission command forces army navy court parliament assembly government""".split()
)


# Nouns for a country's institutions, which speak for it: "South Korea’s military said".
_DOCUMENTS = frozenset("statement report document letter communique post message release note".split())
_INSTITUTIONS = frozenset(
    """government military army navy ministry office embassy agency media forces authority
    administration police parliament court leadership regime state cabinet presidency kremlin
    command""".split()
)


def _name_run(doc: Doc, token, text: str) -> tuple[int, int, str] | None:
    """The proper-noun name around token (NER often misses one): offsets and a guessed label."""
    from reader.nlp.actors import clean_mention

    if token.pos_ != "PROPN":
        return None

    def joins(t):
        return (t.pos_ == "PROPN" or (t.text in "-‐" and not t.whitespace_)) and "\n" not in t.text_with_ws

    left = right = token.i
    while left > 0 and token.i - left < 5 and joins(doc[left - 1]) and doc[left - 1].whitespace_ != "\n":
        left -= 1
    while right + 1 < len(doc) and right - token.i < 5 and joins(doc[right + 1]) and "\n" not in doc[right].whitespace_:
        right += 1
    while doc[left].text in "-‐":
        left += 1
    while doc[right].text in "-‐":
        right -= 1
    if right < left:
        return None
    start, end = doc[left].idx, doc[right].idx + len(doc[right].text)
    cleaned = clean_mention(text, start, end, "PERSON")
    if cleaned is None:
        return None
    words = {w.casefold() for w in text[cleaned[0]:cleaned[1]].split()}
    return cleaned[0], cleaned[1], "ORG" if words & _ORG_WORDS else "PERSON"


_INDEFINITE = frozenset("a an one another some".split())


def _resolve(ctx: _Context, token, depth: int = 0):
    """(speaker_span, speaker_ent) for the subject token of a cue; speaker_ent carries a label."""
    doc = ctx.doc
    if token is None:
        return None, None
    ent = ctx.ent_of.get(token.i)
    run = _name_run(doc, token, ctx.text) if token.pos_ == "PROPN" else None
    if (ent is not None or run is not None) and any(
            c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in _kids(token)):
        return (token.left_edge.idx, token.idx + len(token.text)), None  # "one MP said": a member, unnamed
    if ent is not None and (run is None or ent[2] == "PERSON" or run[1] - run[0] <= ent[1] - ent[0]):
        return (ent[0], ent[1]), ent
    if run is not None:
        return (run[0], run[1]), run
    low = token.lower_
    if low in PRONOUNS:
        span = (token.idx, token.idx + len(token.text))
        if low in ("he", "she", "him", "her"):
            found = _resolve_person(ctx, token.idx, PRONOUNS[low])
            if found:
                ctx._learn_gender(ctx.text[found[0]:found[1]], frozenset(), PRONOUNS[low])
            return span, found
        if low in ("it", "they"):
            return span, _resolve_group(ctx, token.idx)
        return span, None
    if low == "old" and token.i >= 2 and doc[token.i - 2].lower_ in ("year", "years"):
        # "the 71-year-old said": an age stands for the person last named, like "he".
        left = doc[max(token.left_edge.i, token.i - 6)]
        return (left.idx, token.idx + len(token.text)), _resolve_person(ctx, token.idx, None)
    children = sorted(_kids(token), key=lambda c: ("appos", "compound", "poss", "prep").index(c.dep_)
                      if c.dep_ in ("appos", "compound", "poss", "prep") else 9)
    for child in children:
        if child.dep_ in ("appos", "compound", "poss"):
            found = ctx.ent_of.get(child.i)
            if found is None and child.pos_ == "PROPN":
                found = _name_run(doc, child, ctx.text)
            if found is not None and found[2] in ("GPE", "NORP") and token.lemma_.lower() not in _INSTITUTIONS:
                continue  # "a senior U.S. official" is an unnamed person, not the country
            if found is not None:
                left = min(token.left_edge.idx, found[0])
                end = max(token.idx + len(token.text), found[1])
                return (left, end), found
    left = token.left_edge
    if token.i - left.i > 6:
        left = doc[token.i - 6]
    phrase = (left.idx, token.idx + len(token.text))
    found = _titled_person(ctx, doc[left.i:token.i + 1], token)
    if found is not None:
        return phrase, found
    if token.lower_ in _OFFICES and any(t.lower_ == "former" or t.ent_type_ == "NORP" for t in doc[left.i:token.i]):
        # "the former Norwegian prime minister said", of someone just named without that title:
        # news varies a name with what the person was, as it does with "he".
        found = _resolve_person(ctx, token.idx, None)
        said = {"@" + t.lower_ for t in doc[left.i:token.i] if t.ent_type_ in ("NORP", "GPE")}
        if found is not None and token.idx - found[1] < _VARIATION and not _other_nationality(ctx, found, said):
            return phrase, found
    if token.pos_ == "NOUN" and any(c.lower_ == "the" for c in _kids(token)):
        found = _described_org(ctx, token)
        if found is not None:
            return phrase, found
    for child in children:
        if child.dep_ == "prep":
            for obj in _kids(child):
                if obj.dep_ != "pobj":
                    continue
                found = ctx.ent_of.get(obj.i)
                if found is not None and found[2] == "ORG":
                    return phrase, found
                if token.lemma_.lower() in _DOCUMENTS and child.lower_ in ("from", "by", "of") and depth < 2:
                    # "the statement from Pyongyang’s foreign ministry said": its author speaks.
                    return phrase, _resolve(ctx, obj, depth + 1)[1]
    if token.lemma_.lower() in _DOCUMENTS and depth < 2:
        # "the statement, signed by Foreign Minister X, said": its signer speaks.
        for child in children:
            if child.dep_ == "acl":
                for agent in _kids(child):
                    if agent.dep_ == "agent":
                        obj = next((o for o in _kids(agent) if o.dep_ == "pobj"), None)
                        if obj is not None:
                            return phrase, _resolve(ctx, obj, depth + 1)[1]
    return phrase, None


def _titled_person(ctx: "_Context", phrase: Span, head):
    """`the defense secretary` -> the person last introduced with those words; a nationality in
    the phrase (`the North Korean minister`) must not clash with the one the person was given."""
    import bisect

    words, nationality = set(), set()
    for token in phrase:
        if token.is_alpha and token.lower_ not in ("the", "a", "an", "this", "that"):
            if token.ent_type_ in ("NORP", "GPE"):
                nationality.add("@" + token.lower_)
            else:
                words.add(token.lower_)
    if head.lower_ in _ROLE_NOUNS and nationality:
        words = set()  # "the Taiwan leader": whatever title the country's person was given
    upto = bisect.bisect_left(ctx.title_starts, head.idx)
    fallback = None
    for start, end, titles in reversed(ctx.titles[max(0, upto - _PRONOUN_LOOKBACK):upto]):
        if words and head.lower_ not in titles or not words <= titles:
            continue
        theirs = {w for w in titles if w.startswith("@")}
        if not nationality or nationality <= theirs:
            return start, end, "PERSON"
        if not theirs and fallback is None:
            fallback = (start, end, "PERSON")
    if fallback is None:
        # Named only after the quote: "“...,” the admiral said. Admiral Jane Roe ..."
        paragraph = ctx.paragraph(head.idx)
        for start, end, titles in ctx.titles[upto:upto + 4]:
            if start - head.idx > _FORWARD_TITLE or ctx.paragraph(start) > paragraph + 1:
                break
            if (not words or head.lower_ in titles) and words <= titles and not nationality - titles:
                return start, end, "PERSON"
    return fallback


def _other_nationality(ctx: "_Context", person: tuple[int, int, str], said: set[str]) -> bool:
    """Whether the person was introduced with a nationality other than the one now said."""
    import bisect

    name = ctx.text[person[0]:person[1]]
    upto = bisect.bisect_right(ctx.title_starts, person[0])
    for start, end, titles in ctx.titles[max(0, upto - _PRONOUN_LOOKBACK):upto]:
        theirs = {w for w in titles if w.startswith("@")}
        if ctx.text[start:end] == name and theirs and said and not said & theirs:
            return True
    return False


_OFFICES = frozenset("minister president premier chancellor secretary general admiral ambassador leader".split())
# Characters back to the person a described office may stand for.
_VARIATION = 300
# Nouns for a person that stand for any title: "the Taiwan leader" is its president.
_ROLE_NOUNS = frozenset("leader chief head boss".split())


# Characters after a title read for the person it names when nobody was named before it.
_FORWARD_TITLE = 400


def _described_org(ctx: "_Context", token):
    """`the ministry` -> the nearest organisation before it whose name ends in that word."""
    import bisect

    upto = bisect.bisect_left(ctx.org_starts, token.idx)
    word = token.lower_
    for start, end in reversed(ctx.orgs[max(0, upto - _PRONOUN_LOOKBACK):upto]):
        name = ctx.text[start:end].casefold().split()
        if name and name[-1] == word:
            return start, end, "ORG"
    return None


def _resolve_group(ctx: _Context, position: int):
    """"it"/"they": the organisation or country in the nearest subject before, if there is one."""
    import bisect

    upto = bisect.bisect_left(ctx.subject_starts, position)
    if upto == 0:
        return None
    token = ctx.doc[ctx.subjects[upto - 1][1]]
    if position - token.idx > 400:
        return None
    found = ctx.ent_of.get(token.i)
    if found is None:
        for child in _kids(token):
            if child.dep_ in ("prep", "compound", "poss"):
                for t in (child, *_kids(child)):
                    if t.i in ctx.ent_of:
                        found = ctx.ent_of[t.i]
                        break
    if found is not None and found[2] in ("ORG", "GPE", "NORP"):
        return found
    if found is None and token.lemma_.lower() in _DOCUMENTS:
        return _resolve(ctx, token)[1]  # "The statement ... it read": the document's author
    return None


def _resolve_person(ctx: _Context, position: int, gender: str | None):
    import bisect

    candidates = []
    upto = bisect.bisect_left(ctx.person_starts, position)
    for start, end, is_subject in reversed(ctx.persons[max(0, upto - _PRONOUN_LOOKBACK):upto]):
        candidates.append((start, (start, end, "PERSON"), is_subject))
    # Earlier speakers count as subjects where they were referred to ("the minister", "she").
    for pos, start, end in reversed(ctx.resolved[-_PRONOUN_LOOKBACK:]):
        if pos < position:
            candidates.append((pos, (start, end, "PERSON"), True))
    candidates.sort(key=lambda c: -c[0])
    fallback = None
    for pos, ent, is_subject in candidates:
        known = ctx.gender_of(ent[0], ent[1])
        if gender and known and known != gender:
            continue
        if is_subject:
            return ent
        fallback = fallback or ent
    if fallback is None:
        # Only a surname NER took for an organisation ("Lavrov spoke. ... he said") is left.
        upto = bisect.bisect_left(ctx.maybe_person_starts, position)
        if upto:
            start, end = ctx.maybe_persons[upto - 1]
            return start, end, "ORG"
        # Nobody named yet: an article may open on "“...,” he said. Paparo added ...".
        upto = bisect.bisect_left(ctx.person_starts, position)
        for start, end, is_subject in ctx.persons[upto:upto + 3]:
            if start - position > _FORWARD_TITLE:
                break
            known = ctx.gender_of(start, end)
            if is_subject and not (gender and known and known != gender):
                return start, end, "PERSON"
    return fallback


def _is_title(span: Span) -> bool:
    """A quoted name of a work, law or event (“The Hardest Place”), or a phrase in title case."""
    if _is_work_title(span):
        return True
    words = [t for t in span if t.is_alpha and t.lower_ not in _SMALL_WORDS]
    return 1 < len(words) <= 6 and all(t.is_title for t in words) and span[-1].text not in _TERMINAL


_TITLE_LABELS = ("WORK_OF_ART", "LAW", "EVENT", "PRODUCT")
_SMALL_WORDS = frozenset("a an the of in on at to for and or but with by from as".split())


def _is_work_title(span: Span) -> bool:
    """The quote is the name of a book, law or event: a term nobody says."""
    # Token by token: Span.ents scans every entity of the doc, quadratic over many quotes.
    tokens = [t for t in span if not t.is_punct] if len(span) <= 16 else []
    return bool(tokens) and tokens[0].ent_iob_ == "B" and all(
        t.ent_type_ in _TITLE_LABELS and (t.ent_iob_ == "I" or t is tokens[0]) for t in tokens
    )


_NAMING_WORDS = frozenset(
    "so-called dubbed named titled labelled labeled phrase word term slogan label motto expression nickname".split()
)


def _named_as_term(span: Span) -> bool:
    """`the phrase “special military operation.”`, `the so-called “iron brotherhood”`."""
    i = span.start - 1
    doc = span.doc
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    return i >= 0 and (doc[i].lower_ in _NAMING_WORDS or doc[i].lemma_.lower() in _NAMING_WORDS)


def _kind(span: Span, quote: Quote, text: str, by_parse: bool) -> str:
    """A statement, or a term: a short quoted name or scare quote with no clause of its own."""
    if not quote.block and (_is_title(span) or _named_as_term(span)):
        return "term"
    words = [t for t in span if t.is_alpha or t.like_num]
    content = text[quote.start:quote.end].rstrip("\"'”’»")
    has_verb = any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in span)
    final = content[-1:] in _TERMINAL
    if quote.block or len(words) >= 6:
        return "statement"
    if len(words) >= 3 and (has_verb or final or by_parse) or len(words) == 2 and has_verb and final:
        return "statement"
    if quote.cue is not None and content[-1:] in ",.!?…" and _opens_sentence(text, quote):
        return "statement"  # “No,” he said.
    return "term"


def _opens_sentence(text: str, quote: Quote) -> bool:
    if quote.open_mark < 0:
        return False
    before = text[max(0, quote.open_mark - 3):quote.open_mark].rstrip(" \t")
    return not before or before[-1] in "\n.!?:”\"’'"


def _line_speaker(doc: Doc, text: str, start: int, end: int, labels: tuple[str, ...], max_words: int):
    """The named speaker of a short line with no verb (`Spokesman Maj. Gen. Pat Ryder`)."""
    from reader.nlp.actors import clean_mention

    if end - start > 40 * max_words:
        return None
    line = text[start:end].strip()
    if not line or len(line.split()) > max_words:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or any(t.pos_ == "VERB" for t in span):
        return None
    i = span.end - 1
    while i >= span.start:
        token = doc[i]
        if token.ent_type_ in labels:
            first = i
            while first > span.start and doc[first].ent_iob_ == "I":
                first -= 1
            ent_end = doc[i].idx + len(doc[i].text)
            cleaned = clean_mention(text, doc[first].idx, ent_end, token.ent_type_)
            if cleaned:
                return cleaned[0], cleaned[1], token.ent_type_
            i = first
        i -= 1
    if "PERSON" in labels:
        # NER missed the name: the last proper noun of the line, with its neighbours.
        for token in reversed(span):
            if token.pos_ == "PROPN":
                run = _name_run(doc, token, text)
                if run and run[2] == "PERSON" and run[1] - run[0] > len(token.text):
                    named = doc.char_span(run[0], run[1], alignment_mode="expand")
                    if named is not None and not any(t.ent_type_ for t in named):
                        return run
                break
    return None


# A speaker's label opening a transcript line: "MILLER: We have seen the reports."
_LABEL = re.compile(r"[ \t]*(?:[•*·▪–—-][ \t]*)?([A-Z][\w.'’-]*(?:[ \t][A-Z][\w.'’-]*){0,3}):[ \t]+(?=\S)")
_ANONYMOUS_LABELS = frozenset("q question a answer reporter interviewer moderator host audience voice".split())
_META_LABELS = frozenset(
    """note update source photo photos credit watch read related breaking editor's note video
    image caption correction disclaimer tags share advertisement subscribe""".split()
)


_CREDIT_WORDS = frozenset(
    "getty images afp ap reuters photo photos file pool epa via credit shutterstock tass sputnik xinhua yonhap".split()
)


def _names_itself(text: str, start: int, end: int, name: tuple[int, int, str]) -> bool:
    """Whether the paragraph names the person on the line below it: a caption under a story
    about them ("Putin arrived in Pyongyang..." / "Vladimir Putin"), as nobody quotes themself."""
    surname = text[name[0]:name[1]].split()[-1]
    return re.search(rf"\b{re.escape(surname)}\b", text[start:min(end, start + 5000)]) is not None


def _only_name_and_titles(text: str, start: int, end: int, name: tuple[int, int, str]) -> bool:
    """An attribution line holds one name and titles ("Spokesman Maj. Gen. Pat Ryder", "John
    Kirby, NSC spokesman"), not a subheading that names someone ("Kim’s gamble", "Putin and Kim")."""
    from reader.nlp.actors import TITLE_WORDS

    rest = text[start:name[0]] + " " + text[name[1]:end]
    for word in re.findall(r"[^\W\d_][\w.’'-]*", rest):
        low = word.casefold().rstrip(".")
        if low in _CREDIT_WORDS:
            return False  # a photo caption or credit: "Vladimir Putin / Getty Images"
        if low in TITLE_WORDS or low in ("of", "for", "the", "at", "on", "to") or word[:1].isupper():
            if low in ("and", "said", "says"):
                return False
            continue
        return False
    return True


def _speaking_line(doc: Doc, text: str, start: int, end: int):
    """`Kirby told reporters:` above an unmarked paragraph: the person or organisation named
    before the line's speech verb."""
    if end - start > 300:
        return None
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    verbs = [t for t in span if t.pos_ == "VERB" and _introduces(t)]
    if not verbs:
        return None
    named = None
    for token in span:
        if token.i >= verbs[-1].i:
            break
        if token.ent_type_ in ("PERSON", "ORG") and token.ent_iob_ == "B":
            named = token
    if named is None:
        return None
    last = named.i
    while last + 1 < span.end and doc[last + 1].ent_iob_ == "I":
        last += 1
    from reader.nlp.actors import clean_mention

    cleaned = clean_mention(text, named.idx, doc[last].idx + len(doc[last].text), named.ent_type_)
    return (*cleaned, named.ent_type_) if cleaned else None


def _block_quotes(doc: Doc, quotes: list[Quote], text: str) -> list[Quote]:
    """Unmarked statements: a paragraph and its attribution line, or `Name:` then a paragraph."""
    import bisect

    paragraphs = list(_paragraph_spans(text))
    marked = sorted((q.open_mark if q.open_mark >= 0 else q.start, q.end) for q in quotes)
    found: list[Quote] = []

    def quoted_share(start, end) -> float:
        i = bisect.bisect_left(marked, (start, -1))
        inside = 0
        while i < len(marked) and marked[i][0] < end:
            inside += min(end, marked[i][1]) - marked[i][0]
            i += 1
        return inside / max(1, end - start)

    def block(start, end, speaker):
        q_start, q_end = _trim(text, start, end)
        found.append(Quote(q_start, q_end, block=True, speaker_span=speaker and speaker[:2], speaker_ent=speaker))

    person_words: set[str] | None = None
    for index, (start, end) in enumerate(paragraphs):
        label = _LABEL.match(text, start, min(end, start + 60))
        if label and quoted_share(label.end(), end) == 0 and len(text[label.end():end].split()) >= 2:
            name = label.group(1)
            if name.casefold() in _ANONYMOUS_LABELS:
                block(label.end(), end, None)
                continue
            if name.casefold() not in _META_LABELS:
                if person_words is None:
                    person_words = {w.casefold() for e in doc.ents if e.label_ == "PERSON" for w in e.text.split()}
                if name.isupper() or set(name.casefold().split()) <= person_words:
                    block(label.end(), end, (label.start(1), label.end(1), "PERSON"))
                    continue
        body = text[start:end].strip()
        if len(body.split()) < 8 or body.endswith(":") or quoted_share(start, end) > 0.3:
            continue
        if index + 1 < len(paragraphs) and index > 0:
            n_start, n_end = paragraphs[index + 1]
            line = text[n_start:n_end].strip()
            if (line[-1:] not in ".!?:;,\"”" and quoted_share(n_start, n_end) == 0
                    and not line.casefold().startswith(("by ", "reporting", "photo", "source", "editing"))):
                speaker = _line_speaker(doc, text, n_start, n_end, ("PERSON",), 9)
                if speaker and _only_name_and_titles(text, n_start, n_end, speaker) and not _names_itself(text, start, end, speaker):
                    block(start, end, speaker)
                    continue
        if index > 0:
            p_start, p_end = paragraphs[index - 1]
            if text[p_start:p_end].strip().endswith(":"):
                speaker = _line_speaker(doc, text, p_start, p_end, ("PERSON",), 16)
                if speaker and speaker[0] - p_start < 40:
                    block(start, end, speaker)
                else:
                    speaker = _speaking_line(doc, text, p_start, p_end)
                    if speaker:
                        block(start, end, speaker)
    return found


def _gap_is_attribution(text: str, first: Quote, second: Quote) -> bool:
    """`“X,” he said, “Y.”`: only the attribution stands between two parts of one statement."""
    if first.close_mark < 0 or second.open_mark < 0:
        return False
    gap = text[first.close_mark + 1:second.open_mark]
    if not gap.strip() or "\n" in gap or len(gap) > 160 or any(ch in gap for ch in ".!?"):
        return False
    if gap.strip()[-1] not in ",:—–-" and not text[second.start:second.start + 1].islower():
        return False  # `“Title”, X wrote that Y “...”`: the second quote is a clause of its own
    if second.cue_span is not None and second.cue_span != first.cue_span:
        return False  # `“X,” he said, adding: “Y.”`: a second cue opens a second statement
    return first.cue_span is not None and first.close_mark <= first.cue_span[0] < second.open_mark


def _paragraph_of(ctx: "_Context", position: int) -> tuple[int, int]:
    index = max(0, ctx.paragraph(position) - 1)
    return ctx.paragraph_starts[index], ctx.paragraph_ends[index]


# Characters either side of a quote read for a `Name:` lead-in or a trailing attribution.
_AROUND = 200


def _said_before(text: str, quote: Quote, previous: list[Quote]) -> Quote | None:
    """An earlier quote of the same words with a speaker (a headline repeated in the page)."""
    content = text[quote.start:quote.end]
    for earlier in reversed(previous[-_PRONOUN_LOOKBACK:]):
        if earlier.speaker_ent is not None and text[earlier.start:earlier.end] == content:
            return earlier
    return None


def _actor_before_mark(doc: Doc, ctx: "_Context", mark: int):
    """A person or organisation named right before an opening mark, with nothing between."""
    if not ctx.text[mark - 1:mark].isspace() or ctx.text[mark - 2:mark - 1].isspace():
        return None
    token = doc.char_span(mark - 2, mark - 1, alignment_mode="expand")
    if token is None:
        return None
    found = ctx.ent_of.get(token[0].i)
    if found is not None and found[2] in ("PERSON", "ORG") and found[1] >= mark - 3:
        return found
    return None


def _fallback_speaker(doc: Doc, ctx: "_Context", quote: Quote, previous: list[Quote]):
    """Speakers not read from a cue: `Name: “...”`, a credit line under a quoted headline, the
    speaker of the quote just before, or of the same words quoted earlier."""
    text = ctx.text
    p_start, p_end = _paragraph_of(ctx, quote.start)
    if quote.open_mark >= 0:
        # Only the sentence the quote opens in: "... spoke later. Zelensky — “...”"
        lead_in = re.split(r"(?<=[.!?])\s+", text[max(p_start, quote.open_mark - _AROUND):quote.open_mark])[-1]
        before = lead_in.strip()
    else:
        before = "x"
    if quote.close_mark >= 0:
        after = text[quote.close_mark + 1:min(p_end, quote.close_mark + 1 + _AROUND)].strip(" \t.,;:!?”\"'’)(")
    else:
        after = "x"
    if before.endswith((":", "—", "–")) and 0 < len(before.split()) <= 6:
        span = doc.char_span(quote.open_mark - len(lead_in), quote.open_mark, alignment_mode="contract")
        if span is not None and len(span):
            for token in reversed(span):
                if token.i in ctx.ent_of or token.pos_ in ("PROPN", "NOUN"):
                    speaker_span, ent = _resolve(ctx, token)
                    if ent is not None:
                        return speaker_span, ent
                    break
    dash = re.match(r"[ \t]*[—–-]+[ \t]*(?=\w)", text[quote.close_mark + 1:p_end]) if quote.close_mark >= 0 else None
    if dash and not before:
        # `“...” — Volodymyr Zelensky`: a credit after a dash, with no verb; what follows a comma
        # (`, speaking to ABC radio`) says where, not who.
        credit = quote.close_mark + 1 + dash.end()
        comma = text.find(",", credit, p_end)
        found = (comma >= 0 and _line_speaker(doc, text, credit, comma, _ACTOR_LABELS, 8)
                 or _line_speaker(doc, text, credit, p_end, _ACTOR_LABELS, 8))
        if found:
            return found[:2], found
    if not before and not after:
        index = ctx.paragraph(quote.start)
        if index < len(ctx.paragraph_starts):
            found = _line_speaker(doc, text, ctx.paragraph_starts[index], ctx.paragraph_ends[index], _ACTOR_LABELS, 6)
            if found:
                return found[:2], found
    earlier = _said_before(text, quote, previous)
    if earlier is not None:
        return earlier.speaker_span, earlier.speaker_ent
    found = _named_next(doc, ctx, quote)
    if found is not None:
        return found
    if quote.open_mark > 0:
        # A verbless headline: "Antony Blinken ‘very concerned’ about ties".
        found = _actor_before_mark(doc, ctx, quote.open_mark)
        if found is not None:
            return found[:2], found
    if previous and quote.kind == "statement" and (not before or before[-1] in ".!?”\"’'"):
        last = previous[-1]
        if last.speaker_ent is not None and ctx.paragraph(quote.start) - ctx.paragraph(last.start) <= 1:
            return None, last.speaker_ent
    return None, None


_DEMONSTRATIVES = frozenset("that this those these such".split())
_SAYING_NOUNS = frozenset(
    "word remark comment message verdict assessment warning answer reply response view promise vow".split()
)


def _named_next(doc: Doc, ctx: "_Context", quote: Quote):
    """`“We are ready.” Those were the words of Admiral X.`: a sentence that points back at the
    quote with a demonstrative names its speaker as the owner of the words."""
    if quote.close_mark < 0:
        return None
    closing = doc.char_span(quote.close_mark, quote.close_mark + 1, alignment_mode="expand")
    if closing is None:
        return None
    first = closing.end
    while first < len(doc) and (doc[first].is_space or doc[first].is_punct and not doc[first].is_quote):
        first += 1
    if first >= len(doc) or ctx.paragraph(doc[first].idx) != ctx.paragraph(quote.start):
        return None
    if doc[first].lower_ == "so" and first + 1 < len(doc) and _speech_verb(doc[first + 1]):
        # "So said a senior diplomat": the speaker, named or not, follows the verb.
        verb = doc[first + 1]
        subject = next((c for c in _kids(verb) if c.dep_ in SUBJECT_DEPS), None)
        if subject is None and first + 2 < len(doc):
            subject = doc[first + 2].head if doc[first + 2].head.i > first + 1 else doc[first + 2]
        return _resolve(ctx, subject) if subject is not None else None
    if doc[first].lower_ not in _DEMONSTRATIVES:
        return None
    for token in doc[first:min(ctx.sent_end[first], first + 30)]:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in _SAYING_NOUNS:
            continue
        for child in _kids(token):
            owner = child if child.dep_ == "poss" else None
            if child.lower_ == "of":
                owner = next((o for o in _kids(child) if o.dep_ == "pobj"), None)
            if owner is not None and ctx.quote_of[owner.i] < 0:
                speaker_span, ent = _resolve(ctx, owner)
                if ent is not None:
                    return speaker_span, ent
    return None


def _named_label(text: str, quote: Quote, span: Span) -> bool:
    """`Kremlin: “No talks without guarantees”`: a phrase after a speaker's name and a colon is
    what they said, however short, where the label is the name itself (not `Seoul spy agency`)."""
    if quote.speaker_span is None or quote.speaker_ent is None or tuple(quote.speaker_span) != quote.speaker_ent[:2]:
        return False
    if text[quote.speaker_span[1]:quote.open_mark].strip() != ":":
        return False
    return sum(1 for t in span if t.is_alpha) >= 3


def find_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a document, classified and attributed, in text order."""
    text = doc.text
    quotes = scan_quotes(text)
    quotes = sorted(quotes + _block_quotes(doc, quotes, text), key=lambda q: q.start)
    ctx = _Context(doc, quotes, text)
    group = 0
    chains: dict[int, int] = {}
    done: list[Quote] = []
    for index, quote in enumerate(quotes):
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        by_parse = False
        if not quote.block and not _is_work_title(span):
            cue, subject, by_parse = _find_cue(doc, ctx, span, index)
            if cue is not None:
                quote.cue = cue.text
                quote.cue_span = (cue.idx, cue.idx + len(cue.text))
                quote.speaker_span, quote.speaker_ent = _resolve(ctx, subject)
        quote.kind = _kind(span, quote, text, by_parse)
        if quote.chain >= 0 and quote.chain in chains:
            quote.group = chains[quote.chain]
        elif done and _gap_is_attribution(text, done[-1], quote):
            quote.group = done[-1].group
        else:
            quote.group = group
            group += 1
        if quote.chain >= 0:
            chains.setdefault(quote.chain, quote.group)
        if quote.cue is None and quote.speaker_ent is None and not quote.block:
            same = [q for q in done[-4:] if q.group == quote.group and q.speaker_ent is not None]
            if same:
                quote.speaker_span, quote.speaker_ent, quote.cue = same[0].speaker_span, same[0].speaker_ent, same[0].cue
            else:
                quote.speaker_span, quote.speaker_ent = _fallback_speaker(doc, ctx, quote, done)
                if quote.kind == "term" and _named_label(text, quote, span):
                    quote.kind = "statement"
        elif quote.speaker_ent is None and not quote.block:
            earlier = _said_before(text, quote, done)
            if earlier is not None:
                quote.speaker_span, quote.speaker_ent = earlier.speaker_span, earlier.speaker_ent
        if quote.speaker_ent is not None and quote.speaker_ent[2] == "PERSON":
            position = quote.speaker_span[0] if quote.speaker_span else quote.start
            ctx.resolved.append((position, quote.speaker_ent[0], quote.speaker_ent[1]))
        done.append(quote)
    _share_within_groups(done)
    return done


def _share_within_groups(quotes: list[Quote]) -> None:
    statements = {q.group for q in quotes if q.kind == "statement"}
    for quote in quotes:
        if quote.group in statements:
            quote.kind = "statement"
    by_group: dict[int, Quote] = {}
    for quote in quotes:
        if quote.speaker_ent is not None or quote.cue is not None:
            by_group.setdefault(quote.group, quote)
    for quote in quotes:
        source = by_group.get(quote.group)
        if source is not None and quote.cue is None and quote.speaker_ent is None:
            quote.speaker_span, quote.speaker_ent = source.speaker_span, source.speaker_ent
            quote.cue, quote.cue_span = source.cue, source.cue_span


class QuoteFinder:
    """Pipeline component: finds quotes, sorts statements from terms and names their speakers."""

    def __init__(self) -> None:
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for quote in find_quotes(doc):
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            span._.reader_kind = quote.kind
            span._.reader_offsets = [quote.start, quote.end]
            span._.reader_speaker_span = list(quote.speaker_span) if quote.speaker_span else None
            span._.reader_speaker_ent = list(quote.speaker_ent) if quote.speaker_ent else None
            span._.reader_cue = quote.cue
            span._.reader_group = quote.group
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory("reader_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()


def quote_records(doc: Doc, offset: int = 0) -> list[dict]:
    """The document's quotes as plain dicts with character offsets shifted by `offset`.

    `speaker` is left to the caller, who knows the actors: `speaker_ent` holds the offsets of
    the named mention the speaker resolved to (or None)."""
    text = doc.text
    records = []
    for span in doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else ():
        start, end = span._.reader_offsets or (span.start_char, span.end_char)
        speaker_span = span._.reader_speaker_span
        speaker_ent = span._.reader_speaker_ent
        records.append({
            "start": start + offset,
            "end": end + offset,
            "text": text[start:end],
            "kind": span._.reader_kind,
            "speaker": None,
            "speaker_span": [speaker_span[0] + offset, speaker_span[1] + offset] if speaker_span else None,
            "speaker_ent": [speaker_ent[0] + offset, speaker_ent[1] + offset, speaker_ent[2]] if speaker_ent else None,
            "cue": span._.reader_cue,
            "group": span._.reader_group,
        })
    return records
