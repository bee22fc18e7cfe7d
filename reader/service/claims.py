"""The library service's claim use cases: claims and their links by stance, suggestions to
accept or reject, a claim's sources and their export."""

from __future__ import annotations

from typing import Any, TextIO

from reader import claims as use_cases
from reader.records import Analysis
from reader.service.facet import Facet
from reader.store import claims as store

STANCES = store.STANCES


class Claims(Facet):
    """Claims: `library.claims.add(...)` and the like, on the calling thread's connection."""

    def ensure_sentence_index(self) -> int:
        """Index the sentences of analysed articles not indexed yet (suggestions read them)."""
        return use_cases.ensure_sentence_index(self._db)

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
        """A claim's sources, counts by stance, and who asserts and who denies it."""
        return use_cases.claim_view(self._db, name)

    def suggest(self, text: str | None = None, claim: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences that may carry `text` (or `claim`'s name), best first."""
        return use_cases.suggest(self._db, text, claim, limit)

    def accept(self, claim: str, suggestion: dict[str, Any], stance: str) -> dict[str, Any]:
        """Accept a suggestion for `claim` with `stance`: the words tagged and linked."""
        return use_cases.accept(self._db, claim, suggestion, stance)

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
        """Link the tag `tag_id`, else the words `start`-`end` (tagged now, with the actors the
        analysis `record` finds in them), to the claim `name`, made if new."""
        return use_cases.claim_from_span(self._db, name, article_id, start, end, stance, tag_id=tag_id, record=record)

    def reject(self, claim: str, article_id: str, start: int, end: int) -> None:
        """Never suggest these words for `claim` again."""
        store.reject(self._db, claim, article_id, start, end)

    def set_stance(self, tag_id: str, stance: str) -> None:
        store.set_stance(self._db, tag_id, stance)

    def unlink(self, tag_id: str) -> None:
        """Unlink a tag from its claim (the tag stays)."""
        store.unlink_tag(self._db, tag_id)

    def export(self, name: str, out: TextIO, *, neutralise: bool = True) -> int:
        """A claim's sources as CSV; returns the rows written."""
        return use_cases.export_claim(self._db, name, out, neutralise=neutralise)
