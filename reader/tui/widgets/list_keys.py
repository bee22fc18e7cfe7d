"""The reading keys for every list: j/k move, g/G go to the first and last row (as in the article)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

OPTION_LIST_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Next row", show=False, id="list.next-row"),
    Binding("k", "cursor_up", "Previous row", show=False, id="list.previous-row"),
    Binding("g", "first", "First row", show=False, id="list.first-row"),
    Binding("G", "last", "Last row", show=False, id="list.last-row"),
]
"""For an OptionList's BINDINGS (its own actions)."""

DATA_TABLE_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Next row", show=False, id="list.next-row"),
    Binding("k", "cursor_up", "Previous row", show=False, id="list.previous-row"),
    Binding("g", "scroll_top", "First row", show=False, id="list.first-row"),
    Binding("G", "scroll_bottom", "Last row", show=False, id="list.last-row"),
]
"""For a DataTable's BINDINGS (its own actions; a row cursor moves with them)."""
