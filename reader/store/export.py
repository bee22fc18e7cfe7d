"""Exporting tags as CSV, JSONL (re-importable) or W3C Web Annotation JSON-LD, streamed row by row.

Every format carries the same fields (`FIELDS`): the article's title, outlet, URL, byline and
published date; the tag's label, kind (a whole quote, a whole sentence, or a selection), text,
40 characters of context either side, the speaker and cue of the quote it covers, and whether it
is orphaned. A tag's text is always the article's own characters from `start` to `end`, quotation
marks included when the span includes them.

Every CSV cell a spreadsheet would read as a formula gets a leading `'` so it shows as text
(OWASP "CSV injection"): one that begins with `=`, `+`, `-`, `@`, a tab or a carriage return,
also after leading spaces or line breaks, and their fullwidth and small forms (`＝`, `﹢`).
Pass `neutralise=False` (`--no-neutralise`) for the raw values. Rows come in article id then
text order, the same in any library holding the same articles.
"""

from __future__ import annotations

import csv
import fcntl
import glob
import json
import os
import stat
import tempfile
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.store.tags import tag_filter

FORMATS = ("csv", "jsonl", "w3c")
CONTEXT_CHARS = 40
# The exported fields, in CSV column order. JSONL records carry them all, with `prefix`,
# `suffix` and `color` besides (what `import-tags` needs to re-anchor and re-create a tag).
CSV_COLUMNS = [
    "tag_id",
    "article_id",
    "article_title",
    "source",
    "url",
    "byline",
    "published",
    "label",
    "kind",
    "text",
    "context_before",
    "context_after",
    "speaker",
    "cue",
    "actors",
    "start",
    "end",
    "note",
    "orphaned",
    "created_at",
    "updated_at",
    "claim",
    "stance",
]
KINDS = ("quote", "sentence", "selection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Every character a spreadsheet may fold into a formula start: the ASCII ones and each form
# that compatibility normalisation turns into one (fullwidth `＝`, small `﹢`, superscript `⁺`).
FORMULA_CHARACTERS = frozenset(FORMULA_STARTS) | frozenset(
    chr(code) for code in range(0x80, 0x10000) if unicodedata.normalize("NFKC", chr(code))[:1] in FORMULA_STARTS
)
# Characters a spreadsheet may skip before reading a formula: spaces and line breaks of any kind.
LEADING_FILLER = "".join(
    chr(code) for code in range(0x10000) if chr(code).isspace() and chr(code) not in FORMULA_STARTS
)
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ROWS_PER_FETCH = 2000


def formula_like(value: str) -> bool:
    """Whether a spreadsheet could read `value` as a formula."""
    if value[:1] in FORMULA_CHARACTERS:
        return True
    return value[:1] in LEADING_FILLER and value.lstrip(LEADING_FILLER)[:1] in FORMULA_CHARACTERS


def neutralised(value: Any) -> str:
    """A cell as text, with a `'` before it when it could start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text and formula_like(text) else text


FORMULA_CODES = ", ".join(str(ord(c)) for c in sorted(FORMULA_CHARACTERS))
FILLER_CODES = ", ".join(str(ord(c)) for c in LEADING_FILLER)


def _neutralised_sql(column: str, test: str | None = None) -> str:
    """SQL for `column` with a `'` put before it where `formula_like` would say so (done in
    SQLite: it keeps the export near the speed of writing the rows plainly). `test` is an
    expression with the column's first characters, cheaper to compute than the column itself."""
    test = test or column
    return (
        f"CASE WHEN unicode({test}) IN ({FORMULA_CODES}) OR (unicode({test}) IN ({FILLER_CODES})"
        f" AND unicode(ltrim({test}, char({FILLER_CODES}))) IN ({FORMULA_CODES}))"
        f" THEN '''' || {column} ELSE {column} END"
    )


# Actors, stored as a JSON list, as "A; B" for a spreadsheet. Lists our writer made (no escapes,
# ", " between names) are joined by string replacement; anything else goes through json_each.
ACTORS = """CASE
    WHEN t.actors = '[]' THEN NULL
    WHEN instr(t.actors, '\\') = 0
         AND length(t.actors) - length(replace(t.actors, '"', ''))
             = 2 + 2 * (length(t.actors) - length(replace(t.actors, '", "', ''))) / 4
    THEN replace(substr(t.actors, 3, length(t.actors) - 4), '", "', '; ')
    ELSE (SELECT group_concat(value, '; ') FROM json_each(t.actors)) END"""
# Context from the article's text; an orphaned tag's offsets point nowhere, so its own.
BEFORE = f"""CASE WHEN t.orphaned THEN t.prefix
    ELSE substr(a.text, max(t.start - {CONTEXT_CHARS - 1}, 1), min(t.start, {CONTEXT_CHARS})) END"""
AFTER = f"CASE WHEN t.orphaned THEN t.suffix ELSE substr(a.text, t.end + 1, {CONTEXT_CHARS}) END"
# The claim a tag carries and its stance (reader.store.claims), if any.
CLAIM_JOIN = "LEFT JOIN claim_links k ON k.tag_id = t.id LEFT JOIN claims c ON c.id = k.claim_id"
FROM = (
    """FROM tags t JOIN labels l ON l.id = t.label_id JOIN articles a ON a.id = t.article_id
    """
    + CLAIM_JOIN
    + """
    {where}
    ORDER BY t.article_id, t.start, t.end, t.created_at, t.id"""
)


def _csv_query(neutralise: bool, where: str) -> str:
    """The CSV's cells but kind and cue, then the article id, start, end and orphaned as stored.

    The context cells are left to the caller to neutralise: in SQL each would cut the article's
    text twice."""

    def cell(column: str, test: str | None = None) -> str:
        return _neutralised_sql(column, test) if neutralise else column

    columns = [
        cell("t.id"),
        cell("t.article_id"),
        cell("a.title"),
        cell("a.source"),
        cell("a.url"),
        cell("a.byline"),
        cell("a.published"),
        cell("l.name"),
        cell("t.text"),
        f"({BEFORE})",
        f"({AFTER})",
        cell("t.speaker"),
        cell(f"({ACTORS})", "json_extract(t.actors, '$[0]')"),
        cell("t.start"),
        cell("t.end"),
        cell("t.note"),
        "CASE WHEN t.orphaned THEN 'true' ELSE 'false' END",
        cell("t.created_at"),
        cell("t.updated_at"),
        cell("c.name"),
        "k.stance",
        "t.article_id",
        "t.start",
        "t.end",
        "t.orphaned",
    ]
    return f"SELECT {', '.join(columns)}\n    " + FROM.format(where=where)


QUERY = f"""
    SELECT t.id, t.article_id, a.title, a.source, a.url, a.byline, a.published, l.name, l.color,
           t.start, t.end, t.text, t.prefix, t.suffix, {BEFORE}, {AFTER},
           t.speaker, t.actors, t.note, t.orphaned, t.created_at, t.updated_at, c.name, k.stance
    {FROM}"""
QUERY_KEYS = [
    "id",
    "article_id",
    "article_title",
    "source",
    "url",
    "byline",
    "published",
    "label",
    "color",
    "start",
    "end",
    "text",
    "prefix",
    "suffix",
    "context_before",
    "context_after",
    "speaker",
    "actors",
    "note",
    "orphaned",
    "created_at",
    "updated_at",
    "claim",
    "stance",
]


class _Analysis:
    """An article's quotes and sentences from its newest stored analysis, to tell a tag's kind."""

    def __init__(self, db: Database, article_id: str) -> None:
        row = db.execute(
            "SELECT data FROM analyses WHERE text_id = ? ORDER BY created_at DESC LIMIT 1", [article_id]
        ).fetchone()
        data = json.loads(row[0]) if row else {}
        self.quotes = sorted((q["start"], q["end"], q.get("speaker"), q.get("cue")) for q in data.get("quotes") or [])
        self.quote_starts = [q[0] for q in self.quotes]
        self.sentences = {tuple(s) for s in data.get("sentences") or []}

    def kind_and_quote(self, start: int, end: int) -> tuple[str, tuple | None]:
        """The tag's kind, and the quote it overlaps most (its speaker and cue), if any."""
        best, found = 0, None
        # Quotes are short and do not nest: those starting before `end` and near `start` suffice.
        for quote in self.quotes[
            max(0, bisect_left(self.quote_starts, start) - 3) : bisect_left(self.quote_starts, end)
        ]:
            overlap = min(end, quote[1]) - max(start, quote[0])
            if overlap > best:
                best, found = overlap, quote
        if found is not None and (found[0], found[1]) == (start, end):
            return "quote", found
        return ("sentence" if (start, end) in self.sentences else "selection"), found


class _Analyses:
    """The analysis of the article being exported (rows come grouped by article), read once."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.article_id: str | None = None
        self.analysis: _Analysis | None = None

    def kind_and_quote(self, article_id: str, start: int, end: int, orphaned: Any) -> tuple[str, tuple | None]:
        if orphaned:  # its offsets point nowhere now
            return "selection", None
        if article_id != self.article_id or self.analysis is None:
            self.article_id, self.analysis = article_id, _Analysis(self.db, article_id)
        return self.analysis.kind_and_quote(start, end)


def _records(db: Database, label, article, speaker) -> Iterator[dict[str, Any]]:
    """Every matching tag as a dict of every exported field."""
    where, params = tag_filter(label, article, speaker)
    cursor = db.conn.execute(QUERY.format(where=where), params)
    analyses = _Analyses(db)
    while batch := cursor.fetchmany(ROWS_PER_FETCH):
        for row in batch:
            record = dict(zip(QUERY_KEYS, row))
            kind, quote = analyses.kind_and_quote(
                record["article_id"], record["start"], record["end"], record["orphaned"]
            )
            record["kind"] = kind
            record["speaker"] = record["speaker"] or (quote[2] if quote else None)
            record["cue"] = quote[3] if quote else None
            record["actors"] = json.loads(record["actors"])
            record["orphaned"] = bool(record["orphaned"])
            yield record


def _as_is(value: Any) -> Any:
    return value


def export_csv(
    db: Database,
    out: TextIO,
    *,
    label: str | None = None,
    article: str | None = None,
    speaker: str | None = None,
    neutralise: bool = True,
) -> int:
    """Write matching tags as CSV with a header to `out` (open it with newline=""); returns the count."""
    where, params = tag_filter(label, article, speaker)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    cell = neutralised if neutralise else _as_is
    analyses = _Analyses(db)
    count = 0
    cursor = db.conn.execute(_csv_query(neutralise, where), params)
    while batch := cursor.fetchmany(ROWS_PER_FETCH):
        rows = []
        for row in batch:
            kind, quote = analyses.kind_and_quote(row[21], row[22], row[23], row[24])
            speaker_cell = row[11] if row[11] or quote is None else cell(quote[2])
            rows.append(
                (
                    *row[:8],
                    kind,
                    row[8],
                    cell(row[9]),
                    cell(row[10]),
                    speaker_cell,
                    cell(quote[3]) if quote else None,
                    *row[12:21],
                )
            )
        writer.writerows(rows)
        count += len(rows)
    return count


def export_jsonl(
    db: Database,
    out: TextIO,
    *,
    label: str | None = None,
    article: str | None = None,
    speaker: str | None = None,
) -> int:
    """One JSON object per tag per line, every field (context included) so `import_tags` can read it back."""
    count = 0
    for record in _records(db, label, article, speaker):
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


SOURCE_FIELDS = (
    ("title", "article_title"),
    ("publisher", "source"),
    ("creator", "byline"),
    ("datePublished", "published"),
)


def _annotated_source(record: dict[str, Any]) -> dict[str, Any]:
    """The article a W3C annotation targets: its id, and its title, outlet, byline and date where known."""
    source: dict[str, Any] = {"id": f"urn:reader:article:{record['article_id']}", "type": "Text"}
    for key, field in SOURCE_FIELDS:
        if record[field]:
            source[key] = record[field]
    return source


def annotation(record: dict[str, Any]) -> dict[str, Any]:
    """One tag as a W3C Web Annotation: label, note, speaker and the rest as bodies, the quote
    with 40 characters either side and its position as selectors, the article as the source."""
    body = [{"type": "TextualBody", "purpose": "tagging", "value": record["label"]}]
    if record["note"]:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": record["note"]})
    if record["speaker"]:
        body.append({"type": "TextualBody", "purpose": "identifying", "value": record["speaker"]})
    # The fields no W3C property holds, as a described body: reader:kind, reader:cue, ...
    body.append(
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "application/json",
            "value": json.dumps(
                {key: record[key] for key in ("kind", "cue", "actors", "orphaned")}, ensure_ascii=False
            ),
        }
    )
    if record.get("claim"):
        body.append(
            {
                "type": "TextualBody",
                "purpose": "classifying",
                "value": record["claim"],
                "reader:stance": record["stance"],
            }
        )
    target: dict[str, Any] = {
        "source": _annotated_source(record),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": record["text"],
                "prefix": record["context_before"],
                "suffix": record["context_after"],
            },
            {"type": "TextPositionSelector", "start": record["start"], "end": record["end"]},
        ],
    }
    if record["url"]:
        target["scope"] = record["url"]
    return {
        "@context": W3C_CONTEXT,
        "id": f"urn:uuid:{record['id']}",
        "type": "Annotation",
        "motivation": "tagging",
        "created": record["created_at"],
        "modified": record["updated_at"],
        "body": body,
        "target": target,
    }


def export_w3c(
    db: Database,
    out: TextIO,
    *,
    label: str | None = None,
    article: str | None = None,
    speaker: str | None = None,
) -> int:
    """An AnnotationCollection whose first page holds every matching tag, written as it is read."""
    count = 0
    out.write(
        f'{{"@context": "{W3C_CONTEXT}", "type": "AnnotationCollection", "label": "reader tags",\n'
        ' "first": {"type": "AnnotationPage", "startIndex": 0, "items": ['
    )
    for record in _records(db, label, article, speaker):
        item = annotation(record)
        del item["@context"]  # given once, on the collection
        out.write(("\n  " if count == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write(f'\n ]}},\n "total": {count}}}\n')
    return count


def export_tags(
    db: Database,
    out: TextIO,
    fmt: str = "csv",
    *,
    label: str | None = None,
    article: str | None = None,
    speaker: str | None = None,
    neutralise: bool = True,
) -> int:
    """Export in `fmt` (csv, jsonl, w3c) to `out`; returns how many tags were written."""
    if fmt == "csv":
        return export_csv(db, out, label=label, article=article, speaker=speaker, neutralise=neutralise)
    if fmt == "jsonl":
        return export_jsonl(db, out, label=label, article=article, speaker=speaker)
    if fmt == "w3c":
        return export_w3c(db, out, label=label, article=article, speaker=speaker)
    raise ValueError(f"unknown export format {fmt!r}")


COPY_CHUNK = 1 << 20
TEMP_SUFFIX = ".reader-export"  # our temporary files: `.NAME.XXXX.reader-export` beside the target


def _export_target(path: str | os.PathLike[str]) -> tuple[Path, int, bool]:
    """The file an export replaces (a symlink's target), the mode it keeps and whether it has
    other hard links (then it is rewritten in place, so they all see the export); a folder, a
    FIFO or another special file, and a read-only file are refused."""
    if not os.fspath(path):
        raise ReaderError("export: no file name given (-o FILE, or - for standard output)")
    given = Path(path).expanduser()
    target = Path(os.path.realpath(given))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise ReaderError(f"{given}: cannot write (No such file or directory)") from None
        umask = os.umask(0)
        os.umask(umask)
        return target, 0o666 & ~umask, False
    except OSError as exc:
        raise ReaderError(f"{given}: cannot write ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReaderError(f"{given}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a special file"
        raise ReaderError(f"{given}: is {kind}, not a regular file; not written")
    # Root may write anything: a file with no write bit is still one its owner made read-only.
    if not (os.access(target, os.W_OK) and info.st_mode & 0o222):
        raise ReaderError(f"{given}: read-only file; not replaced")
    return target, stat.S_IMODE(info.st_mode), info.st_nlink > 1


def _remove_stale_temporaries(target: Path) -> None:
    """Delete temporary files a killed export of this target left: ours by name, and no export
    holds their lock."""
    for candidate in target.parent.glob(f".{glob.escape(target.name)}.*{TEMP_SUFFIX}"):
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # another export is writing it now
        else:
            candidate.unlink(missing_ok=True)
        finally:
            os.close(fd)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_in_place(source: int, target: Path) -> None:
    """Overwrite `target` with the bytes of the open file `source`, keeping its inode (and so
    every hard link to it), then cut it to length and sync it."""
    size = os.fstat(source).st_size
    fd = os.open(target, os.O_WRONLY | os.O_NOFOLLOW)
    try:
        copied = 0
        while copied < size:
            chunk = os.pread(source, min(COPY_CHUNK, size - copied), copied)
            if not chunk:
                raise OSError(f"the export shrank while it was copied ({copied} of {size} bytes)")
            view = memoryview(chunk)
            while view:
                written = os.pwrite(fd, view, copied)
                copied += written
                view = view[written:]
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)


def _kept_copy(temporary: str, target: Path) -> Path:
    """Keep a complete export that could not be copied into its target, beside it, under a name
    no later export cleans up."""
    kept = target.with_name(f"{target.name}.complete-export")
    os.replace(temporary, kept)
    return kept


def export_to_path(db: Database, path: str | os.PathLike[str], fmt: str = "csv", **options: Any) -> int:
    """Export to a file, written beside its final name, synced and renamed into place, so a
    failed export never leaves half a file; returns how many tags were written. A symlink is
    written through to its target, whose mode is kept. A file with other hard links is
    rewritten in place from the synced temporary file, so every link shows the export; if that
    copy fails, the complete export is kept beside it as `NAME.complete-export`."""
    target, mode, linked = _export_target(path)
    shown = Path(path).expanduser()
    _remove_stale_temporaries(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise ReaderError(f"{shown}: cannot write ({exc.strerror or exc})") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # held while writing: not stale to another export
        os.fchmod(handle, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            count = export_tags(db, out, fmt, **options)
            out.flush()
            os.fsync(out.fileno())
            _fsync_folder(target.parent)
            if linked:
                try:
                    _copy_in_place(out.fileno(), target)
                except OSError as exc:
                    kept = _kept_copy(temporary, target)
                    raise ReaderError(
                        f"{shown}: cannot write in place ({exc.strerror or exc}); the whole export is in {kept}"
                    ) from None
            else:
                os.replace(temporary, target)
        _fsync_folder(target.parent)
    except OSError as exc:
        raise ReaderError(f"{shown}: cannot write ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count
