"""The store on real SQLite files: schema, migrations, durability settings, articles and cache."""

from __future__ import annotations

import sqlite3

import pytest

from reader.errors import ReaderError
from reader.store import SCHEMA_VERSION, open_db
from reader.store import articles as store


def test_new_library_is_migrated_with_wal_and_foreign_keys(db_path):
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert {"articles", "analyses", "aliases", "labels", "tags", "settings"} <= set(db.table_names())


def test_reopening_does_not_migrate_twice(db_path):
    open_db(db_path).close()
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_migrations_run_forward_from_an_older_file(db_path):
    """A file at schema 1 with data is upgraded to the current schema, data intact."""
    conn = sqlite3.connect(db_path)
    from reader.store.migrations import MIGRATIONS

    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version=1")
    conn.execute("INSERT INTO articles (id, raw_text, text, added_at) VALUES ('abc', 'raw', 'text', '2024-01-01')")
    conn.commit()
    conn.close()
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.get_article(db, "abc")["text"] == "text"


def test_a_newer_library_is_refused_with_a_clear_error(db_path):
    open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ReaderError, match="newer reader"):
        open_db(db_path)


def test_a_file_that_is_not_a_database_is_a_one_line_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ReaderError) as info:
        open_db(bad)
    assert str(bad) in str(info.value) and "\n" not in str(info.value)
    assert bad.read_bytes() == b"this is not sqlite" * 100  # untouched


def test_same_text_twice_is_one_article(db):
    first = store.add_article(db, raw_text="r", text="North Korea said so.", title="A")
    second = store.add_article(db, raw_text="r2", text="North Korea said so.", title="B")
    assert first == (store.text_id("North Korea said so."), True)
    assert second == (first[0], False)
    assert store.article_count(db) == 1
    assert store.get_article(db, first[0])["title"] == "A"


def test_get_article_by_unique_prefix_only(db):
    ids = [store.add_article(db, raw_text="x", text=f"text {n}")[0] for n in range(40)]
    assert store.get_article(db, ids[0][:8])["id"] == ids[0]
    with pytest.raises(ReaderError, match="not an article id"):
        store.get_article(db, "zzzz")
    assert store.get_article(db, next(p for p in ("0000", "ffff") if not any(i.startswith(p) for i in ids))) is None
    first_chars = [i[0] for i in ids]
    shared = next(c for c in first_chars if first_chars.count(c) > 1)  # 40 ids over 16 hex digits
    with pytest.raises(ReaderError, match="ambiguous"):  # ambiguous: the matches are named
        store.get_article(db, shared)


def test_analysis_cache_is_per_pipeline_and_feeds_the_listing(db):
    article_id, _ = store.add_article(db, raw_text="x", text="Kim said “hello there to you all.”")
    record = {
        "sentences": [[0, 10]],
        "actors": [{"name": "Kim", "label": "PERSON", "mentions": []}],
        "quotes": [{"kind": "statement", "start": 0, "end": 3}, {"kind": "term", "start": 9, "end": 14}],
    }
    store.put_analysis(db, article_id, "p1", record)
    assert store.get_analysis(db, article_id, "p1") == record
    assert store.get_analysis(db, article_id, "p2") is None
    assert store.unanalysed_ids(db, "p2") == [article_id]
    assert store.unanalysed_ids(db, "p1") == []
    [row] = store.list_articles(db, "p1")
    assert (row["quotes"], row["actors"], row["tags"]) == (1, 1, 0)
    assert "text" not in row
    [row] = store.list_articles(db, "p2")
    assert row["quotes"] is None


def test_read_flag_and_edits(db):
    article_id, _ = store.add_article(db, raw_text="x", text="text")
    store.mark_read(db, article_id)
    assert store.get_article(db, article_id)["read_at"]
    store.mark_read(db, article_id, False)
    assert store.get_article(db, article_id)["read_at"] is None
    store.update_article(db, article_id, title="New", source="CNN", text="ignored")
    row = store.get_article(db, article_id)
    assert (row["title"], row["source"], row["text"]) == ("New", "CNN", "text")


def test_aliases_and_settings(db):
    store.set_alias(db, "Kim", "Kim Jong Un")
    store.set_alias(db, "Austin", None)
    assert store.get_aliases(db) == {"Kim": "Kim Jong Un", "Austin": None}
    store.delete_alias(db, "kim")  # names compare case-insensitively
    assert store.get_aliases(db) == {"Austin": None}
    assert store.get_setting(db, "x", "d") == "d"
    store.set_setting(db, "x", "1")
    assert store.get_setting(db, "x") == "1"
