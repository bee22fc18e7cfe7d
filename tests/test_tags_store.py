"""The tag store: vocabulary, tag CRUD with undo, durability and concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from reader.errors import ReaderError
from reader.store import open_db
from reader.store.articles import add_article
from reader.store.tags import (
    CONTEXT,
    DEFAULT_LABELS,
    add_label,
    add_tag,
    all_tags,
    delete_tag,
    get_tag,
    list_labels,
    merge_labels,
    recolor_label,
    rename_label,
    restore_tag,
    tags_for,
    update_tag,
)

TEXT = (
    "Defense Secretary Lloyd Austin said on Monday that North Korean troops were in Russia. "
    'The Kremlin denied it, calling the report "a provocation". '
    "Analysts said the deployment, if confirmed, would mark an escalation of the war in Ukraine."
)


@pytest.fixture
def article(db):
    article_id, _ = add_article(db, raw_text=TEXT, text=TEXT, title="Troops", source="Newsweek")
    return article_id


def span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def test_vocabulary_is_seeded_once_with_counts(db):
    labels = list_labels(db)
    assert [label["name"] for label in labels] == [name for name, _ in DEFAULT_LABELS]
    assert all(label["color"] and label["count"] == 0 for label in labels)
    rename_label(db, "opinion", "view")
    assert [label["name"] for label in list_labels(db)][-1] == "view"
    assert len(list_labels(db)) == len(DEFAULT_LABELS)


def test_add_tag_records_span_context_speaker_and_actors(db, article):
    start, end = span("North Korean troops were in Russia")
    tag = add_tag(
        db, article, start, end, "claim", note="first report", speaker="Lloyd Austin", actors=["North Korean", "Russia"]
    )
    assert tag["text"] == "North Korean troops were in Russia"
    assert tag["prefix"] == TEXT[start - CONTEXT : start]
    assert tag["suffix"] == TEXT[end : end + CONTEXT]
    assert (tag["label"], tag["note"], tag["speaker"]) == ("claim", "first report", "Lloyd Austin")
    assert tag["actors"] == ["North Korean", "Russia"]
    assert tag["created_at"] == tag["updated_at"]
    assert not tag["orphaned"]
    assert list_labels(db)[0]["count"] == 1


def test_tag_at_text_start_has_short_prefix(db, article):
    tag = add_tag(db, article, 0, 7, "claim")
    assert tag["prefix"] == "" and tag["text"] == "Defense"


def test_tag_is_committed_and_visible_to_another_connection(db, db_path, article):
    tag = add_tag(db, article, *span("The Kremlin denied it"), "denial")
    other = open_db(db_path)
    try:
        assert get_tag(other, tag["id"])["text"] == "The Kremlin denied it"
    finally:
        other.close()


def test_new_label_is_created_on_tagging_and_a_span_can_carry_several(db, article):
    start, end = span("an escalation")
    add_tag(db, article, start, end, "claim")
    add_tag(db, article, start, end, "Escalation risk")
    labels = {label["name"]: label["count"] for label in list_labels(db)}
    assert labels["Escalation risk"] == 1
    assert [t["label"] for t in tags_for(db, article)] == ["claim", "Escalation risk"]
    add_tag(db, article, start, end, "escalation RISK")  # same label, any case
    assert {label["name"]: label["count"] for label in list_labels(db)}["Escalation risk"] == 2


@pytest.mark.parametrize("start,end", [(-1, 4), (5, 5), (10, 4), (0, len(TEXT) + 1)])
def test_bad_span_is_refused(db, article, start, end):
    with pytest.raises(ReaderError, match="outside article"):
        add_tag(db, article, start, end, "claim")
    assert tags_for(db, article) == []


def test_unknown_article_and_empty_label_are_refused(db, article):
    with pytest.raises(ReaderError, match="no article"):
        add_tag(db, "feedfacefeedface", 0, 3, "claim")
    with pytest.raises(ReaderError, match="needs a name"):
        add_tag(db, article, 0, 3, "   ")


def test_update_returns_previous_row_and_restore_undoes_it(db, article):
    tag = add_tag(db, article, *span("The Kremlin denied it"), "denial", note="")
    previous = update_tag(db, tag["id"], note="official denial", label="claim")
    assert previous == tag
    edited = get_tag(db, tag["id"])
    assert (edited["note"], edited["label"]) == ("official denial", "claim")
    restore_tag(db, previous)
    assert get_tag(db, tag["id"]) == tag


def test_update_span_recomputes_text_and_context(db, article):
    tag = add_tag(db, article, *span("North Korean troops"), "claim")
    start, end = span("North Korean troops were in Russia")
    update_tag(db, tag["id"], end=end)
    edited = get_tag(db, tag["id"])
    assert (edited["start"], edited["text"], edited["suffix"]) == (start, TEXT[start:end], TEXT[end : end + CONTEXT])


def test_delete_returns_row_and_restore_brings_it_back(db, article):
    tag = add_tag(db, article, *span("a provocation"), "opinion", speaker="Kremlin", actors=["Kremlin"])
    removed = delete_tag(db, tag["id"])
    assert removed == tag
    assert tags_for(db, article) == []
    assert restore_tag(db, removed) == tag
    with pytest.raises(ReaderError, match="no tag"):
        delete_tag(db, "missing")


def test_restore_recreates_a_label_merged_away_meanwhile(db, article):
    tag = add_tag(db, article, *span("a provocation"), "rhetoric")
    removed = delete_tag(db, tag["id"])
    merge_labels(db, "rhetoric", "opinion")
    assert restore_tag(db, removed)["label"] == "rhetoric"


def test_rename_recolour_merge(db, article):
    add_tag(db, article, *span("The Kremlin denied it"), "denial")
    add_tag(db, article, *span("an escalation"), "threat")
    assert rename_label(db, "denial", "Rebuttal")["name"] == "Rebuttal"
    assert tags_for(db, article)[0]["label"] == "Rebuttal"
    assert recolor_label(db, "rebuttal", "bright_red")["color"] == "#ff0000"
    with pytest.raises(ReaderError, match="not a colour"):
        recolor_label(db, "claim", "not-a-colour")
    with pytest.raises(ReaderError, match="merge"):
        rename_label(db, "threat", "CLAIM")
    assert merge_labels(db, "threat", "Rebuttal") == 1
    counts = {label["name"]: label["count"] for label in list_labels(db)}
    assert "threat" not in counts and counts["Rebuttal"] == 2
    with pytest.raises(ReaderError, match="no label"):
        merge_labels(db, "threat", "claim")
    with pytest.raises(ReaderError, match="exists already"):
        add_label(db, "claim")
    assert add_label(db, "Hedge", "#00ff00")["color"] == "#00ff00"


def test_all_tags_filters(db, article):
    other_text = "Kim Jong Un said Russia is a friend."
    other, _ = add_article(db, raw_text=other_text, text=other_text, title="Kim", source="KCNA")
    add_tag(db, article, *span("The Kremlin denied it"), "denial", speaker="Kremlin")
    add_tag(db, article, *span("an escalation"), "claim", speaker="Analysts")
    add_tag(db, other, 17, 35, "claim", speaker="Kim Jong Un")
    assert len(all_tags(db)) == 3
    assert {t["text"] for t in all_tags(db, label="CLAIM")} == {"an escalation", "Russia is a friend"}
    assert [t["article_title"] for t in all_tags(db, article=other[:6])] == ["Kim"]
    assert [t["text"] for t in all_tags(db, speaker="kremlin")] == ["The Kremlin denied it"]
    assert all_tags(db, label="claim", speaker="Kremlin") == []


def test_two_connections_interleaving_keep_every_tag(db, db_path, article):
    other = open_db(db_path)
    try:
        for i in range(20):
            add_tag(db, article, i, i + 5, "claim")
            add_tag(other, article, i, i + 6, "denial")
        assert len(tags_for(db, article)) == 40
        assert len(tags_for(other, article)) == 40
    finally:
        other.close()


WRITER = textwrap.dedent(
    """
    import sys
    from reader.store import open_db
    from reader.store.tags import add_tag
    db = open_db(sys.argv[1])
    for i in range(int(sys.argv[3])):
        add_tag(db, sys.argv[2], i, i + 4, sys.argv[4], note=f"{sys.argv[4]} {i}")
    """
)


def test_concurrent_processes_lose_no_tags(db, db_path, article):
    per_process = 60
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), article, str(per_process), label])
        for label in ("claim", "denial", "fresh label")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    tags = tags_for(db, article)
    assert len(tags) == 3 * per_process
    assert {t["note"] for t in tags} == {
        f"{label} {i}" for label in ("claim", "denial", "fresh label") for i in range(per_process)
    }
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sum(1 for label in list_labels(db) if label["name"] == "fresh label") == 1


def test_every_edit_sorts_after_the_previous_one(db, article):
    tag = add_tag(db, article, *span("a provocation"), "opinion")
    stamps = [tag["updated_at"]]
    for i in range(30):
        update_tag(db, tag["id"], note=str(i))
        stamps.append(get_tag(db, tag["id"])["updated_at"])
    assert stamps == sorted(set(stamps))


def test_undo_stack_reverses_add_edit_and_delete_in_order(db, article):
    from reader.store.tags import UndoStack

    undo = UndoStack()
    first = add_tag(db, article, *span("The Kremlin denied it"), "denial")
    undo.added(first)
    undo.edited(update_tag(db, first["id"], note="edited"))
    second = add_tag(db, article, *span("an escalation"), "claim")
    undo.added(second)
    undo.deleted(delete_tag(db, second["id"]))
    assert tags_for(db, article)[0]["note"] == "edited" and len(tags_for(db, article)) == 1
    assert undo.undo(db) == "deleted" and get_tag(db, second["id"]) == second
    assert undo.undo(db) == "added" and get_tag(db, second["id"]) is None
    assert undo.undo(db) == "edited" and get_tag(db, first["id"]) == first
    delete_tag(db, first["id"])  # as if another window deleted it: nothing left to undo
    assert undo.undo(db) is None and len(undo) == 0


def test_attribution_from_the_analysis_record(nlp):
    from reader.nlp.analyze import analyze_texts
    from reader.store.tags import attribution

    text = '"North Korean troops are in Kursk," Lloyd Austin said on Monday. The Kremlin denied it.'
    (record,) = list(analyze_texts([text], nlp=nlp))
    quote = next(q for q in record["quotes"] if q["kind"] == "statement" and q["speaker"])
    end = text.index("Monday.") + len("Monday.")
    speaker, actors = attribution(record, 0, end)
    assert speaker == quote["speaker"]
    inside = sorted(
        (min(m["start"] for m in a["mentions"] if m["end"] <= end), a["name"])
        for a in record["actors"] + record["places"]
        if any(m["end"] <= end for m in a["mentions"])
    )
    assert actors == [name for _, name in inside] and len(actors) >= 2
    second = text.index("The Kremlin")
    speaker, actors = attribution(record, second, len(text))
    assert speaker is None and all(name in text[second:] for name in actors)
    assert attribution(None, 0, 5) == (None, [])
