"""Search across the library (SQLite FTS5) and who-said-what: quotes, speakers, an overview."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from reader.counts import STATEMENT_ROWS_SQL, first_parts
from reader.records import Analysis, quote_kind
from reader.store.claims import index_sentences
from reader.store.db import atomic
from reader.store.echoes import index_echoes

# Marks around matched terms in FTS5 snippets; control characters never occur in stored text.
_OPEN, _CLOSE = "\x02", "\x03"
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_INDEXABLE = re.compile(r"[^\W_]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
RANK_WINDOW = 2000
MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 16
# The canonical name of a speaker: the user's alias table merges names at read time.
_CANONICAL = "coalesce((SELECT canonical FROM aliases WHERE alias = {col} AND canonical IS NOT NULL), {col})"


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query; "" when nothing in it is searchable.

    Words and "quoted phrases" must all match; `-word` excludes; the last bare word matches as a
    prefix while the user is still typing it. FTS5 syntax in the input is taken literally. Only
    the first MAX_QUERY_CHARS characters and MAX_QUERY_TERMS terms count (see `query_notice`):
    every term costs a pass over its index, so a pasted page would take minutes.
    """
    include: list[str] = []
    exclude: list[str] = []
    text, _ = _capped_text(text)
    matches = list(_TOKEN.finditer(text))
    for index, match in enumerate(matches):
        negate, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            negate = "-" if bare.startswith("-") and len(bare) > 1 else ""
            phrase = bare[1:] if negate else bare
        if not _INDEXABLE.search(phrase):
            continue
        if len(include) + len(exclude) == MAX_QUERY_TERMS:
            break
        term = '"' + phrase.replace('"', '""') + '"'
        still_typing = index == len(matches) - 1 and not text[-1:].isspace()
        if bare is not None and still_typing and len(phrase) >= 2:
            term += "*"
        if term not in include and term not in exclude:
            (exclude if negate else include).append(term)
    if not include:
        return ""
    return " AND ".join(include) + "".join(f" NOT {term}" for term in exclude)


def query_notice(text: str) -> str | None:
    """One line saying what of a query `fts_query` leaves out, or None when all of it counts."""
    text, cut = _capped_text(text)
    terms = sum(
        1
        for match in _TOKEN.finditer(text)
        if _INDEXABLE.search(match.group(2) if match.group(2) is not None else match.group(3))
    )
    if terms > MAX_QUERY_TERMS or cut:
        return f"only the first {MAX_QUERY_TERMS} terms and {MAX_QUERY_CHARS} characters of a query are searched"
    return None


def _capped_text(text: str) -> tuple[str, bool]:
    """text without control characters, cut at a space to at most MAX_QUERY_CHARS; and whether it was cut."""
    text = _CONTROL.sub(" ", text)
    if len(text) <= MAX_QUERY_CHARS:
        return text, False
    head = text[: MAX_QUERY_CHARS + 1]
    space = head.rfind(" ")
    return (head[: space + 1] if space > 0 else head[:MAX_QUERY_CHARS] + " "), True


def _marked(snippet: str) -> tuple[str, list[list[int]]]:
    """Strip the match marks from an FTS5 snippet; returns the plain text and the marked ranges."""
    plain: list[str] = []
    marks: list[list[int]] = []
    length = 0
    for part in re.split(f"([{_OPEN}{_CLOSE}])", snippet):
        if part == _OPEN:
            marks.append([length, length])
        elif part == _CLOSE:
            if marks:
                marks[-1][1] = length
        else:
            part = part.replace("\n", " ")
            plain.append(part)
            length += len(part)
    return "".join(plain), marks


def index_analysis(db: Database, article_id: str, record: Analysis) -> int:
    """Replace an article's quotes (and their search entries) with those of `record`.

    Call after storing the article's analysis; returns the number of quotes indexed (0 when
    `article_id` is not an article, e.g. the analysis of a file that was never added).
    """
    if not db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
        return 0
    rows = []
    quotes = record.get("quotes", [])
    for qid, (quote, first_part) in enumerate(zip(quotes, first_parts(quotes))):
        group = quote.get("group")
        rows.append(
            (
                article_id,
                qid,
                quote["start"],
                quote["end"],
                quote.get("text") or "",
                quote.get("speaker"),
                quote_kind(quote),
                group,
                int(first_part),
                None if quote.get("speaker") else quote.get("speaker_description"),
            )
        )
    with atomic(db):
        db.execute("DELETE FROM quotes WHERE article_id = ?", [article_id])
        db.conn.executemany(
            """INSERT INTO quotes (article_id, qid, start, end, text, speaker, kind, grp, first_part,
                                  speaker_description)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )
        index_echoes(db, article_id)
        index_sentences(db, article_id, record)
    return len(rows)


def unindexed_ids(db: Database, pipeline: str) -> list[str]:
    """Articles whose `pipeline` analysis found statements none of which are indexed (an
    analysis stored before its article was added, or by an older version)."""
    return [
        row[0]
        for row in db.execute(
            """SELECT a.id FROM articles a
               JOIN analyses an INDEXED BY analyses_counts ON an.text_id = a.id AND an.pipeline = ?
               WHERE an.n_quotes > 0 AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id)
               ORDER BY a.added_at, a.id""",
            [pipeline],
        )
    ]


def _ranked(db: Database, index: str, weights: str, match: str, limit: int) -> dict[int, float]:
    """The best `limit` rows of an FTS5 index, by bm25, among its newest RANK_WINDOW matches.

    Ranking every match of a word in all 10,000 articles costs ten times more than ranking the
    newest 2,000; beyond that window recency wins over relevance.
    """
    return dict(
        db.execute(
            f"""SELECT rowid, score FROM (
                    SELECT rowid, bm25({index}, {weights}) AS score FROM {index}
                    WHERE {index} MATCH ? ORDER BY rowid DESC LIMIT {RANK_WINDOW})
                ORDER BY score LIMIT ?""",
            [match, limit],
        ).fetchall()
    )


def _marks(count: int) -> str:
    return ",".join("?" * count)


def rebuild_search_index(db: Database) -> None:
    """Rebuild every search index from its table (after a bulk change made with triggers off).

    Articles and tags are indexed by their implicit rowid, which SQLite keeps through VACUUM in
    practice but does not promise to.
    """
    with atomic(db):
        db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        db.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")
        db.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
        db.execute("DELETE FROM tags_fts")
        db.execute(
            """INSERT INTO tags_fts(rowid, note, label, text)
               SELECT t.rowid, t.note, coalesce(l.name, ''), t.text
               FROM tags t LEFT JOIN labels l ON l.id = t.label_id"""
        )


HIT_CONTEXT = 60  # characters of the text shown either side of a match in an article hit
HITS_PER_ARTICLE = 50


def _passages(text: str, marks: list[list[int]]) -> Iterator[tuple[int, int, str, list[list[int]]]]:
    """One passage per match in an article (matches close together share one): (start, end of
    its first match, snippet, marks within the snippet)."""
    group: list[list[int]] = []
    for mark in [*marks, None]:
        if mark is not None and group and mark[0] - group[0][1] <= HIT_CONTEXT:
            group.append(mark)
            continue
        if group:
            left = max(0, group[0][0] - HIT_CONTEXT)
            right = min(len(text), group[-1][1] + HIT_CONTEXT)
            # Whole words at the edges, and an ellipsis where the text goes on.
            if left > 0 and " " in text[left : group[0][0]]:
                left = text.index(" ", left, group[0][0]) + 1
            if right < len(text) and " " in text[group[-1][1] : right]:
                right = text.rindex(" ", group[-1][1], right)
            lead = "…" if left > 0 else ""
            snippet = lead + text[left:right] + ("…" if right < len(text) else "")
            shift = len(lead) - left
            yield group[0][0], group[0][1], snippet, [[s + shift, e + shift] for s, e in group]
        group = [mark] if mark is not None else []


def _article_hits(db: Database, match: str, limit: int) -> list[dict[str, Any]]:
    """Every place an article matches, one hit each (close matches share one), in text order."""
    rank = _ranked(db, "articles_fts", "4.0, 1.0", match, limit)
    if not rank:
        return []
    # Highlights only for the rows shown: highlight() copies a whole article.
    rows = db.execute(
        f"""SELECT f.rowid, a.id, a.title,
                   snippet(articles_fts, -1, '{_OPEN}', '{_CLOSE}', '…', 16),
                   highlight(articles_fts, 1, '{_OPEN}', '{_CLOSE}')
            FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
            WHERE articles_fts MATCH ? AND f.rowid IN ({_marks(len(rank))})""",
        [match, *rank],
    ).fetchall()
    hits = []
    for rowid, article_id, title, snippet, highlighted in rows:
        # The plain text keeps the article's offsets (line breaks become spaces, one for one).
        text, marks = _marked(highlighted)
        passages = list(_passages(text, marks))[:HITS_PER_ARTICLE]
        if not passages:  # matched in the title only
            title_snippet, title_marks = _marked(snippet)
            passages = [(0, 0, title_snippet, title_marks)]
        for start, end, passage, passage_marks in passages:
            hits.append(
                {
                    "kind": "article",
                    "article_id": article_id,
                    "title": title,
                    "start": start,
                    "end": end,
                    "snippet": passage,
                    "marks": passage_marks,
                    "speaker": None,
                    "rank": rank[rowid],
                }
            )
    return hits


def _quote_hits(db: Database, match: str, limit: int) -> list[dict[str, Any]]:
    rank = _ranked(db, "quotes_fts", "1.0, 1.0", match, limit)
    if not rank:
        return []
    rows = db.execute(
        f"""SELECT f.rowid, q.article_id, a.title, q.start, q.end, {_CANONICAL.format(col="q.speaker")},
                   snippet(quotes_fts, 0, '{_OPEN}', '{_CLOSE}', '…', 24)
            FROM quotes_fts f JOIN quotes q ON q.id = f.rowid
            JOIN articles a ON a.id = q.article_id
            WHERE quotes_fts MATCH ? AND f.rowid IN ({_marks(len(rank))})""",
        [match, *rank],
    ).fetchall()
    hits = []
    for rowid, article_id, title, start, end, speaker, snippet in rows:
        text, marks = _marked(snippet)
        hits.append(
            {
                "kind": "quote",
                "article_id": article_id,
                "title": title,
                "start": start,
                "end": end,
                "snippet": text,
                "marks": marks,
                "speaker": speaker,
                "rank": rank[rowid],
            }
        )
    return hits


def _tag_hits(db: Database, match: str, limit: int) -> list[dict[str, Any]]:
    rank = _ranked(db, "tags_fts", "1.0, 1.0, 1.0", match, limit)
    if not rank:
        return []
    rows = db.execute(
        f"""SELECT f.rowid, t.article_id, a.title, t.start, t.end, t.speaker, f.label,
                   snippet(tags_fts, -1, '{_OPEN}', '{_CLOSE}', '…', 24)
            FROM tags_fts f JOIN tags t ON t.rowid = f.rowid
            JOIN articles a ON a.id = t.article_id
            WHERE tags_fts MATCH ? AND f.rowid IN ({_marks(len(rank))})""",
        [match, *rank],
    ).fetchall()
    hits = []
    for rowid, article_id, title, start, end, speaker, label, snippet in rows:
        text, marks = _marked(snippet)
        hits.append(
            {
                "kind": "tag",
                "article_id": article_id,
                "title": title,
                "start": start,
                "end": end,
                "snippet": text,
                "marks": marks,
                "speaker": speaker or None,
                "label": label,
                "rank": rank[rowid],
            }
        )
    return hits


def search(db: Database, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Articles, quotes and tags matching `query`, best first (at most `limit`).

    Each hit: kind (article|quote|tag), article_id, title, start, end (offsets into the
    article's text: the match, the quote, the tag), snippet (one line), marks (matched ranges
    within the snippet), speaker, rank; tag hits also carry their label. An article gives one
    hit per place it matches (matches within a few words share one), in text order. Very common
    words are ranked among their newest matches only (see `_ranked`).
    """
    match = fts_query(query)
    if not match or limit <= 0:
        return []
    try:
        hits = _quote_hits(db, match, limit) + _tag_hits(db, match, limit) + _article_hits(db, match, limit)
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc):  # a query FTS5 still rejects matches nothing rather than failing
            return []
        raise
    hits.sort(key=lambda hit: hit["rank"])
    return hits[:limit]


def speakers(db: Database) -> list[dict[str, Any]]:
    """Every speaker in the library with their statements, tags and articles, most quoted first.

    `quotes` is the speaker's statements, counted as `reader.counts` counts them: one split
    around its attribution ("…," he said, "…") counts once, quoted terms not at all. Names the
    alias table merges count as the one speaker.
    """
    # Counted per name as stored (walking the speaker index), then merged: aliases and tags are few.
    found: dict[str, dict[str, Any]] = {}
    for speaker, quotes, articles in db.execute(
        f"""SELECT speaker, sum(first_part), count(DISTINCT article_id) FROM quotes
            WHERE speaker IS NOT NULL AND speaker != '' AND {STATEMENT_ROWS_SQL} GROUP BY speaker"""
    ):
        found[speaker.casefold()] = {"speaker": speaker, "quotes": quotes, "tags": 0, "articles": articles}
    recount: dict[str, set[str]] = {}
    for speaker, tags in db.execute(
        "SELECT speaker, count(*) FROM tags WHERE speaker IS NOT NULL AND speaker != '' GROUP BY speaker COLLATE NOCASE"
    ):
        row = found.setdefault(speaker.casefold(), {"speaker": speaker, "quotes": 0, "tags": 0, "articles": 0})
        row["tags"] = tags
        recount[speaker.casefold()] = {speaker}
    for alias, canonical in db.execute("SELECT alias, canonical FROM aliases WHERE canonical IS NOT NULL"):
        merged = found.pop(alias.casefold(), None)
        if merged is None or alias.casefold() == canonical.casefold():
            if merged is not None:
                found[alias.casefold()] = merged
            continue
        into = found.setdefault(canonical.casefold(), {"speaker": canonical, "quotes": 0, "tags": 0, "articles": 0})
        into["quotes"] += merged["quotes"]
        into["tags"] += merged["tags"]
        names = recount.pop(alias.casefold(), set()) | {alias}
        recount.setdefault(canonical.casefold(), {into["speaker"]}).update(names)
    for key, names in recount.items():
        marks = ",".join("?" * len(names))
        found[key]["articles"] = db.execute(
            f"""SELECT count(*) FROM (SELECT article_id FROM quotes WHERE speaker IN ({marks}) AND {STATEMENT_ROWS_SQL}
                UNION SELECT article_id FROM tags WHERE speaker COLLATE NOCASE IN ({marks}))""",
            [*names, *names],
        ).fetchone()[0]
    ranked = sorted(found.values(), key=lambda row: (-row["quotes"], -row["tags"], row["speaker"].casefold()))
    unnamed = db.execute(f"SELECT count(*), count(DISTINCT article_id) {_UNNAMED_QUOTES}").fetchone()
    if unnamed[0]:  # sources the articles describe but do not name ("a senior diplomat said")
        ranked.append({"speaker": UNNAMED_SOURCES, "quotes": unnamed[0], "tags": 0, "articles": unnamed[1]})
    return ranked


UNNAMED_SOURCES = "unnamed sources"
# Statements of an unnamed source (the speaker description kept, the name unknown), from the
# quotes index alone (its partial index `quotes_unnamed`).
_UNNAMED_QUOTES = """FROM quotes INDEXED BY quotes_unnamed WHERE speaker IS NULL AND speaker_description IS NOT NULL AND kind = 'statement'"""


def speaker_names(db: Database) -> dict[str, set[str]]:
    """Every name quoted (statement or term) or on a tag, canonical name -> the names it goes by
    (itself and the aliases merged into it), for finding a speaker from part of a name."""
    names: dict[str, set[str]] = {}
    folded: set[str] = set()
    for (canonical,) in db.execute(
        f"""SELECT DISTINCT {_CANONICAL.format(col="speaker")} FROM (
                SELECT DISTINCT speaker FROM quotes WHERE speaker IS NOT NULL AND speaker != ''
                UNION SELECT DISTINCT speaker FROM tags WHERE speaker IS NOT NULL AND speaker != '')"""
    ):
        if canonical.casefold() not in folded:
            folded.add(canonical.casefold())
            names[canonical] = {canonical}
    for alias, canonical in db.execute("SELECT alias, canonical FROM aliases WHERE canonical IS NOT NULL"):
        known = next((name for name in names if name.casefold() == canonical.casefold()), None)
        if known is not None:
            names[known].add(alias)
    return names


def quotes_by(db: Database, speaker: str) -> list[dict[str, Any]]:
    """Every statement `speaker` (or a name aliased to them) is quoted as making, article by
    article: one row per statement, as many as `speakers()` counts (a split one's parts joined
    with " … ", its start the first part's, its end the last's). Quoted terms are no statements."""
    if speaker == UNNAMED_SOURCES:
        return list(
            db.query(
                f"""SELECT a.id AS article_id, a.title, q.start, q."end", q.text, 'statement' AS kind,
                       q.grp AS "group", a.added_at, q.speaker_description
                FROM articles a JOIN (SELECT * {_UNNAMED_QUOTES}) q ON q.article_id = a.id
                ORDER BY a.added_at, a.id, q.start"""
            )
        )
    found: dict[tuple[str, Any], dict[str, Any]] = {}
    for row in db.query(
        f"""SELECT q.article_id, a.title, q.start, q.end, q.text, q.kind, q.grp AS "group",
                   a.added_at
            FROM quotes q JOIN articles a ON a.id = q.article_id
            WHERE q.speaker IN (SELECT ? UNION SELECT alias FROM aliases WHERE canonical = ? COLLATE NOCASE)
              AND {_CANONICAL.format(col="q.speaker")} = ? COLLATE NOCASE AND q.kind = 'statement'
            ORDER BY a.added_at, a.id, q.start""",
        [speaker, speaker, speaker],
    ):
        key = (row["article_id"], ("part", row["group"]) if row["group"] is not None else ("solo", row["start"]))
        statement = found.get(key)
        if statement is None:
            found[key] = row
        else:
            statement["text"] += " … " + row["text"]
            statement["end"] = max(statement["end"], row["end"])
    return list(found.values())


def _referencing(db: Database, table: str) -> list[tuple[str, str, str]]:
    """(child table, child column, parent column) for every foreign key pointing at `table`."""
    found = []
    for child in db.table_names():
        for fk in db.execute(f"PRAGMA foreign_key_list([{child}])").fetchall():
            if fk[2] == table:
                found.append((child, fk[3], fk[4] or "rowid"))
    return found


def _delete_where(db: Database, table: str, condition: str, params: list[Any], depth: int = 0) -> int:
    """Delete rows of `table` matching `condition`, and first whatever references them."""
    if depth < 4:
        for child, column, parent_column in _referencing(db, table):
            _delete_where(
                db,
                child,
                f"[{column}] IN (SELECT [{parent_column}] FROM [{table}] WHERE {condition})",
                params,
                depth + 1,
            )
    return db.execute(f"DELETE FROM [{table}] WHERE {condition}", params).rowcount


def remove_article(db: Database, article_id: str) -> dict[str, int]:
    """Delete an article with its tags, quotes, search entries and cached analyses.

    Returns how many rows went ({"articles", "tags", "quotes", "analyses"}); the caller asks
    the user first when the article has tags.
    """
    counts = {
        "tags": db.execute("SELECT count(*) FROM tags WHERE article_id = ?", [article_id]).fetchone()[0],
        "quotes": db.execute("SELECT count(*) FROM quotes WHERE article_id = ?", [article_id]).fetchone()[0],
    }
    with atomic(db):
        counts["analyses"] = db.execute("DELETE FROM analyses WHERE text_id = ?", [article_id]).rowcount
        counts["articles"] = _delete_where(db, "articles", "id = ?", [article_id])
    if not counts["articles"]:
        counts["tags"] = counts["quotes"] = 0
    return counts


def overview(db: Database, top: int = 15, pipeline: str | None = None) -> dict[str, Any]:
    """Figures for charts: statements per speaker, tags per label, actors per article (top `top` each).

    `totals["quotes"]` is the library's statements (counted as `reader.counts` counts them); the
    `speakers` bars, with `other_speakers` (beyond the top) and `unattributed` (no speaker
    named), add up to it. Actors come from `pipeline`'s analyses, or each article's newest analysis.
    """
    if pipeline:
        # The counts index holds n_actors: the table row would be read through the analysis JSON.
        actors_sql = """SELECT a.id AS article_id, a.title, an.n_actors AS actors
                        FROM analyses an INDEXED BY analyses_counts JOIN articles a ON a.id = an.text_id
                        WHERE an.pipeline = ? ORDER BY an.n_actors DESC, a.title LIMIT ?"""
        actors_params: list[Any] = [pipeline, top]
    else:
        actors_sql = """SELECT a.id AS article_id, a.title, an.n_actors AS actors
                        FROM articles a JOIN analyses an ON an.text_id = a.id AND an.created_at = (
                            SELECT max(created_at) FROM analyses WHERE text_id = a.id)
                        ORDER BY an.n_actors DESC, a.title LIMIT ?"""
        actors_params = [top]
    quoted = [{"speaker": row["speaker"], "quotes": row["quotes"]} for row in speakers(db) if row["quotes"]]
    return {
        "totals": {
            "articles": db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "quotes": db.execute(f"SELECT count(*) FROM quotes WHERE {STATEMENT_ROWS_SQL}").fetchone()[0],
            "terms": db.execute("SELECT count(*) FROM quotes WHERE kind = 'term'").fetchone()[0],
            "tags": db.execute("SELECT count(*) FROM tags").fetchone()[0],
        },
        "speakers": quoted[:top],
        "other_speakers": sum(row["quotes"] for row in quoted[top:]),
        "unattributed": db.execute(
            f"SELECT count(*) FROM quotes WHERE {STATEMENT_ROWS_SQL} AND (speaker IS NULL OR speaker = '')"
        ).fetchone()[0],
        "labels": list(
            db.query(
                """SELECT l.name AS label, count(t.id) AS tags FROM labels l
                   JOIN tags t ON t.label_id = l.id
                   GROUP BY l.id ORDER BY tags DESC, l.name LIMIT ?""",
                [top],
            )
        ),
        "actors": list(db.query(actors_sql, actors_params)),
    }
