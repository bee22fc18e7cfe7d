"""Re-anchoring tags after an article's text changes: examples on real libraries, and invariants."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.store.anchor import locate, reanchor
from reader.store.articles import add_article
from reader.store.tags import CONTEXT, add_tag, orphaned_tags, tags_for

TEXT = (
    "Russia and North Korea signed a mutual defence pact in June. "
    "Lloyd Austin said the troops could enter the fight within weeks. "
    'Pyongyang called the claim "groundless" and said the troops were not there.'
)


def tag_of(text: str, words: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    end = start + len(words)
    return {
        "text": words,
        "start": start,
        "end": end,
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
    }


def new_article(db, text: str) -> str:
    return add_article(db, raw_text=text, text=text, title="t", source="s")[0]


def test_insertion_before_shifts_the_tag(db):
    old = new_article(db, TEXT)
    start = TEXT.index("the troops could enter the fight")
    tag = add_tag(db, old, start, start + len("the troops could enter the fight"), "claim", note="n")
    changed = "UPDATE: a correction was added.\n\n" + TEXT
    new = new_article(db, changed)
    report = reanchor(db, old, to_article=new)
    assert (report.placed, report.moved, report.orphaned) == (1, 1, [])
    (moved,) = tags_for(db, new)
    assert changed[moved["start"] : moved["end"]] == "the troops could enter the fight"
    assert (moved["id"], moved["note"], moved["created_at"]) == (tag["id"], "n", tag["created_at"])
    assert tags_for(db, old) == []


def test_repeated_words_are_told_apart_by_context(db):
    second = tag_of(TEXT, "the troops", occurrence=1)
    changed = TEXT.replace("Russia and", "Moscow and")  # earlier, outside the context window
    placement = locate(second, changed)
    assert changed[placement.start : placement.end] == "the troops"
    assert placement.start == changed.index("the troops", changed.index("Pyongyang"))
    assert placement.how == "context"


def test_small_edit_inside_the_span_is_found_fuzzily(db):
    old = new_article(db, TEXT)
    words = "Lloyd Austin said the troops could enter the fight"
    start = TEXT.index(words)
    add_tag(db, old, start, start + len(words), "claim")
    changed = TEXT.replace("Lloyd Austin said", "Lloyd J. Austin said")
    new = new_article(db, changed)
    reanchor(db, old, to_article=new)
    (tag,) = tags_for(db, new)
    assert tag["text"] == "Lloyd J. Austin said the troops could enter the fight"
    assert not tag["orphaned"]


def test_deleted_words_orphan_the_tag_but_keep_it(db):
    old = new_article(db, TEXT)
    words = 'called the claim "groundless"'
    start = TEXT.index(words)
    tag = add_tag(db, old, start, start + len(words), "denial", note="keep me")
    changed = TEXT.replace(words + " and ", "")
    new = new_article(db, changed)
    report = reanchor(db, old, to_article=new)
    assert [t["id"] for t in report.orphaned] == [tag["id"]]
    (orphan,) = orphaned_tags(db)
    assert (orphan["text"], orphan["note"], orphan["article_id"]) == (words, "keep me", new)
    assert tags_for(db, new)[-1]["orphaned"]


def test_orphan_is_placed_again_when_its_words_return(db):
    old = new_article(db, TEXT)
    start = TEXT.index("mutual defence pact")
    add_tag(db, old, start, start + len("mutual defence pact"), "evidence")
    gone = new_article(db, TEXT.replace("mutual defence pact", "deal"))
    reanchor(db, old, to_article=gone)
    assert orphaned_tags(db)
    back = new_article(db, "Preface. " + TEXT)
    reanchor(db, gone, to_article=back)
    assert orphaned_tags(db) == []
    assert tags_for(db, back)[0]["start"] == start + len("Preface. ")


def test_unchanged_text_keeps_tags_untouched(db):
    article = new_article(db, TEXT)
    start = TEXT.index("Pyongyang")
    tag = add_tag(db, article, start, start + 9, "claim")
    report = reanchor(db, article)
    assert (report.placed, report.moved) == (1, 0)
    assert tags_for(db, article) == [tag]


def test_fuzzy_search_cost_is_bounded_on_a_huge_text():
    tag = tag_of(TEXT, "the troops could enter the fight")
    huge = ("lorem ipsum dolor " * 200_000) + TEXT.replace("could enter", "might enter")
    tag["start"] = len(huge) - len(TEXT) + tag["start"] + 7  # roughly where it was
    placement = locate(tag, huge)
    assert placement is not None and huge[placement.start : placement.end] == "the troops might enter the fight"


def test_long_tag_with_an_edit_inside_is_found_by_its_edges(seed_paths):
    text = "\n".join(path.read_text(encoding="utf-8") for path in seed_paths)
    start, end = 2000, 4500
    tag = tag_of_span(text, start, end)
    middle = (start + end) // 2
    changed = "A new first paragraph.\n" * 20 + text[:middle] + "(correction)" + text[middle + 5 :]
    shift = len("A new first paragraph.\n") * 20
    placement = locate(tag, changed)
    assert (placement.start, placement.end, placement.how) == (start + shift, end + shift + 7, "fuzzy")


# --- invariants ---------------------------------------------------------------------------

VOCABULARY = ["alpha", "beta", "gamma", "delta", "said", "troops", "Kim", "Russia"]
words = st.lists(st.sampled_from(VOCABULARY), min_size=12, max_size=60).map(" ".join)
insert = st.text(alphabet="0123456789#", min_size=1, max_size=80)  # cannot form a tag's letters


@st.composite
def text_and_tag(draw):
    text = draw(words)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 40)))
    return text, tag_of_span(text, start, end)


def tag_of_span(text: str, start: int, end: int) -> dict:
    return {
        "text": text[start:end],
        "start": start,
        "end": end,
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
    }


def occurrences(text: str, part: str) -> int:
    return sum(1 for i in range(len(text)) if text.startswith(part, i))


@settings(max_examples=300, deadline=None)
@given(text_and_tag(), insert, st.data())
def test_insertion_outside_the_context_keeps_the_same_words(case, inserted, data):
    text, tag = case
    start, end = tag["start"], tag["end"]
    # Words that appear twice with the same context are ambiguous by construction.
    assume(occurrences(text, tag["prefix"] + tag["text"] + tag["suffix"]) == 1)
    outside = [*range(0, start - CONTEXT + 1), *range(end + CONTEXT, len(text) + 1)]
    assume(outside)
    at = data.draw(st.sampled_from(outside))
    shift = len(inserted) if at < start else 0
    changed = text[:at] + inserted + text[at:]
    placement = locate(tag, changed)
    assert placement is not None
    assert (placement.start, placement.end) == (start + shift, end + shift)


@settings(max_examples=300, deadline=None)
@given(text_and_tag(), insert, st.data())
def test_insertion_anywhere_keeps_a_unique_span(case, inserted, data):
    text, tag = case
    assume(text.count(tag["text"]) == 1)
    at = data.draw(st.sampled_from([i for i in range(len(text) + 1) if not tag["start"] < i < tag["end"]]))
    changed = text[:at] + inserted + text[at:]
    shift = len(inserted) if at <= tag["start"] else 0
    placement = locate(tag, changed)
    assert (placement.start, placement.end) == (tag["start"] + shift, tag["end"] + shift)


@settings(max_examples=300, deadline=None)
@given(text_and_tag())
def test_a_placement_always_covers_text_like_the_tags(case):
    text, tag = case
    # Any edit at all: the placement, if any, is inside the text and non-empty.
    changed = text[: len(text) // 2] + text[len(text) // 2 + 3 :]
    placement = locate(tag, changed)
    if placement is not None:
        assert 0 <= placement.start < placement.end <= len(changed)
        if placement.how != "fuzzy":
            assert changed[placement.start : placement.end] == tag["text"]


@settings(max_examples=300, deadline=None)
@given(words, st.text(alphabet="ABCDEFGHIJ ", min_size=4, max_size=40).filter(str.strip), words, insert)
def test_deleting_the_words_orphans_the_tag(left, phrase, right, replacement):
    # The tagged words share no letter with the rest, so nothing like them survives the deletion.
    text = f"{left} {phrase} {right}"
    start = len(left) + 1
    tag = tag_of_span(text, start, start + len(phrase))
    changed = text[:start] + replacement + text[start + len(phrase) :]
    assert locate(tag, changed) is None
