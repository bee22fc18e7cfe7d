"""One echo group: the same statement as each outlet quotes it, its wording compared word by word."""

from __future__ import annotations

import difflib
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker

from reader.service import Library, LibrarySource
from reader.tui.messages import OpenArticle
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible


def word_diff(reference: str, words: str, inserted: Style, deleted: Style) -> Text:
    """`words` against `reference`, word by word: words only this copy has in `inserted`,
    words only the reference has (dropped here) in `deleted`, the rest plain."""
    old, new = reference.split(), words.split()
    out = Text(end="")
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(new[b1:b2]) + " ")
            continue
        if op in ("delete", "replace"):
            out.append(" ".join(old[a1:a2]), style=deleted)
            out.append(" ")
        if op in ("insert", "replace"):
            out.append(" ".join(new[b1:b2]), style=inserted)
            out.append(" ")
    out.rstrip()
    return out


class EchoGroupScreen(ReportsFailures, Screen):
    """The outlets quoting one statement; each copy's words against the first (the one opened from)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Open article", show=True),
    ]
    COMPONENT_CLASSES = {"echo-group--inserted", "echo-group--deleted", "echo-group--flag", "echo-group--source"}

    def __init__(self, library: Library | LibrarySource, group_id: int, article_id: str | None = None) -> None:
        super().__init__()
        self.library = Library.coerce(library)
        self.group_id = group_id
        self.article_id = article_id
        self.group: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="echo-heading")
        yield OptionList(id="echo-quotes")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Echoes"
        self.query_one("#echo-quotes").focus()
        self.load_group()

    @work(thread=True, exclusive=True, group="echo-group")
    def load_group(self) -> dict[str, Any] | None:
        return self.library.echo_group(self.group_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "echo-group" and event.worker.is_finished and event.worker.result is not None:
            self.show_group(event.worker.result)
        elif event.worker.group == "echo-group" and event.worker.is_finished:
            self.query_one("#echo-heading", Label).update("These words are no longer quoted by two articles.")

    def show_group(self, group: dict[str, Any]) -> None:
        self.group = group
        quotes = sorted(group["quotes"], key=lambda q: q["article_id"] != self.article_id)
        group["quotes"] = quotes
        heading = Text(f"The same words in {len(quotes)} articles", end="")
        if group["speakers_differ"]:
            speakers = ", ".join(dict.fromkeys(visible(q["speaker"]) for q in quotes if q["speaker"]))
            heading.append(
                f"  ⚑ outlets give them to different speakers: {speakers}",
                style=self.get_component_rich_style("echo-group--flag"),
            )
        heading.append(
            "\nwords added against the first copy are marked, words it has and this one drops struck", style="dim"
        )
        self.query_one("#echo-heading", Label).update(heading)
        inserted = self.get_component_rich_style("echo-group--inserted")
        deleted = self.get_component_rich_style("echo-group--deleted")
        source_style = self.get_component_rich_style("echo-group--source")
        reference = visible(" ".join(quotes[0]["text"].split()))
        options = []
        for n, quote in enumerate(quotes):
            line = Text(end="")
            line.append(visible(quote["source"] or "unnamed outlet"), style=source_style)
            line.append(" · ")
            line.append(
                visible(quote["speaker"]) if quote["speaker"] else "unattributed",
                style="bold" if quote["speaker"] else "dim italic",
            )
            line.append(f" · {visible(quote['title'] or 'Untitled')}", style="dim")
            words = visible(" ".join(quote["text"].split()))
            body = Text(words, end="") if n == 0 else word_diff(reference, words, inserted, deleted)
            options.append(
                Option(Text("\n", end="").join([line, Text("“", end="") + body + Text("”", end="")]), id=str(n))
            )
        self.query_one("#echo-quotes", OptionList).set_options(options)
        self.query_one("#echo-quotes", OptionList).highlighted = 0

    def action_open(self) -> None:
        option_list = self.query_one("#echo-quotes", OptionList)
        if self.group is None or option_list.highlighted is None:
            return
        quote = self.group["quotes"][option_list.highlighted]
        self.post_message(OpenArticle(quote["article_id"], quote["start"]))

    @on(OptionList.OptionSelected, "#echo-quotes")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.dismiss()
