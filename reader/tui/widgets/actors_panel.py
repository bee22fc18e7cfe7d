"""The Actors panel: everyone the article names, by kind and mention count."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.tui.claims import KIND_NAMES, Actor
from reader.tui.messages import ActorChosen, SpeakerFilterChosen
from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible
from reader.tui.widgets.list_keys import OPTION_LIST_KEYS


class ActorsPanel(ReportsFailures, OptionList):
    """A list of actors; Enter selects one (its mentions stand out), `f` filters quotes by it."""

    COMPONENT_CLASSES = {
        "actors-panel--person",
        "actors-panel--org",
        "actors-panel--place",
        "actors-panel--group",
    }

    BINDINGS = [
        # Listed on the help screen; the footer keeps the reader's main keys.
        Binding("f", "filter_quotes", "Their quotes", show=False, id="actors-panel.filter-quotes"),
        Binding("c", "clear", "Clear actor", show=False, id="actors-panel.clear"),
        *OPTION_LIST_KEYS,
    ]

    actors: reactive[tuple[Actor, ...]] = reactive((), always_update=True)
    selected: reactive[str | None] = reactive(None)

    def watch_actors(self, actors: tuple[Actor, ...]) -> None:
        self.set_options(Option(self._prompt(actor), id=actor.name) for actor in actors)
        self.border_title = f"Actors ({len(actors)})"
        if actors:
            self.highlighted = 0

    def watch_selected(self) -> None:
        for index, actor in enumerate(self.actors):
            self.replace_option_prompt_at_index(index, self._prompt(actor))

    def _prompt(self, actor: Actor) -> Text:
        mark = "● " if actor.name == self.selected else "  "
        prompt = Text(no_wrap=True, overflow="ellipsis", end="")
        prompt.append(mark)
        prompt.append(
            visible(" ".join(actor.name.split())),
            style=self.get_component_rich_style(f"actors-panel--{actor.kind}", partial=True),
        )
        prompt.append(f"  {KIND_NAMES[actor.kind]} ×{len(actor.mentions)}", style="dim")
        if actor.quotes:
            prompt.append(f" “{actor.quotes}”", style="dim")
        return prompt

    def _highlighted_name(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(ActorChosen(event.option.id))

    def action_filter_quotes(self) -> None:
        self.post_message(SpeakerFilterChosen(self._highlighted_name()))

    def action_clear(self) -> None:
        self.post_message(ActorChosen(None))
        self.post_message(SpeakerFilterChosen(None))
