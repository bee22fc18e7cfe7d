"""The library's table of articles: a line-rendered list that draws only the rows in view.

Filtering and sorting hand it a new list of ids; cells are built for the rows on screen only,
so ten thousand articles cost no more to show than ten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.tui.resilient import ReportsFailures

CELL_PADDING = 1
TITLE_ROOM = 40
"""The title column's share before the others give way: a narrow column shrinks, optional ones go."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int  # 0: takes the width the other columns leave
    numeric: bool = False
    min_width: int = 0  # may shrink to this when the title needs the room (0: never shrinks)
    optional: bool = False  # hidden when the title needs the room (the last first)


class ArticleTable(ReportsFailures, ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of articles under a sticky header; a row cursor; Enter (or a click on the cursor row) opens."""

    COMPONENT_CLASSES = {
        "article-table--header",
        "article-table--cursor",
        "article-table--zebra",
    }

    BINDINGS = [
        Binding("enter", "choose", "Open", show=True, id="article-table.choose"),
        Binding("down,j", "cursor_down", "Next article", show=False, id="article-table.cursor-down"),
        Binding("up,k", "cursor_up", "Previous article", show=False, id="article-table.cursor-up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="article-table.page-down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="article-table.page-up"),
        Binding("home,g", "first", "First article", show=False, id="article-table.first"),
        Binding("end,G", "last", "Last article", show=False, id="article-table.last"),
    ]

    @dataclass
    class Chosen(Message):
        """The user opened the article under the cursor."""

        article_id: str

    @dataclass
    class HeaderClicked(Message):
        """The user clicked a column header (to sort by it)."""

        column: str

    cursor_row: reactive[int] = reactive(0, repaint=False)

    def __init__(self, columns: Sequence[Column], cells: Callable[[str], list[Text]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns = list(columns)
        self._cells = cells  # article id -> its cells (the screen knows the data)
        self.ids: list[str] = []
        self.labels: dict[str, Text] = {column.key: Text(column.header) for column in self.columns}
        self._strips: dict[tuple[int, bool], Strip] = {}

    # Data in --------------------------------------------------------------------------

    def show_ids(self, ids: list[str], keep: str | None = None) -> None:
        """Show these articles in this order; the cursor stays on `keep` if it is still shown."""
        self.ids = ids
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(ids) + 1)
        row = ids.index(keep) if keep is not None and keep in ids else 0
        self.cursor_row = min(row, max(len(ids) - 1, 0))
        self._scroll_to_cursor()
        self.refresh()

    def set_labels(self, labels: dict[str, Text]) -> None:
        self.labels.update(labels)
        self._strips.pop((-1, False), None)
        self.refresh(Region(0, 0, self.size.width, 1))

    def refresh_row(self, article_id: str) -> None:
        """Redraw one article's row (its cells changed)."""
        try:
            row = self.ids.index(article_id)
        except ValueError:
            return
        self._strips.pop((row, True), None)
        self._strips.pop((row, False), None)
        self._refresh_row(row)

    @property
    def row_count(self) -> int:
        return len(self.ids)

    @property
    def current_id(self) -> str | None:
        return self.ids[self.cursor_row] if 0 <= self.cursor_row < len(self.ids) else None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # Layout ---------------------------------------------------------------------------

    def widths(self) -> list[int]:
        """Each column's width now: fixed ones as declared, the title the rest; 0 is hidden.

        On a narrow terminal the title would get what is left: first the shrinkable columns give
        way, then the optional ones are hidden (the last first), until the title has TITLE_ROOM.
        """
        room = self.scrollable_content_region.width
        widths = [c.width for c in self.columns]

        def title_room() -> int:
            shown = [w for c, w in zip(self.columns, widths) if w or not c.width]
            return room - sum(widths) - 2 * CELL_PADDING * len(shown)

        for i, column in enumerate(self.columns):
            if column.min_width and title_room() < TITLE_ROOM:
                widths[i] = max(column.min_width, widths[i] - (TITLE_ROOM - title_room()))
        for i in reversed(range(len(self.columns))):
            if self.columns[i].optional and title_room() < TITLE_ROOM:
                widths[i] = 0
        flexible = max(title_room(), 12)
        return [w if c.width else flexible for c, w in zip(self.columns, widths)]

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(self.ids) + 1)

    def _line(self, cells: Sequence[Text], style: Style) -> Strip:
        line = Text(no_wrap=True, end="")
        for column, width, cell in zip(self.columns, self.widths(), cells):
            if not width:
                continue  # hidden: the title needs the room
            cell = cell.copy()
            cell.truncate(width, overflow="ellipsis")
            gap = " " * (width - cell.cell_len)
            cell = Text(gap, end="") + cell if column.numeric else cell + Text(gap, end="")
            line.append(" " * CELL_PADDING)
            line.append_text(cell)
            line.append(" " * CELL_PADDING)
        return Strip(Segment.apply_style(list(line.render(self.app.console)), style))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            key = (-1, False)
            if key not in self._strips:
                labels = [self.labels[c.key] for c in self.columns]
                self._strips[key] = self._line(labels, self.get_component_rich_style("article-table--header"))
            return self._strips[key].crop_extend(0, width, base)
        row = int(self.scroll_offset.y) + y - 1
        if row >= len(self.ids):
            return Strip.blank(width, base)
        cursor = row == self.cursor_row
        key = (row, cursor)
        strip = self._strips.get(key)
        if strip is None:
            style = base
            if cursor:
                style = self.get_component_rich_style("article-table--cursor")
            elif row % 2:
                style = self.get_component_rich_style("article-table--zebra")
            strip = self._line(self._cells(self.ids[row]), style)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[key] = strip
        return strip.crop_extend(0, width, base)

    # Cursor ---------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()

    def _refresh_row(self, row: int) -> None:
        self.refresh(Region(0, row + 1 - int(self.scroll_offset.y), self.size.width, 1))

    def _page_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_to_cursor(self) -> None:
        top, rows = int(self.scroll_offset.y), self._page_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + rows:
            self.scroll_to(y=self.cursor_row - rows + 1, animate=False, immediate=True)

    def move_cursor(self, row: int) -> None:
        if self.ids:
            self.cursor_row = max(0, min(row, len(self.ids) - 1))

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self._page_rows())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.ids) - 1)

    def action_choose(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Chosen(self.current_id))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x - CELL_PADDING
            for column, width in zip(self.columns, self.widths()):
                if not width:
                    continue
                if x < width + CELL_PADDING:
                    self.post_message(self.HeaderClicked(column.key))
                    return
                x -= width + 2 * CELL_PADDING
            return
        row = int(self.scroll_offset.y) + event.y - 1
        if 0 <= row < len(self.ids):
            if row == self.cursor_row:
                self.action_choose()
            else:
                self.cursor_row = row
