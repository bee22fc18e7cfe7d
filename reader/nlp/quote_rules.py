"""Why a quote's speaker was chosen, in words, from the `rule` of its record (no spaCy here: the
app reads it). Rules are `strategy: speaker rule` for a cue, or a fallback or block rule."""

from __future__ import annotations

_CUE = {
    "parse": "named by '{cue}'",
    "after": "named by '{cue}' after the quote",
    "before": "named by '{cue}' before the quote",
    "according to": "named by 'according to'",
    "verb before colon": "named by '{cue}:' before the quote",
    "trailing clause": "named by '{cue}' in the clause after the quote",
    "line ending in colon": "named by '{cue}' in the line above",
    "sentence before": "named by '{cue}' in the sentence before the quote",
}
_SPEAKER = {
    "name": "",
    "pronoun he": "the last man named",
    "pronoun she": "the last woman named",
    "pronoun it": "the organisation or document named before",
    "pronoun they": "the organisation or country named before",
    "pronoun": "a pronoun",
    "age": "the last person named",
    "attached name": "the name given with the subject",
    "title": "the person given that title",
    "office": "the person last named in that office",
    "described organisation": "the organisation of that name",
    "organisation of": "the organisation they speak for",
    "spokesperson for": "the person they speak for",
    "document author": "the author of the document",
    "document signer": "the signer of the document",
    "description": "described, not named",
    "unnamed member": "one member, unnamed",
    "no subject": "no subject",
}
_OTHER = {
    "unattributed": "no speaker found",
    "credit after dash": "the credit after the dash",
    "headline says": "named in the headline itself",
    "credit line": "the credit line under the quote",
    "same words earlier": "who said the same words earlier",
    "name before headline quote": "the name before the quote",
    "previous speaker": "the speaker of the quote before",
    "block: anonymous label": "an unnamed transcript label",
    "block: name label": "the transcript label",
    "block: credit line below": "the credit line below the block",
    "block: name in line ending in colon": "the name in the line above",
    "block: speech verb in line ending in colon": "the speaker of the line above",
}
_PREFIX = {
    "label": "the label before the colon",
    "so said": "'so said' after the quote",
    "words of": "'the words of' after the quote",
    "same statement": "another part of the statement",
}


def explain(rule: str | None, cue: str | None = None) -> str:
    """`named by 'said' after the quote`, `named by 'she said': the last woman named`, ..."""
    if not rule:
        return ""
    if rule in _OTHER:
        return _OTHER[rule]
    head, _, rest = rule.partition(": ")
    if head in _PREFIX:
        inner = explain(rest, cue) if head == "same statement" else _SPEAKER.get(rest, rest)
        return f"{_PREFIX[head]}, {inner}" if inner else _PREFIX[head]
    if head in _CUE:
        said = _CUE[head].format(cue=cue or "?")
        who = _SPEAKER.get(rest, rest)
        return f"{said}: {who}" if who else said
    return rule
