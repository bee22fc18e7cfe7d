"""One transaction helper: `atomic()` keeps all of a change or none of it, nesting as savepoints;
the library's multi-step changes (replace an article, refresh texts) run in one."""

from __future__ import annotations

import sqlite3

import pytest

from reader.service import ingest as library
from reader.store import tags as tag_store
from reader.store.db import atomic, open_db

TEXT = "The minister said the bridge would open in May.\n\nCritics disagreed with the minister.\n"


def _state(db) -> tuple[list, list, list]:
    return (
        sorted(tuple(r) for r in db.execute("SELECT id, path, read_at FROM articles")),
        sorted(tuple(r) for r in db.execute("SELECT id, article_id, start, end, text FROM tags")),
        sorted(r[0] for r in db.execute("SELECT text_id FROM analyses")),
    )


def _block_delete(db, article_id: str) -> None:
    """A trigger standing for a step that fails halfway: removing the old version aborts."""
    db.execute(
        f"CREATE TRIGGER block_delete BEFORE DELETE ON articles WHEN OLD.id = '{article_id}' "
        "BEGIN SELECT RAISE(ABORT, 'the disk said no'); END"
    )


@pytest.fixture
def db(tmp_path):
    handle = open_db(tmp_path / "library.db")
    yield handle
    handle.close()


def test_nested_failure_undoes_only_the_inner_part(db):
    with atomic(db):
        db.execute("INSERT INTO settings (key, value) VALUES ('outer', '1')")
        with pytest.raises(sqlite3.IntegrityError), atomic(db):
            db.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
            db.execute("INSERT INTO settings (key, value) VALUES ('outer', '2')")  # primary key taken
    keys = {row[0] for row in db.execute("SELECT key FROM settings WHERE key IN ('outer', 'inner')")}
    assert keys == {"outer"}
    assert not db.conn.in_transaction


def test_outer_failure_undoes_everything_inside(db):
    with pytest.raises(RuntimeError), atomic(db):
        with atomic(db):
            db.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
        raise RuntimeError("halfway")
    assert db.execute("SELECT count(*) FROM settings WHERE key = 'inner'").fetchone()[0] == 0


def test_replace_article_failing_halfway_leaves_the_library_as_it_was(tmp_path, db):
    old = library.add_document(db, library.document_from_text(TEXT, str(tmp_path / "a.txt")))
    new = library.add_document(db, library.document_from_text(TEXT + "\nA late line.\n", str(tmp_path / "b.txt")))
    tag_store.add_tag(db, old.article_id, 4, 12, "claim")
    _block_delete(db, old.article_id)
    before = _state(db)
    with pytest.raises(sqlite3.IntegrityError, match="the disk said no"):
        library.replace_article(db, old.article_id, new.article_id)
    assert not db.conn.in_transaction
    assert _state(db) == before  # the tag was not moved onto the new version


def test_refresh_texts_failing_halfway_leaves_the_library_as_it_was(tmp_path, db):
    path = tmp_path / "a.txt"
    old = library.add_document(db, library.document_from_text(TEXT, str(path)))
    tag_store.add_tag(db, old.article_id, 4, 12, "claim")
    # The raw text now repairs to another text: refreshing adds a new version, re-anchors, drops the old.
    db.execute("UPDATE articles SET raw_text = raw_text || ? WHERE id = ?", ["\nA late line.\n", old.article_id])
    _block_delete(db, old.article_id)
    before = _state(db)
    with pytest.raises(sqlite3.IntegrityError, match="the disk said no"):
        library.refresh_texts(db)
    assert _state(db) == before  # no new version added, the tag where it was
    db.execute("DROP TRIGGER block_delete")
    changed = library.refresh_texts(db)
    assert [old_id for old_id, _, _ in changed] == [old.article_id]
    ((_, new_id, _),) = changed
    assert [row[0] for row in db.execute("SELECT article_id FROM tags")] == [new_id]
