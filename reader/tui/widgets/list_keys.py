"""The reading keys for every list: j/k move, g/G go to the first and last row (as in the article)."""

from __future__ import annotations

from textual.binding import Binding

OPTION_LIST_KEYS = [
    Binding("j", "cursor_down", "Next row", show=False),
    Binding("k", "cursor_up", "Previous row", show=False),
    Binding("g", "first", "First row", show=False),
    Binding("G", "last", "Last row", show=False),
]
"""For an OptionList's BINDINGS (its own actions)."""

DATA_TABLE_KEYS = [
    Binding("j", "cursor_down", "Next row", show=False),
    Binding("k", "cursor_up", "Previous row", show=False),
    Binding("g", "scroll_top", "First row", show=False),
    Binding("G", "scroll_bottom", "Last row", show=False),
]
"""For a DataTable's BINDINGS (its own actions; a row cursor moves with them)."""
