"""Unmarked block quotes as named rules: transcript labels, an attribution line below, a colon-ended line above."""

from __future__ import annotations

import re

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

    def block(start, end, speaker, rule):
        q_start, q_end = _trim(text, start, end)
        found.append(
            Quote(q_start, q_end, block=True, speaker_span=speaker and speaker[:2], speaker_ent=speaker, rule=rule)
        )

    person_words: set[str] | None = None
    dialogue: set[int] | None = None
    for index, (start, end) in enumerate(paragraphs):
        label = _LABEL.match(text, start, min(end, start + 60))
        if label and quoted_share(label.end(), end) == 0 and len(text[label.end() : end].split()) >= 2:
            name = label.group(1)
            if name.casefold() in lx.ACTIVE.anonymous_labels:
                block(label.end(), end, None, "block: anonymous label")
                continue
            if name.casefold() not in lx.ACTIVE.meta_labels:
                if person_words is None:
                    person_words = {w.casefold() for e in doc.ents if e.label_ == "PERSON" for w in e.text.split()}
                if dialogue is None:
                    dialogue = _dialogue(text, paragraphs)
                listed = index in dialogue or text[label.start() : label.start(1)].strip()  # "• Name: ..."
                if listed and (name.isupper() or set(name.casefold().split()) <= person_words):
                    block(label.end(), end, (label.start(1), label.end(1), "PERSON"), "block: name label")
                    continue
        body = text[start:end].strip()
        if len(body.split()) < 8 or body.endswith(":") or quoted_share(start, end) > 0.3:
            continue
        if index + 1 < len(paragraphs) and index > 0:
            n_start, n_end = paragraphs[index + 1]
            line = text[n_start:n_end].strip()
            if (
                line[-1:] not in '.!?:;,"”'
                and quoted_share(n_start, n_end) == 0
                and not line.casefold().startswith(("by ", "reporting", "photo", "source", "editing"))
            ):
                speaker = _line_speaker(doc, text, n_start, n_end, ("PERSON",), 9)
                if (
                    speaker
                    and _only_name_and_titles(text, n_start, n_end, speaker)
                    and not _names_itself(text, start, end, speaker)
                ):
                    block(start, end, speaker, "block: credit line below")
                    continue
        if index > 0:
            p_start, p_end = paragraphs[index - 1]
            if text[p_start:p_end].strip().endswith(":"):
                speaker = _line_speaker(doc, text, p_start, p_end, ("PERSON",), 16)
                if speaker and speaker[0] - p_start < 40:
                    block(start, end, speaker, "block: name in line ending in colon")
                else:
                    speaker = _speaking_line(doc, text, p_start, p_end)
                    if speaker:
                        block(start, end, speaker, "block: speech verb in line ending in colon")
    return found
