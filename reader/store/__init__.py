"""The library store: plain functions over a sqlite-utils `Database`. Knows nothing of spaCy or the UI."""

from sqlite3 import Error as DatabaseError

from sqlite_utils import Database

from reader.store.db import SCHEMA_VERSION, open_db

__all__ = ["SCHEMA_VERSION", "Database", "DatabaseError", "open_db"]
