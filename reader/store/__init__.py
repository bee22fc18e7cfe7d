"""The library store: plain functions over a sqlite-utils `Database`. Knows nothing of spaCy or the UI."""

from reader.store.db import SCHEMA_VERSION, open_db

__all__ = ["SCHEMA_VERSION", "open_db"]
