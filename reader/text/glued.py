"""Words a scraper glued together ("David BrennanThe U.S.", "Wednesday.to fight"), split.

A boundary is split only when the evidence is strong, judged with wordfreq's English word
frequencies (shipped in the package): the glued form is not a word anyone writes (zipf below
GLUED_MAX), both halves are common (zipf at least PART_MIN), and the place says a new sentence
starts there. A capitalised half is such a start when it is a word that opens sentences
("The", "He", "According"), an acronym after a long word ("UkraineNATO"), or when a title-case
headline runs up to the boundary and prose follows it ("Nato ConfirmsNorth Korean troops
have…"); a lower-case word before a capital ("sayThirty") is one too. So names and brands in
camel case (McDonald, DeSantis, YouTube, iPhone, PayPal, LinkedIn, JavaScript, DeepSeek) stay
whole: they are words in wordfreq, start with a name prefix (Mc, Mac, De...), have a half too
short or rare to be a word, or sit in a sentence rather than between a headline and prose.
"""

from __future__ import annotations

import re
from functools import lru_cache

# zipf frequencies: 0 is unseen, 3 is about once per million words, 7 is "the".
GLUED_MAX = 1.0
PART_MIN = 3.0
# Name prefixes before a capital: McDonald, MacArthur, DeSantis, LaGuardia, VanderBilt, O'Neill.
NAME_PREFIXES = frozenset("mc mac de di da du la le van von vander der den del della des st fitz al el o".split())
# What follows a full stop in web addresses and file names, not a word of a sentence.
ADDRESS_ENDS = frozenset("com org net gov edu io js py html htm php uk ly co ai us tv me info biz".split())

# Capitalised words that open sentences but do not end compound names.
SENTENCE_OPENERS = frozenset(
    "the a an this that these those he she it we they i his her its our their there here "
    "but and or if when while after before according as what who why how some many most "
    "one two three four five six seven eight nine ten".split()
)
# Title-case words among the last few before the boundary that make the line a headline.
HEADLINE_WORDS = 2
# Words after the glued one, on its line, of which most must be lower-case (prose).
PROSE_WORDS = 3

# A lower-case letter then a capitalised word or an acronym: "BrennanThe", "sayThirty", "UkraineNATO".
_CAMEL = re.compile(r"(?<![^\W\d_])([^\W\d_]*?[a-z])([A-Z](?:[a-z]+|[A-Z]+(?![a-z])))")
# A word, a full stop, a lower-case word, a space: "Wednesday.to fight".
_STOP_GLUE = re.compile(r"(?<![^\s(\"“‘'])([A-Za-z]{2,})\.([a-z]{2,})(?=[ \t])")


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _whole_token(text: str, start: int, end: int) -> str:
    """The run of letters (and inner capitals) around start..end."""
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def _chunk(text: str, start: int, end: int) -> str:
    """The run of non-space characters around start..end."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _camel_split(text: str, match: re.Match[str]) -> bool:
    left_token, right = match.group(1), match.group(2)
    # The left half is the word the boundary ends: from its last capital (or the token's start).
    caps = [i for i, ch in enumerate(left_token) if ch.isupper()]
    left = left_token[caps[-1] :] if caps else left_token
    if len(left) < 2 or left.lower() in NAME_PREFIXES:
        return False
    chunk = _chunk(text, match.start(2), match.end(2))
    if "/" in chunk or "@" in chunk or chunk.lower().startswith("www."):
        return False
    token = _whole_token(text, match.start(1), match.end(2))
    if _zipf(token.lower()) >= GLUED_MAX or _zipf((left + right).lower()) >= GLUED_MAX:
        return False
    if _zipf(left.lower()) < PART_MIN or _zipf(right.lower()) < PART_MIN:
        return False
    if left.islower():
        return len(left) >= 3 and right[1:].islower()
    if right.isupper():
        return len(right) >= 3 and len(left) >= 4
    if right.lower() in SENTENCE_OPENERS:
        return True
    return _after_headline(text, match.start(1) + len(left_token) - len(left)) and _prose_follows(text, match.end(2))


def _after_headline(text: str, start: int) -> bool:
    """Whether title-case words run up to `start` on its line (a headline or a byline)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = re.findall(r"[^\W\d_][\w’'-]*", text[line_start:start])[-4:]
    return sum(1 for w in before if len(w) >= 4 and w[0].isupper()) >= HEADLINE_WORDS


def _prose_follows(text: str, end: int) -> bool:
    """Whether lower-case words mostly follow `end` on its line (a sentence, not a headline)."""
    line_end = text.find("\n", end)
    after = re.findall(r"[^\W\d_][\w’'-]*", text[end : line_end if line_end >= 0 else len(text)])[:6]
    return len(after) >= PROSE_WORDS and sum(1 for w in after if w[0].islower()) * 2 > len(after)


def _stop_split(text: str, match: re.Match[str]) -> bool:
    left, right = match.group(1), match.group(2)
    if right in ADDRESS_ENDS:
        return False
    chunk = _chunk(text, match.start(), match.end())
    if "/" in chunk or "@" in chunk or chunk.lower().startswith("www.") or chunk.count(".") > 1:
        return False
    return (
        _zipf(left.lower()) >= PART_MIN
        and _zipf(right.lower()) >= PART_MIN
        and _zipf(f"{left}.{right}".lower()) < GLUED_MAX
    )


def glue_points(text: str) -> list[int]:
    """Offsets in `text` where a space belongs between two glued words, in order."""
    points = set()
    if re.search(r"[a-z][A-Z]", text):
        for line_match in re.finditer(r"[^\n]+", text):
            for match in _CAMEL.finditer(text, line_match.start(), line_match.end()):
                if _camel_split(text, match):
                    points.add(match.start(2))
    if "." in text:
        for match in _STOP_GLUE.finditer(text):
            if _stop_split(text, match):
                points.add(match.end(1) + 1)
    return sorted(points)


def split_glued(text: str) -> str:
    """`text` with a space put in at every glue point (idempotent)."""
    points = glue_points(text)
    if not points:
        return text
    pieces, last = [], 0
    for point in points:
        pieces.append(text[last:point])
        last = point
    pieces.append(text[last:])
    return " ".join(pieces)
