"""The discourse state: the only mutable state of the engine, updated by the driver between quotes.

Resolution reads it (earlier speakers count as subjects for "he", genders learned from "he"/"she"
pick between people) but never writes it: the driver records what a resolved quote taught."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.nlp.quotes.index import DocIndex


@dataclass
class Coref:
    index: DocIndex
    # (position, entity start, entity end) of each person named as a speaker so far.
    resolved: list[tuple[int, int, int]] = field(default_factory=list)
    # Genders learned from pronouns, by full name and by last word; the index's own come first.
    learned: dict[str, str] = field(default_factory=dict)

    def gender_of(self, start: int, end: int) -> str | None:
        parts = self.index.text[start:end].casefold().split()
        if not parts:
            return None
        known, learned = self.index.gender, self.learned
        full, last = " ".join(parts), parts[-1]
        return known.get(full) or learned.get(full) or known.get(last) or learned.get(last)

    def learn_gender(self, start: int, end: int, gender: str) -> None:
        parts = self.index.text[start:end].casefold().split()
        if not parts:
            return
        for key in (" ".join(parts), parts[-1]):
            if key not in self.index.gender:
                self.learned.setdefault(key, gender)

    def remember_speaker(self, position: int, start: int, end: int) -> None:
        self.resolved.append((position, start, end))
