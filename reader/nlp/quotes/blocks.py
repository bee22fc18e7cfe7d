"""Unmarked block quotes as named rules: transcript labels, an attribution line below, a colon-ended line above."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc

from reader.nlp.quotes import lexicon as lx
from reader.nlp.quotes.cues import _introduces
from reader.nlp.quotes.index import _name_run
from reader.nlp.quotes.marks import Quote, _paragraph_spans, _trim


def _line_speaker(
    doc: Doc, text: str, start: int, end: int, labels: tuple[str, ...], max_words: int
) -> tuple[int, int, str] | None:
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


def _names_itself(text: str, start: int, end: int, name: tuple[int, int, str]) -> bool:
    """Whether the paragraph names the person on the line below it: a caption under a story
    about them ("Putin arrived in Pyongyang..." / "Vladimir Putin"), as nobody quotes themself."""
    surname = text[name[0] : name[1]].split()[-1]
    return re.search(rf"\b{re.escape(surname)}\b", text[start : min(end, start + 5000)]) is not None


def _only_name_and_titles(text: str, start: int, end: int, name: tuple[int, int, str]) -> bool:
    """An attribution line holds one name and titles ("Spokesman Maj. Gen. Pat Ryder", "John
    Kirby, NSC spokesman"), not a subheading that names someone ("Kim’s gamble", "Putin and Kim")."""
    from reader.nlp.actors import TITLE_WORDS

    rest = text[start : name[0]] + " " + text[name[1] : end]
    for word in re.findall(r"[^\W\d_][\w.’'-]*", rest):
        low = word.casefold().rstrip(".")
        if low in lx.ACTIVE.credit_words:
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


def _dialogue(text: str, paragraphs: list[tuple[int, int]]) -> set[int]:
    """Paragraphs whose `Name:` label is part of a transcript: the label speaks again, or a
    paragraph next to it is labelled too. A label alone (`EXCLUSIVE: ...` over a story, a list
    of `Sanders: Win in a walk.` between paragraphs of prose) names no speaker."""
    labels = {}
    for index, (start, end) in enumerate(paragraphs):
        label = _LABEL.match(text, start, min(end, start + 60))
        if label:
            labels[index] = label.group(1).casefold()
    counts: dict[str, int] = {}
    for name in labels.values():
        counts[name] = counts.get(name, 0) + 1
    return {i for i, name in labels.items() if counts[name] > 1 or i - 1 in labels or i + 1 in labels}


@dataclass
class _Paragraphs:
    """The paragraphs of a text read for block quotes, with the marked quotes' extents, and the
    persons' name words and transcript paragraphs worked out once, when a rule first needs them."""

    doc: Doc
    text: str
    spans: list[tuple[int, int]]
    marked: list[tuple[int, int]]

    def quoted_share(self, start: int, end: int) -> float:
        """The share of [start, end) inside marked quotes."""
        marked = self.marked
        i = bisect.bisect_left(marked, (start, -1))
        inside = 0
        while i < len(marked) and marked[i][0] < end:
            inside += min(end, marked[i][1]) - marked[i][0]
            i += 1
        return inside / max(1, end - start)

    @cached_property
    def person_words(self) -> set[str]:
        return {w.casefold() for e in self.doc.ents if e.label_ == "PERSON" for w in e.text.split()}

    @cached_property
    def dialogue(self) -> set[int]:
        return _dialogue(self.text, self.spans)

    def block(self, start: int, end: int, speaker: tuple[int, int, str] | None, rule: str) -> Quote:
        q_start, q_end = _trim(self.text, start, end)
        return Quote(q_start, q_end, block=True, speaker_span=speaker and speaker[:2], speaker_ent=speaker, rule=rule)


def _labelled_block(para: _Paragraphs, index: int) -> Quote | None:
    """`Name: paragraph` with no marked quote in it: an anonymous label (`Q:`), or a person's name
    in a transcript or a list (`• Name: ...`); a meta label (`EXCLUSIVE:`) names no one."""
    text = para.text
    start, end = para.spans[index]
    label = _LABEL.match(text, start, min(end, start + 60))
    if not (label and para.quoted_share(label.end(), end) == 0 and len(text[label.end() : end].split()) >= 2):
        return None
    name = label.group(1)
    if name.casefold() in lx.ACTIVE.anonymous_labels:
        return para.block(label.end(), end, None, "block: anonymous label")
    if name.casefold() in lx.ACTIVE.meta_labels:
        return None
    listed = index in para.dialogue or text[label.start() : label.start(1)].strip()  # "• Name: ..."
    if listed and (name.isupper() or set(name.casefold().split()) <= para.person_words):
        return para.block(label.end(), end, (label.start(1), label.end(1), "PERSON"), "block: name label")
    return None


def _unmarked_statement(para: _Paragraphs, start: int, end: int) -> bool:
    """A paragraph long enough to be a statement, not a lead-in ending in a colon, and mostly
    outside marked quotes."""
    body = para.text[start:end].strip()
    return not (len(body.split()) < 8 or body.endswith(":") or para.quoted_share(start, end) > 0.3)


def _credit_line_below(para: _Paragraphs, index: int) -> Quote | None:
    """A paragraph with a line below it that holds only a person's name and titles, with no
    sentence end, and the paragraph does not name that person (a caption would)."""
    if not (index + 1 < len(para.spans) and index > 0):
        return None
    doc, text = para.doc, para.text
    start, end = para.spans[index]
    n_start, n_end = para.spans[index + 1]
    line = text[n_start:n_end].strip()
    if (
        line[-1:] in '.!?:;,"”'
        or para.quoted_share(n_start, n_end) != 0
        or line.casefold().startswith(("by ", "reporting", "photo", "source", "editing"))
    ):
        return None
    speaker = _line_speaker(doc, text, n_start, n_end, ("PERSON",), 9)
    if (
        speaker
        and _only_name_and_titles(text, n_start, n_end, speaker)
        and not _names_itself(text, start, end, speaker)
    ):
        return para.block(start, end, speaker, "block: credit line below")
    return None


def _colon_line_above(para: _Paragraphs, index: int) -> Quote | None:
    """A paragraph after a line ending in a colon: a name near that line's start, or a speech verb
    with a name before it (`Kirby told reporters:`)."""
    if index <= 0:
        return None
    doc, text = para.doc, para.text
    start, end = para.spans[index]
    p_start, p_end = para.spans[index - 1]
    if not text[p_start:p_end].strip().endswith(":"):
        return None
    speaker = _line_speaker(doc, text, p_start, p_end, ("PERSON",), 16)
    if speaker and speaker[0] - p_start < 40:
        return para.block(start, end, speaker, "block: name in line ending in colon")
    speaker = _speaking_line(doc, text, p_start, p_end)
    if speaker:
        return para.block(start, end, speaker, "block: speech verb in line ending in colon")
    return None


def _block_quotes(doc: Doc, quotes: list[Quote], text: str) -> list[Quote]:
    """Unmarked statements: a paragraph and its attribution line, or `Name:` then a paragraph."""
    marked = sorted((q.open_mark if q.open_mark >= 0 else q.start, q.end) for q in quotes)
    para = _Paragraphs(doc, text, list(_paragraph_spans(text)), marked)
    found: list[Quote] = []
    for index, (start, end) in enumerate(para.spans):
        quote = _labelled_block(para, index)
        if quote is None and _unmarked_statement(para, start, end):
            quote = _credit_line_below(para, index)
            if quote is None:
                quote = _colon_line_above(para, index)
        if quote is not None:
            found.append(quote)
    return found
