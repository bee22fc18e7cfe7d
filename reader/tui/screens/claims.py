"""Claims across the library: the list (new, rename, merge, delete), a claim's sources with their
stances and a chart of who asserts and who denies it, and suggestions to accept or reject."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from reader.errors import ReaderError
from reader.service import STANCES, Library, LibrarySource
from reader.tui.messages import OpenArticle
from reader.tui.resilient import ReportsFailures
from reader.tui.screens.delete_claim import DeleteClaimDialog
from reader.tui.untrusted import cell, visible
from reader.tui.widgets.bar_chart import BarChart

STANCE_KEYS = {
    "a": "asserts",
    "r": "reports",
    "d": "denies",
    "q": "questions",
    "1": "asserts",
    "2": "reports",
    "3": "denies",
    "4": "questions",
}
PROMPTS = {
    "new": "New claim's name",
    "rename": "Rename {name} to",
    "merge": "Merge {name} into (its links move there; {name} goes)",
}
SUGGESTIONS = 30


def _short(text: str, width: int = 24) -> Text:
    line = visible(" ".join((text or "").split()))
    return cell(line if len(line) <= width else line[: width - 1] + "…")


def suggestion_prompt(row: dict[str, Any]) -> Text:
    """Who and where on one line; under it the sentence in bold between the words around it."""
    out = Text(end="")
    out.append(f"{row['score']:>6.1f}  ", style="dim")
    out.append(visible(row["speaker"] or "-"), style="bold")
    out.append(
        "  " + visible(" ".join((row["title"] or row["article_id"]).split())) + f"  {row['date']}\n", style="dim"
    )
    out.append("…" + visible(" ".join(row["before"].split())[-40:]) + " ", style="dim")
    out.append(visible(" ".join(row["text"].split())), style="bold")
    out.append(" " + visible(" ".join(row["after"].split())[:40]) + "…", style="dim")
    return out


class ClaimsScreen(ReportsFailures, Screen):
    """Claims on the left; the highlighted one's sources, chart and suggestions on the right."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("n", "ask('new')", "New claim"),
        Binding("e", "ask('rename')", "Rename"),
        Binding("m", "ask('merge')", "Merge"),
        Binding("D", "delete_claim", "Delete claim"),
        *(
            Binding(key, f"stance('{stance}')", f"{stance.capitalize()} ({key})", show=key.isalpha())
            for key, stance in STANCE_KEYS.items()
        ),
        Binding("x", "reject", "Reject / unlink"),
    ]

    claims: reactive[list[dict[str, Any]]] = reactive(list, init=False, always_update=True)
    claim: reactive[str | None] = reactive(None, init=False)
    view: reactive[dict[str, Any] | None] = reactive(None, init=False)
    suggestions: reactive[list[dict[str, Any]]] = reactive(list, init=False)

    def __init__(self, library: Library | LibrarySource, select: str | None = None) -> None:
        super().__init__()
        self.library = Library.coerce(library)
        self.select = select
        self.mode: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="claims-panes"):
            with Vertical(id="claims-left"):
                yield DataTable(id="claims-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="claims-prompt")
                yield Input(id="claims-input")
            with Vertical(id="claim-pane"):
                yield Label("", id="claim-heading")
                with Horizontal(id="claim-chart"):
                    yield BarChart("Who asserts", "No one yet", id="claim-asserts")
                    yield BarChart("Who denies", "No one yet", id="claim-denies")
                yield DataTable(id="claim-sources", cursor_type="row", zebra_stripes=True)
                yield Label("Suggestions", id="claim-suggestions-heading")
                yield OptionList(id="claim-suggestions")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Claims"
        table = self.query_one("#claims-table", DataTable)
        # Links first: a long name runs past a narrow pane, and the count must not go with it.
        table.add_column(Text("Links", justify="right", end=""), key="links")
        table.add_column("Claim", key="name")
        sources = self.query_one("#claim-sources", DataTable)
        for key, header in (
            ("stance", "Stance"),
            ("source", "Source"),
            ("article", "Article"),
            ("date", "Date"),
            ("text", "Wording"),
        ):
            sources.add_column(header, key=key)
        self.query_one("#claims-input", Input).display = False
        table.focus()
        self.load_claims()

    # Workers: each on its thread's connection, returning plain data ---------------------

    @work(thread=True, exclusive=True, group="claims-list")
    def load_claims(self) -> list[dict[str, Any]]:
        self.library.claims.ensure_sentence_index()
        return self.library.claims.all()

    @work(thread=True, exclusive=True, group="claim-view")
    def load_view(self, name: str) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
        claims = self.library.claims
        return name, claims.view(name), claims.suggest(None, name, SUGGESTIONS)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(visible(str(event.worker.error)), title="Claims", severity="error", markup=False)
            return
        if event.state != WorkerState.SUCCESS:
            return
        result: Any = event.worker.result
        if event.worker.group == "claims-list":
            self.claims = result
        elif event.worker.group == "claim-view":
            name, view, suggestions = result
            if name == self.claim:
                self.view = view
                self.suggestions = suggestions

    # Data down -------------------------------------------------------------------------

    def watch_claims(self, claims: list[dict[str, Any]]) -> None:
        table = self.query_one("#claims-table", DataTable)
        wanted = self.select or self.claim
        table.clear()
        for claim in claims:
            table.add_row(Text(str(claim["links"]), justify="right", end=""), cell(claim["name"]), key=claim["name"])
        self.sub_title = f"Claims · {len(claims)}"
        if not claims:
            self.claim = None
            self.view = None
            self.suggestions = []
            self.query_one("#claim-heading", Label).update(
                Text(
                    "No claims yet: n names one here, c makes one from the words under the reader's cursor.",
                    style="italic",
                )
            )
            return
        names = [c["name"] for c in claims]
        match = next((n for n in names if wanted and n.casefold() == wanted.casefold()), None)
        table.move_cursor(row=names.index(match) if match else 0)
        self.select = None
        self.claim = match or names[0]
        self.load_view(self.claim)

    @on(DataTable.RowHighlighted, "#claims-table")
    def claim_highlighted(self, event: DataTable.RowHighlighted) -> None:
        name = event.row_key.value
        if name != self.claim:
            self.claim = name
            self.load_view(name)

    def watch_view(self, view: dict[str, Any] | None) -> None:
        sources = self.query_one("#claim-sources", DataTable)
        sources.clear()
        if view is None:
            self.query_one("#claim-asserts", BarChart).data = []
            self.query_one("#claim-denies", BarChart).data = []
            return
        heading = Text(visible(view["claim"]), style="bold", end="")
        heading.append("  " + " · ".join(f"{view['counts'][s]} {s}" for s in STANCES), style="dim")
        self.query_one("#claim-heading", Label).update(heading)
        self.query_one("#claim-asserts", BarChart).data = view["asserts"]
        self.query_one("#claim-denies", BarChart).data = view["denies"]
        for row in view["rows"]:
            sources.add_row(
                cell(row["stance"]),
                _short(row["source"], 20),
                _short(row["title"] or row["article_id"]),
                cell(row["date"]),
                cell(" ".join(row["text"].split())),
                key=row["tag_id"],
            )

    def watch_suggestions(self, rows: list[dict[str, Any]]) -> None:
        pane = self.query_one("#claim-suggestions", OptionList)
        highlighted = pane.highlighted
        pane.clear_options()
        pane.add_options(Option(suggestion_prompt(row), id=str(index)) for index, row in enumerate(rows))
        if rows and highlighted is not None:
            pane.highlighted = min(highlighted, len(rows) - 1)
        self.query_one("#claim-suggestions-heading", Label).update(
            Text(f"Suggestions · {len(rows)}  (a r d q or 1-4 accept with a stance, x rejects)", end="")
            if rows
            else Text("Suggestions · none", end="")
        )

    # Commands --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.mode is not None and action in ("ask", "delete_claim", "stance", "reject"):
            return False  # typing in the input line
        if action in ("stance", "reject"):
            focused = self.focused
            return focused is not None and focused.id in ("claim-suggestions", "claim-sources")
        return True

    def _highlighted(self, table_id: str) -> str | None:
        table = self.query_one(f"#{table_id}", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _after_change(self, message: str) -> None:
        self.notify(message, timeout=3, markup=False)
        self.load_claims()

    def action_stance(self, stance: str) -> None:
        """Accept the highlighted suggestion with `stance`, or change a source's stance."""
        if self.claim is None:
            return
        focused = self.focused
        try:
            if focused is not None and focused.id == "claim-sources":
                tag_id = self._highlighted("claim-sources")
                if tag_id is None:
                    return
                self.library.claims.set_stance(tag_id, stance)
                self._after_change(f"Now {stance}")
                return
            row = self._suggestion()
            if row is None:
                return
            self.library.claims.accept(self.claim, row, stance)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._after_change(f"Accepted: {stance} (saved as a tag)")

    def action_reject(self) -> None:
        """Reject the highlighted suggestion (never suggested again), or unlink a source."""
        if self.claim is None:
            return
        focused = self.focused
        try:
            if focused is not None and focused.id == "claim-sources":
                tag_id = self._highlighted("claim-sources")
                if tag_id is None:
                    return
                self.library.claims.unlink(tag_id)
                self._after_change("Unlinked (the tag stays)")
                return
            row = self._suggestion()
            if row is None:
                return
            self.library.claims.reject(self.claim, row["article_id"], row["start"], row["end"])
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._after_change("Rejected: not suggested for this claim again")

    @on(DataTable.RowSelected, "#claim-sources")
    def open_source(self, event: DataTable.RowSelected) -> None:
        row = next((r for r in (self.view or {}).get("rows", []) if r["tag_id"] == event.row_key.value), None)
        if row is not None:
            self.post_message(OpenArticle(row["article_id"], row["start"]))

    def _suggestion(self) -> dict[str, Any] | None:
        index = self.query_one("#claim-suggestions", OptionList).highlighted
        return self.suggestions[index] if index is not None and index < len(self.suggestions) else None

    @on(OptionList.OptionSelected, "#claim-suggestions")
    def open_suggestion(self, event: OptionList.OptionSelected) -> None:
        row = self.suggestions[event.option_index]
        self.post_message(OpenArticle(row["article_id"], row["start"]))

    def action_ask(self, mode: str) -> None:
        if mode != "new" and self.claim is None:
            self.app.bell()
            return
        self.mode = mode
        self.query_one("#claims-prompt", Static).update(Text(PROMPTS[mode].format(name=self.claim)))
        field = self.query_one("#claims-input", Input)
        field.value = self.claim if mode == "rename" and self.claim else ""
        field.display = True
        field.focus()

    @on(Input.Submitted, "#claims-input")
    def answered(self, event: Input.Submitted) -> None:
        answer = " ".join(event.value.split())
        mode, name = self.mode, self.claim
        if not answer:
            self._close_prompt()
            return
        try:
            if mode == "new":
                self.select = self.library.claims.add(answer)["name"]
                message = f"Claim {self.select} added"
            elif name is None:  # renaming and merging act on the claim highlighted
                return
            elif mode == "rename":
                self.select = self.library.claims.rename(name, answer)["name"]
                message = f"Renamed to {self.select}"
            else:
                moved = self.library.claims.merge(name, answer)
                self.select = answer
                message = f"{moved} link{'s' * (moved != 1)} moved to {answer}"
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._close_prompt()
        self.claim = None
        self._after_change(message)

    def _close_prompt(self) -> None:
        self.mode = None
        self.query_one("#claims-input", Input).display = False
        self.query_one("#claims-prompt", Static).update("")
        self.query_one("#claims-table", DataTable).focus()

    def action_delete_claim(self) -> None:
        name = self.claim
        if name is None:
            self.app.bell()
            return
        links = next((c["links"] for c in self.claims if c["name"] == name), 0)

        def decided(delete: bool | None) -> None:
            if not delete:
                return
            try:
                gone = self.library.claims.delete(name)
            except ReaderError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.claim = None
            self._after_change(f"Deleted {name} ({gone['links']} links, {gone['tags']} tags)")

        self.app.push_screen(DeleteClaimDialog(name, links), callback=decided)

    def action_back(self) -> None:
        if self.mode is not None:
            self._close_prompt()
        elif not self.query_one("#claims-table", DataTable).has_focus:
            self.query_one("#claims-table", DataTable).focus()
        else:
            self.dismiss()
