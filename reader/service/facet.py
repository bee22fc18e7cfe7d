"""What each facet of the library service (`library.tags`, `.labels`, `.claims`) shares: the
library it belongs to, and so the calling thread's connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.service.library import Library
    from reader.store import Database


class Facet:
    """A group of the library's use cases, on its library's connections."""

    def __init__(self, library: Library) -> None:
        self._library = library

    @property
    def _db(self) -> Database:
        return self._library.db
