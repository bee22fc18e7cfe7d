"""Who is the source: a headline that names its own speaker, and unnamed sources kept as described."""

from __future__ import annotations

import pytest
from app_support import SIZE, open_article, until
from quote_support import quotes_of

from reader.service.ingest import add_paths
from reader.store import open_db
from reader.tui.app import ReaderApp
from reader.tui.widgets.status_line import StatusLine


@pytest.mark.parametrize(
    "text, description",
    [
        (
            "“Talks will fail without guarantees,” a senior European diplomat said on Monday.",
            "a senior European diplomat",
        ),
        (
            "A senior European diplomat said the talks “will fail without guarantees for Kyiv and its allies”.",
            "a senior European diplomat",
        ),
        ("“We were not consulted on any of it,” one Ukrainian official told reporters.", "one Ukrainian official"),
    ],
)
def test_an_unnamed_source_keeps_its_description(nlp, text, description):
    [quote] = quotes_of(nlp, text)
    assert quote["speaker"] is None
    assert quote["speaker_description"] == description


def test_a_named_speaker_or_a_pronoun_has_no_description(nlp):
    text = "Ana Lopez spoke in Madrid. “We will not leave,” she said. “Never,” Lopez said."
    assert [q["speaker_description"] for q in quotes_of(nlp, text)] == [None, None]


def test_a_headline_ending_in_its_attribution_names_the_one_who_says(nlp):
    text = "“At least 3,000 soldiers are now inside Russia, Pentagon says”\n\nHeadline from CNN.\n\nMore follows.\n"
    [headline] = quotes_of(nlp, text)
    assert headline["speaker"] == "Pentagon" and headline["rule"] == "headline says"


async def test_the_status_line_shows_an_unnamed_source_as_described(nlp, db_path, tmp_path):
    path = tmp_path / "diplomats.txt"
    path.write_text(
        "Diplomats doubt the talks\n\n"
        "“Talks will fail without guarantees for Kyiv,” a senior European diplomat said on Monday.\n",
        encoding="utf-8",
    )
    db = open_db(db_path)
    list(add_paths(db, [path]))
    db.close()
    app = ReaderApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        screen = await open_article(app, pilot, "Diplomats doubt")
        await until(pilot, lambda: screen.claims is not None and screen.claims.quotes, "the analysis")
        await pilot.press("n")
        status = str(screen.query_one(StatusLine).render())
        assert "a senior European diplomat (unnamed)" in status
        assert "unattributed" not in status


def test_speakers_group_unnamed_sources_apart_from_the_named(nlp, db_path, tmp_path):
    from reader.service.ingest import analyze_pending
    from reader.store.search import UNNAMED_SOURCES, quotes_by, speakers

    path = tmp_path / "diplomats.txt"
    path.write_text(
        "Diplomats doubt the talks\n\n"
        "“Talks will fail without guarantees for Kyiv,” a senior European diplomat said on Monday.\n\n"
        "“We will keep trying until the very end,” Ana Lopez said.\n",
        encoding="utf-8",
    )
    db = open_db(db_path)
    list(add_paths(db, [path]))
    db.close()
    analyze_pending(db_path)
    db = open_db(db_path)
    rows = {row["speaker"]: row for row in speakers(db)}
    assert rows["Ana Lopez"]["quotes"] == 1
    assert rows[UNNAMED_SOURCES]["quotes"] == 1 and rows[UNNAMED_SOURCES]["articles"] == 1
    [quote] = quotes_by(db, UNNAMED_SOURCES)
    assert quote["text"].startswith("Talks will fail")
    assert quote["speaker_description"] == "a senior European diplomat"


def test_a_library_from_before_the_description_column_counts_its_unnamed_sources(nlp, db_path, tmp_path):
    """Speakers counts unnamed sources from the quotes index; a library analysed before the index
    kept descriptions gains them from its stored analyses when it is opened (the migration)."""
    import sqlite3

    from reader.service.ingest import analyze_pending
    from reader.store.migrations import MIGRATIONS
    from reader.store.search import UNNAMED_SOURCES, quotes_by, speakers

    path = tmp_path / "diplomat.txt"
    path.write_text("Talks\n\n“Talks will fail,” a senior European diplomat said on Monday.\n", encoding="utf-8")
    db = open_db(db_path)
    list(add_paths(db, [path]))
    db.close()
    analyze_pending(db_path)
    before = next(n for n, steps in enumerate(MIGRATIONS) if any("speaker_description TEXT" in s for s in steps))
    conn = sqlite3.connect(db_path)  # the library as a reader before the column left it
    conn.execute("DROP INDEX quotes_unnamed")
    conn.execute("ALTER TABLE quotes DROP COLUMN speaker_description")
    for steps in MIGRATIONS[before + 1 :]:  # and the columns later migrations add
        for step in steps:
            if step.startswith("ALTER TABLE") and " ADD COLUMN " in step:
                table, column = step.split()[2], step.split(" ADD COLUMN ")[1].split()[0]
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute(f"PRAGMA user_version={before}")
    conn.commit()
    conn.close()
    db = open_db(db_path)
    rows = {row["speaker"]: row for row in speakers(db)}
    assert rows[UNNAMED_SOURCES]["quotes"] == 1
    [quote] = quotes_by(db, UNNAMED_SOURCES)
    assert quote["speaker_description"] == "a senior European diplomat"
    db.close()
