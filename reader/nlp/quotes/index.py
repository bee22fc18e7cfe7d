"""The immutable per-document index: sentences, paragraphs, entities, persons, titles and subjects, built once."""

from __future__ import annotations

from itertools import islice

from spacy.tokens import Doc, Span

from reader.nlp.quotes import lexicon as lx
from reader.nlp.quotes.lexicon import PRONOUNS
from reader.nlp.quotes.marks import Quote, _paragraph_spans

# Words either side of a quote searched for a speech verb when the parse offers none.
_CUE_WINDOW = 40
_PRONOUN_LOOKBACK = 40
# Children looked at per token: a run-on "sentence" of a huge line can give one token thousands.
_KIDS = 48
SUBJECT_DEPS = ("nsubj", "nsubjpass")
_ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_CLIMB = 8
_TERMINAL = ".!?…"


class DocIndex:
    """Per-document lookups built once: entities by token, person subjects, titles, genders."""

    def __init__(self, doc: Doc, quotes: list[Quote], text: str):
        self.text = text  # Doc.text joins every token on each call: read it once
        self.doc = doc
        self.quote_of = [-1] * len(doc)
        for index, quote in enumerate(quotes):
            span = doc.char_span(
                max(quote.open_mark, quote.start - 1) if quote.open_mark >= 0 else quote.start,
                min(quote.close_mark + 1, len(text)) if quote.close_mark >= 0 else quote.end,
                alignment_mode="expand",
            )
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
        for ent, cleaned, label in self._actor_entities(doc, text):
            self._add_entity(doc, text, ent, cleaned, label)
        self._add_subjects(doc, text)
        self.persons.sort()
        # Words of people named in full, for a lone surname NER missed (`Trump:` in a headline).
        self.person_words = frozenset(
            w for start, end, _ in self.persons if len(text[start:end].split()) > 1 for w in text[start:end].split()
        )
        self.person_starts = [p[0] for p in self.persons]
        self.org_starts = [o[0] for o in self.orgs]
        self.maybe_person_starts = [p[0] for p in self.maybe_persons]
        self.titles.sort()
        self.title_starts = [t[0] for t in self.titles]
        self.subject_starts = [p[0] for p in self.subjects]

    @staticmethod
    def _actor_entities(doc: Doc, text: str) -> list[tuple[Span, tuple[int, int], str]]:
        """(entity, cleaned offsets, label) of every actor NER found, names NER cut short mended."""
        from reader.nlp.actors import clean_mention, entity_label, unglue

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
            w
            for ent, (start, end), label in ents
            if label == "PERSON"
            for w in (text[start:end].split()[0], text[start:end].split()[-1])
            if len(text[start:end].split()) > 1
        }
        found = []
        for ent, cleaned, label in ents:
            if label != "PERSON" and text[cleaned[0] : cleaned[1]] in surnames:
                label = "PERSON"
            if label == "PERSON":
                run = _name_run(doc, ent.root, text)
                if run and run[0] <= cleaned[0] and cleaned[1] <= run[1] and run[2] == "PERSON":
                    cleaned = run[:2]  # NER cut a name short: "Budanov" of "Kyrylo Budanov"
            found.append((ent, cleaned, label))
        return found

    def _add_entity(self, doc: Doc, text: str, ent: Span, cleaned: tuple[int, int], label: str) -> None:
        record = (cleaned[0], cleaned[1], label)
        for token in ent:
            self.ent_of[token.i] = record
        if label == "ORG":
            self.orgs.append(cleaned)
            if (
                len(ent) == 1
                and ent[0].is_title
                and ent.root.dep_ in SUBJECT_DEPS
                and ent[0].lower_ not in lx.ACTIVE.org_words
                and self.quote_of[ent.start] < 0
            ):
                self.maybe_persons.append(cleaned)
        if self.quote_of[ent.start] >= 0 or label != "PERSON":
            return
        is_subject = any(t.dep_ in SUBJECT_DEPS or t.dep_ == "ROOT" for t in ent)
        self.persons.append((cleaned[0], cleaned[1], is_subject))
        words = self._title_words(doc, ent, cleaned)
        if words:
            self.titles.append((cleaned[0], cleaned[1], words))
        self._learn_gender(text[cleaned[0] : cleaned[1]], words)

    def _add_subjects(self, doc: Doc, text: str) -> None:
        """Subjects outside quotes, for pronouns: proper-noun subjects that NER missed count too."""
        self.subjects: list[tuple[int, int]] = []  # (char position, token index)
        for token in doc:
            if token.dep_ in SUBJECT_DEPS and self.quote_of[token.i] < 0 and token.lower_ not in PRONOUNS:
                self.subjects.append((token.idx, token.i))
                if token.pos_ == "PROPN" and token.i not in self.ent_of:
                    run = _name_run(doc, token, text)
                    if run and run[2] == "PERSON" and not _after_article(doc, text, run[0]):
                        self.persons.append((run[0], run[1], True))
                        self._learn_gender(text[run[0] : run[1]], frozenset())

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
                for token in doc[max(child.left_edge.i, child.i - 5) : child.i + 1]:
                    if token.is_alpha:
                        add(token)
        return frozenset(words)

    def paragraph(self, position: int) -> int:
        import bisect

        return bisect.bisect_right(self.paragraph_starts, position)

    def _learn_gender(self, name: str, words: frozenset) -> None:
        """While the index is built: a person's gender from their title words or first name."""
        parts = name.casefold().split()
        if not parts:
            return
        if words & lx.ACTIVE.female_words or parts[0] in lx.ACTIVE.female_names:
            gender = "f"
        elif words & lx.ACTIVE.male_words or parts[0] in lx.ACTIVE.male_names:
            gender = "m"
        else:
            return  # unknown: no guess
        # Keyed by the last word too, so a later bare surname finds it.
        self.gender.setdefault(" ".join(parts), gender)
        self.gender.setdefault(parts[-1], gender)


def _after_article(doc: Doc, text: str, start: int) -> bool:
    """`the South`, `a Pentagon`: a proper noun after an article is no person's name."""
    words = text[max(0, start - 4) : start].split()
    return bool(words) and words[-1].lower() in ("the", "a", "an")


def _kids(token):
    return islice(token.children, _KIDS)


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
    words = {w.casefold() for w in text[cleaned[0] : cleaned[1]].split()}
    return cleaned[0], cleaned[1], "ORG" if words & lx.ACTIVE.org_words else "PERSON"


def _paragraph_of(ctx: DocIndex, position: int) -> tuple[int, int]:
    index = max(0, ctx.paragraph(position) - 1)
    return ctx.paragraph_starts[index], ctx.paragraph_ends[index]
