"""Parts of one statement (split by an attribution, or running over paragraphs) share a group and a speaker."""

from __future__ import annotations

from reader.nlp.quotes.marks import Quote


def _gap_is_attribution(text: str, first: Quote, second: Quote) -> bool:
    """`“X,” he said, “Y.”`: only the attribution stands between two parts of one statement."""
    if first.close_mark < 0 or second.open_mark < 0:
        return False
    gap = text[first.close_mark + 1 : second.open_mark]
    if not gap.strip() or "\n" in gap or len(gap) > 160 or any(ch in gap for ch in ".!?"):
        return False
    if gap.strip()[-1] not in ",:—–-" and not text[second.start : second.start + 1].islower():
        return False  # `“Title”, X wrote that Y “...”`: the second quote is a clause of its own
    if second.cue_span is not None and second.cue_span != first.cue_span:
        return False  # `“X,” he said, adding: “Y.”`: a second cue opens a second statement
    return first.cue_span is not None and first.close_mark <= first.cue_span[0] < second.open_mark


def _share_within_groups(quotes: list[Quote]) -> None:
    statements = {q.group for q in quotes if q.kind == "statement"}
    for quote in quotes:
        if quote.group in statements and not quote.named:
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
            quote.rule = f"same statement: {source.rule}"
