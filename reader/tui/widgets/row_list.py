"""A list of rows that moves with the reading keys (j/k, g/G) as well as the arrows."""

from __future__ import annotations

from textual.widgets import OptionList

from reader.tui.resilient import ReportsFailures
from reader.tui.widgets.list_keys import OPTION_LIST_KEYS


class RowList(ReportsFailures, OptionList):
    """An OptionList with the reading keys; Enter acts on the highlighted row."""

    BINDINGS = OPTION_LIST_KEYS
