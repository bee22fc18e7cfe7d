"""Messages the reading app's widgets and workers post upwards (data goes down as reactives)."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message


@dataclass
class OpenArticle(Message):
    """Open an article in the reader, optionally with the cursor at a character offset."""

    article_id: str
    offset: int | None = None


@dataclass(frozen=True)
class ArticleCounts:
    """What the library's table shows of an analysis: actors and statements."""

    actors: int
    statements: int


@dataclass
class AnalysisProgress(Message):
    """The library worker finished analysing one article (`done` of `total`), with the counts
    of each article analysed since the last message shown (`counts`, by article id).

    A flood of these merges: one still waiting is replaced by the next, whose `counts` take the
    waiting one's in (as Toolong's do), so the table never falls behind nor reads the library."""

    done: int
    total: int
    article_id: str
    counts: dict[str, ArticleCounts] = field(default_factory=dict)

    def can_replace(self, message: Message) -> bool:
        if not isinstance(message, AnalysisProgress):
            return False
        message.counts = {**self.counts, **message.counts}
        return True


@dataclass
class AnalysisResumable(Message):
    """The reader finished analysing an article: bulk analysis of the library may resume."""


@dataclass
class LibraryChanged(Message):
    """Articles were added to the library (for example the seeds on first run)."""

    added: int


@dataclass
class ActorChosen(Message):
    """The user picked an actor in the Actors panel (None clears the choice)."""

    name: str | None


@dataclass
class SpeakerFilterChosen(Message):
    """Show only the quotes of this speaker in the Quotes panel (None shows all)."""

    name: str | None


@dataclass
class QuoteChosen(Message):
    """The user picked a quote (its index in the analysis record's quote list)."""

    index: int


@dataclass
class TextClicked(Message):
    """The user clicked the article text at a character offset."""

    offset: int
