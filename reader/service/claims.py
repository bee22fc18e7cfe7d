"""The library service's claim use cases: claims and their links by stance, suggestions to
accept or reject, linking words from the reader, a claim's sources and their export as CSV."""

from __future__ import annotations

import csv
from typing import Any, TextIO

from reader.claims import ensure_sentence_index
from reader.records import Analysis, attribution
from reader.service.facet import Facet
from reader.store import claims as store
from reader.store.claim_suggest import suggest as ranked_sentences

STANCES = store.STANCES
EXPORT_COLUMNS = ["claim", "stance", "speaker", "outlet", "article", "date", "text", "url"]


class Claims(Facet):
    """Claims: `library.claims.add(...)` and the like, on the calling thread's connection."""

    def ensure_sentence_index(self) -> int:
        """Index the sentences of analysed articles not indexed yet (suggestions read them)."""
        return ensure_sentence_index(self._db)

    def all(self) -> list[dict[str, Any]]:
        """Every claim with its links counted by stance."""
        return store.list_claims(self._db)

    def names(self) -> list[str]:
        return [claim["name"] for claim in self.all()]

    def add(self, name: str) -> dict[str, Any]:
        return store.add_claim(self._db, name)

    def rename(self, old: str, new: str) -> dict[str, Any]:
        return store.rename_claim(self._db, old, new)

    def merge(self, source: str, into: str) -> int:
        """Move `source`'s links and rejections to `into`, remove `source`; returns links moved."""
        return store.merge_claims(self._db, source, into)

    def delete(self, name: str) -> dict[str, int]:
        """Delete a claim with its links (and the tags its accepted suggestions made)."""
        return store.delete_claim(self._db, name)

    def link_count(self, name: str) -> int:
        return len(store.claim_sources(self._db, name))

    def view(self, name: str) -> dict[str, Any]:
        """What the claim's view shows: its rows (one per source), counts by stance, and who
        asserts and who denies (bars for the chart)."""
        rows = store.claim_sources(self._db, name)
        return {
            "claim": store.existing_claim(self._db, name)["name"],
            "rows": rows,
            "counts": store.stance_counts(rows),
            "asserts": store.sources_by_stance(rows, "asserts"),
            "denies": store.sources_by_stance(rows, "denies"),
        }

    def suggest(self, text: str | None = None, claim: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences that may carry `text` (or `claim`'s name when no text is given), best first;
        with a claim, leaving out what it links or rejected."""
        if not (text or "").strip() and claim:
            found = store.get_claim(self._db, claim)
            text = found["name"] if found else claim
        return ranked_sentences(self._db, text or "", claim, limit)

    def accept(self, claim: str, suggestion: dict[str, Any], stance: str) -> dict[str, Any]:
        """Accept a suggestion (a row of `suggest`) for `claim` with `stance`: a tag, linked."""
        return store.accept(
            self._db,
            claim,
            suggestion["article_id"],
            suggestion["start"],
            suggestion["end"],
            stance,
            actors=suggestion.get("actors") or (),
        )

    def link_words(
        self,
        name: str,
        article_id: str,
        start: int,
        end: int,
        stance: str = "asserts",
        *,
        tag_id: str | None = None,
        record: Analysis | None = None,
    ) -> dict[str, Any]:
        """Make (or reuse) the claim `name` from words in the reader: link the tag `tag_id` when
        there is one, else tag the words `start`-`end` (with the actors the analysis `record`
        finds in them) and link them. Returns the linked tag."""
        db = self._db
        store.ensure_claim(db, name)
        if tag_id is not None:
            store.link_tag(db, name, tag_id, stance)
            tag = store.get_tag(db, tag_id) or {}
            return {**tag, "claim": store.ensure_claim(db, name)["name"], "stance": store.check_stance(stance)}
        _, actors = attribution(record, start, end) if record is not None else (None, [])
        return store.accept(db, name, article_id, start, end, stance, actors=actors)

    def reject(self, claim: str, article_id: str, start: int, end: int) -> None:
        """Never suggest these words for `claim` again."""
        store.reject(self._db, claim, article_id, start, end)

    def set_stance(self, tag_id: str, stance: str) -> None:
        store.set_stance(self._db, tag_id, stance)

    def unlink(self, tag_id: str) -> None:
        """Unlink a tag from its claim (the tag stays)."""
        store.unlink_tag(self._db, tag_id)

    def export(self, name: str, out: TextIO, *, neutralise: bool = True) -> int:
        """A claim's sources as CSV (header, then one row per link); returns the rows written.
        Cells starting like a formula get a leading ' unless `neutralise` is off (as the tags
        export)."""
        from reader.store.export import FORMULA_STARTS

        def safe(value: Any) -> str:
            value = "" if value is None else str(value)
            return "'" + value if neutralise and value.startswith(FORMULA_STARTS) else value

        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        rows = store.claim_sources(self._db, name)
        for row in rows:
            cells = (row["claim"], row["stance"], row["speaker"], row["outlet"], row["title"] or row["article_id"])
            writer.writerow([safe(v) for v in (*cells, row["date"], row["text"], row["url"])])
        return len(rows)
