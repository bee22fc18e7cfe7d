"""Articles and their cached analyses."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from reader.counts import count_quotes
from reader.errors import ReaderError
from reader.records import Analysis, Link

SUMMARY_COLUMNS = "id, title, source, url, byline, path, words, added_at, read_at"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def text_id(text: str) -> str:
    """The id of a normalised text: the same text added twice is one article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def add_article(
    db: Database,
    *,
    raw_text: str,
    text: str,
    title: str = "",
    source: str = "",
    url: str | None = None,
    byline: str | None = None,
    path: str | None = None,
    published: str | None = None,
    links: Sequence[Link] = (),
) -> tuple[str, bool]:
    """Store an article; returns `(id, created)`. An existing text is left as it is. `links`
    (a Markdown file's) are stored as JSON; `article_links` reads them back."""
    article_id = text_id(text)
    values: dict[str, Any] = {
        "id": article_id,
        "title": title,
        "source": source,
        "url": url,
        "byline": byline,
        "path": path,
        "raw_text": raw_text,
        "text": text,
        "words": len(text.split()),
        "added_at": now(),
    }
    # Columns that came with later migrations (published: 6, links: 10) are left out when
    # empty, as before them.
    if published is not None:
        values["published"] = published
    if links:
        values["links"] = json.dumps(list(links), ensure_ascii=False)
    cursor = db.execute(
        f"INSERT OR IGNORE INTO articles ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    return article_id, cursor.rowcount == 1


def set_links(db: Database, article_id: str, links: Sequence[Link]) -> None:
    """Store an article's links (offsets into its text, which is unchanged)."""
    db.execute("UPDATE articles SET links = ? WHERE id = ?", [json.dumps(list(links), ensure_ascii=False), article_id])


def article_links(article: dict[str, Any]) -> list[Link]:
    """The links stored with an article (a row from `get_article`); none before migration 11."""
    return json.loads(article.get("links") or "[]")


ID_LENGTH = 16
_ID_PREFIX = re.compile(f"[0-9a-f]{{1,{ID_LENGTH}}}")
AMBIGUOUS_SHOWN = 5


def article_prefix(value: str) -> str:
    """An article id or id prefix as typed (hex, any case); anything else is a ReaderError."""
    prefix = value.strip().lower()
    if not _ID_PREFIX.fullmatch(prefix):
        raise ReaderError(f"{value!r}: not an article id (ids are up to {ID_LENGTH} hex digits; see `reader list`)")
    return prefix


def get_article(db: Database, article_id: str) -> dict[str, Any] | None:
    """One article with its text, by id or by a unique id prefix (None when there is none).

    The prefix must be hex (ids are); one matching several articles is a ReaderError naming them."""
    prefix = article_prefix(article_id)
    # GLOB, not LIKE: case-sensitive and, on hex, free of wildcards.
    rows = list(
        db.query("SELECT * FROM articles WHERE id GLOB ? ORDER BY id LIMIT ?", [prefix + "*", AMBIGUOUS_SHOWN + 1])
    )
    exact = [row for row in rows if row["id"] == prefix]
    if exact:
        return exact[0]
    if len(rows) > 1:
        shown = ", ".join(f"{row['id']} ({row['title'] or 'Untitled'})" for row in rows[:AMBIGUOUS_SHOWN])
        more = " and more" if len(rows) > AMBIGUOUS_SHOWN else ""
        raise ReaderError(f"{article_id}: ambiguous id prefix, matches {shown}{more}; give more digits")
    return rows[0] if rows else None


def article_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM articles").fetchone()[0]


def _summaries_sql(where: str = "", limit: bool = False) -> str:
    columns = ", ".join("a." + c.strip() for c in SUMMARY_COLUMNS.split(","))
    return f"""SELECT {columns}, an.n_quotes AS quotes, an.n_actors AS actors,
                   (SELECT count(*) FROM tags t WHERE t.article_id = a.id) AS tags
                FROM articles a
                LEFT JOIN analyses an INDEXED BY analyses_counts ON an.text_id = a.id AND an.pipeline = ?
                {where} ORDER BY a.added_at, a.id{" LIMIT ?" if limit else ""}"""


def list_articles(db: Database, pipeline: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Every article's summary (no text), with analysis counts for `pipeline` where analysed;
    the first `limit` only when given (the library's first screenful)."""
    if limit is None:
        return list(db.query(_summaries_sql(), [pipeline or ""]))
    return list(db.query(_summaries_sql(limit=True), [pipeline or "", limit]))


def article_summaries(db: Database, ids: Sequence[str], pipeline: str | None = None) -> list[dict[str, Any]]:
    """The summaries of these articles (as `list_articles` gives them), in the library's order."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return list(db.query(_summaries_sql(f"WHERE a.id IN ({marks})"), [pipeline or "", *ids]))


def article_ids(db: Database) -> list[str]:
    """Every article's id in the library's order (added), read from an index alone."""
    return [row[0] for row in db.execute("SELECT id FROM articles INDEXED BY articles_summary ORDER BY added_at, id")]


def mark_read(db: Database, article_id: str, read: bool = True) -> None:
    db.execute("UPDATE articles SET read_at = ? WHERE id = ?", [now() if read else None, article_id])


def update_article(db: Database, article_id: str, **fields: Any) -> None:
    """Edit an article's title, source, url, byline or published date."""
    allowed = {k: v for k, v in fields.items() if k in {"title", "source", "url", "byline", "published"}}
    if allowed:
        db.table("articles").update(article_id, allowed)


def get_analysis(db: Database, tid: str, pipeline: str) -> Analysis | None:
    row = db.execute("SELECT data FROM analyses WHERE text_id = ? AND pipeline = ?", [tid, pipeline]).fetchone()
    return json.loads(row[0]) if row else None


def put_analysis(db: Database, tid: str, pipeline: str, data: Analysis) -> None:
    """Store an analysis of the text `tid`, and index its quotes at once when it is an
    article's (so speakers and search see it without the app having run)."""
    from reader.store.search import index_analysis

    db.execute(
        """INSERT OR REPLACE INTO analyses
           (text_id, pipeline, data, n_sentences, n_actors, n_quotes, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [
            tid,
            pipeline,
            json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            len(data.get("sentences", [])),
            len(data.get("actors", [])),
            count_quotes(data.get("quotes", [])).statements,
            now(),
        ],
    )
    index_analysis(db, tid, data)


def unanalysed_ids(db: Database, pipeline: str) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            """SELECT a.id FROM articles a
               WHERE NOT EXISTS (SELECT 1 FROM analyses an WHERE an.text_id = a.id AND an.pipeline = ?)
               ORDER BY a.added_at, a.id""",
            [pipeline],
        )
    ]


def get_aliases(db: Database) -> dict[str, str | None]:
    return {row[0]: row[1] for row in db.execute("SELECT alias, canonical FROM aliases")}


def set_alias(db: Database, alias: str, canonical: str | None) -> None:
    db.execute("INSERT OR REPLACE INTO aliases (alias, canonical) VALUES (?, ?)", [alias, canonical])


def delete_alias(db: Database, alias: str) -> None:
    db.execute("DELETE FROM aliases WHERE alias = ?", [alias])


def articles_by_ids(db: Database, ids: Iterable[str]) -> list[dict[str, Any]]:
    ids = list(ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return list(db.query(f"SELECT * FROM articles WHERE id IN ({marks})", ids))


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str | None) -> None:
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])


def other_versions(db: Database, path: str, article_id: str) -> list[str]:
    """The ids of the articles added from `path` other than `article_id` (older versions of a file)."""
    return [row[0] for row in db.execute("SELECT id FROM articles WHERE path = ? AND id != ?", [path, article_id])]


def stored_texts(db: Database) -> list[dict[str, Any]]:
    """Every article's raw and repaired text with the details it was added with (for a refresh)."""
    return list(db.query("SELECT id, raw_text, text, path, title, source, url, byline, published, links FROM articles"))


def article_text(db: Database, article_id: str) -> str | None:
    """One article's normalised text, or None if it is not in the library (removed meanwhile)."""
    row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def analysis_counts(db: Database, tid: str, pipeline: str) -> tuple[int, int] | None:
    """(actors, statements) of a stored analysis, as counted when it was stored (no JSON read)."""
    row = db.execute("SELECT n_actors, n_quotes FROM analyses WHERE text_id = ? AND pipeline = ?", [tid, pipeline])
    found = row.fetchone()
    return (found[0], found[1]) if found else None
