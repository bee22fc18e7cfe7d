"""The library service: `Library(path)` owns a library file's connections (one per thread) and
every use case; the CLI and the app call only it (and the records and types named here)."""

from reader.service.claims import STANCES, Claims
from reader.service.ingest import AddResult, Document
from reader.service.library import ArticleFigures, Library, LibrarySource, OpenedArticle, Removal
from reader.service.tags import Labels, Tags
from reader.store import DatabaseError
from reader.store.export import FORMATS
from reader.store.tags import UndoStack

__all__ = [
    "FORMATS",
    "STANCES",
    "AddResult",
    "ArticleFigures",
    "Claims",
    "DatabaseError",
    "Document",
    "Labels",
    "Library",
    "LibrarySource",
    "OpenedArticle",
    "Removal",
    "Tags",
    "UndoStack",
]
