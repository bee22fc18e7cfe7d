"""The claims' sentence index brought up to date: a function over one connection, which the
library service (`reader.service.Library.claims`) calls before suggesting, as tests do.

No spaCy at query time: suggestions are SQL over the sentence index plus simple tokenising.
"""

from __future__ import annotations

from reader.nlp.model import pipeline_id
from reader.store import Database
from reader.store import articles as articles_store
from reader.store import claims as store


def ensure_sentence_index(db: Database) -> int:
    """Index the sentences of every analysed article not in the sentence index yet (a library
    from before claims); returns how many articles were indexed."""
    pending = store.unindexed_sentence_ids(db, pipeline_id())
    for article_id in pending:
        record = articles_store.get_analysis(db, article_id, pipeline_id())
        if record is not None:
            with store.write(db):
                store.index_sentences(db, article_id, record)
    return len(pending)
