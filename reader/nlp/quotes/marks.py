"""The pure, linear scan of quotation marks: `scan_quotes(text)` pairs marks into top-level quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

SPANS_KEY = "quotes"

# Marks by kind: a closing mark only ends a quote opened by a mark of its own kind.
DOUBLE, SINGLE, GUILLEMET, SINGLE_GUILLEMET, CORNER = "d", "s", "g", "sg", "c"
_OPEN_KIND = {"“": DOUBLE, "„": DOUBLE, "«": GUILLEMET, "‹": SINGLE_GUILLEMET, "‘": SINGLE, "「": CORNER, "『": CORNER}
_CLOSE_KIND = {"”": DOUBLE, "»": GUILLEMET, "›": SINGLE_GUILLEMET, "’": SINGLE, "」": CORNER, "』": CORNER}
# Old wire copy writes ``quotes'' with doubled backticks and apostrophes.
_MARKS = re.compile("``|''|[\"'“”„«»‹›‘’「」『』]")
_OPENING_CONTEXT = set(" \t([{<―—–-/:;,|") | {"\u00a0", "\u2009", "\u202f"}
_ELISIONS = re.compile(r"(?:em|til|cause|n|tis|twas|bout|round|cept|kay|nuff|s)\b", re.I)
# How far down the stack a closing mark looks for its opener: keeps the scan linear.
_STACK_SEARCH = 12
# A markup attribute's value (`<tweet tweet-author="@someone" tweet-date="May 9">`): its marks
# delimit a value, not a quote, and may run past a line end.
_ATTRIBUTE = re.compile(r"""=(["'])[^"'<>]{0,200}?\1""")


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
    rule: str | None = None  # the rule that named the speaker (or found the cue)
    speaker_description: str | None = None  # an unnamed source as described: "a senior diplomat"
    named: bool = False  # a title or name in marks: a term whatever statement it stands beside


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
        if _find_open(stack, DOUBLE, ch) is not None and not _is_space(prev):
            return ("close", DOUBLE)
        # Newspaper archives (the NYT's) open with doubled apostrophes too: ''We will,'' he said.
        return ("open", DOUBLE) if opening_ctx and not _is_space(nxt) else None
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
        if prev.isalnum() or nxt.isdigit() or (_ELISIONS.match(text, i + 1) and not nxt.isupper()):
            return None
        return ("open", SINGLE)
    if ch == "’":
        if _find_open(stack, SINGLE, ch) is not None and not _is_space(prev) and closing_ctx:
            return ("close", SINGLE)
        if _single_closes_double(text, i, stack):
            return ("close", DOUBLE)
        return None
    if ch == "“" and not _is_space(prev) and closing_ctx and any(o[2] == "„" for o in stack[-_STACK_SEARCH:]):
        return ("close", DOUBLE)  # German style: „so“
    if ch in _OPEN_KIND:
        return ("open", _OPEN_KIND[ch])
    if ch == "”" and opening_ctx and nxt.isalnum() and _find_open(stack, DOUBLE, ch) is None:
        return ("open", DOUBLE)  # a misused closing mark opening a quote
    return ("close", _CLOSE_KIND[ch])


def _single_closes_double(text: str, i: int, stack: list) -> bool:
    """`Schumer tweeted: “Let’s go. We can stop it.’ Schumer was ...`: careless copy closes a curly
    double quote with a single mark, after a sentence's end and before the next sentence (not
    `the U.S.’ role`, an apostrophe)."""
    if not text[i - 2 : i - 1].islower() or text[i - 1 : i] not in ".!?":
        return False
    after = text[i + 1 : i + 3]
    if not (after[:1] in ("", "\n") or (after[:1] == " " and after[1:2].isupper())):
        return False
    found = _find_open(stack, DOUBLE, "’")
    return found is not None and stack[found][2] == "“"


def _plural_possessive(text: str, i: int) -> bool:
    """`'the regimes' deepening ties'`: a straight mark after a plural, before a lower-case word,
    is an apostrophe when the next straight mark of the paragraph can close the quote instead.
    Looking only as far as the next mark keeps the scan linear."""
    if text[i - 1 : i] not in ("s", "S") or text[i + 1 : i + 2] != " " or not text[i + 2 : i + 3].islower():
        return False
    j = text.find("'", i + 1)
    if j < 0 or text.find("\n", i, j) >= 0:
        return False
    return not _is_space(text[j - 1]) and not text[j + 1 : j + 2].isalnum()


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
    markup = _markup_marks(text)
    next_chain = 0
    carried: int | None = None  # chain of a quote running on into this paragraph
    for index, (p_start, p_end) in enumerate(paragraphs):
        first = _first_mark(text, p_start, p_end, markup)
        chain_of: dict[int, int] = {}
        if carried is not None and first is not None:
            chain_of[first] = carried
        carried = None
        stack: list[tuple[int, str, str]] = []
        for match in _MARKS.finditer(text, p_start, p_end):
            i = match.start()
            if i in markup:
                continue
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
            n_start, n_end = paragraphs[index + 1]
            following = _first_mark(text, n_start, n_end, markup)
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


def _first_mark(text: str, start: int, end: int, markup: frozenset[int] = frozenset()) -> int | None:
    """Index of the paragraph's first non-space character when it is an opening mark."""
    i = start
    while i < end and text[i].isspace():
        i += 1
    if i < end and text[i] in "\"“«„‘'「『`" and i not in markup:
        return i
    return None


def _markup_marks(text: str) -> frozenset[int]:
    """Positions of the marks that delimit markup attribute values (`tweet-author="@x"`)."""
    if "=" not in text:
        return frozenset()
    found: set[int] = set()
    for match in _ATTRIBUTE.finditer(text):
        found.update((match.start(1), match.end() - 1))
    return frozenset(found)


def _top_level(text: str, pairs: list[tuple[int, int, int]]) -> list[Quote]:
    pairs.sort(key=lambda p: (p[0], -p[1]))
    quotes: list[Quote] = []
    reach = -1
    for open_pos, close_pos, chain in pairs:
        if open_pos < reach:
            continue  # nested inside a quote already taken
        reach = close_pos
        start, end = _trim(text, open_pos + (2 if text.startswith(("``", "''"), open_pos) else 1), close_pos)
        if start >= end:
            continue
        quotes.append(Quote(start, end, open_pos, close_pos, chain))
    return quotes
