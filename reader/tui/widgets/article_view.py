"""The article text, wrapped to the pane and rendered line by line with actors, quotes and a cursor.

The text is laid out once per width into lines that remember their character offsets; moving
the cursor re-renders only the lines it touches, so a long article stays instant. A very long
article is first laid out only around the cursor, drawn at once, and laid out whole in a thread.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from typing import Any

from rich._wrap import divide_line
from rich.cells import _is_single_cell_widths
from rich.segment import Segment
from rich.style import Style
from rich.text import Span as TextSpan
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.text.debris import describe
from reader.tui.claims import Claims, Span, SpanIndex
from reader.tui.messages import TextClicked
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible

BLOCK_GUTTER = "▌ "
# Articles up to this long are laid out whole before the first paint; a longer one first gets
# WINDOW_CHARS around the cursor (many screens of text), and the whole layout follows from a thread.
SYNC_LAYOUT_CHARS = 200_000
WINDOW_CHARS = 40_000


@dataclass(frozen=True)
class _Line:
    start: int  # character offsets of the line's text in the article
    end: int
    block: bool  # inside a block quote: drawn with a gutter
    fold: str | None = None  # a folded debris region, drawn as this one dim line
    debris: bool = False  # inside an unfolded debris region: drawn dim


_OTHER_SPACE = re.compile(r"[^\S ]")
# Dashes, curly quotes, ellipses: one cell each, though rich's quick check does not know them.
_PUNCTUATION = re.compile("[\u2010-\u2027\u2030-\u205e]")
_FIRST_WORD = re.compile(r" *\S*")
_NON_SPACE = re.compile(r"\S")


def _wrap_breaks(text: str, width: int) -> list[int]:
    """`divide_line(text, width, fold=True)`, in one step per line rather than per word where
    that is exact: single-cell characters, spaces only, no word wider than a line (a 10 MB
    article wraps in a fraction of the time)."""
    first = _FIRST_WORD.match(text)
    if (
        not _is_single_cell_widths(_PUNCTUATION.sub("", text))
        or _OTHER_SPACE.search(text)
        or (first is not None and first.end() > width)
        or re.search(rf"\S{{{width + 1},}}", text)
    ):
        return divide_line(text, width, fold=True)
    content = len(text.rstrip(" "))
    breaks: list[int] = []
    line = 0
    while content - line > width:
        limit = line + width
        if text[limit] == " ":
            word = _NON_SPACE.search(text, limit)
            start = word.start() if word else content
        else:
            start = text.rfind(" ", line, limit) + 1
        breaks.append(start)
        line = start
    return breaks


def _is_block_quote(start: int, end: int, text: str, quotes: list[tuple[int, int]]) -> bool:
    """A paragraph that is one quoted statement, give or take its quote marks."""
    body = text[start:end].strip()
    if len(body) < 2 or body[0] not in "“\"«‘'":
        return False
    lead = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    covered = sum(min(e, end) - max(s, start) for s, e in quotes if s < end and e > start)
    return any(abs(s - lead) <= 2 for s, _ in quotes) and covered >= 0.8 * len(body)


@dataclass(frozen=True)
class _LayoutInput:
    """What a layout reads: plain values, so that it can run in a thread."""

    text: str
    paragraphs: list[tuple[int, int]]
    folds: list[dict[str, Any]]  # debris regions drawn folded, sorted
    claims: Claims | None  # for whether an unfolded paragraph is debris, and its block quotes
    width: int

    def is_block(self, start: int, end: int) -> bool:
        """Whether paragraph start..end is a block quote; it looks only at the quotes that can
        reach it (all of them would be paragraphs x quotes, minutes for a 10 MB article)."""
        claims = self.claims
        if claims is None or not claims.statement_spans:
            return False
        quotes, starts = claims.statement_spans, claims.statement_starts
        near = quotes[bisect_right(starts, start - claims.longest_statement) : bisect_left(starts, end)]
        return _is_block_quote(start, end, self.text, near)


def _paragraph_lines(hard_text: str, start: int, room: int, block: bool, debris: bool) -> Iterator[_Line]:
    """The wrapped lines of one paragraph (`hard_text` starts at offset `start`)."""
    for hard in hard_text.split("\n"):
        end = start + len(hard)
        if hard.strip():
            lead = len(hard) - len(hard.lstrip())
            offsets = [0, *_wrap_breaks(hard, room), len(hard)]
            for a, b in pairwise(offsets):
                a = max(a, lead)
                b = a + len(hard[a:b].rstrip())  # a wrapped line's trailing space is not drawn
                if b > a:
                    yield _Line(start + a, start + b, block, debris=debris)
        start = end + 1


def _layout(given: _LayoutInput, first: int = 0, last: int | None = None) -> list[_Line | None]:
    """The lines of paragraphs `first` to `last` (all by default): blank lines between
    paragraphs, one line for each folded debris region."""
    lines: list[_Line | None] = []
    folds, width = given.folds, given.width
    paragraphs = given.paragraphs[first:last]
    fold_index = bisect_right([r["end"] for r in folds], paragraphs[0][0]) if paragraphs else 0
    for p_start, p_end in paragraphs:
        while fold_index < len(folds) and folds[fold_index]["end"] <= p_start:
            fold_index += 1
        if fold_index < len(folds) and folds[fold_index]["start"] <= p_start < folds[fold_index]["end"]:
            region = folds[fold_index]
            if not (lines and lines[-1] is not None and lines[-1].fold and lines[-1].start == region["start"]):
                if lines:
                    lines.append(None)
                lines.append(_Line(region["start"], region["end"], False, describe(region)))
            continue
        block = given.is_block(p_start, p_end)
        debris = given.claims is not None and given.claims.in_debris(p_start, p_start + 1)
        room = max(width - (len(BLOCK_GUTTER) if block else 0), 4)
        if lines:
            lines.append(None)
        shown = visible(given.text[p_start:p_end], keep_newlines=True)
        lines.extend(_paragraph_lines(shown, p_start, room, block, debris))
    return lines


def _line_starts(lines: list[_Line | None]) -> list[int]:
    """Each line's start; a blank line takes the end of the line before, so they stay sorted."""
    starts, last = [], 0
    for line in lines:
        last = line.start if line else last
        starts.append(last)
    return starts


class ArticleView(ReportsFailures, ScrollView, can_focus=True, inherit_bindings=False):
    """A scrolling, wrapped view of one article with its highlights and the claim cursor.

    Its keys move the claim cursor (owned by the screen); no sideways scrolling: the text wraps.
    """

    COMPONENT_CLASSES = {
        "article-view--person",
        "article-view--org",
        "article-view--place",
        "article-view--group",
        "article-view--quote",
        "article-view--term",
        "article-view--block",
        "article-view--block-gutter",
        "article-view--selected-actor",
        "article-view--mark",
        "article-view--selection",
        "article-view--found",
        "article-view--cursor",
        "article-view--debris",
    }

    BINDINGS = [
        Binding("j,down", "screen.next_sentence", "Next sentence", show=False, id="article-view.next-sentence"),
        Binding(
            "k,up", "screen.previous_sentence", "Previous sentence", show=False, id="article-view.previous-sentence"
        ),
        Binding("l,right", "screen.next_word", "Next word", show=False, id="article-view.next-word"),
        Binding("h,left", "screen.previous_word", "Previous word", show=False, id="article-view.previous-word"),
        Binding("g,home", "screen.first_sentence", "First sentence", show=False, id="article-view.first-sentence"),
        Binding("G,end", "screen.last_sentence", "Last sentence", show=False, id="article-view.last-sentence"),
        Binding("pageup,b", "screen.page(-1)", "Page up", show=False, id="article-view.page-up"),
        Binding("pagedown,space", "screen.page(1)", "Page down", show=False, id="article-view.page-down"),
        Binding("z", "toggle_debris", "Unfold/fold page debris", show=False, id="article-view.toggle-debris"),
    ]

    cursor: reactive[Span | None] = reactive(None, layout=False, repaint=False)
    """The span under the claim cursor (set by the screen)."""
    selected_actor: reactive[str | None] = reactive(None, repaint=False)
    """The actor whose mentions stand out (set by the screen)."""
    marks: reactive[tuple[tuple[int, int, str | None], ...]] = reactive((), repaint=False)
    """Extra spans drawn over actors and quotes, such as tagged claims: (start, end, "#rrggbb" or None)."""
    selection: reactive[tuple[int, int] | None] = reactive(None, repaint=False)
    """The stretch being selected (`v`), drawn over everything but the cursor, unlike any tag."""
    found: reactive[tuple[tuple[int, int], ...]] = reactive((), repaint=False)
    """The matches of the find bar, drawn over everything but the cursor."""
    debris_folded: reactive[bool] = reactive(True, repaint=False)
    """Whether each debris region (related links, comments...) is drawn as one dim line."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = ""
        self._claims: Claims | None = None
        self._lines: list[_Line | None] = []  # None is the blank line between paragraphs
        self._line_starts: list[int] = []
        self._texts: dict[int, Text] = {}  # line index -> styled text, without the cursor
        self._strips: dict[int, Strip] = {}
        self._layout_width = -1
        self._layout_generation = 0  # a layout made for an older article, width or folding is dropped
        self._window: tuple[int, int] | None = None  # the text laid out so far, while not all of it is
        self._extras: tuple[SpanIndex, list[Style]] | None = None  # marks, selection, found
        self._styles: dict[str, Style] = {}

    # Data in --------------------------------------------------------------------------

    def show(self, text: str, claims: Claims) -> None:
        """Show an article: its normalised text and the claims read from its analysis."""
        self._text = text
        self._claims = claims
        self._extras = None
        self._layout_width = -1
        self.scroll_to(0, 0, animate=False)
        self._relayout()

    def action_toggle_debris(self) -> None:
        """Unfold the page debris (or fold it again)."""
        self.debris_folded = not self.debris_folded

    def watch_debris_folded(self) -> None:
        self._layout_width = -1
        self._relayout()

    def watch_cursor(self, old: Span | None, new: Span | None) -> None:
        if new is not None and self._window is not None and not self._window[0] <= new.start < self._window[1]:
            self._layout_window(new.start)  # the whole layout is not ready yet: lay out around the cursor
        for span in (old, new):
            if span is not None:
                self._refresh_span(span)
        if new is not None:
            self.scroll_to_span(new)

    def watch_marks(self) -> None:
        self.watch_selected_actor()

    def watch_selection(self) -> None:
        self.watch_selected_actor()

    def watch_found(self) -> None:
        self.watch_selected_actor()

    def watch_selected_actor(self) -> None:
        self._extras = None
        self._texts.clear()
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._extras = None
        self._styles = {}
        self._texts.clear()
        self._strips.clear()

    # Layout ---------------------------------------------------------------------------

    def _paragraphs(self) -> list[tuple[int, int]]:
        claims = self._claims
        if claims is not None and claims.paragraphs:
            return claims.paragraphs
        spans, start = [], 0
        for block in self._text.split("\n\n"):
            if block.strip():
                spans.append((start, start + len(block)))
            start += len(block) + 2
        return spans

    def _wrap_width(self) -> int:
        return max(self.scrollable_content_region.width, 10)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _relayout(self) -> None:
        if not self.scrollable_content_region.width:
            return  # not laid out yet: the first Resize brings the width
        width = self._wrap_width()
        if width == self._layout_width:
            return
        self._layout_width = width
        self._layout_generation += 1
        if len(self._text) <= SYNC_LAYOUT_CHARS:
            self._window = None
            self._apply_layout(_layout(self._layout_input()))
            return
        self._layout_window(self.cursor.start if self.cursor is not None else 0)
        # After the first paint: a thread laying out 10 MB holds the interpreter lock half the time.
        self.call_after_refresh(self._start_whole_layout, self._layout_generation)

    def _start_whole_layout(self, generation: int) -> None:
        if generation != self._layout_generation:
            return  # laid out again meanwhile (another article, width or folding): that one follows
        self.run_worker(
            partial(self._whole_layout, self._layout_input(), generation),
            thread=True,
            exclusive=True,
            group="article-layout",
            exit_on_error=False,
        )

    def _layout_input(self) -> _LayoutInput:
        claims = self._claims
        folds = claims.debris if claims is not None and self.debris_folded else []
        return _LayoutInput(self._text, self._paragraphs(), folds, claims, self._layout_width)

    def _layout_window(self, anchor: int) -> None:
        """Lay out only the paragraphs around `anchor`, to draw at once."""
        given = self._layout_input()
        starts = [p[0] for p in given.paragraphs]
        if not starts:
            return
        first = last = max(bisect_right(starts, anchor) - 1, 0)
        while first > 0 and anchor - given.paragraphs[first][0] < WINDOW_CHARS // 4:
            first -= 1
        while last < len(starts) - 1 and given.paragraphs[last][1] - anchor < WINDOW_CHARS:
            last += 1
        self._window = (given.paragraphs[first][0], given.paragraphs[last][1])
        self._apply_layout(_layout(given, first, last + 1))

    def _whole_layout(self, given: _LayoutInput, generation: int) -> None:
        """The whole article's layout, made in a thread and handed to the event loop."""
        lines = _layout(given)
        starts = _line_starts(lines)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._whole_layout_done, generation, lines, starts)

    def _whole_layout_done(self, generation: int, lines: list[_Line | None], starts: list[int]) -> None:
        if generation == self._layout_generation:
            self._window = None
            self._apply_layout(lines, starts)

    def _apply_layout(self, lines: list[_Line | None], starts: list[int] | None = None) -> None:
        self._lines = lines
        self._line_starts = _line_starts(lines) if starts is None else starts
        self._texts.clear()
        self._strips.clear()
        self.virtual_size = Size(self._layout_width, len(lines))
        self.refresh()
        if self.cursor is not None:
            self.scroll_to_span(self.cursor)

    # Styling --------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """A highlight's Rich style; a translucent background is blended over the view's own."""
        cached = self._styles.get(name)
        if cached is not None:
            return cached
        component = f"article-view--{name}"
        style = self.get_component_rich_style(component, partial=True)
        background = self.get_component_styles(component).background
        if 0 < background.a < 1:
            blended = self.background_colors[1] + background
            style += Style(bgcolor=blended.rich_color)
        self._styles[name] = style
        return style

    def _extra_highlights(self) -> tuple[SpanIndex, list[Style]]:
        """The marks (tags), the selection and the find matches, in drawing order, indexed."""
        if self._extras is not None:
            return self._extras
        spans: list[tuple[int, int]] = []
        styles: list[Style] = []
        mark = self._style("mark")
        for start, end, colour in self.marks:
            style = mark
            try:
                if colour:
                    tint = self.background_colors[1] + Color.parse(colour).with_alpha(0.35)
                    style = mark + Style(bgcolor=tint.rich_color)
            except ColorParseError:
                pass  # an unreadable colour still gets the plain mark
            spans.append((start, end))
            styles.append(style)
        if self.selection is not None:
            spans.append(self.selection)
            styles.append(self._style("selection"))
        spans.extend(self.found)
        styles.extend([self._style("found")] * len(self.found))
        self._extras = (SpanIndex(spans), styles)
        return self._extras

    def _highlights_on(self, start: int, end: int) -> list[tuple[int, int, Style]]:
        """The highlights overlapping start..end, in drawing order (later ones on top): quotes,
        actors' mentions, then marks, selection and find matches; each found by bisection."""
        spans: list[tuple[int, int, Style]] = []
        claims = self._claims
        if claims is not None:
            quote, term = self._style("quote"), self._style("term")
            marked = claims.quote_marks
            for i in marked.overlapping(start, end):
                spans.append((*marked.spans[i], term if claims.quotes[i].get("kind") == "term" else quote))
            for actor in claims.actors:
                mentions = claims.mention_index[actor.name]
                found = mentions.overlapping(start, end)
                if found:
                    style = self._style(actor.kind)
                    if actor.name == self.selected_actor:
                        style = style + self._style("selected-actor")
                    spans.extend((*mentions.spans[i], style) for i in found)
        extras, styles = self._extra_highlights()
        spans.extend((*extras.spans[i], styles[i]) for i in extras.overlapping(start, end))
        return spans

    def _line_text(self, y: int) -> Text:
        cached = self._texts.get(y)
        if cached is not None:
            return cached
        line = self._lines[y]
        assert line is not None
        if line.fold is not None:
            folded = Text(f"┄ {line.fold} (z to unfold)", style=self._style("debris"), end="", no_wrap=True)
            self._texts[y] = folded
            return folded
        spans = [
            TextSpan(max(s, line.start) - line.start, min(e, line.end) - line.start, style)
            for s, e, style in self._highlights_on(line.start, line.end)
        ]
        text = Text(
            visible(self._text[line.start : line.end], keep_newlines=True),
            style=self._style("debris") if line.debris else self._style("block") if line.block else "",
            spans=spans,
            end="",
            no_wrap=True,
        )
        self._texts[y] = text
        return text

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines) or self._lines[index] is None:
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render_strip(index, base)
            self._strips[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, index)

    def _render_strip(self, index: int, base: Style) -> Strip:
        line = self._lines[index]
        assert line is not None
        text = self._line_text(index)
        cursor = self.cursor
        if cursor is not None and line.fold is None and cursor.start < line.end and cursor.end > line.start:
            text = text.copy()
            text.stylize(
                self._style("cursor"),
                max(cursor.start, line.start) - line.start,
                min(cursor.end, line.end) - line.start,
            )
        segments = list(text.render(self.app.console))
        if line.block:
            segments.insert(0, Segment(BLOCK_GUTTER, self._style("block-gutter")))
        return Strip(Segment.apply_style(segments, base))

    def legend(self) -> Text:
        """The highlight colours, named, drawn in their own styles (for the help screen)."""
        legend = Text(end="")
        for name, label in (
            ("person", "person"),
            ("org", "organisation"),
            ("place", "place"),
            ("group", "group"),
            ("quote", "“quoted statement”"),
            ("term", "“term”"),
            ("mark", "tag"),
            ("selection", "v selection"),
            ("cursor", "cursor"),
        ):
            if legend:
                legend.append("  ")
            legend.append(label, style=self._style(name))
        return legend

    # Geometry -------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """The index of the line holding character `offset`."""
        y = bisect_right(self._line_starts, offset) - 1
        while y > 0 and self._lines[y] is None:
            y -= 1
        return max(y, 0)

    def _refresh_span(self, span: Span) -> None:
        first, last = self.line_of(span.start), self.line_of(max(span.end - 1, span.start))
        for y in range(first, last + 1):
            self._strips.pop(y, None)
        self.refresh_lines(first, last - first + 1)

    def scroll_to_span(self, span: Span) -> None:
        """Scroll so that the whole span (or its start, if taller than the pane) is in view."""
        first, last = self.line_of(span.start), self.line_of(max(span.end - 1, span.start))
        height = min(last - first + 1, max(self.scrollable_content_region.height - 2, 1))
        self.scroll_to_region(Region(0, first, 1, height), animate=False, spacing=None, x_axis=False, immediate=True)

    def offset_at(self, x: int, y: int) -> int | None:
        """The character offset under a cell of the view (content coordinates)."""
        if not (0 <= y < len(self._lines)) or self._lines[y] is None:
            return None
        line = self._lines[y]
        assert line is not None
        column = x - (len(BLOCK_GUTTER) if line.block else 0)
        return min(line.start + max(column, 0), max(line.end - 1, line.start))

    def top_offset(self) -> int | None:
        """The character offset at the start of the first line in view."""
        for y in range(int(self.scroll_offset.y), len(self._lines)):
            line = self._lines[y]
            if line is not None:
                return line.start
        return None

    def on_click(self, event: events.Click) -> None:
        offset = self.offset_at(event.x + self.scroll_offset.x, event.y + self.scroll_offset.y)
        if offset is not None:
            self.post_message(TextClicked(offset))
