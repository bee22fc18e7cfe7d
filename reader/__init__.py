"""reader: read news closely in the terminal — actors, quotes and who said them, and your tags."""

import sys as _sys

__version__ = "0.1.0"


def _import_sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy and pandas only to map their types on insert, which we never
    do; numpy alone is about a third of the app's start-up. Hide both while it loads."""
    hidden = [name for name in ("numpy", "pandas") if name not in _sys.modules]
    for name in hidden:
        _sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del _sys.modules[name]


_import_sqlite_utils_without_numpy()
