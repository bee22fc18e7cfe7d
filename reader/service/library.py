"""The library service: one object per library file that owns its connections (one per thread)
and every use case the CLI and the app run. They call only this; SQL lives in `reader.store`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from reader.errors import ReaderError
from reader.nlp.model import pipeline_id
from reader.records import Analysis, Link
from reader.service import ingest
from reader.service.claims import Claims
from reader.service.ingest import AddResult, Document, ProgressFn
from reader.service.tags import Labels, Tags
from reader.store import Database, open_db
from reader.store import articles as articles_store
from reader.store import echoes as echoes_store
from reader.store import search as search_store
from reader.store.db import atomic, is_read_only

# What a Library is made from: a library file's path, or a connection to adopt for its thread.
LibrarySource = str | Path | Database


@dataclass(frozen=True)
class OpenedArticle:
    """An article opened for reading: the row (with its text), its cached analysis (None until
    analysed) and a warning when it could not be marked read."""

    article: dict[str, Any] | None
    record: Analysis | None
    warning: str | None = None


@dataclass(frozen=True)
class ArticleFigures:
    """The library table's figures of one analysed article."""

    actors: int
    statements: int


@dataclass(frozen=True)
class Removal:
    """What removing an article took with it, and the tags exported first (None if not asked)."""

    article_id: str
    title: str
    tags: int
    quotes: int
    exported: int | None = None


class Library:
    """A library file's use cases. Each thread gets its own connection, opened on first use
    (sqlite3 connections are not shared across threads) and kept for the thread's next call:
    the app's workers run in a thread pool, so a keystroke's search reuses its thread's one. A
    thread's connection closes with `release()` on that thread, when the thread ends, or when
    the Library goes (its thread-local store goes with it).

    The facets `tags`, `labels` and `claims` hold those use cases; the rest are methods here.
    """

    def __init__(self, source: LibrarySource) -> None:
        self._local = threading.local()
        if isinstance(source, Database):  # adopted: its thread uses it; the owner closes it
            self.path = Path(getattr(source.conn, "library_path", ""))
            self._local.db = source
            self._local.adopted = True
        else:
            self.path = Path(source)
        self.tags = Tags(self)
        self.labels = Labels(self)
        self.claims = Claims(self)

    @staticmethod
    def coerce(source: Library | LibrarySource) -> Library:
        """`source` if it is a Library, else a Library over it (a screen made from a path)."""
        return source if isinstance(source, Library) else Library(source)

    # Connections ------------------------------------------------------------------------

    @property
    def db(self) -> Database:
        """This thread's connection, opened (and migrated) on first use. For the service's own
        modules and for tests: callers use the use cases."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = open_db(self.path)
            self._local.db = db
        return db

    def connect(self) -> Library:
        """Open this thread's connection now, so a bad library file fails here, not later."""
        _ = self.db
        return self

    def release(self) -> None:
        """Close this thread's connection (a thread that is done with the library); the next
        call on the thread opens another. An adopted connection is left to its owner."""
        db = getattr(self._local, "db", None)
        if db is None:
            return
        self._local.db = None
        if not getattr(self._local, "adopted", False):
            db.close()

    @property
    def read_only(self) -> bool:
        """Whether the library file (or its folder) cannot be written: reading only."""
        return is_read_only(self.db)

    def transaction(self) -> AbstractContextManager[Any]:
        """One write transaction on this thread's connection (nests as a savepoint)."""
        return atomic(self.db)

    # Bringing articles in -----------------------------------------------------------------

    def ensure_seeded(self) -> int:
        """On first use, import the built-in articles; returns how many were added."""
        return ingest.ensure_seeded(self.db)

    def open_seeded(self) -> Library:
        """Open the library and seed it on first use unless it is read-only (then only read)."""
        if not self.read_only:
            self.ensure_seeded()
        return self

    def add_paths(self, paths: Iterable[str | Path]) -> Iterator[AddResult]:
        """Add files and folders, one result per file; bad files do not stop the rest."""
        return ingest.add_paths(self.db, paths)

    def add_text(self, raw: str, path: str | None = None) -> AddResult:
        """Add one text (standard input): repaired, its metadata read, stored."""
        return ingest.add_document(self.db, ingest.document_from_text(raw, path))

    def refresh(self) -> list[tuple[str, str, Any]]:
        """Re-repair every article with the current rules, re-anchoring the tags of those that
        changed: (old id, new id, re-anchor report) for each."""
        return ingest.refresh_texts(self.db)

    @staticmethod
    def read_documents(paths: Iterable[str | Path]) -> Iterator[tuple[str, Document | None, str | None]]:
        """Files read and repaired without adding them: (path, document, None) or (path, None, error)."""
        return ingest.iter_documents(paths)

    # Analysis ------------------------------------------------------------------------------

    def analyze_pending(
        self,
        *,
        on_progress: ProgressFn | None = None,
        should_stop: Callable[[], bool] | None = None,
        workers: int = 1,
        batch_size: int = 8,
    ) -> int:
        """Analyse every article the current pipeline has not, each committed as it finishes."""
        return ingest.analyze_pending_on(
            self.db, on_progress=on_progress, should_stop=should_stop, workers=workers, batch_size=batch_size
        )

    def pending_analysis(self) -> int:
        """How many articles the current pipeline has not analysed yet."""
        return len(articles_store.unanalysed_ids(self.db, pipeline_id()))

    def ensure_analysed(self, *, on_progress: ProgressFn | None = None) -> int:
        """Index stored analyses not indexed yet, then analyse the rest (nothing on a read-only
        library). Returns how many articles were analysed."""
        if self.read_only:
            return 0
        ingest.index_pending(self.db)
        return self.analyze_pending(on_progress=on_progress)

    def analyze_documents(
        self, docs: list[Document], *, workers: int = 1, batch_size: int = 8, on_progress: ProgressFn | None = None
    ) -> list[Analysis]:
        """Analyses of documents not necessarily in the library, through the cache."""
        return ingest.analyze_documents(self.db, docs, workers=workers, batch_size=batch_size, on_progress=on_progress)

    def cached_analysis(self, article_id: str) -> Analysis | None:
        """An article's analysis if the current pipeline has made one (never loads spaCy)."""
        return ingest.cached_analysis(self.db, article_id)

    def analysis(self, article: dict[str, Any]) -> Analysis:
        """An article's analysis, from the cache or made now (and stored unless read-only)."""
        return ingest.analysis_for(self.db, article)

    def figures(self, article_id: str) -> ArticleFigures | None:
        """The table's actors and statements of an article's stored analysis (None if none),
        counted when it was stored: the analysis itself is not read again."""
        counts = articles_store.analysis_counts(self.db, article_id, pipeline_id())
        return None if counts is None else ArticleFigures(*counts)

    # Articles ------------------------------------------------------------------------------

    def articles(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Every article's summary (no text), with the current pipeline's counts where analysed;
        the first `limit` of them in the library's order when given (a large library's first screen)."""
        return articles_store.list_articles(self.db, pipeline_id(), limit=limit)

    def article_ids(self) -> list[str]:
        """Every article's id in the library's order (read from an index: cheap at 100,000)."""
        return articles_store.article_ids(self.db)

    def article_summaries(self, ids: list[str]) -> list[dict[str, Any]]:
        """The summaries of the articles `ids` (those still in the library), as `articles` gives them."""
        return articles_store.article_summaries(self.db, ids, pipeline_id())

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article by id or unique id prefix (a shared prefix is a ReaderError naming them)."""
        return articles_store.get_article(self.db, article_id)

    def links(self, article: dict[str, Any]) -> list[Link]:
        """The links an article kept from its Markdown (words, offsets into its text, target)."""
        return articles_store.article_links(article)

    def require_article(self, article_id: str, problem: str = "no such article") -> dict[str, Any]:
        """The article, else a ReaderError: "ID: `problem` (see `reader list`)"."""
        found = self.article(article_id)
        if found is None:
            raise ReaderError(f"{article_id}: {problem} (see `reader list`)")
        return found

    def open_article(self, article_id: str) -> OpenedArticle:
        """An article to read: marked read (unless read-only; a failed mark is a warning, the
        article still opens) with its cached analysis."""
        article = self.article(article_id)
        if article is None:
            return OpenedArticle(None, None)
        warning = None
        try:
            if not self.read_only:
                articles_store.mark_read(self.db, article["id"])
        except ReaderError as error:  # a locked or full library
            warning = f"Not marked as read: {error}"
        return OpenedArticle(article, self.cached_analysis(article["id"]), warning)

    def set_read(self, article_id: str, read: bool = True) -> str | None:
        """Mark an article read or unread; returns its read time now (None: unread)."""
        articles_store.mark_read(self.db, article_id, read)
        article = self.article(article_id)
        return article["read_at"] if article else None

    def edit_article(self, article_id: str, **fields: Any) -> None:
        """Change an article's title, source, url, byline or published date."""
        articles_store.update_article(self.db, article_id, **fields)

    def tag_count(self, article_id: str) -> int:
        """How many tags an article has (what removing it would take)."""
        from reader.store.tags import tag_count

        return tag_count(self.db, article_id)

    def remove_article(self, article_id: str, export_to: Path | TextIO | None = None) -> Removal:
        """Remove an article with its tags and quotes; its tags are first written as JSON lines
        to `export_to` if given (a path, or an open file). A failed export keeps the article."""
        from reader.store.export import export_jsonl, export_to_path

        article = self.require_article(article_id)
        exported = None
        if isinstance(export_to, Path):
            exported = export_to_path(self.db, export_to, "jsonl", article=article["id"])
        elif export_to is not None:
            exported = export_jsonl(self.db, export_to, article=article["id"])
        counts = search_store.remove_article(self.db, article["id"])
        return Removal(article["id"], article["title"] or "", counts["tags"], counts["quotes"], exported)

    # Aliases --------------------------------------------------------------------------------

    def aliases(self) -> dict[str, str | None]:
        """Actor aliases: a name and the actor it counts as (None: kept apart)."""
        return articles_store.get_aliases(self.db)

    def merge_alias(self, name: str, canonical: str | None) -> None:
        """Count mentions written `name` as `canonical` (None keeps them apart)."""
        articles_store.set_alias(self.db, name, canonical)

    def remove_alias(self, name: str) -> None:
        articles_store.delete_alias(self.db, name)

    # Across the library ---------------------------------------------------------------------

    @staticmethod
    def query_notice(query: str) -> str | None:
        """What the search leaves out of an over-long query, said in a line (None: nothing)."""
        return search_store.query_notice(query)

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Hits in article text, titles, quotes and speakers, and tag notes, best first."""
        return search_store.search(self.db, query, limit=limit)

    def speakers(self) -> list[dict[str, Any]]:
        """Everyone quoted, with their statements, tags and articles."""
        return search_store.speakers(self.db)

    def quotes_by(self, speaker: str) -> list[dict[str, Any]]:
        """Every statement `speaker` is quoted as making, article by article."""
        return search_store.quotes_by(self.db, speaker)

    def match_speaker(self, name: str) -> str:
        """The one speaker `name` means (any part or alias, any case), else a ReaderError."""
        return ingest.match_speaker(self.db, name)

    def overview(self, top: int = 15, pipeline: str | None = None) -> dict[str, Any]:
        """Figures for the overview's charts."""
        return search_store.overview(self.db, top=top, pipeline=pipeline)

    def echo_groups(self) -> list[dict[str, Any]]:
        """Statements several articles quote in nearly the same words, grouped."""
        return echoes_store.echo_groups(self.db)

    def echo_group(self, group_id: int) -> dict[str, Any] | None:
        return echoes_store.echo_group(self.db, group_id)

    def article_echoes(self, article_id: str) -> dict[int, dict[str, Any]]:
        """An article's quotes that other articles echo: quote index -> its echo."""
        return echoes_store.article_echoes(self.db, article_id)
