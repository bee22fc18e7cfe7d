"""The library table's rows: every article's summary by id, in the library's order, filtered and
sorted for the table.

A large library paints from its first screenful and every id; the other summaries come after
(from a worker, or at once when a filter or a sort needs them all), and a row scrolled to before
then is read with its neighbours in one query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text

from reader.tui.messages import ArticleCounts
from reader.tui.untrusted import cell

Row = dict[str, Any]
Indexed = tuple[dict[str, Row], list[str], dict[str, str]]
WINDOW = 200
"""Summaries read at once for a row scrolled to before every summary has come."""


def indexed(summaries: list[Row]) -> Indexed:
    """The rows by id, their order and what the filter looks in (plain data: a worker may make it)."""
    rows = {row["id"]: row for row in summaries}
    haystacks = {row["id"]: f"{row['title']}\n{row['source']}\n{row['byline'] or ''}".casefold() for row in summaries}
    return rows, list(rows), haystacks


def cells_of(row: Row) -> list[Text]:
    """A summary's cells in the table's columns: unread titles bold, counts not made yet "…"."""
    unread = row["read_at"] is None
    return [
        cell(row["title"] or "Untitled", "bold" if unread else ""),
        cell(row["source"]),
        *(_count(row[key]) for key in ("words", "quotes", "actors", "tags")),
        Text("" if unread else "✓", end=""),
    ]


def _count(value: int | None) -> Text:
    if value is None:
        return Text("…", style="dim", end="")
    return Text(str(value), end="")


def sort_value(row: Row, key: str) -> Any:
    if key == "read":
        return row["read_at"] is not None
    value = row[key]
    if isinstance(value, str):
        return value.casefold()
    return -1 if value is None else value


class LibraryRows:
    """The summaries the library screen shows; `partial` until every one has come."""

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self.order: list[str] = []  # article ids in the library's own order (added)
        self.haystacks: dict[str, str] = {}
        self.partial = False
        self._counts_since: dict[str, ArticleCounts] = {}  # analysed while the rest were read

    def set_all(self, rows: dict[str, Row], order: list[str], haystacks: dict[str, str]) -> None:
        """Every summary (from `indexed`); counts analysed while they were read are kept."""
        for article_id, counts in self._counts_since.items():
            if article_id in rows:
                rows[article_id] = {**rows[article_id], "actors": counts.actors, "quotes": counts.statements}
        self._counts_since.clear()
        self.rows, self.order, self.haystacks, self.partial = rows, order, haystacks, False

    def set_first(self, first: list[Row], ids: list[str]) -> None:
        """The first summaries and every id; the rest to come."""
        self.rows = {row["id"]: row for row in first}
        self.order, self.haystacks, self.partial = ids, {}, True

    def note_counts(self, article_id: str, counts: ArticleCounts) -> None:
        """An article analysed: its counts, kept for the summaries still being read."""
        if self.partial:
            self._counts_since[article_id] = counts
        if article_id in self.rows:
            self.rows[article_id] = {**self.rows[article_id], "actors": counts.actors, "quotes": counts.statements}

    def get(self, article_id: str, read: Callable[[list[str]], list[Row]]) -> Row | None:
        """An article's summary; one not come yet is read by `read(ids)` with its neighbours'."""
        row = self.rows.get(article_id)
        if row is None and self.partial and article_id in self.order:
            at = self.order.index(article_id)
            window = self.order[max(0, at - WINDOW // 4) : at + WINDOW]
            for found in read([i for i in window if i not in self.rows]):
                self.rows[found["id"]] = found
            row = self.rows.get(article_id)
        return row

    def visible(
        self, filter_text: str, sort_key: str | None, reverse: bool, read_all: Callable[[], list[Row]]
    ) -> list[str]:
        """The ids the table shows: those whose title, source or byline hold every word of
        `filter_text`, sorted by `sort_key` (the library's order when None)."""
        terms = filter_text.casefold().split()
        if self.partial and (terms or sort_key is not None):
            self.set_all(*indexed(read_all()))
        ids = self.order
        if terms:
            ids = [i for i in ids if all(term in self.haystacks[i] for term in terms)]
        if sort_key is not None:
            key = sort_key
            ids = sorted(ids, key=lambda i: sort_value(self.rows[i], key), reverse=reverse)
        elif reverse:
            ids = ids[::-1]
        return ids
