"""From the subject token of a cue to the speaker: names, pronouns, titles, offices, organisations, documents."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from reader.nlp.quotes import lexicon as lx
from reader.nlp.quotes.coref import Coref
from reader.nlp.quotes.index import _PRONOUN_LOOKBACK, DocIndex, _kids, _name_run
from reader.nlp.quotes.lexicon import _INDEFINITE, PRONOUNS


@dataclass(frozen=True)
class Speaker:
    """Who a cue's subject names: the phrase (`speaker_span`), the named mention it resolves to
    (`ent`: start, end, label; None for an unnamed source), the rule that found it, and the gender
    a pronoun taught about the person (the driver records it in the discourse state)."""

    span: tuple[int, int] | None
    ent: tuple[int, int, str] | None
    rule: str | None = None
    gender: str | None = None


NOBODY = Speaker(None, None)
_PRONOUN_RULES = {
    "he": "pronoun he",
    "she": "pronoun she",
    "him": "pronoun he",
    "her": "pronoun she",
    "it": "pronoun it",
    "they": "pronoun they",
}


def _resolve(ctx: DocIndex, ref: Coref, token, depth: int = 0) -> Speaker:
    """The speaker a cue's subject token names, by the first rule that applies."""
    if token is None:
        return NOBODY
    for rule in (_named, _pronoun, _age, _attached_name):
        found = rule(ctx, ref, token)
        if found is not None:
            return found
    return _described(ctx, ref, token, depth)


def _named(ctx: DocIndex, ref: Coref, token) -> Speaker | None:
    """A name (from NER, or a proper-noun run NER missed); `one MP` is a member, unnamed."""
    ent = ctx.ent_of.get(token.i)
    run = _name_run(ctx.doc, token, ctx.text) if token.pos_ == "PROPN" else None
    if (ent is not None or run is not None) and any(
        c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in _kids(token)
    ):
        return Speaker((token.left_edge.idx, token.idx + len(token.text)), None, "unnamed member")
    if ent is not None and (run is None or ent[2] == "PERSON" or run[1] - run[0] <= ent[1] - ent[0]):
        return Speaker((ent[0], ent[1]), ent, "name")
    if run is not None:
        return Speaker((run[0], run[1]), run, "name")
    if token.is_title and token.text in ctx.person_words and ctx.quote_of[token.i] < 0:
        # A surname the tagger took for another word ("said Skelly", tagged an adverb).
        return Speaker(
            (token.idx, token.idx + len(token.text)), (token.idx, token.idx + len(token.text), "PERSON"), "name"
        )
    return None


def _pronoun(ctx: DocIndex, ref: Coref, token) -> Speaker | None:
    low = token.lower_
    if low not in PRONOUNS:
        return None
    span = (token.idx, token.idx + len(token.text))
    if low in ("he", "she", "him", "her"):
        found = _resolve_person(ctx, ref, token.idx, PRONOUNS[low])
        return Speaker(span, found, _PRONOUN_RULES[low], PRONOUNS[low] if found else None)
    if low in ("it", "they"):
        return Speaker(span, _resolve_group(ctx, ref, token.idx), _PRONOUN_RULES[low])
    return Speaker(span, None, "pronoun")


def _age(ctx: DocIndex, ref: Coref, token) -> Speaker | None:
    """ "the 71-year-old said": an age stands for the person last named, like "he"."""
    doc = ctx.doc
    if token.lower_ != "old" or token.i < 2 or doc[token.i - 2].lower_ not in ("year", "years"):
        return None
    left = doc[max(token.left_edge.i, token.i - 6)]
    return Speaker((left.idx, token.idx + len(token.text)), _resolve_person(ctx, ref, token.idx, None), "age")


def _children(token):
    order = ("appos", "compound", "poss", "prep")
    return sorted(_kids(token), key=lambda c: order.index(c.dep_) if c.dep_ in order else 9)


def _attached_name(ctx: DocIndex, ref: Coref, token) -> Speaker | None:
    """A name attached to the subject: `Kirby, the spokesman`, `Pentagon spokesman`, `Kim's envoy`."""
    for child in _children(token):
        if child.dep_ in ("appos", "compound", "poss"):
            found = ctx.ent_of.get(child.i)
            if found is None and child.pos_ == "PROPN":
                found = _name_run(ctx.doc, child, ctx.text)
            if found is not None and found[2] in ("GPE", "NORP") and token.lemma_.lower() not in lx.ACTIVE.institutions:
                continue  # "a senior U.S. official" is an unnamed person, not the country
            if found is not None:
                left = min(token.left_edge.idx, found[0])
                end = max(token.idx + len(token.text), found[1])
                return Speaker((left, end), found, "attached name")
    return None


def _described(ctx: DocIndex, ref: Coref, token, depth: int) -> Speaker:
    """A described speaker: a title, an office, `the ministry`, an organisation's man, a document."""
    doc = ctx.doc
    left = token.left_edge
    if token.i - left.i > 6:
        left = doc[token.i - 6]
    phrase = (left.idx, token.idx + len(token.text))
    found = _titled_person(ctx, doc[left.i : token.i + 1], token)
    if found is not None:
        return Speaker(phrase, found, "title")
    if token.lower_ in lx.ACTIVE.offices and any(
        t.lower_ == "former" or t.ent_type_ == "NORP" for t in doc[left.i : token.i]
    ):
        # "the former Norwegian prime minister said", of someone just named without that title:
        # news varies a name with what the person was, as it does with "he".
        found = _resolve_person(ctx, ref, token.idx, None)
        said = {"@" + t.lower_ for t in doc[left.i : token.i] if t.ent_type_ in ("NORP", "GPE")}
        if found is not None and token.idx - found[1] < _VARIATION and not _other_nationality(ctx, found, said):
            return Speaker(phrase, found, "office")
    if token.pos_ == "NOUN" and any(c.lower_ == "the" for c in _kids(token)):
        found = _described_org(ctx, token)
        if found is not None:
            return Speaker(phrase, found, "described organisation")
    return _belongs_to(ctx, ref, token, depth, phrase)


def _belongs_to(ctx: DocIndex, ref: Coref, token, depth: int, phrase: tuple[int, int]) -> Speaker:
    """`a spokesman for the ministry`, `the statement from X`, `the statement, signed by X`."""
    document = token.lemma_.lower() in lx.ACTIVE.document_nouns and depth < 2
    children = _children(token)
    for child in children:
        if child.dep_ == "prep":
            for obj in _kids(child):
                if obj.dep_ != "pobj":
                    continue
                found = ctx.ent_of.get(obj.i)
                if found is not None and found[2] == "ORG":
                    return Speaker(phrase, found, "organisation of")
                if (
                    found is not None
                    and found[2] == "PERSON"
                    and child.lower_ == "for"
                    and token.lemma_.lower() in lx.ACTIVE.spokes_nouns
                ):
                    # "a spokesman for Senator X": X speaks through them; the phrase stays as said.
                    return Speaker((phrase[0], max(phrase[1], found[1])), found, "spokesperson for")
                if document and child.lower_ in ("from", "by", "of"):
                    # "the statement from Pyongyang’s foreign ministry said": its author speaks.
                    return Speaker(phrase, _resolve(ctx, ref, obj, depth + 1).ent, "document author")
    if document:
        # "the statement, signed by Foreign Minister X, said": its signer speaks.
        for child in children:
            if child.dep_ == "acl":
                for agent in _kids(child):
                    if agent.dep_ == "agent":
                        obj = next((o for o in _kids(agent) if o.dep_ == "pobj"), None)
                        if obj is not None:
                            return Speaker(phrase, _resolve(ctx, ref, obj, depth + 1).ent, "document signer")
    return Speaker(phrase, None, "description")


def _titled_person(ctx: DocIndex, phrase: Span, head):
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
    if head.lower_ in lx.ACTIVE.role_nouns and nationality:
        words = set()  # "the Taiwan leader": whatever title the country's person was given
    upto = bisect.bisect_left(ctx.title_starts, head.idx)
    fallback = None
    for start, end, titles in reversed(ctx.titles[max(0, upto - _PRONOUN_LOOKBACK) : upto]):
        if (words and head.lower_ not in titles) or not words <= titles:
            continue
        theirs = {w for w in titles if w.startswith("@")}
        if not nationality or nationality <= theirs:
            return start, end, "PERSON"
        if not theirs and fallback is None:
            fallback = (start, end, "PERSON")
    if fallback is None:
        # Named only after the quote: "“...,” the admiral said. Admiral Jane Roe ..."
        paragraph = ctx.paragraph(head.idx)
        for start, end, titles in ctx.titles[upto : upto + 4]:
            if start - head.idx > _FORWARD_TITLE or ctx.paragraph(start) > paragraph + 1:
                break
            if (not words or head.lower_ in titles) and words <= titles and not nationality - titles:
                return start, end, "PERSON"
    return fallback


def _other_nationality(ctx: DocIndex, person: tuple[int, int, str], said: set[str]) -> bool:
    """Whether the person was introduced with a nationality other than the one now said."""
    import bisect

    name = ctx.text[person[0] : person[1]]
    upto = bisect.bisect_right(ctx.title_starts, person[0])
    for start, end, titles in ctx.titles[max(0, upto - _PRONOUN_LOOKBACK) : upto]:
        theirs = {w for w in titles if w.startswith("@")}
        if ctx.text[start:end] == name and theirs and said and not said & theirs:
            return True
    return False


# Characters back to the person a described office may stand for.
_VARIATION = 300


# Characters after a title read for the person it names when nobody was named before it.
_FORWARD_TITLE = 400


def _described_org(ctx: DocIndex, token):
    """`the ministry` -> the nearest organisation before it whose name ends in that word."""
    import bisect

    upto = bisect.bisect_left(ctx.org_starts, token.idx)
    word = token.lower_
    for start, end in reversed(ctx.orgs[max(0, upto - _PRONOUN_LOOKBACK) : upto]):
        name = ctx.text[start:end].casefold().split()
        if name and name[-1] == word:
            return start, end, "ORG"
    return None


def _resolve_group(ctx: DocIndex, ref: Coref, position: int):
    """ "it"/"they": the organisation or country in the nearest subject before, if there is one."""
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
    if found is None and token.lemma_.lower() in lx.ACTIVE.document_nouns:
        return _resolve(ctx, ref, token).ent  # "The statement ... it read": the document's author
    return None


def _resolve_person(ctx: DocIndex, ref: Coref, position: int, gender: str | None):
    import bisect

    candidates = []
    upto = bisect.bisect_left(ctx.person_starts, position)
    for start, end, is_subject in reversed(ctx.persons[max(0, upto - _PRONOUN_LOOKBACK) : upto]):
        candidates.append((start, (start, end, "PERSON"), is_subject))
    # Earlier speakers count as subjects where they were referred to ("the minister", "she").
    for pos, start, end in reversed(ref.resolved[-_PRONOUN_LOOKBACK:]):
        if pos < position:
            candidates.append((pos, (start, end, "PERSON"), True))
    candidates.sort(key=lambda c: -c[0])
    fallback = None
    for _pos, ent, is_subject in candidates:
        known = ref.gender_of(ent[0], ent[1])
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
        for start, end, is_subject in ctx.persons[upto : upto + 3]:
            if start - position > _FORWARD_TITLE:
                break
            known = ref.gender_of(start, end)
            if is_subject and not (gender and known and known != gender):
                return start, end, "PERSON"
    return fallback
