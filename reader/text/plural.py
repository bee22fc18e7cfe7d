"""Counted nouns for messages: "1 quote", "2 quotes", "0 articles"; the one helper the CLI and the app share."""

from __future__ import annotations

_IRREGULAR = {"person": "people", "analysis": "analyses", "this": "these", "was": "were", "is": "are"}


def plural_form(noun: str) -> str:
    """The plural of an English noun as reader's messages use them (`match` → `matches`)."""
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, the noun in the plural unless the count is one ("1 quote", "3 quotes").

    A phrase ("quoted statement") takes the plural on its last word; `many` gives an irregular one.
    """
    if count == 1:
        return f"{count} {noun}"
    if many is None:
        head, _, last = noun.rpartition(" ")
        many = f"{head} {plural_form(last)}" if head else plural_form(last)
    return f"{count} {many}"
