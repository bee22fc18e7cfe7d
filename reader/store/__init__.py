"""The library store: plain functions over a sqlite-utils `Database`. Knows nothing of spaCy or the UI."""

from reader.store.db import open_db, SCHEMA_VERSION

__all__ = ["open_db", "SCHEMA_VERSION"]
