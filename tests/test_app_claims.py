"""Claims: the cursor's moves over sentences, quotes and mentions, on a hand-written record."""

from __future__ import annotations

from reader.tui.claims import Claims, Span

TEXT = (
    "Kim meets Putin\n\n"  # a headline the sentence splitter glued to the lede
    "Kim said: “We stand together.” Putin agreed.\n\n"
    "Putin called it a “new era”. Kim left."
)


def spans_of(word: str) -> list[tuple[int, int]]:
    spans, start = [], TEXT.find(word)
    while start != -1:
        spans.append((start, start + len(word)))
        start = TEXT.find(word, start + 1)
    return spans


def record() -> dict:
    first_para_end = TEXT.index("\n\n")
    second = TEXT.index("Kim said")
    third = TEXT.index("Putin called")
    statement = TEXT.index("We stand")
    term = TEXT.index("new era")
    return {
        "paragraphs": [[0, first_para_end], [second, third - 2], [third, len(TEXT)]],
        # The first "sentence" runs across the headline and the lede, as spaCy's may.
        "sentences": [
            [0, TEXT.index(" Putin agreed")],
            [TEXT.index("Putin agreed"), third - 2],
            [third, TEXT.index(" Kim left")],
            [TEXT.index("Kim left"), len(TEXT)],
        ],
        "actors": [
            {
                "name": "Kim",
                "label": "PERSON",
                "mentions": [{"start": s, "end": e, "text": "Kim"} for s, e in spans_of("Kim")],
            },
            {
                "name": "Putin",
                "label": "PERSON",
                "mentions": [{"start": s, "end": e, "text": "Putin"} for s, e in spans_of("Putin")],
            },
        ],
        "places": [],
        "quotes": [
            {
                "start": statement,
                "end": statement + len("We stand together."),
                "text": "We stand together.",
                "kind": "statement",
                "speaker": "Kim",
                "speaker_span": list(spans_of("Kim")[1]),
                "cue": "said",
                "group": 0,
            },
            {
                "start": term,
                "end": term + len("new era"),
                "text": "new era",
                "kind": "term",
                "speaker": "Putin",
                "speaker_span": None,
                "cue": None,
                "group": 1,
            },
        ],
    }


def test_sentences_never_cross_a_paragraph_end():
    claims = Claims(TEXT, record())
    assert [TEXT[s:e] for s, e in claims.sentences] == [
        "Kim meets Putin",
        "Kim said: “We stand together.”",
        "Putin agreed.",
        "Putin called it a “new era”.",
        "Kim left.",
    ]


def test_sentence_moves_stop_at_the_ends():
    claims = Claims(TEXT, record())
    span = claims.first()
    seen = [TEXT[span.start : span.end]]
    while (span := claims.next_sentence(span)) is not None:
        seen.append(TEXT[span.start : span.end])
    assert len(seen) == len(claims.sentences) == 5
    last = Span(*claims.sentences[-1], "sentence")
    assert claims.next_sentence(last) is None
    assert claims.previous_sentence(Span(*claims.sentences[0], "sentence")) is None
    # From a quote, "previous" goes to the sentence holding it.
    quote = claims.next_quote(None)
    assert TEXT[claims.previous_sentence(quote).start :].startswith("Kim said")


def test_quotes_are_statements_only_and_terms_count_when_attributed():
    claims = Claims(TEXT, record())
    quote = claims.next_quote(None)
    assert TEXT[quote.start : quote.end] == "We stand together."
    assert claims.next_quote(quote) is None and claims.previous_quote(quote) is None
    third = claims.sentence_at(TEXT.index("Putin called"))
    assert claims.quotes_in(third) == []
    assert [claims.quotes[i]["speaker"] for i in claims.quotes_in(third, attributed_terms=True)] == ["Putin"]


def test_mentions_cycle_and_actor_under_the_cursor():
    claims = Claims(TEXT, record())
    mentions = spans_of("Putin")
    span = claims.next_mention("Putin", None)
    visited = []
    while span is not None:
        visited.append((span.start, span.end))
        span = claims.next_mention("Putin", span)
    assert visited == mentions
    assert claims.previous_mention("Putin", Span(*mentions[0], "mention")) is None
    assert claims.next_mention("Nobody", None) is None
    assert claims.actor_at(claims.first()) == "Kim"  # "Kim meets Putin": Kim comes first
    assert claims.actor("Putin").quotes == 0 and claims.actor("Kim").quotes == 1


def test_an_empty_record_still_gives_one_sentence():
    claims = Claims("Just text.", {})
    assert claims.first() == Span(0, len("Just text."), "sentence")
    assert claims.next_quote(None) is None and claims.actors == []
