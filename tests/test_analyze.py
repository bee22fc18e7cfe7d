"""The analysis record: offsets that hold on every seed, plain JSON data, long texts in pieces."""

from __future__ import annotations

import json

from reader.nlp.analyze import IN_FLIGHT_CHARS, analyze_texts, batches, chunks
from reader.text.repair import normalise


def check_offsets(text: str, record: dict) -> None:
    for start, end in record["paragraphs"] + record["sentences"]:
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
    for actor in record["actors"] + record["places"]:
        for mention in actor["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    for quote in record["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert quote["kind"] in ("statement", "term")
        if quote["speaker_span"] is not None:
            start, end = quote["speaker_span"]
            assert 0 <= start < end <= len(text)
    names = {actor["name"] for actor in record["actors"]}
    assert {q["speaker"] for q in record["quotes"]} - {None} <= names


def test_every_seed_gives_a_consistent_json_record(nlp, seed_paths):
    texts = [normalise(path.read_text(encoding="utf-8")) for path in seed_paths]
    records = list(analyze_texts(texts, nlp=nlp, batch_size=2))
    assert len(records) == len(texts)
    for text, record in zip(texts, records):
        check_offsets(text, record)
        assert json.loads(json.dumps(record)) == record
        assert set(record) == {"paragraphs", "sentences", "actors", "places", "quotes", "debris"}
    speakers = {q["speaker"] for record in records for q in record["quotes"]}
    assert {"Lloyd Austin", "Choe Son-hui", "Sergey Lavrov", "Pat Ryder", "John Kirby", "Victor Cha"} <= speakers


def test_chunks_cut_at_paragraph_ends_and_cover_the_text():
    text = "".join(f"Paragraph {i} says “something” here.\n" for i in range(300))
    pieces = chunks(text, limit=1000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 and piece.endswith("\n") for _, piece in pieces[:-1])
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_chunks_do_not_cut_before_a_paragraph_that_continues_a_quote():
    text = "“A quote that runs on.\n“Its next paragraph,” she said.\n" * 40
    pieces = chunks(text, limit=500)
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.startswith("“A quote") for _, piece in pieces)


def test_a_line_longer_than_a_chunk_is_cut_between_words():
    text = "word " * 1000
    pieces = chunks(text, limit=999)
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.endswith(" ") for _, piece in pieces[:-1])


def test_long_text_in_pieces_keeps_offsets_groups_and_actors(nlp):
    paragraph = (
        "Foreign Minister Choe Son-hui spoke in Moscow. “We will stand by Russia,” Choe said, "
        "“until the victory day.” Lavrov called it “a high level.”\n"
    )
    text = paragraph * 12
    whole = next(analyze_texts([text], nlp=nlp))
    pieced = next(analyze_texts([text], nlp=nlp, chunk_chars=len(paragraph) * 2 + 5))
    check_offsets(text, pieced)
    assert [(q["start"], q["end"], q["speaker"]) for q in pieced["quotes"]] == [
        (q["start"], q["end"], q["speaker"]) for q in whole["quotes"]
    ]
    groups = [q["group"] for q in pieced["quotes"]]
    assert len(set(groups)) == 2 * 12
    choe = [a for a in pieced["actors"] if a["name"] == "Choe Son-hui"]
    assert len(choe) == 1 and len(choe[0]["mentions"]) == 24


def test_empty_and_blank_texts_give_empty_records(nlp):
    records = list(analyze_texts(["", "   \n\n  "], nlp=nlp))
    assert [r["quotes"] for r in records] == [[], []]
    assert [r["paragraphs"] for r in records] == [[], []]


def test_worker_processes_give_the_same_records(nlp, seed_paths):
    texts = [normalise(path.read_text(encoding="utf-8")) for path in seed_paths[:2]]
    assert list(analyze_texts(texts, nlp=nlp, n_process=2, batch_size=1)) == list(analyze_texts(texts, nlp=nlp))


def test_batches_hold_a_bounded_number_of_characters():
    pieces = [("x" * size, 0) for size in (1000, 40_000, 30_000, 500, 500, 80_000, 10)]
    cut = list(batches(iter(pieces), batch_size=3))
    assert [piece for batch in cut for piece in batch] == pieces
    for batch in cut:
        assert len(batch) <= 3
        assert len(batch) == 1 or sum(len(text) for text, _ in batch) <= IN_FLIGHT_CHARS
