"""Search (FTS5), the quotes index, speakers, quotes by a speaker, removing an article, the overview."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.store import open_db
from reader.store.articles import add_article, put_analysis, set_alias, update_article
from reader.store.migrations import MIGRATIONS
from reader.store.search import (
    fts_query,
    index_analysis,
    overview,
    quotes_by,
    rebuild_search_index,
    remove_article,
    search,
    speakers,
)
from reader.store.tags import add_tag, rename_label

FIRST = (
    'John Kirby said the strike was "fair game" for Ukraine. '
    '"We are watching closely," Kirby said, "and we will respond." '
    "Troops gathered near Kursk on Monday."
)
SECOND = (
    'Lloyd Austin told reporters "North Korean troops are in Russia." '
    'Kirby later added: "This is a dangerous escalation." Zelenskýy thanked allies.'
)


def quote(text: str, phrase: str, speaker: str | None, group: int, kind: str = "statement") -> dict:
    start = text.index(phrase)
    return {
        "start": start,
        "end": start + len(phrase),
        "text": phrase,
        "kind": kind,
        "speaker": speaker,
        "speaker_span": None,
        "cue": "said" if speaker else None,
        "group": group,
    }


def record(text: str, quotes: list[dict], actors: int = 0) -> dict:
    return {
        "paragraphs": [[0, len(text)]],
        "sentences": [[0, len(text)]],
        "actors": [{"name": f"Actor {n}", "label": "PERSON", "mentions": []} for n in range(actors)],
        "places": [],
        "quotes": quotes,
    }


def store(db, text: str, title: str, quotes: list[dict], actors: int = 0) -> str:
    article_id, _ = add_article(db, raw_text=text, text=text, title=title, source="Test")
    data = record(text, quotes, actors)
    put_analysis(db, article_id, "test-pipeline", data)
    index_analysis(db, article_id, data)
    return article_id


def library(db) -> tuple[str, str]:
    first = store(
        db,
        FIRST,
        "Strike was fair game",
        [
            quote(FIRST, "fair game", "John Kirby", 0, kind="term"),
            quote(FIRST, "We are watching closely,", "John Kirby", 1),
            quote(FIRST, "and we will respond.", "John Kirby", 1),
        ],
        actors=3,
    )
    second = store(
        db,
        SECOND,
        "Troops in Russia",
        [
            quote(SECOND, "North Korean troops are in Russia.", "Lloyd Austin", 0),
            quote(SECOND, "This is a dangerous escalation.", "Kirby", 1),
        ],
        actors=5,
    )
    return first, second


def test_index_analysis_replaces_an_articles_quotes(db):
    first, _ = library(db)
    assert db.execute("SELECT count(*) FROM quotes WHERE article_id = ?", [first]).fetchone()[0] == 3
    only = [quote(FIRST, "Troops gathered", None, 0)]
    assert index_analysis(db, first, record(FIRST, only)) == 1
    assert [row["text"] for row in db.query("SELECT text FROM quotes WHERE article_id = ?", [first])] == [
        "Troops gathered"
    ]
    assert [hit["kind"] for hit in search(db, "watching")] == ["article"]
    assert index_analysis(db, "0" * 16, record(FIRST, only)) == 0


def test_article_hits_point_at_the_first_match(db):
    first, second = library(db)
    hits = [hit for hit in search(db, "Kursk") if hit["kind"] == "article"]
    assert [hit["article_id"] for hit in hits] == [first]
    hit = hits[0]
    assert FIRST[hit["start"] : hit["end"]] == "Kursk"
    assert hit["title"] == "Strike was fair game"
    assert all(hit["snippet"][s:e].lower() == "kursk" for s, e in hit["marks"])
    # Porter stemming: "gathering" finds "gathered"; diacritics are folded.
    assert [h["article_id"] for h in search(db, "gathering") if h["kind"] == "article"] == [first]
    assert [h["article_id"] for h in search(db, "Zelenskyy ") if h["kind"] == "article"] == [second]


def test_quote_hits_carry_speaker_and_offsets(db):
    first, second = library(db)
    hits = [hit for hit in search(db, "escalation") if hit["kind"] == "quote"]
    assert len(hits) == 1
    hit = hits[0]
    assert (hit["article_id"], hit["speaker"]) == (second, "Kirby")
    assert SECOND[hit["start"] : hit["end"]] == "This is a dangerous escalation."
    # A speaker's name finds their quotes.
    kirby = {(h["article_id"], h["start"]) for h in search(db, "Kirby") if h["kind"] == "quote"}
    assert len(kirby) == 4 and {a for a, _ in kirby} == {first, second}


def test_phrases_prefixes_and_exclusions(db):
    first, second = library(db)
    assert {h["article_id"] for h in search(db, '"fair game"')} == {first}
    assert search(db, '"game fair"') == []
    # The word still being typed matches as a prefix; once finished it no longer does.
    assert {h["article_id"] for h in search(db, "Kurs")} == {first}
    assert search(db, "Kurs ") == []
    assert {h["article_id"] for h in search(db, "troops -Kursk")} == {second}
    assert {h["article_id"] for h in search(db, 'Kirby "fair game"')} == {first}


def test_fts_query_quotes_user_syntax():
    assert fts_query("") == ""
    assert fts_query("-") == ""
    assert fts_query("-alone") == ""
    assert fts_query('AND( "x') == '"AND(" AND "x"'
    assert fts_query("a b ") == '"a" AND "b"'
    assert fts_query('say "he said') == '"say" AND "he said"'
    assert fts_query("ab -cd") == '"ab" NOT "cd"*'


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("ab \"-*()^:+NOTANDR{}.'\\\x00é ")), max_size=20) | st.text(max_size=20))
def test_any_input_searches_without_error(db, typed):
    if not db.execute("SELECT count(*) FROM articles").fetchone()[0]:
        library(db)
    hits = search(db, typed)
    assert isinstance(hits, list) and len(hits) <= 50


def test_title_edits_and_tag_notes_are_searchable(db):
    first, second = library(db)
    update_article(db, first, title="Pentagon briefing")
    assert {h["article_id"] for h in search(db, "pentagon")} == {first}
    assert next(h for h in search(db, "fair game") if h["kind"] == "article")["title"] == "Pentagon briefing"
    start = SECOND.index("North Korean troops")
    add_tag(db, second, start, start + 19, "claim", note="unverified by Seoul", speaker="Lloyd Austin")
    hits = [h for h in search(db, "unverified") if h["kind"] == "tag"]
    assert len(hits) == 1
    assert (hits[0]["article_id"], hits[0]["start"], hits[0]["speaker"]) == (second, start, "Lloyd Austin")
    assert hits[0]["label"] == "claim"
    # The label is searchable, and follows a rename.
    rename_label(db, "claim", "assertion")
    assert [h["label"] for h in search(db, "assertion") if h["kind"] == "tag"] == ["assertion"]
    assert [h for h in search(db, "claim") if h["kind"] == "tag"] == []


def test_speakers_count_statements_tags_and_articles(db):
    first, _ = library(db)
    start = FIRST.index("Troops")
    add_tag(db, first, start, start + 6, "claim", speaker="John Kirby")
    rows = {row["speaker"]: row for row in speakers(db)}
    # The split statement counts once; the quoted term is no statement (reader.counts).
    assert rows["John Kirby"] == {"speaker": "John Kirby", "quotes": 1, "tags": 1, "articles": 1}
    assert rows["Kirby"]["quotes"] == 1 and rows["Lloyd Austin"]["quotes"] == 1
    set_alias(db, "Kirby", "John Kirby")
    rows = {row["speaker"]: row for row in speakers(db)}
    assert "Kirby" not in rows
    assert rows["John Kirby"] == {"speaker": "John Kirby", "quotes": 2, "tags": 1, "articles": 2}
    assert speakers(db)[0]["speaker"] == "John Kirby"


def test_quotes_by_reads_a_speaker_in_order(db):
    first, second = library(db)
    set_alias(db, "Kirby", "John Kirby")
    said = quotes_by(db, "john kirby")
    # Statements only (the quoted term "fair game" is none), a split one as one row.
    assert [(q["article_id"], q["text"]) for q in said] == [
        (first, "We are watching closely, … and we will respond."),
        (second, "This is a dangerous escalation."),
    ]
    assert all(q["title"] for q in said)
    # An alias merged into someone else no longer speaks for itself.
    assert quotes_by(db, "Kirby") == []
    assert [q["text"] for q in quotes_by(db, "Lloyd Austin")] == ["North Korean troops are in Russia."]


def test_remove_article_takes_everything_with_it(db):
    first, second = library(db)
    start = FIRST.index("Troops")
    add_tag(db, first, start, start + 6, "claim", note="check this", speaker="John Kirby")
    counts = remove_article(db, first)
    assert counts == {"articles": 1, "tags": 1, "quotes": 3, "analyses": 1}
    for table, column in [
        ("articles", "id"),
        ("tags", "article_id"),
        ("quotes", "article_id"),
        ("analyses", "text_id"),
    ]:
        assert db.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [first]).fetchone()[0] == 0
    assert search(db, "Kursk") == [] and search(db, "check") == [] and search(db, "watching") == []
    assert {h["article_id"] for h in search(db, "Kirby")} == {second}
    for index in ("articles_fts", "quotes_fts"):
        db.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
    assert remove_article(db, first) == {"articles": 0, "tags": 0, "quotes": 0, "analyses": 0}


def test_overview_figures(db):
    first, second = library(db)
    add_tag(db, first, 0, 4, "claim")
    add_tag(db, second, 0, 5, "claim")
    add_tag(db, second, 6, 11, "denial")
    figures = overview(db, top=2)
    # Statements, not parts; quoted terms apart.
    assert figures["totals"] == {"articles": 2, "quotes": 3, "terms": 1, "tags": 3}
    assert figures["speakers"] == [{"speaker": "John Kirby", "quotes": 1}, {"speaker": "Kirby", "quotes": 1}]
    assert (figures["other_speakers"], figures["unattributed"]) == (1, 0)
    bars = sum(row["quotes"] for row in figures["speakers"]) + figures["other_speakers"] + figures["unattributed"]
    assert bars == figures["totals"]["quotes"]
    assert figures["labels"] == [{"label": "claim", "tags": 2}, {"label": "denial", "tags": 1}]
    assert [(row["article_id"], row["actors"]) for row in figures["actors"]] == [(second, 5), (first, 3)]
    assert overview(db, pipeline="another")["actors"] == []


def test_migration_indexes_an_existing_library(tmp_path):
    """A library made before search existed gets its articles and stored quotes indexed."""
    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    for statement in MIGRATIONS[0]:
        old.execute(statement)
    old.execute("PRAGMA user_version=1")
    article_id, _ = add_article(old, raw_text=SECOND, text=SECOND, title="Old", source="Test")
    data = record(
        SECOND,
        [
            quote(SECOND, "North Korean troops", "Kirby", 0),
            quote(SECOND, "are in Russia.", "Kirby", 0),
            quote(SECOND, "This is a dangerous escalation.", "Kirby", 1),
        ],
    )
    # Stored as the code of that time stored it: no quotes table to index into yet.
    old.execute(
        "INSERT INTO analyses (text_id, pipeline, data, created_at) VALUES (?, ?, ?, ?)",
        [article_id, "old-pipeline", json.dumps(data), "2024-01-01T00:00:00"],
    )
    old.close()
    db = open_db(path)
    assert sorted(h["kind"] for h in search(db, "escalation")) == ["article", "quote"]
    assert [(q["start"], q["text"]) for q in quotes_by(db, "Kirby")] == [
        (SECOND.index("North"), "North Korean troops … are in Russia."),
        (SECOND.index("This is"), "This is a dangerous escalation."),
    ]
    # The statement split in two parts counts once.
    assert speakers(db) == [{"speaker": "Kirby", "quotes": 2, "tags": 0, "articles": 1}]
    assert json.loads(db.execute("SELECT data FROM analyses").fetchone()[0])["quotes"]


def test_rebuild_restores_an_index_that_lost_rows(db):
    first, second = library(db)
    add_tag(db, second, 0, 5, "claim", note="verify with Seoul")
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    db.execute("DELETE FROM tags_fts")
    assert [h for h in search(db, "Kursk") if h["kind"] == "article"] == []
    rebuild_search_index(db)
    assert [h["article_id"] for h in search(db, "Kursk") if h["kind"] == "article"] == [first]
    assert [h["article_id"] for h in search(db, "Seoul") if h["kind"] == "tag"] == [second]
    for index in ("articles_fts", "quotes_fts"):
        db.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")


LONG = (
    "Kursk was quiet in the morning. "
    + "Nothing else happened for a long while in the region. " * 4
    + "By evening, troops crossed into Kursk again,\nand later the Kursk governor spoke. "
    + "Much later still, a last word. " * 4
    + "The end of Kursk."
)


def test_an_article_gives_a_hit_for_every_place_it_matches(db):
    article_id = store(db, LONG, "Quiet day", [])
    hits = [hit for hit in search(db, "kursk") if hit["kind"] == "article"]
    # Four mentions, the middle two a few words apart: three hits, in text order.
    assert len(hits) == 3 and {hit["article_id"] for hit in hits} == {article_id}
    starts = [hit["start"] for hit in hits]
    assert starts == sorted(starts) and LONG[starts[0] : starts[0] + 5] == "Kursk"
    assert [LONG[h["start"] : h["end"]] for h in hits] == ["Kursk"] * 3
    middle = hits[1]
    assert len(middle["marks"]) == 2
    assert all(middle["snippet"][s:e] == "Kursk" for s, e in middle["marks"])
    assert "\n" not in middle["snippet"] and middle["snippet"].startswith("…")
    assert hits[-1]["snippet"].endswith("The end of Kursk.")
    # A query matched partly in the title points at its words in the text.
    assert [h["start"] for h in search(db, "quiet day") if h["kind"] == "article"][:1] == [LONG.index("quiet")]
