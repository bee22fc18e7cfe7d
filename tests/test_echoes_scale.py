"""At 100,000 articles: what keeps Speakers and echo grouping fast is an index, checked by plan."""

from __future__ import annotations

from reader.counts import STATEMENT_ROWS_SQL


def _plan(db, sql: str) -> str:
    return " | ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_speakers_counts_statements_from_the_partial_index_alone(db):
    plan = _plan(
        db,
        f"""SELECT speaker, sum(first_part), count(DISTINCT article_id) FROM quotes
                         WHERE speaker IS NOT NULL AND speaker != '' AND {STATEMENT_ROWS_SQL} GROUP BY speaker""",
    )
    assert "USING INDEX quotes_statement_speaker" in plan or "USING COVERING INDEX quotes_statement_speaker" in plan


def test_echo_candidates_come_from_the_band_index(db):
    plan = _plan(db, "SELECT quote_id FROM echo_bands WHERE key = 1 LIMIT 8")
    assert "SEARCH echo_bands USING PRIMARY KEY (key=?)" in plan
    members = _plan(db, "SELECT quote_id FROM echo_members WHERE group_id = 1")
    assert "USING COVERING INDEX echo_members_group" in members
