"""Bringing files in, seeding the built-in corpus, and (cached) analysis: functions over one
connection, where text, NLP and store meet. The CLI and the app reach them through the library
service (`reader.service.Library`), which owns the connections; tests call them directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.nlp.model import pipeline_id
from reader.paths import seeds_dir
from reader.records import Analysis, Link
from reader.store import Database
from reader.store import articles as store
from reader.store.db import atomic, is_read_only, open_db
from reader.text.plural import plural

HTML_SUFFIXES = {".html", ".htm"}
MARKDOWN_SUFFIXES = (".md", ".markdown")
SEEDED_KEY = "seeded"


@dataclass(frozen=True)
class Document:
    """A file read and repaired, ready to store or analyse."""

    path: str | None
    raw_text: str
    text: str
    title: str
    source: str
    url: str | None
    byline: str | None
    published: str | None = None
    links: tuple[Link, ...] = ()
    """A Markdown file's links, their offsets into `text`."""

    @property
    def id(self) -> str:
        return store.text_id(self.text)


@dataclass(frozen=True)
class AddResult:
    path: str
    status: str  # "added", "updated" (a new version of a file already in), "already there" or "failed"
    article_id: str | None = None
    title: str = ""
    error: str | None = None
    detail: str = ""


def document_from_text(raw: str, path: str | None = None, *, html: bool = False) -> Document:
    """Repair a raw text (or extract a saved web page) and read its metadata (a Markdown
    file's links too)."""
    links: tuple[Link, ...] = ()
    if html:
        from reader.text.html import extract_html

        text, meta = extract_html(raw, path=path)
    else:
        from reader.text.meta import extract_metadata
        from reader.text.repair import normalise

        if path and path.lower().endswith(MARKDOWN_SUFFIXES):
            from reader.text.markdown import carry_links, markdown_to_text

            plain, found = markdown_to_text(raw)
            text = normalise(plain)
            meta = extract_metadata(text, path)
            meta.update({key: normalise(found[key]) for key in ("title", "byline") if found[key]})
            links = tuple(carry_links(plain, found["links"], text, normalise))
        else:
            text = normalise(raw)
            meta = extract_metadata(text, path)
    if not text.strip():
        raise ReaderError(f"{path or '<stdin>'}: no text left after repair")
    return Document(
        path=path,
        raw_text=raw,
        text=text,
        title=meta.get("title") or (Path(path).stem if path else "Untitled"),
        source=meta.get("source") or "",
        url=meta.get("url"),
        byline=meta.get("byline"),
        published=meta.get("published"),
        links=links,
    )


def read_document(path: Path) -> Document:
    """Read one .txt/.md/.html file into a Document; a ReaderError names the file and the cause."""
    from reader.text.io import read_text_file

    raw = read_text_file(path)
    return document_from_text(raw, str(path), html=path.suffix.lower() in HTML_SUFFIXES)


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[str, Document | None, str | None]]:
    """Expand folders, read each file: yields (path, document, None) or (path, None, error)."""
    from reader.text.io import iter_input_files

    for path, error in iter_input_files([Path(p) for p in paths]):
        if error is not None:
            yield str(path), None, str(error)
            continue
        try:
            yield str(path), read_document(path), None
        except ReaderError as exc:
            yield str(path), None, str(exc)


def add_document(db: Database, doc: Document) -> AddResult:
    """Store a document. A file already in the library with another text is a new version of it:
    its tags are re-anchored onto the new text and the old version is dropped."""
    article_id, created = store.add_article(
        db,
        raw_text=doc.raw_text,
        text=doc.text,
        title=doc.title,
        source=doc.source,
        url=doc.url,
        byline=doc.byline,
        published=doc.published,
        path=doc.path,
        links=doc.links,
    )
    if not created:
        return AddResult(doc.path or "<stdin>", "already there", article_id, doc.title)
    cached = store.get_analysis(db, article_id, pipeline_id())
    if cached is not None:  # analysed before it was added (`reader analyze`): searchable at once
        _index(db, article_id, cached)
    older = store.other_versions(db, doc.path, article_id) if doc.path else []
    if not older:
        return AddResult(doc.path or "<stdin>", "added", article_id, doc.title)
    placed = orphaned = 0
    for old_id in older:
        report = replace_article(db, old_id, article_id)
        placed, orphaned = placed + report.placed, orphaned + len(report.orphaned)
    detail = f"{plural(placed, 'tag')} re-anchored, {orphaned} orphaned" if placed or orphaned else ""
    return AddResult(doc.path or "<stdin>", "updated", article_id, doc.title, detail=detail)


def replace_article(db: Database, old_id: str, new_id: str):
    """An article's text changed (re-import, a new repair rule): move its tags onto the new
    version by their text and context, keep what cannot be placed as orphans, drop the old one."""
    from reader.store.anchor import reanchor
    from reader.store.search import remove_article

    with atomic(db):
        report = reanchor(db, old_id, to_article=new_id)
        old = store.get_article(db, old_id)
        if old and old["read_at"]:
            store.mark_read(db, new_id)
        remove_article(db, old_id)
    return report


def refresh_texts(db: Database) -> list[tuple[str, str, Any]]:
    """Re-repair every article's raw text with the current rules; where the text changes, the
    article is replaced (tags re-anchored). Returns (old id, new id, re-anchor report) for each."""
    changed = []
    for row in store.stored_texts(db):
        html = (row["path"] or "").lower().endswith(tuple(HTML_SUFFIXES))
        doc = document_from_text(row["raw_text"], row["path"], html=html)
        if doc.text == row["text"]:
            if list(doc.links) != store.article_links(row):  # read before links were kept
                store.set_links(db, row["id"], doc.links)
            continue
        with atomic(db):  # add the new version, re-anchor, drop the old: all or nothing
            new_id, _ = store.add_article(
                db,
                raw_text=row["raw_text"],
                text=doc.text,
                title=row["title"],
                source=row["source"],
                url=row["url"],
                byline=row["byline"],
                path=row["path"],
                published=row["published"],
                links=doc.links,
            )
            changed.append((row["id"], new_id, replace_article(db, row["id"], new_id)))
    return changed


def add_paths(db: Database, paths: Iterable[str | Path]) -> Iterator[AddResult]:
    """Add files and folders to the library, one result per file; bad files do not stop the rest."""
    for path, doc, error in iter_documents(paths):
        if doc is None:
            yield AddResult(path, "failed", error=error)
        else:
            yield add_document(db, doc)


def ensure_seeded(db: Database) -> int:
    """On first use, import the five built-in articles; returns how many were added."""
    if store.get_setting(db, SEEDED_KEY):
        return 0
    added = sum(1 for result in add_paths(db, sorted(seeds_dir().glob("*.txt"))) if result.status == "added")
    store.set_setting(db, SEEDED_KEY, store.now())
    return added


def _index(db: Database, article_id: str, record: Analysis) -> None:
    from reader.store.search import index_analysis

    index_analysis(db, article_id, record)


def _with_aliases(db: Database, record: Analysis) -> Analysis:
    aliases = store.get_aliases(db)
    if not aliases:
        return record
    from reader.nlp.actors import apply_aliases

    return apply_aliases(record, aliases)


def cached_analysis(db: Database, article_id: str) -> Analysis | None:
    """An article's analysis if the current pipeline has made one (never imports spaCy)."""
    record = store.get_analysis(db, article_id, pipeline_id())
    return None if record is None else _with_aliases(db, record)


def analysis_for(db: Database, article: dict[str, Any]) -> Analysis:
    """An article's analysis, from the cache or computed now (and stored)."""
    record = store.get_analysis(db, article["id"], pipeline_id())
    if record is None:
        from reader.nlp.analyze import analyze_texts

        record = next(analyze_texts([article["text"]]))
        if not is_read_only(db):  # a read-only library is read, not cached into
            store.put_analysis(db, article["id"], pipeline_id(), record)
    return _with_aliases(db, record)


ProgressFn = Callable[[int, int, str], None]


def analyze_pending(
    db_path: str | Path,
    *,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int = 1,
    batch_size: int = 8,
) -> int:
    """`analyze_pending_on` with a connection of its own, closed at the end (for a worker thread
    or a command). Returns how many articles were analysed."""
    db = open_db(db_path)
    try:
        return analyze_pending_on(
            db, on_progress=on_progress, should_stop=should_stop, workers=workers, batch_size=batch_size
        )
    finally:
        db.close()


def analyze_pending_on(
    db: Database,
    *,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int = 1,
    batch_size: int = 8,
) -> int:
    """Analyse every article the current pipeline has not, committing each as it finishes.

    An interrupted run keeps what it finished and the next run resumes from there. Returns how
    many were analysed.
    """
    pipeline = pipeline_id()
    pending = store.unanalysed_ids(db, pipeline)
    if not pending:
        return 0
    from reader.nlp.analyze import analyze_texts

    def texts() -> Iterator[str]:
        for article_id in pending:
            if should_stop and should_stop():
                return
            yield store.article_text(db, article_id) or ""  # removed meanwhile: keeps the pairing, stored nowhere

    done = 0
    for article_id, record in zip(pending, analyze_texts(texts(), batch_size=batch_size, n_process=workers)):
        if store.article_text(db, article_id) is not None:
            store.put_analysis(db, article_id, pipeline, record)
        done += 1
        if on_progress:
            on_progress(done, len(pending), article_id)
        if should_stop and should_stop():
            break
    return done


def index_pending(db: Database) -> None:
    """Index any stored analysis the search index does not hold yet (nothing on a read-only library)."""
    from reader.store.search import unindexed_ids

    if is_read_only(db):
        return
    for article_id in unindexed_ids(db, pipeline_id()):
        record = store.get_analysis(db, article_id, pipeline_id())
        if record is not None:
            _index(db, article_id, record)


def ensure_analysed(db_path: str | Path, *, on_progress: ProgressFn | None = None) -> int:
    """What a command reading analyses (speakers, quotes, search) calls first: index any stored
    analysis not indexed yet, then analyse what the current pipeline has not. Returns how many
    articles were analysed."""
    db = open_db(db_path)
    try:
        if is_read_only(db):  # nothing can be stored: read what is there
            return 0
        index_pending(db)
    finally:
        db.close()
    return analyze_pending(db_path, on_progress=on_progress)


def _name_words(name: str) -> list[str]:
    return re.findall(r"\w+", name.casefold())


def match_speaker(db: Database, name: str) -> str:
    """The one speaker `name` means: their full name or an alias in any case, else any part of
    either (`kirby`, `blinken`, `john k`). A ReaderError lists the candidates when several
    match, and says so when none does."""
    from reader.store.search import speaker_names

    wanted = _name_words(name)
    if not wanted:
        raise ReaderError(f"{name!r}: give a speaker's name (see `reader speakers`)")
    names = speaker_names(db)
    exact = sorted(c for c, known in names.items() if any(_name_words(k) == wanted for k in known))
    if len(exact) == 1:
        return exact[0]

    def has_part(known: str) -> bool:
        words = _name_words(known)
        return all(any(word.startswith(part) for word in words) for part in wanted)

    found = exact or sorted((c for c, known in names.items() if any(has_part(k) for k in known)), key=str.casefold)
    if not found:
        raise ReaderError(f"{name}: no speaker by that name (see `reader speakers`)")
    if len(found) > 1:
        shown = ", ".join(found[:10]) + (f" and {len(found) - 10} more" if len(found) > 10 else "")
        raise ReaderError(f"{name}: {len(found)} speakers match: {shown} (give more of the name)")
    return found[0]


def analyze_documents(
    db: Database,
    docs: list[Document],
    *,
    workers: int = 1,
    batch_size: int = 8,
    on_progress: ProgressFn | None = None,
) -> list[Analysis]:
    """Analyses for documents not necessarily in the library, through the cache (keyed by text)."""
    pipeline = pipeline_id()
    records: dict[str, Analysis] = {}
    for doc in docs:
        cached = store.get_analysis(db, doc.id, pipeline)
        if cached is not None:
            records[doc.id] = cached
    todo = [doc for doc in {d.id: d for d in docs}.values() if doc.id not in records]
    if todo:
        from reader.nlp.analyze import analyze_texts

        for done, (doc, record) in enumerate(
            zip(todo, analyze_texts((d.text for d in todo), batch_size=batch_size, n_process=workers)), 1
        ):
            store.put_analysis(db, doc.id, pipeline, record)
            records[doc.id] = record
            if on_progress:
                on_progress(done, len(todo), doc.id)
    return [_with_aliases(db, records[doc.id]) for doc in docs]
