"""The line under the article: who said the quote under the cursor, and where the cursor is."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from reader.tui.claims import KIND_NAMES
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible

NARROW = 100  # columns below which an echo takes the place of the speaker's reason


@dataclass(frozen=True)
class CursorInfo:
    """What the status line shows about the cursor (computed by the reader screen)."""

    kind: str = "sentence"  # what the cursor covers: sentence, quote, mention
    position: int = 0  # 1-based sentence number
    sentences: int = 0
    speakers: tuple[str | None, ...] = ()  # of the quotes under the cursor; None = unattributed
    cue: str | None = None
    why: str | None = None  # why the speaker was chosen ("named by 'said' after the quote")
    actor: str | None = None  # the selected actor
    actor_kind: str | None = None
    echoed_by: tuple[str, ...] = ()  # the outlets of the other articles quoting the same words
    echo_more: int = 0  # outlets beyond those named
    echo_speakers_differ: bool = False  # and they give the words to someone else


class StatusLine(ReportsFailures, Widget):
    """One line: `Sentence 3/40 (quote) · speaker Lloyd Austin (said) · actor Kim Jong Un (person)`."""

    COMPONENT_CLASSES = {"status-line--speaker", "status-line--label", "status-line--none", "status-line--echo-flag"}

    info: reactive[CursorInfo] = reactive(CursorInfo)

    def render(self) -> Text:
        info = self.info
        label = self.get_component_rich_style("status-line--label", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(f"Sentence {info.position}/{info.sentences}", style=label)
        if info.kind != "sentence":
            line.append(f" ({info.kind})", style=label)
        if info.speakers:
            line.append("  ·  speaker ", style=label)
            for n, speaker in enumerate(info.speakers):
                if n:
                    line.append(", ", style=label)
                if speaker:
                    line.append(
                        visible(" ".join(speaker.split())),
                        style=self.get_component_rich_style("status-line--speaker", partial=True),
                    )
                else:
                    line.append("unattributed", style=self.get_component_rich_style("status-line--none", partial=True))
            # On a narrow line the echo matters more than why the speaker was chosen, and a reason
            # cut off at the edge says less than the cue whole: the cue then (a reason with no cue
            # to stand for it is still shown, as far as it goes).
            width = self.content_size.width
            roomy = not info.echoed_by or width == 0 or self.size.width >= NARROW
            why = f" ({visible(info.why)})" if info.why else ""
            fits = width == 0 or line.cell_len + len(why) <= width
            if why and roomy and (fits or not info.cue):
                line.append(why, style=label)
            elif info.cue:
                line.append(f" ({visible(info.cue)})", style=label)
        else:
            line.append("  ·  no quote here", style=self.get_component_rich_style("status-line--none", partial=True))
        if info.echoed_by:
            line.append("  ·  ", style=label)
            if info.echo_speakers_differ:  # first, so that a narrow line still shows it
                line.append("⚑ ", style=self.get_component_rich_style("status-line--echo-flag", partial=True))
            line.append("also quoted by ", style=label)
            line.append(", ".join(visible(" ".join(name.split())) for name in info.echoed_by))
            if info.echo_more:
                line.append(f" and {info.echo_more} more", style=label)
        if info.actor:
            line.append("  ·  actor ", style=label)
            line.append(visible(" ".join(info.actor.split())))
            if info.actor_kind:
                line.append(f" ({KIND_NAMES.get(info.actor_kind, info.actor_kind)})", style=label)
        return line
