"""Helpers of the per-rule quote tests: a written text through the real pipeline, its quotes."""

from __future__ import annotations

from reader.nlp.analyze import analyze_texts


def quotes_of(nlp, text: str) -> list[dict]:
    """The quote records of one text, analysed as `reader analyze` would."""
    return next(analyze_texts([text], nlp=nlp))["quotes"]


def the(nlp, text: str, words: str) -> dict:
    """The one quote of the text that starts with these words."""
    [quote] = [q for q in quotes_of(nlp, text) if q["text"].startswith(words)]
    return quote


def speakers(nlp, text: str) -> list[tuple[str | None, str]]:
    """Each statement's speaker and the rule that named it."""
    return [(q["speaker"], q["rule"]) for q in quotes_of(nlp, text) if q["kind"] == "statement"]
