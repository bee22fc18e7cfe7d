"""Page debris: the regions of a scraped plain-text page that are not the article.

Nothing is removed. `find_debris` returns `{start, end, kind}` regions (character offsets into
the text) that the analysis keeps out of sentences, actors and quotes and the reader folds.

Stages, each a small function over the paragraphs (the non-blank lines):
1. jusText's paragraph classifier, given the lines as HTML paragraphs with bare URLs as links:
   its context-free verdict `bad` (link-dense or stop-word-poor long text) is debris unless the
   line is link-free prose ending as a sentence, and its final verdict `bad` is debris in the
   page's tail, after a line that ends an article (a punctuation row, a URL, a trailer).
2. Rules for what jusText misses (it scores each line alone, and a short line is only "short"):
   lone punctuation rows, bare URLs, "Read more" lines and the teaser headline before each,
   related-news headers, share / subscribe prompts, copyright notices, "Source link" trailers,
   comment sections (a header such as "One thought on …" or "3 comments", a numbered handle,
   "Reply", "Leave a Reply", the e-mail notice) up to their last marker.
Every paragraph records the rule that made it debris (`Verdict.rule`), for the evaluation.
Reporter credits ("by X and Y", "(Reporting by …)") are the byline, never debris.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reader.records import Debris
from reader.text.segment import paragraphs

# What a folded region is called, by kind: "12 lines of related links".
KIND_NAMES = {
    "related": "related links",
    "comments": "comments",
    "share": "share prompts",
    "copyright": "copyright notice",
    "source": "source link",
    "punctuation": "punctuation",
    "url": "links",
    "advert": "advertising",
    "boilerplate": "page boilerplate",
}

URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_PUNCTUATION_ROW = re.compile(r"[\W_]+")
_BARE_URL = re.compile(r"(?:(?:https?://|www\.)\S+\s*)+", re.I)
_READ_MORE = re.compile(
    r"(?:read (?:more|the full (?:story|article))|continue reading|full story|see more|view more)"
    r"\W{0,3}",
    re.I,
)
_SOURCE_LINK = re.compile(r"(?:source(?: link)?|via|originally published (?:at|on|by))\b.{0,80}", re.I)
_SOURCE_SHORT = re.compile(r"source link\b.*", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b|all rights reserved|\bintellectual property\b)", re.I)
_RELATED_HEADER = re.compile(
    r"(?:similar news|related(?: news| stories| articles| coverage| posts)?|you (?:may|might) also like"
    r"|more (?:from|on|stories|news)\b|recommended(?: for you)?|trending(?: now)?|most (?:read|popular)"
    r"|read next|top stories|latest news|more like this|also read|see also|explore more)\b",
    re.I,
)
_SHARE = re.compile(
    r"(?:share (?:this|on|via)|share\b.{0,20}(?:facebook|twitter|whatsapp|email)|tweet this"
    r"|subscribe\b|sign up (?:for|to)|newsletter|follow us\b|click here\b|download (?:our|the) app"
    r"|get (?:our|the) (?:newsletter|app)|like us on|join (?:us|our)\b|support (?:our|independent) journalism"
    r"|become a (?:member|subscriber)|print this|email this|copy link)",
    re.I,
)
_COMMENT_HEADER = re.compile(
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:thoughts?|comments?|responses?|replies)"
    r"(?: on\b.*)?|comments?(?: \(\d+\))?|leave a (?:reply|comment)|join the (?:discussion|conversation)"
    r"|(?:show|view|load|read) (?:all |more )?comments?.*|discussion)\W*",
    re.I,
)
_COMMENT_MARKER = re.compile(
    r"(?:reply|leave a (?:reply|comment)|cancel reply|log ?in to (?:reply|comment)|report(?: comment)?"
    r"|(?:\d+ )?likes?|like|upvote|\d+ (?:points?|replies)|permalink"
    r"|your email address will not be published.*|required fields are marked.*|post comment|submit comment"
    r"|notify me of .*|save my name, email.*|name \*|email \*|website|comment \*)\W*",
    re.I,
)
# A prompt that is one or two words alone on its line: "Share", "Reuse this content".
_LONE_PROMPT = re.compile(r"(?:share|tweet|email|print|save|follow|reuse this content|thanks for reading\b.*)\W*", re.I)
_ADVERT = re.compile(
    r"(?:advertisement|advertising|sponsored(?: content)?|promoted(?: content)?|paid content"
    r"|(?:story|article) continues below(?: (?:this )?advert(?:isement)?)?)\W*",
    re.I,
)
# Tag and category lines under an article: "Tags: a, b", "Posted in Local News | 3 Comments".
_TAGS_LINE = re.compile(r"(?:tags?|topics|filed under|categories|posted in)\b\s*:?.{0,120}", re.I)
# A commenter's handle line: "1. Macroduck", "Macroduck says:", "jdoe on March 3, 2024 at 5:12 pm".
_HANDLE = re.compile(
    r"(?:\d+\.\s+\S+(?: \S+)?|\S+(?: \S+)? (?:says|said|wrote|replied):?"
    r"|\S+(?: \S+)? (?:on )?(?:\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4})(?: at \d{1,2}:\d{2}\s*[ap]\.?m\.?)?)\s*",
    re.I,
)
# The byline and reporter credits are the article's, whatever else a line holds.
_CREDIT = re.compile(
    r"^\s*(?:(?i:by)\s+[A-Z][\w’'-]*[a-z](?:\s+[A-Z]|\s*$)"
    r"|(?i:\((?:additional )?reporting\b|reporting by\b|edited by\b|\(editing by\b))"
)
# Words in a line that make it read as a sentence rather than a headline or a prompt.
_SHORT_WORDS = 12
# Paragraphs a comment section may run between two of its markers ("Reply", "Leave a Reply").
COMMENT_GAP = 8
# Debris kinds that end an article: what follows them, if jusText finds it bad, is page tail.
_TAIL_OPENERS = frozenset({"punctuation", "url", "source", "copyright", "comments"})
# jusText's stop-word thresholds, lowered from its defaults (0.30, 0.32): news prose dense with
# names ("Foreign Minister Choe Son-hui spoke in Moscow") runs near 0.29 and is article text.
JUSTEXT_OPTIONS = {"stopwords_low": 0.2, "stopwords_high": 0.3, "max_link_density": 0.2}


@dataclass(frozen=True)
class Verdict:
    """One paragraph's classification: debris or not, its kind, and the stage that said so."""

    start: int
    end: int
    kind: str | None  # a key of KIND_NAMES, or None for article text
    rule: str | None  # "justext", "justext-tail" or the name of the rule


@lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist("English"))


def _as_html(lines: list[str]) -> bytes:
    """The lines as HTML paragraphs, bare URLs as links, so jusText can weigh link density."""
    out = ["<html><body>"]
    for line in lines:
        out.append("<p>")
        last = 0
        for match in URL.finditer(line):
            out.append(html.escape(line[last : match.start()]))
            out.append(f'<a href="#">{html.escape(match.group())}</a>')
            last = match.end()
        out.append(html.escape(line[last:]))
        out.append("</p>")
    out.append("</body></html>")
    return "".join(out).encode("utf-8")


def _justext_classes(lines: list[str]) -> list[tuple[str, str]] | None:
    """(context-free class, final class) per line from jusText, or None if it merged lines."""
    import justext

    found = justext.justext(_as_html(lines), _stoplist(), **JUSTEXT_OPTIONS)
    if len(found) != len(lines):
        return None
    return [(p.cf_class, p.class_type) for p in found]


def _words(line: str) -> int:
    return len(line.split())


def _rule_kind(line: str, following: str | None) -> tuple[str, str] | None:
    """(kind, rule) for a line one of the rules calls debris, else None."""
    body = line.strip()
    if _CREDIT.match(body):
        return None
    if _PUNCTUATION_ROW.fullmatch(body):
        return "punctuation", "punctuation-row"
    if _BARE_URL.fullmatch(body):
        return "url", "bare-url"
    if _READ_MORE.fullmatch(body):
        return "related", "read-more"
    if following is not None and _READ_MORE.fullmatch(following.strip()):
        return "related", "teaser-before-read-more"
    if _ADVERT.fullmatch(body):
        return "advert", "advertisement"
    if _LONE_PROMPT.fullmatch(body):
        return "share", "lone-prompt"
    if _TAGS_LINE.fullmatch(body) and (":" in body[:16] or "|" in body) and not body.endswith("."):
        return "related", "tags-line"
    if _SOURCE_SHORT.fullmatch(body) or (_words(body) <= 6 and _SOURCE_LINK.fullmatch(body) and URL.search(body)):
        return "source", "source-link"
    if _COPYRIGHT.search(body) and (body.startswith(("©", "(c)", "Copyright")) or "rights reserved" in body.lower()):
        return "copyright", "copyright"
    words = _words(body)
    if (words <= _SHORT_WORDS and _SHARE.search(body) and not body.endswith((".", "”", '"'))) or (
        words <= 4 and _SHARE.search(body)
    ):
        return "share", "share-prompt"
    header = _RELATED_HEADER.match(body)
    if header and body[header.end() : header.end() + 1] == ":":
        return "related", "related-header"
    if words <= _SHORT_WORDS and (header or (_RELATED_HEADER.search(body) and _is_title_case(body))):
        return "related", "related-header"
    return None


def _is_title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def _comment_start(line: str) -> bool:
    body = line.strip()
    return bool(_COMMENT_HEADER.fullmatch(body)) or bool(_HANDLE.fullmatch(body) and _words(body) <= 8)


def classify(text: str) -> list[Verdict]:
    """Every paragraph of `text` with its verdict, in order."""
    spans = paragraphs(text)
    lines = [text[s:e] for s, e in spans]
    if not lines:
        return []
    kinds: list[tuple[str, str] | None] = [
        _rule_kind(line, lines[i + 1] if i + 1 < len(lines) else None) for i, line in enumerate(lines)
    ]
    _mark_comment_sections(lines, kinds)
    _mark_related_runs(lines, kinds)
    _mark_prompt_runs(lines, kinds)
    classes = _justext_classes(lines)
    if classes is not None:
        _apply_justext(lines, kinds, classes)
    if all(kind is not None for kind in kinds):
        # A page that is debris from end to end is a misreading (a one-paragraph article with a
        # long URL, hostile input): an article that is all body loses nothing.
        kinds = [None] * len(kinds)
    return [Verdict(s, e, *(k if k else (None, None))) for (s, e), k in zip(spans, kinds)]


def _mark_comment_sections(lines: list[str], kinds: list[tuple[str, str] | None]) -> None:
    """From a comment header or handle to the last comment marker after it: all comments."""
    markers = [i for i, line in enumerate(lines) if _COMMENT_MARKER.fullmatch(line.strip())]
    if not markers:
        return
    i = 0
    while i < len(lines):
        if _comment_start(lines[i]) and not _CREDIT.match(lines[i]):
            # The section runs on while markers come close together (a "Reply" under each
            # comment), so a header cannot swallow the article text after it.
            last = None
            for m in markers:
                if m >= i and m - (last if last is not None else i) <= COMMENT_GAP:
                    last = m
                elif m > i:
                    break
            if last is not None:
                for j in range(i, last + 1):
                    kinds[j] = ("comments", "comment-section")
                i = last + 1
                continue
        i += 1
    for m in markers:
        if kinds[m] is None and _words(lines[m]) <= 6:
            kinds[m] = ("comments", "comment-marker")


def _mark_related_runs(lines: list[str], kinds: list[tuple[str, str] | None]) -> None:
    """A related-news header and the short or teaser lines after it, up to the next article line."""
    for i, kind in enumerate(kinds):
        if kind != ("related", "related-header"):
            continue
        j = i + 1
        while j < len(kinds) and kinds[j] is None and _is_teaser(lines, j):
            kinds[j] = ("related", "related-run")
            j += 1


def _is_teaser(lines: list[str], i: int) -> bool:
    """A short line without a full stop, not the headline of prose that follows it."""
    line = lines[i].rstrip()
    if _words(line) > _SHORT_WORDS or line.endswith("."):
        return False
    following = lines[i + 1] if i + 1 < len(lines) else ""
    return not (_words(following) > _SHORT_WORDS and following.rstrip().endswith((".", "”", '"')))


def _mark_prompt_runs(lines: list[str], kinds: list[tuple[str, str] | None]) -> None:
    """The short line that explains a share or subscribe prompt at the page's end goes with it."""
    for i in range(1, len(lines)):
        previous = kinds[i - 1]
        if (
            kinds[i] is None
            and previous is not None
            and previous[0] == "share"
            and _words(lines[i]) <= _SHORT_WORDS
            and all(k is not None for k in kinds[i + 1 :])
        ):
            kinds[i] = ("share", "share-run")


def _apply_justext(lines: list[str], kinds: list[tuple[str, str] | None], classes: list[tuple[str, str]]) -> None:
    """jusText's verdicts: a long line it finds bad on its own is debris anywhere; a line it finds
    bad in context is debris once the page's tail has begun (after other debris, with no line
    jusText calls good until the end)."""
    for i, (cf_class, _) in enumerate(classes):
        # Stop-word density alone misjudges name-heavy news prose ("Defense Secretary Lloyd
        # Austin confirmed it."): a line that ends as a sentence needs links to be bad.
        prose = lines[i].rstrip().endswith((".", "!", "?", "”", '"', "’", ")")) and not URL.search(lines[i])
        if kinds[i] is None and cf_class == "bad" and not prose and not _CREDIT.match(lines[i]):
            kinds[i] = ("url" if URL.search(lines[i]) and _words(lines[i]) <= 8 else "boilerplate", "justext")
    # The tail: the page's last lines, all debris or bad to jusText in context, from the first
    # line there that ends an article (a punctuation row, a bare URL, a trailer, a copyright or
    # comment line) with article text before it. Prompts (share, related) come mid-page too.
    n = len(lines)
    suffix = n
    while suffix > 0 and (kinds[suffix - 1] is not None or classes[suffix - 1][1] == "bad"):
        suffix -= 1
    seen_article = any(k is None for k in kinds[:suffix])
    tail_start = None
    for i in range(suffix, n):
        kind = kinds[i]
        if kind is None:
            seen_article = True
        elif seen_article and kind[0] in _TAIL_OPENERS:
            tail_start = i
            break
    if tail_start is None:
        return
    tail_kind = "comments" if any(k and k[0] in ("url", "comments") for k in kinds[tail_start:]) else "boilerplate"
    for i in range(tail_start, n):
        kind = kinds[i]
        if kind is None and classes[i][1] == "bad" and not _CREDIT.match(lines[i]):
            kinds[i] = (tail_kind, "justext-tail")
        elif kind is not None and kind[1] == "justext" and URL.search(lines[i]) and _words(lines[i]) > 3:
            kinds[i] = ("comments", "justext-tail")


def find_debris(text: str) -> list[Debris]:
    """The debris regions of `text`: `{start, end, kind}`, runs of debris paragraphs merged
    (blank lines between them included), the kind the one covering most characters; `lines`
    says how many paragraphs a region holds."""
    regions: list[Debris] = []
    run: list[tuple[str, int, int]] = []  # the debris paragraphs in a row: (kind, start, end)

    def close() -> None:
        if not run:
            return
        sizes: dict[str, int] = {}
        for kind, start, end in run:
            sizes[kind] = sizes.get(kind, 0) + end - start
        kind = max(sizes, key=lambda k: sizes[k])
        regions.append({"start": run[0][1], "end": run[-1][2], "kind": kind, "lines": len(run)})
        run.clear()

    for verdict in classify(text):
        if verdict.kind is None:
            close()
        else:
            run.append((verdict.kind, verdict.start, verdict.end))
    close()
    return regions


def describe(region: Mapping[str, Any]) -> str:
    """One line that stands for a folded region: "12 lines of related links"."""
    lines = int(region.get("lines", 1))
    name = KIND_NAMES.get(region["kind"], region["kind"])
    return f"{lines} line{'s' if lines != 1 else ''} of {name}"


def inside(regions: list[Debris], start: int, end: int) -> bool:
    """Whether the stretch start..end lies within one of the regions."""
    return any(r["start"] <= start and end <= r["end"] for r in regions)
