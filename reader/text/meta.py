"""Title, source, URL, byline and published date read from an article's own text, where it gives them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath
from urllib.parse import urlsplit

TITLE_LIMIT = 100
_HEADLINE_LIMIT = 160
_HEAD_LINES = 6

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"“”‘’'()\[\]{}]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?"
_DATELINE = re.compile(r"^[A-Z][A-Za-z.'’ -]*[A-Z]\b[^()\n]{0,40}\((?P<outlet>[A-Z][\w&.'’ -]{0,40}?)\)\s*[-–—:]")
# Up to four capitalised words; a point may join letters ("Yahoo.com") but not end a word.
_OUTLET_WORD = r"[A-Z][\w&'’-]*(?:\.[^\W_]+)*"
_OUTLET = rf"(?P<outlet>{_OUTLET_WORD}(?:[ \t]+{_OUTLET_WORD}){{0,3}})"
_NAMED_CREDIT = re.compile(
    r"\b(?i:(?:headline|story|article|report)\s+(?:from|by|via)|courtesy\s+of|source:)\s+"
    r"(?:the\s+)?" + _OUTLET
)
_PAREN = re.compile(r"\((?P<outlet>[A-Z][\w&.' -]{1,40})\)")
_COPYRIGHT = re.compile(r"(?:©|\((?i:c)\)|(?i:copyright))\s*(?:\d{4}\s*)?" + _OUTLET)
# Outlets a bare "(CNN)"-style credit may name; a dateline or "from X" credit needs no list.
KNOWN_OUTLETS = frozenset(
    " ".join(name.split())
    for name in """Reuters|AP|Associated Press|AFP|Agence France-Presse|CNN|BBC|BBC News|NBC|NBC News|CBS|
    CBS News|ABC|ABC News|Fox News|Bloomberg|The Guardian|Guardian|The New York Times|NYT|
    The Washington Post|Washington Post|WSJ|The Wall Street Journal|Wall Street Journal|
    Al Jazeera|TASS|RIA Novosti|Xinhua|Yonhap|KCNA|RT|Sputnik|Kyodo|NHK|DW|France 24|Politico|
    Axios|The Hill|Newsweek|NPR|UPI|dpa|ANI|PTI|EFE|ANSA|Interfax|Ukrinform|CNBC|MSNBC|
    Sky News|Euronews|Financial Times|FT|The Economist|The Times|The Telegraph|The Independent|
    Nikkei|South China Morning Post|SCMP|Korea Herald|The Korea Herald|Korea Times|
    The Korea Times|Kyiv Independent|The Kyiv Independent|Newsmax|Daily Mail|VOA|RFA""".split("|")
)
_KNOWN = {name.lower(): name for name in KNOWN_OUTLETS}

_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|de|van|von|da|bin|al-\w+))*"
_BYLINE = re.compile(rf"^(?i:by)[:\s]\s*(?P<names>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)\.?$")
# Names glued to the first sentence by a scraper: "Kevin Shalvey and David BrennanThe U.S. has"
# (split by normalising into "David Brennan The U.S.").
_GLUED_BYLINE = re.compile(
    r"^(?P<names>[A-Z][a-z]+(?: [A-Z][a-z]+)+(?:,? and [A-Z][a-z]+(?: [A-Z][a-z]+)+)+)"
    r"(?= ?(?:The|A|An|In|On|At|As|It|He|She|They|This|That|When|After|While|But) )"
)

_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Rev|St|Jr|Sr|"
    r"No|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|E\.U))\.$"
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+|\s+#+$")
_MARKDOWN_EMPHASIS = re.compile(r"(\*{1,2}|_{1,2})(\S.*?\S|\S)\1")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ],
        1,
    )
    for name in names.split()
}
_MONTH = r"(?P<month>(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r"))\b\.?"
# "November 4, 2024", "4 November 2024", "2024-11-04": a date with its year, in the first lines.
_DATES = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
]
_PUBLISHED_LINE = re.compile(r"^(?i:published|posted|updated|first published|date)\b")
_DATE_LINES = 10
_QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»"}


def extract_metadata(text: str, path: str | None = None) -> dict[str, str | None]:
    """Read {"title", "source", "url", "byline", "published"} from `text`; a missing one is None.

    `published` is an ISO date (YYYY-MM-DD), read only where the text gives one with its year.

    The title falls back to the first sentence, then to the file name of `path`.
    """
    lines = [_plain_line(line) for line in text.split("\n")]
    content = [line for line in lines if _has_words(line)]
    url = _first_url(text)
    byline, credited = _byline(content[:_HEAD_LINES])
    byline = byline or _credited_reporters(text)
    return {
        "title": _title(content, lines, path),
        "source": _source(text, content[:_HEAD_LINES], url, credited),
        "url": url,
        "byline": byline,
        "published": published_date(content[:_DATE_LINES]),
    }


def published_date(lines: list[str]) -> str | None:
    """The date a "Published ..." line gives, else the first full date in `lines`, as YYYY-MM-DD."""
    found = None
    for line in lines:
        day = _date_in(line[:_HEADLINE_LIMIT])
        if day and _PUBLISHED_LINE.match(line):
            return day
        found = found or day
    return found


def _date_in(line: str) -> str | None:
    for pattern in _DATES:
        for match in pattern.finditer(line):
            month = match.group("month")
            number = int(month) if month.isdigit() else _MONTHS.get(month.lower(), 0)
            try:
                return date(int(match.group("year")), number, int(match.group("day"))).isoformat()
            except ValueError:
                continue
    return None


def _plain_line(line: str) -> str:
    """A line without Markdown heading marks or emphasis around it ("# Title", "*By Jane Doe*")."""
    line = _MARKDOWN_HEADING.sub("", line.strip())
    emphasis = _MARKDOWN_EMPHASIS.fullmatch(line)
    return emphasis.group(2).strip() if emphasis else line


def _has_words(line: str) -> bool:
    return any(ch.isalnum() for ch in line) and not _URL.fullmatch(line)


def _title(content: list[str], lines: list[str], path: str | None) -> str | None:
    for line in content[:_HEAD_LINES]:
        if _byline_match(line):
            continue
        dateline = _DATELINE.match(line)
        if dateline:
            return _first_sentence(line[dateline.end() :].strip())
        headline = _unquote(line)
        if _is_headline(headline):
            return headline
        return _glued_headline(line, lines) or _first_sentence(line)
    return PurePath(path).stem if path else None


def _glued_headline(lede: str, lines: list[str]) -> str | None:
    """The headline an aggregator glued to this article's own lede further down, if any.

    Listings of "similar news" repeat a story as its headline directly followed by its lede
    ("...war on UkraineNATO confirmed on Monday...", split by normalising into "Ukraine NATO");
    the lede here identifies the story.
    """
    opening = lede[:60]
    for line in lines:
        at = line.find(opening, 1)
        if at > 0 and _is_headline(line[:at].rstrip()):
            return line[:at].rstrip()
    return None


def _unquote(line: str) -> str:
    closing = _QUOTE_PAIRS.get(line[:1])
    if closing and line.endswith(closing) and len(line) > 2:
        inner = line[1:-1].strip()
        # Only a headline wrapped whole: no further mark of the same kind inside.
        if line[0] not in inner and closing not in inner:
            return inner
    return line


def _is_headline(line: str) -> bool:
    if len(line) > _HEADLINE_LIMIT or len(line.split()) < 2:
        return False
    if line[-1] in ".,;:" and not _ABBREVIATION.search(line):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in _QUOTE_PAIRS


def _first_sentence(line: str) -> str:
    sentence = line
    for end in _SENTENCE_END.finditer(line):
        candidate = line[: end.end()]
        if not _ABBREVIATION.search(candidate.rstrip('"”’)')):
            sentence = candidate
            break
    sentence = sentence.rstrip(".").strip()
    if len(sentence) <= TITLE_LIMIT:
        return sentence
    cut = sentence[: TITLE_LIMIT + 1]
    clause = max(cut.rfind(", "), cut.rfind("; "), cut.rfind(" – "), cut.rfind(" — "))
    if clause >= TITLE_LIMIT // 2:
        cut = cut[:clause]
    elif " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut[:TITLE_LIMIT].rstrip(" ,;:–—-") + "…"


def _first_url(text: str) -> str | None:
    urls = [match.group().rstrip(_URL_TAIL) for match in _URL.finditer(text)]
    for url in urls:
        if urlsplit(_with_scheme(url)).path.strip("/"):
            return url
    return urls[0] if urls else None


def _with_scheme(url: str) -> str:
    return url if "://" in url else "http://" + url


def _domain(url: str) -> str | None:
    host = (urlsplit(_with_scheme(url)).hostname or "").lower()
    host = re.sub(r"^(?:www\d*|m|amp|mobile)\.", "", host)
    return host or None


def _source(text: str, head: list[str], url: str | None, credited: str | None) -> str | None:
    """The outlet: a dateline's or byline's credit, a named credit, a known "(CNN)", the URL."""
    for line in head:
        dateline = _DATELINE.match(line)
        if dateline:
            return _outlet_name(dateline.group("outlet"))
    if credited:
        return credited
    credit = _NAMED_CREDIT.search(text)
    if credit:
        return _outlet_name(credit.group("outlet"))
    for match in _PAREN.finditer(text):
        outlet = _KNOWN.get(match.group("outlet").strip().lower())
        if outlet:
            return outlet
    if url:
        return _domain(url)
    copyright_line = _COPYRIGHT.search(text)
    if copyright_line:
        return _outlet_name(copyright_line.group("outlet"))
    return None


def _outlet_name(name: str) -> str:
    name = name.strip().rstrip(".,;:")
    return _KNOWN.get(name.lower(), name)


def _byline_match(line: str) -> re.Match[str] | None:
    return _BYLINE.match(line) if len(line) <= _HEADLINE_LIMIT else None


# A closing credit: "(Reporting by Alex Lawler in London; editing by David Goodman)".
_REPORTING_CREDIT = re.compile(
    r"\((?:additional\s+)?reporting(?:\s+by)?\s+(?P<names>[^;()]+?)(?:\s+in\s+[A-Z][\w-]*(?:\s[A-Z][\w-]*)?)?\s*[;,)]",
    re.IGNORECASE,
)


def _credited_reporters(text: str) -> str | None:
    """The reporters a closing credit names, when the article has no byline at its head."""
    match = _REPORTING_CREDIT.search(text)
    if not match:
        return None
    names = match.group("names").strip()
    return names if names[:1].isupper() and len(names.split()) >= 2 else None


def _byline(head: list[str]) -> tuple[str | None, str | None]:
    """The authors a byline names, and the outlet it credits ("By Jane Doe, Reuters")."""
    for line in head:
        byline = _byline_match(line)
        if byline:
            names = [part.strip() for part in re.split(r",|\band\b|&", byline.group("names"))]
            outlet = None
            while len(names) > 1 and names[-1].lower() in _KNOWN:
                outlet = _KNOWN[names.pop().lower()]
            authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            return authors, outlet
        glued = _GLUED_BYLINE.match(line[:_HEADLINE_LIMIT])
        if glued:
            return glued.group("names"), None
    return None, None
