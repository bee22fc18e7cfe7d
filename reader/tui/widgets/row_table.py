"""A table of rows that moves with the reading keys (j/k, g/G) as well as the arrows."""

from __future__ import annotations

from textual.widgets import DataTable

from reader.tui.resilient import ReportsFailures
from reader.tui.widgets.list_keys import DATA_TABLE_KEYS


class RowTable(ReportsFailures, DataTable):
    """A DataTable with the reading keys; Enter acts on the row under the cursor."""

    BINDINGS = DATA_TABLE_KEYS
