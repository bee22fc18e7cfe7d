"""The lexicon the engine reads, as data: word lists under reader/nlp/lexicon/, one entry a line.

The component loads one `Lexicon` from its config (`lexicon`: a folder of lists, or empty for the
shipped one) and makes it `ACTIVE`; the stages read the lists from `ACTIVE` when they run. The few
closed grammatical classes (pronouns, articles, demonstratives) stay in code below.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "lexicon"


@dataclass(frozen=True)
class Lexicon:
    """The engine's word lists, each a frozenset of lower-case entries."""

    speech_verbs: frozenset
    phrasal_cues: frozenset
    document_verbs: frozenset
    headline_cues: frozenset
    intro_verbs: frozenset
    naming_verbs: frozenset
    naming_words: frozenset
    work_nouns: frozenset
    female_words: frozenset
    male_words: frozenset
    female_names: frozenset
    male_names: frozenset
    org_words: frozenset
    document_nouns: frozenset
    institutions: frozenset
    offices: frozenset
    role_nouns: frozenset
    saying_nouns: frozenset
    uttering_verbs: frozenset
    spokes_nouns: frozenset
    anonymous_labels: frozenset
    meta_labels: frozenset
    credit_words: frozenset

    @classmethod
    def load(cls, folder: str | Path | None = None) -> Lexicon:
        """Every list from `folder` (the shipped lexicon when None or empty): `<field>.txt`."""
        folder = Path(folder) if folder else SHIPPED
        return cls(**{f.name: read_list(folder / f"{f.name}.txt") for f in fields(cls)})

    def gender_of_name(self, first: str) -> str | None:
        """ "f" or "m" for a first name the lists know, None where the gender is unknown."""
        low = first.casefold()
        if low in self.female_names:
            return "f"
        if low in self.male_names:
            return "m"
        return None


def read_list(path: Path) -> frozenset:
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.update(entry.casefold().split())
    return frozenset(entries)


ACTIVE = Lexicon.load()


def use(lexicon: Lexicon) -> None:
    """Make `lexicon` the one the stages read (the component does this from its config)."""
    global ACTIVE
    ACTIVE = lexicon


PRONOUNS = {
    "he": "m",
    "she": "f",
    "him": "m",
    "her": "f",
    "i": None,
    "we": None,
    "they": None,
    "it": None,
    "you": None,
    "who": None,
    "which": None,
    "that": None,
}

_INDEFINITE = frozenset("a an one another some".split())

_SMALL_WORDS = frozenset("a an the of in on at to for and or but with by from as".split())

_DEMONSTRATIVES = frozenset("that this those these such".split())
