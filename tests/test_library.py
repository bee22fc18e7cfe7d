"""Library use cases on real files: seeding, re-import of a changed file, refresh after new repair rules."""

from __future__ import annotations

from reader.service import ingest as library
from reader.store import articles as store
from reader.store.tags import add_tag, tags_for


def test_seeding_happens_once_even_after_removal(db):
    assert library.ensure_seeded(db) == 5
    assert library.ensure_seeded(db) == 0
    from reader.store.search import remove_article

    remove_article(db, store.list_articles(db)[0]["id"])
    assert library.ensure_seeded(db) == 0  # a removed seed stays removed
    assert store.article_count(db) == 4


def test_reimporting_a_changed_file_keeps_its_tags(db, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Troops story\n\nKirby said the troops are fair game. Officials met on Monday.\n", encoding="utf-8")
    [first] = list(library.add_paths(db, [path]))
    tag = add_tag(db, first.article_id, *_span(db, first.article_id, "the troops are fair game"), "claim")
    doomed = add_tag(db, first.article_id, *_span(db, first.article_id, "Officials met on Monday"), "evidence")

    path.write_text("Troops story\n\nUpdated: Kirby said the troops are fair game. Nobody met.\n", encoding="utf-8")
    [second] = list(library.add_paths(db, [path]))
    assert second.status == "updated" and second.article_id != first.article_id
    assert "1 tag re-anchored, 1 orphaned" in second.detail
    assert store.get_article(db, first.article_id) is None
    moved = {t["id"]: t for t in tags_for(db, second.article_id)}
    text = store.get_article(db, second.article_id)["text"]
    assert text[moved[tag["id"]]["start"] : moved[tag["id"]]["end"]] == "the troops are fair game"
    assert moved[doomed["id"]]["orphaned"] and moved[doomed["id"]]["text"] == "Officials met on Monday"

    [third] = list(library.add_paths(db, [path]))
    assert third.status == "already there"


def test_refresh_repairs_old_texts_and_reanchors_tags(db):
    raw = "Pyongyangâs envoy said âwe stand with Moscowâ on Friday.\nThe envoyâs words.\n"
    old_id, _ = store.add_article(db, raw_text=raw, text=raw, title="Envoy", path="/tmp/envoy.txt")
    start = raw.index("stand with Moscow")
    tag = add_tag(db, old_id, start, start + len("stand with Moscow"), "commitment")
    [(old, new, report)] = library.refresh_texts(db)
    assert (old, report.placed, report.orphaned) == (old_id, 1, [])
    article = store.get_article(db, new)
    assert "Pyongyang’s" in article["text"] and "“we stand with Moscow”" in article["text"]
    assert article["title"] == "Envoy"
    [moved] = tags_for(db, new)
    assert moved["id"] == tag["id"]
    assert article["text"][moved["start"] : moved["end"]] == "stand with Moscow"
    assert library.refresh_texts(db) == []


def _span(db, article_id: str, words: str) -> tuple[int, int]:
    text = store.get_article(db, article_id)["text"]
    start = text.index(words)
    return start, start + len(words)


def test_bulk_analysis_skips_an_article_removed_while_it_runs(db_path, db):
    from reader.nlp.model import pipeline_id
    from reader.store.search import remove_article

    first, _ = store.add_article(db, raw_text="a", text="NATO said “the troops are there now.”")
    second, _ = store.add_article(db, raw_text="b", text="Kirby said “they are fair game.”")
    removed = []

    def remove_second(done: int, total: int, article_id: str) -> None:
        if not removed:
            removed.append(remove_article(db, second))

    assert library.analyze_pending(db_path, on_progress=remove_second, batch_size=1) == 2
    assert store.get_analysis(db, first, pipeline_id()) is not None
    assert store.get_analysis(db, second, pipeline_id()) is None
    assert db.execute("SELECT count(*) FROM analyses").fetchone()[0] == 1


def test_an_interrupted_bulk_analysis_keeps_what_it_finished_and_resumes(db_path, db):
    from reader.nlp.model import pipeline_id

    ids = [
        store.add_article(db, raw_text=str(n), text=f"Report {n}: Kirby said “we are watching closely.”")[0]
        for n in range(4)
    ]
    done_first = library.analyze_pending(db_path, batch_size=1, should_stop=_stop_after(db, 2))
    assert 2 <= done_first < 4
    assert len(store.unanalysed_ids(db, pipeline_id())) == 4 - done_first
    assert library.analyze_pending(db_path) == 4 - done_first
    assert store.unanalysed_ids(db, pipeline_id()) == []
    assert all(store.get_analysis(db, i, pipeline_id())["quotes"] for i in ids)


def _stop_after(db, n: int):
    """A should_stop that says stop once n analyses are committed (as a cancelled worker would)."""
    return lambda: db.execute("SELECT count(*) FROM analyses").fetchone()[0] >= n
