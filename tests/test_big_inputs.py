"""Cost that grows with the input, not faster: what reaches spaCy never holds the runs its
tokenizer is quadratic on, offsets stay exact, and search queries are capped.

No test here times anything: they count what spaCy is handed (run lengths, tokens) against
ordinary prose of the same length. benchmarks/bench_hostile.py measures the time."""

from __future__ import annotations

import re
from bisect import bisect_right

import pytest

from reader.nlp.analyze import MAX_RUN_CHARS, analyze_texts, spacy_text
from reader.paths import seeds_dir

SEEDS = sorted(seeds_dir().glob("*.txt"))
_RUN = re.compile(r"\S+")


class Recording:
    """The real pipeline, noting every doc it makes (spaCy's, not ours: nothing is faked)."""

    def __init__(self, nlp):
        self.nlp = nlp
        self.docs = []

    def pipe(self, *args, **kwargs):
        for item in self.nlp.pipe(*args, **kwargs):
            doc = item[0] if isinstance(item, tuple) else item
            self.docs.append(doc)
            yield item

    @property
    def tokens(self) -> int:
        return sum(len(doc) for doc in self.docs)

    @property
    def longest_run(self) -> int:
        return max((len(m.group()) for doc in self.docs for m in _RUN.finditer(doc.text)), default=0)


def _prose(length: int) -> str:
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in SEEDS)
    return (text * (length // len(text) + 1))[:length]


HOSTILE = {
    "quote marks": '"' * 3_000,
    "quote marks, spaced": '" ' * 3_000,
    "long word": "x" * 5_000 + " and " + "y" * 5_000,
    "punctuation": "!?.,;:-—“”'\"()[]{}*&^%$#@" * 400,
    "underscores": "_" * 4_000,
    "marks in prose": "He said so. " + "“" * 2_500 + " Then he left.",
    "quoted words": '"a" ' * 2_000,
    "quoted letters, listed": "".join(f"“{chr(97 + n % 26)}”, " for n in range(2_000)),
}


def test_masked_text_keeps_length_line_ends_and_ordinary_prose():
    for text in HOSTILE.values():
        masked = spacy_text(text)
        assert len(masked) == len(text)
        assert max((len(m.group()) for m in _RUN.finditer(masked)), default=0) <= MAX_RUN_CHARS
        assert all(a == b for a, b in zip(text, masked) if not b.isspace())
    assert spacy_text("a" * 300 + "\n" + "!" * 50 + "\nok") == " " * 300 + "\n" + " " * 50 + "\nok"
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        assert spacy_text(text) == text
    ordinary = "A URL https://example.com/a/b?c=d, 3.14, “Yes!” — he said... (really?) ok"
    assert spacy_text(ordinary) == ordinary
    vowels = 'The letters "a", "e", "i", "o" and "u", the grades "A", "B" and "C", and (a) to (d), 1, 2, 3.'
    assert spacy_text(vowels) == vowels
    scores = "Scores: " + ", ".join(str(10 + n) for n in range(40)) + "."
    assert spacy_text(scores) == scores  # numbers are data, not debris


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_spacy_never_gets_a_long_run_nor_more_tokens_than_prose(nlp, name):
    text = HOSTILE[name]
    hostile = Recording(nlp)
    record = next(analyze_texts([text], nlp=hostile))
    prose = Recording(nlp)
    next(analyze_texts([_prose(len(text))], nlp=prose))
    assert hostile.longest_run <= MAX_RUN_CHARS
    assert hostile.tokens <= prose.tokens
    for start, end in record["sentences"]:
        assert 0 <= start < end <= len(text)


def test_quotes_keep_their_exact_text_around_a_masked_run(nlp):
    url = "https://example.com/" + "a" * 300
    text = f'The minister said: "Read {url} before you judge us." Reporters left.'
    record = next(analyze_texts([text], nlp=nlp))
    assert record["quotes"], record
    for quote in record["quotes"]:
        assert quote["text"] == text[quote["start"] : quote["end"]]
    assert any(url in quote["text"] for quote in record["quotes"])


def test_analysis_of_a_long_line_and_many_marks_is_whole(nlp):
    """A line with no break, longer than a piece, and marks in their thousands: every sentence
    is inside the text, pieces meet, and prose after the debris is still analysed."""
    text = " ".join(_prose(60_000).split()) + " " + '"' * 3_000 + " Joe Biden met Vladimir Putin in Paris."
    record = next(analyze_texts([text], nlp=nlp))
    names = {actor["name"] for actor in record["actors"]}
    assert "Vladimir Putin" in names
    last = max(end for _, end in record["sentences"])
    assert text[:last].endswith("Paris.")


# --- search queries are capped ---


def test_a_pasted_page_becomes_a_capped_query_with_a_notice():
    from reader.store.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS, fts_query, query_notice

    page = " ".join(f"word{n}" for n in range(20_000))
    query = fts_query(page)
    assert query.count(" AND ") + 1 == MAX_QUERY_TERMS
    assert query.startswith('"word0" AND "word1" AND ')
    assert not query.endswith("*")  # a cut query is not a word still being typed
    assert query_notice(page)
    assert query_notice("x" * (MAX_QUERY_CHARS + 1))
    assert len(fts_query("x" * 100_000)) < MAX_QUERY_CHARS + 10
    assert query_notice('north korean troops -kursk "a phrase"') is None
    assert fts_query("troops " * 5_000) == '"troops"'


def test_search_of_a_huge_query_answers_on_its_first_terms(db):
    from reader.store.articles import add_article
    from reader.store.search import index_analysis, search

    text = "North Korean troops were seen in Kursk, officials said."
    article, _ = add_article(db, raw_text=text, text=text, title="Troops")
    index_analysis(db, article, {"quotes": []})
    hits = search(db, "korean troops " * 10_000 + " " + " ".join(f"nomatch{n}" for n in range(20_000)))
    assert [hit["article_id"] for hit in hits] == [article]


def test_cli_search_says_the_query_was_capped(db_path):
    from click.testing import CliRunner

    from reader.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(db_path), "search", "korea " * 2_000])
    assert "only the first 16 terms" in result.stderr
    short = CliRunner().invoke(cli, ["--db", str(db_path), "search", "korea"])
    assert "only the first" not in short.stderr


# --- a big article opens: its claims are built in linear time ---


def test_sentences_cut_at_paragraph_ends_in_a_long_article():
    """A thousand paragraphs: each sentence is cut by the paragraphs it overlaps, exactly as
    a scan over every paragraph would (the scan itself was quadratic: minutes for 10 MB)."""
    from reader.tui.claims import Claims

    paragraph = "A headline\n\nOne sentence here. Another one there."
    text = "\n\n".join([paragraph] * 500)
    paragraphs, sentences, start = [], [], 0
    for block in text.split("\n\n"):
        paragraphs.append([start, start + len(block)])
        start += len(block) + 2
    for p_start, p_end in paragraphs[1::2]:  # one sentence runs from each headline into its paragraph
        sentences += [[p_start - 12, p_start + 18], [p_start + 19, p_end]]
    claims = Claims(text, {"paragraphs": paragraphs, "sentences": sentences})
    expected = []
    for s_start, s_end in sentences:
        for p_start, p_end in paragraphs:
            a, b = max(s_start, p_start), min(s_end, p_end)
            if a < b and text[a:b].strip():
                piece = text[a:b]
                expected.append((a + len(piece) - len(piece.lstrip()), b - (len(piece) - len(piece.rstrip()))))
    assert claims.sentences == expected
    assert text[slice(*claims.sentences[0])] == "A headline"


async def test_block_quotes_of_a_long_article_are_found_by_nearby_quotes_only():
    """Every paragraph that is one quoted statement is drawn as a block, as a check against
    every quote would find (that check was paragraphs x quotes: minutes for 10 MB)."""
    from textual.app import App

    from reader.tui.claims import Claims
    from reader.tui.widgets.article_view import ArticleView, _is_block_quote

    blocks = [
        "“We will not give up, whatever it costs us,” he said.",
        "Plain prose about troops here.",
        '"A long statement that runs on and on," the minister said in a statement on Monday.',
    ]
    text = "\n\n".join(blocks * 300)
    paragraphs, quotes, start = [], [], 0
    for block in text.split("\n\n"):
        paragraphs.append([start, start + len(block)])
        if block[0] in '“"':
            close = block.index("”" if block[0] == "“" else '"', 1)
            quotes.append({"start": start + 1, "end": start + close, "kind": "statement"})
        start += len(block) + 2
    quotes.append({"start": 3, "end": len(text) // 2, "kind": "statement"})  # one very long quote
    claims = Claims(text, {"paragraphs": paragraphs, "quotes": quotes})
    every = [(q["start"], q["end"]) for q in quotes]
    expected = {tuple(p) for p in paragraphs if _is_block_quote(*p, text, every)}

    class Viewer(App):
        def compose(self):
            yield ArticleView()

    app = Viewer()
    async with app.run_test(size=(100, 32)) as pilot:
        view = app.query_one(ArticleView)
        view.show(text, claims)
        await pilot.pause()
        starts = [p[0] for p in paragraphs]
        drawn = {tuple(paragraphs[bisect_right(starts, line.start) - 1]) for line in view._lines if line and line.block}
        assert drawn == expected
        assert len(expected) >= 300


def test_fast_wrapping_breaks_lines_exactly_where_rich_does():
    """The reader's one-step-per-line wrapping gives rich's `divide_line` breaks, on any text."""
    import random

    from rich._wrap import divide_line

    from reader.tui.widgets.article_view import _wrap_breaks

    rng = random.Random(7)
    plain = ["a", "bb", "word", "longerword", " ", " ", "  ", "   ", "—", "“q”", "’s", "…", ",", "."]
    mixed = [*plain, "東京", "\t", "\xa0", "x" * 40]
    for n in range(8_000):
        pieces = plain if n % 2 else mixed
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        width = rng.randint(4, 50)
        assert _wrap_breaks(text, width) == divide_line(text, width, fold=True), (text, width)


def test_span_index_finds_what_a_scan_of_every_span_finds():
    """The spans overlapping a stretch, by bisection, are those a scan finds, in their order
    (long spans and spans given out of order included)."""
    import random

    from reader.tui.claims import LONG_SPAN, SpanIndex

    rng = random.Random(3)
    for presorted in (False, True):
        spans = [(s, s + rng.choice([1, 5, 40, LONG_SPAN + 7])) for s in (rng.randrange(50_000) for _ in range(3000))]
        if presorted:
            spans.sort()
        index = SpanIndex(spans, presorted=presorted)
        for _ in range(300):
            start = rng.randrange(52_000)
            end = start + rng.randrange(1, 300)
            assert index.overlapping(start, end) == [i for i, (s, e) in enumerate(spans) if s < end and e > start]


async def test_an_article_after_a_long_one_draws_its_own_highlights():
    """The highlights of the article shown before (a hundred of them) are not drawn over the next."""
    from textual.app import App

    from reader.records import Actor, Analysis, Mention
    from reader.tui.claims import Claims
    from reader.tui.widgets.article_view import ArticleView

    long_text = " ".join(["Smith spoke."] * 100)
    mentions: list[Mention] = [{"start": 13 * i, "end": 13 * i + 5, "text": "Smith"} for i in range(100)]
    empty: Analysis = {"paragraphs": [], "sentences": [], "actors": [], "places": [], "quotes": []}
    smith: Actor = {"name": "Smith", "label": "PERSON", "mentions": mentions}
    long_claims = Claims(long_text, {**empty, "actors": [smith]})
    short_text = "Jones came. Plain words after."
    short_claims = Claims(
        short_text, {**empty, "actors": [{"name": "Jones", "label": "PERSON", "mentions": mentions[:1]}]}
    )

    class Viewer(App):
        def compose(self):
            yield ArticleView()

    async with Viewer().run_test(size=(100, 32)) as pilot:
        view = pilot.app.query_one(ArticleView)
        view.show(long_text, long_claims)
        await pilot.pause()
        view.show(short_text, short_claims)
        await pilot.pause()
        text = view._line_text(0)
        assert text.plain == short_text
        assert [(span.start, span.end) for span in text.spans] == [(0, 5)]
