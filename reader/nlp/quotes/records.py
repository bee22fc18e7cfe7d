"""The document's quotes as plain JSON-able records."""

from __future__ import annotations

from spacy.tokens import Doc

from reader.nlp.quotes.marks import SPANS_KEY


def quote_records(doc: Doc, offset: int = 0) -> list[dict]:
    """The document's quotes as plain dicts with character offsets shifted by `offset`.

    `speaker` is left to the caller, who knows the actors: `speaker_ent` holds the offsets of
    the named mention the speaker resolved to (or None)."""
    text = doc.text
    records = []
    for span in doc.spans.get(SPANS_KEY, ()):
        start, end = span._.reader_offsets or (span.start_char, span.end_char)
        speaker_span = span._.reader_speaker_span
        speaker_ent = span._.reader_speaker_ent
        records.append(
            {
                "start": start + offset,
                "end": end + offset,
                "text": text[start:end],
                "kind": span._.reader_kind,
                "speaker": None,
                "speaker_span": [speaker_span[0] + offset, speaker_span[1] + offset] if speaker_span else None,
                "speaker_ent": [speaker_ent[0] + offset, speaker_ent[1] + offset, speaker_ent[2]]
                if speaker_ent
                else None,
                "cue": span._.reader_cue,
                "group": span._.reader_group,
                "rule": span._.reader_rule,
                "speaker_description": span._.reader_speaker_description,
            }
        )
    return records
