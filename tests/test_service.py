"""The library service (`reader.service.Library`) on real library files: each use case the CLI
and the app call, and its connections, one per thread."""

from __future__ import annotations

import io
import json
import threading

import pytest

from reader.counts import count_quotes
from reader.errors import ReaderError
from reader.service import STANCES, Library, UndoStack
from reader.store import open_db

STORY = (
    '"North Korean troops are in Kursk," Lloyd Austin said on Monday. '
    "The Kremlin denied it. Analysts expect more troops to arrive in Kursk."
)


@pytest.fixture
def library(db_path):
    """A new library with one article in it (not the seeds), not analysed yet."""
    made = Library(db_path)
    folder = db_path.parent / "in"
    folder.mkdir()
    (folder / "troops.txt").write_text(f"Troops in Kursk\n\n{STORY}\n", encoding="utf-8")
    (result,) = made.add_paths([folder / "troops.txt"])
    assert result.status == "added"
    yield made
    made.release()


@pytest.fixture
def analysed(library, nlp):
    assert library.pending_analysis() == 1
    assert library.ensure_analysed() == 1
    return library


@pytest.fixture
def seeded(library_path):
    """The five built-in articles, analysed (a copy of the session's template)."""
    made = Library(library_path)
    yield made
    made.release()


def only_article(library: Library) -> dict:
    (row,) = library.articles()
    article = library.article(row["id"])
    assert article is not None
    return article


# --- connections ------------------------------------------------------------------------


def test_one_connection_per_thread_kept_for_the_thread(db_path):
    library = Library(db_path)
    main = library.db
    assert library.db is main  # the thread's next call reuses it
    seen: dict[str, object] = {}

    def worker(name: str) -> None:
        seen[name] = library.db
        seen[name + " again"] = library.db
        seen[name + " articles"] = library.articles()
        library.release()

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["a"] is seen["a again"] and seen["b"] is seen["b again"]
    assert len({id(main), id(seen["a"]), id(seen["b"])}) == 3
    assert seen["a articles"] == seen["b articles"] == []
    library.release()


def test_a_write_on_one_thread_is_read_on_another(library):
    article = only_article(library)
    found: list[int] = []
    tag = library.tags.add(article["id"], 1, 6, "claim")
    thread = threading.Thread(target=lambda: (found.append(library.tag_count(article["id"])), library.release()))
    thread.start()
    thread.join()
    assert found == [1] and library.tags.get(tag["id"]) == tag


def test_release_closes_the_threads_connection_and_the_next_call_opens_another(db_path):
    library = Library(db_path)
    first = library.db
    library.release()
    with pytest.raises(Exception, match="closed"):
        first.execute("SELECT 1")
    assert library.db is not first and library.articles() == []
    library.release()


def test_a_bad_library_fails_on_first_use_not_when_made(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    library = Library(blocker / "library.db")  # nothing opened yet: a screen can be made from it
    with pytest.raises(ReaderError):
        library.articles()
    with pytest.raises(ReaderError):
        Library(blocker / "library.db").connect()


def test_an_adopted_connection_serves_its_thread_and_stays_open(db):
    library = Library(db)
    assert library.db is db
    library.release()
    assert db.execute("SELECT 1").fetchone()[0] == 1  # its owner closes it
    assert Library.coerce(library) is library


def test_a_transaction_keeps_all_or_nothing(library):
    article = only_article(library)
    with pytest.raises(RuntimeError), library.transaction():
        library.tags.add(article["id"], 1, 6, "claim")
        raise RuntimeError("undone")
    assert library.tag_count(article["id"]) == 0


# --- articles ---------------------------------------------------------------------------


def test_seeding_adds_the_built_in_articles_once(db_path):
    library = Library(db_path)
    assert library.open_seeded().articles() and library.ensure_seeded() == 0
    assert len(library.articles()) == 5
    library.release()


def test_add_text_and_refresh(library):
    result = library.add_text("Another story\n\nThe minister said nothing at all today.")
    assert result.status == "added" and result.article_id
    assert library.add_text("Another story\n\nThe minister said nothing at all today.").status == "already there"
    assert library.refresh() == []  # the rules have not changed: nothing re-repaired
    assert len(library.articles()) == 2


def test_read_documents_reads_without_adding(library, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# A title\n\nSome words here.\n", encoding="utf-8")
    ((_path, doc, error),) = list(Library.read_documents([page]))
    assert error is None and doc is not None and doc.title == "A title"
    assert len(library.articles()) == 1


def test_open_article_marks_it_read_and_brings_the_analysis(analysed):
    article = only_article(analysed)
    assert article["read_at"] is None
    opened = analysed.open_article(article["id"][:6])
    assert opened.article is not None and opened.article["id"] == article["id"]
    assert opened.record is not None and opened.record["quotes"] and opened.warning is None
    assert analysed.article(article["id"])["read_at"] is not None
    assert analysed.set_read(article["id"], False) is None
    assert analysed.open_article("ffffffffffff") == type(opened)(None, None)


def test_analysis_is_made_when_missing_and_counted(library, nlp):
    article = only_article(library)
    assert library.cached_analysis(article["id"]) is None and library.figures(article["id"]) is None
    record = library.analysis(article)
    assert library.cached_analysis(article["id"]) == record
    figures = library.figures(article["id"])
    assert figures is not None and figures.statements >= 1 and figures.actors >= 1
    # the library table's figures are the analysis's, as reader.counts counts them
    assert (figures.actors, figures.statements) == (len(record["actors"]), count_quotes(record["quotes"]).statements)
    assert library.pending_analysis() == 0 and library.analyze_pending() == 0


def test_analyze_documents_leaves_the_library_as_it_was(library, nlp, tmp_path):
    loose = tmp_path / "loose.txt"
    loose.write_text("Loose page\n\nThe spokesman said the talks would go on.", encoding="utf-8")
    docs = [doc for _, doc, _ in Library.read_documents([loose]) if doc is not None]
    (record,) = library.analyze_documents(docs)
    assert "quotes" in record and len(library.articles()) == 1


def test_edit_and_require_article(library):
    article = only_article(library)
    library.edit_article(article["id"], title="New title", source="Newsweek", ignored="x")
    assert library.require_article(article["id"])["title"] == "New title"
    with pytest.raises(ReaderError, match="nothing here"):
        library.require_article("ffffffffffff", "nothing here")


def test_remove_with_export_writes_the_tags_first(library, tmp_path):
    article = only_article(library)
    library.tags.add(article["id"], 1, 6, "claim", note="kept")
    target = tmp_path / "tags.jsonl"
    assert library.tag_count(article["id"]) == 1
    removal = library.remove_article(article["id"], export_to=target)
    assert (removal.tags, removal.exported) == (1, 1)
    assert json.loads(target.read_text(encoding="utf-8"))["note"] == "kept"
    assert library.articles() == [] and library.tag_count(article["id"]) == 0
    # the export brings them back once the article is there again
    library.add_text(f"Troops in Kursk\n\n{STORY}\n", path=str(library.path.parent / "in" / "troops.txt"))
    assert library.tags.import_jsonl(target).added == 1


def test_remove_exporting_to_an_open_file(library):
    article = only_article(library)
    library.tags.add(article["id"], 1, 6, "claim")
    out = io.StringIO()
    assert library.remove_article(article["id"], export_to=out).exported == 1
    assert json.loads(out.getvalue())["label"] == "claim"


def test_a_failed_export_keeps_the_article(library, tmp_path):
    article = only_article(library)
    library.tags.add(article["id"], 1, 6, "claim")
    with pytest.raises(ReaderError):
        library.remove_article(article["id"], export_to=tmp_path / "missing" / "tags.jsonl")
    assert library.tag_count(article["id"]) == 1


def test_aliases(library):
    library.merge_alias("Austin", "Lloyd Austin")
    library.merge_alias("Kim", None)
    assert library.aliases() == {"Austin": "Lloyd Austin", "Kim": None}
    library.remove_alias("Kim")
    assert library.aliases() == {"Austin": "Lloyd Austin"}


# --- tags and labels --------------------------------------------------------------------


def test_tag_edit_delete_undo_redo(analysed):
    article = only_article(analysed)
    text = article["text"]
    start = text.index('"North')
    end = text.index("said") + len("said")
    history = UndoStack()
    record = analysed.cached_analysis(article["id"])
    tag = analysed.tags.add(article["id"], start, end, "claim", note="n", record=record, undo=history)
    assert tag["speaker"] == "Lloyd Austin"
    assert analysed.tags.same(article["id"], start, end, "CLAIM")["id"] == tag["id"]
    analysed.tags.update(tag["id"], note="changed", undo=history)
    analysed.tags.delete(tag["id"], undo=history)
    assert analysed.tags.for_article(article["id"]) == []
    assert analysed.tags.undo(history) == "deleted"
    assert analysed.tags.get(tag["id"])["note"] == "changed"
    assert analysed.tags.undo(history) == "edited"
    assert analysed.tags.get(tag["id"])["note"] == "n"
    assert analysed.tags.redo(history) == "edited"
    assert analysed.tags.undo(history) == "edited" and analysed.tags.undo(history) == "added"
    assert analysed.tags.get(tag["id"]) is None and analysed.tags.undo(history) is None
    assert analysed.tags.redo(history) == "added" and len(analysed.tags.all(label="claim")) == 1


def test_tags_across_the_library_and_export(library, tmp_path):
    article = only_article(library)
    library.tags.add(article["id"], 1, 6, "claim")
    library.tags.add(article["id"], 10, 20, "denial")
    assert [t["label"] for t in library.tags.all(article=article["id"][:6])] == ["claim", "denial"]
    out = io.StringIO()
    assert library.tags.export(out, "csv", label="denial") == 1
    assert out.getvalue().startswith("tag_id,")
    assert library.tags.export_to_path(tmp_path / "all.jsonl", "jsonl") == 2


def test_labels_vocabulary(library):
    labels = library.labels
    names = [row["name"] for row in labels.all()]
    assert labels.find(names[1].upper()) == names[1]
    with pytest.raises(ReaderError, match="no such label"):
        labels.find("nonsense")
    assert labels.add("hedge", "orange")["color"] == "#ffa500"
    assert labels.check_color("#00ff00") == "#00ff00"
    assert labels.rename("hedge", "Hedging")["name"] == "Hedging"
    assert labels.recolor("Hedging", "#112233")["color"] == "#112233"
    assert labels.move_to("Hedging", 0) == 0 and labels.all()[0]["name"] == "Hedging"
    assert labels.move("Hedging", 1) == 1
    article = only_article(library)
    library.tags.add(article["id"], 1, 6, "Hedging")
    assert labels.tag_count("Hedging") == 1
    assert labels.merge("Hedging", names[0]) == 1
    assert labels.tag_count(names[0]) == 1
    assert labels.delete(names[0], with_tags=True) == 1


# --- across the library -----------------------------------------------------------------


def test_search_speakers_quotes_and_overview(seeded):
    hits = seeded.search("kirby")
    assert hits and all("article_id" in hit for hit in hits)
    assert Library.query_notice("word " * 400) is not None and Library.query_notice("kirby") is None
    speakers = {row["speaker"]: row for row in seeded.speakers()}
    name = seeded.match_speaker("kirby")
    assert name in speakers
    quotes = seeded.quotes_by(name)
    assert quotes and {quote["article_id"] for quote in quotes} <= {row["id"] for row in seeded.articles()}
    figures = seeded.overview(top=3)
    assert figures["totals"]["articles"] == 5 and len(figures["speakers"]) <= 3
    with pytest.raises(ReaderError):
        seeded.match_speaker("nobody-by-this-name")


def test_echoes(library, nlp):
    library.add_text(
        'Echoed\n\nA second outlet ran it. "North Korean troops are in Kursk," Austin told reporters on Monday.'
    )
    assert library.ensure_analysed() == 2
    (group,) = library.echo_groups()
    echoes = library.article_echoes(group["quotes"][0]["article_id"])
    assert [echo["group_id"] for echo in echoes.values()] == [group["group_id"]]
    assert len(library.echo_group(group["group_id"])["quotes"]) == len(group["quotes"]) == 2
    assert library.echo_group(group["group_id"] + 1000) is None


# --- claims -----------------------------------------------------------------------------


def test_claims_from_the_list_to_the_export(seeded):
    claims = seeded.claims
    claims.ensure_sentence_index()
    assert claims.all() == [] and claims.names() == []
    claims.add("NK troops in Russia")
    suggestions = claims.suggest("North Korean troops in Russia", limit=5)
    assert suggestions
    first, second = suggestions[0], suggestions[1]
    tag = claims.accept("NK troops in Russia", first, "asserts")
    assert tag["article_id"] == first["article_id"]
    claims.reject("NK troops in Russia", second["article_id"], second["start"], second["end"])
    later = claims.suggest(None, "NK troops in Russia", limit=50)
    assert all((row["article_id"], row["start"]) != (second["article_id"], second["start"]) for row in later)
    assert claims.link_count("NK troops in Russia") == 1
    view = claims.view("nk troops in russia")
    assert view["counts"]["asserts"] == 1 and set(view["counts"]) == set(STANCES)
    claims.set_stance(view["rows"][0]["tag_id"], "denies")
    assert claims.view("NK troops in Russia")["counts"]["denies"] == 1
    out = io.StringIO()
    assert claims.export("NK troops in Russia", out) == 1
    assert out.getvalue().splitlines()[0].startswith("claim,stance")
    assert claims.rename("NK troops in Russia", "Troops")["name"] == "Troops"
    claims.add("Other")
    assert claims.merge("Troops", "Other") == 1 and claims.names() == ["Other"]
    claims.unlink(view["rows"][0]["tag_id"])
    assert claims.link_count("Other") == 0
    assert claims.delete("Other")["links"] == 0


def test_linking_words_from_the_reader(seeded):
    article = seeded.articles()[0]
    text = seeded.article(article["id"])["text"]
    record = seeded.cached_analysis(article["id"])
    linked = seeded.claims.link_words("A claim", article["id"], 0, min(len(text), 40), "reports", record=record)
    assert linked["claim"] == "A claim" and linked["stance"] == "reports"
    again = seeded.claims.link_words("Second", article["id"], 0, 1, tag_id=linked["id"])
    assert again["id"] == linked["id"] and again["claim"] == "Second"


def test_what_the_service_writes_another_connection_reads(db_path):
    # What a test reads through its own connection, the service wrote through its.
    library = Library(db_path).open_seeded()
    own = open_db(db_path)
    try:
        assert len(library.articles()) == 5
        assert own.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    finally:
        own.close()
        library.release()
