"""Quoted statements and their speakers: the `reader_quotes` spaCy component and its record form.

The engine runs in stages, one module each: `marks` (the linear scan of quotation marks),
`blocks` (unmarked block quotes), `index` (the immutable per-document index), `cues` (where the
speech verb is), `speakers` (from a cue's subject to the speaker), `coref` (the discourse state
the driver updates between quotes), `fallbacks` (speakers not read from a cue), `kinds`
(statement or term), `groups` (parts of one statement), `component` (the driver and the spaCy
component) and `records` (plain JSON-able records).
"""

from reader.nlp.quotes.component import QuoteFinder, find_quotes, make_quote_finder
from reader.nlp.quotes.lexicon import ACTIVE as _ACTIVE
from reader.nlp.quotes.marks import SPANS_KEY, Quote, scan_quotes
from reader.nlp.quotes.records import quote_records

SPEECH_LEMMAS = _ACTIVE.speech_verbs

__all__ = [
    "SPANS_KEY",
    "SPEECH_LEMMAS",
    "Quote",
    "QuoteFinder",
    "find_quotes",
    "make_quote_finder",
    "quote_records",
    "scan_quotes",
]
