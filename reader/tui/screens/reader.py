"""The reader screen: one article with its actors and quotes, and a cursor over its claims."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, OptionList, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.errors import ReaderError
from reader.records import Analysis
from reader.tui.claims import Claims, Span
from reader.tui.messages import ActorChosen, AnalysisResumable, QuoteChosen, SpeakerFilterChosen, TextClicked
from reader.tui.untrusted import visible
from reader.tui.widgets.actors_panel import ActorsPanel
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.quotes_panel import QuotesPanel
from reader.tui.widgets.status_line import CursorInfo, StatusLine
from reader.tui.tagging import TAG_BINDINGS, TaggingMixin
from reader.tui.widgets.tags_panel import TagsPanel


class ReaderScreen(TaggingMixin, Screen):
    """Reads one article. Owns the cursor (`span`), the selected actor and the quote filter.

    Features plug in here: watch `span` for the claim under the cursor (set it to move the
    cursor, any `kind`); draw spans over the text with `ArticleView.marks`; add a panel to
    `#side` and show it with `toggle_panel`. The app keeps one instance; `open()` loads an article.
    """

    # The footer shows the main keys, in this order, and as many as fit (80 columns: all of
    # them, with the app's q and ?); the rest are on the help screen.
    BINDINGS = [
        *(binding for binding in TAG_BINDINGS if binding.show),
        Binding("n", "next_quote", "Next quote"),
        Binding("slash,ctrl+f", "find", "Find"),
        Binding("a", "toggle_actors", "Actors"),
        Binding("o", "toggle_quotes", "Quotes"),
        Binding("escape", "back", "Back"),
        Binding("N", "previous_quote", "Prev quote", show=False),
        Binding("]", "next_mention", "Next mention", show=False),
        Binding("[", "previous_mention", "Prev mention", show=False),
        *(binding for binding in TAG_BINDINGS if not binding.show),
    ]

    span: reactive[Span | None] = reactive(None)
    """The span under the claim cursor: a sentence, quote or mention, or whatever a feature sets."""
    selected_actor: reactive[str | None] = reactive(None)
    speaker_filter: reactive[str | None] = reactive(None)

    def __init__(self, article_id: str | None = None, offset: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.start_offset = offset
        self.article: dict[str, Any] | None = None
        self.record: Analysis | None = None
        self.claims: Claims | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield ArticleView(id="article")
                yield Static("Analysing this article (loading the language model)…", id="analysing")
                yield FindBar(id="find")
                yield StatusLine(id="status")
            with Vertical(id="side"):
                yield ActorsPanel(id="actors")
                yield QuotesPanel(id="quotes")
                yield TagsPanel(id="tags")
        yield Footer(compact=True)  # room for the main keys at 80 columns

    def on_mount(self) -> None:
        if self.article_id is not None:
            self._load(self.article_id, self.start_offset)

    def open(self, article_id: str, offset: int | None = None) -> None:
        """Show an article (the app keeps one reader screen and reuses it: opening stays fast)."""
        self.article_id, self.start_offset = article_id, offset
        if self.is_mounted:
            self._load(article_id, offset)

    def _load(self, article_id: str, offset: int | None) -> None:
        from reader.library import cached_analysis
        from reader.store.articles import get_article, mark_read
        from reader.store.db import is_read_only

        self.workers.cancel_group(self, "reader-analysis")
        self.span = None
        self.selected_actor = None
        self.speaker_filter = None
        self.claims = self.record = None
        db = self.app.db
        article = get_article(db, article_id)
        if article is None:
            self.app.notify(f"No article {visible(article_id)}", severity="error", markup=False)
            self.dismiss()
            return
        self.article = article
        self.title = visible(article["title"] or "Untitled")
        self.sub_title = visible(article["source"] or "")
        try:
            if not is_read_only(db):  # a read-only library keeps no read marks: nothing to say
                mark_read(db, article["id"])
        except ReaderError as error:  # a locked or full library: the article still opens
            self.app.notify(f"Not marked as read: {error}", severity="warning", markup=False)
        record = cached_analysis(db, article["id"])
        if record is None:
            analysing = self.query_one("#analysing", Static)
            analysing.update("Analysing this article (loading the language model)…")
            analysing.display = True
            self.query_one(ArticleView).show(article["text"], Claims(article["text"], {}))
            self.analyse(article)
        else:
            self.show_record(record)
        self.selection_anchor = None
        self._close_find()
        self.refresh_tags()
        self.query_one(ArticleView).focus()

    @work(thread=True, exclusive=True, group="reader-analysis", exit_on_error=False)
    def analyse(self, article: dict[str, Any]) -> Analysis | None:
        """Analyse an article not yet in the cache (spaCy is loaded here, off the event loop)."""
        from reader.library import analysis_for
        from reader.store import open_db

        db = open_db(self.app.db_path)
        try:
            with self.app.analysis_gate.urgent():
                record = analysis_for(db, article)
        finally:
            db.close()
        self.app.post_message(AnalysisResumable())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_analysed, article["id"], record)
        return record

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "reader-analysis" and event.state == WorkerState.ERROR:
            message = visible(str(event.worker.error))
            self.query_one("#analysing", Static).update(f"Cannot analyse this article: {message}")
            self.notify(message, title="Analysis failed", severity="error", timeout=10, markup=False)

    def _show_analysed(self, article_id: str, record: Analysis) -> None:
        if article_id == self.article_id:
            self.show_record(record)

    def show_record(self, record: Analysis) -> None:
        assert self.article is not None
        self.query_one("#analysing").display = False
        self.record = record
        claims = self.claims = Claims(self.article["text"], record)
        self.query_one(ArticleView).show(self.article["text"], claims)
        self.query_one(ActorsPanel).actors = tuple(claims.actors)
        self.query_one(QuotesPanel).article_text = self.article["text"]
        self.query_one(QuotesPanel).quotes = tuple((i, claims.quotes[i]) for i in claims.statements)
        if self.start_offset is not None:
            self.span = claims.sentence_at(self.start_offset)
        else:
            self.span = claims.first()

    def legend(self) -> Text:
        """The article view's highlight colours, for the help screen."""
        return self.query_one(ArticleView).legend()

    # Data down ------------------------------------------------------------------------

    def watch_span(self, span: Span | None) -> None:
        view = self.query_one(ArticleView)
        view.cursor = span
        claims = self.claims
        if claims is None:
            return
        quotes = claims.quotes_in(span)
        self.query_one(QuotesPanel).current = quotes[0] if quotes else None
        self._update_status()

    def watch_selected_actor(self, name: str | None) -> None:
        self.query_one(ArticleView).selected_actor = name
        self.query_one(ActorsPanel).selected = name
        self._update_status()

    def watch_speaker_filter(self, name: str | None) -> None:
        self.query_one(QuotesPanel).speaker = name

    def _update_status(self) -> None:
        claims = self.claims
        if claims is None:
            return
        span = self.span
        quotes = [claims.quotes[i] for i in claims.quotes_in(span, attributed_terms=True)]
        position, total = claims.position(span)
        actor = claims.actor(self.selected_actor)
        self.query_one(StatusLine).info = CursorInfo(
            kind=span.kind if span else "sentence",
            position=position,
            sentences=total,
            speakers=tuple(dict.fromkeys(q.get("speaker") for q in quotes)),
            cue=next((q.get("cue") for q in quotes if q.get("cue")), None),
            actor=actor.name if actor else None,
            actor_kind=actor.kind if actor else None,
        )

    # Moving the cursor ----------------------------------------------------------------

    def _move(self, span: Span | None, nothing: str) -> None:
        if span is None:
            self.app.bell()
            self.notify(nothing, timeout=2, markup=False)
            return
        self.span = span

    def action_next_sentence(self) -> None:
        if self.claims:
            self._move(self.claims.next_sentence(self.span), "Last sentence")

    def action_previous_sentence(self) -> None:
        if self.claims:
            self._move(self.claims.previous_sentence(self.span), "First sentence")

    def action_next_word(self) -> None:
        if self.claims:
            self._move(self.claims.next_word(self.span), "Last word")

    def action_previous_word(self) -> None:
        if self.claims:
            self._move(self.claims.previous_word(self.span), "First word")

    def action_first_sentence(self) -> None:
        if self.claims:
            self._move(self.claims.first(), "Empty article")

    def action_last_sentence(self) -> None:
        if self.claims and self.claims.sentences:
            self.span = Span(*self.claims.sentences[-1], "sentence")

    def action_page(self, direction: int) -> None:
        """Scroll a page and put the cursor on the first sentence that starts in view."""
        view = self.query_one(ArticleView)
        height = max(view.scrollable_content_region.height - 1, 1)
        view.scroll_to(y=view.scroll_offset.y + direction * height, animate=False, immediate=True)
        top = view.top_offset()
        if self.claims is None or top is None:
            return
        span = self.claims.sentence_at(top)
        if span is not None and span.start < top:
            span = self.claims.next_sentence(span) or span
        cursor = self.span
        if cursor is not None and span is not None and (span.start - cursor.start) * direction <= 0:
            # The view could not scroll further: step one sentence instead.
            step = self.claims.next_sentence if direction > 0 else self.claims.previous_sentence
            span = step(cursor) or cursor
        self.span = span

    def action_next_quote(self) -> None:
        if self.claims:
            self._move(self.claims.next_quote(self.span), "No more quotes")

    def action_previous_quote(self) -> None:
        if self.claims:
            self._move(self.claims.previous_quote(self.span), "No earlier quote")

    def _mention_actor(self) -> str | None:
        """The selected actor, else the one under the cursor (which becomes selected)."""
        if self.selected_actor is None and self.claims is not None:
            self.selected_actor = self.claims.actor_at(self.span)
        if self.selected_actor is None:
            self.notify("Select an actor first (a)", timeout=3)
        return self.selected_actor

    def action_next_mention(self) -> None:
        if self.claims and (name := self._mention_actor()):
            self._move(self.claims.next_mention(name, self.span), f"No later mention of {visible(name)}")

    def action_previous_mention(self) -> None:
        if self.claims and (name := self._mention_actor()):
            self._move(self.claims.previous_mention(name, self.span), f"No earlier mention of {visible(name)}")

    # Panels ---------------------------------------------------------------------------

    def toggle_panel(self, panel: Widget) -> None:
        """Show and focus a side panel; hide it if it has the focus (any panel in #side)."""
        if panel.display and panel.has_focus:
            panel.display = False
            self.query_one(ArticleView).focus()
        else:
            panel.display = True
            panel.focus()
            if isinstance(panel, OptionList) and panel.highlighted is None and panel.option_count:
                panel.highlighted = 0  # so that the first Enter acts on a row
        side = self.query_one("#side")
        side.display = any(child.display for child in side.children)

    def action_toggle_actors(self) -> None:
        self.toggle_panel(self.query_one(ActorsPanel))

    def action_toggle_quotes(self) -> None:
        self.toggle_panel(self.query_one(QuotesPanel))

    def action_back(self) -> None:
        if self.selection_anchor is not None:
            self.action_select()  # Escape first cancels a selection being made
            return
        if self.query_one(FindBar).display:
            self.find_closed()
            return
        view = self.query_one(ArticleView)
        if not view.has_focus:
            view.focus()
        else:
            self.dismiss()

    # Finding words --------------------------------------------------------------------

    def action_find(self) -> None:
        if self.article is not None:
            self.query_one(FindBar).open(self.article["text"], self.span.start if self.span else 0)

    @on(FindBar.Found)
    def show_found(self, message: FindBar.Found) -> None:
        self.query_one(ArticleView).found = message.matches
        if message.current is not None:
            self.span = Span(*message.matches[message.current], "match")

    @on(FindBar.Closed)
    def find_closed(self) -> None:
        self._close_find()
        self.query_one(ArticleView).focus()

    def _close_find(self) -> None:
        self.query_one(FindBar).display = False
        self.query_one(ArticleView).found = ()

    # Messages up ----------------------------------------------------------------------

    @on(ActorChosen)
    def choose_actor(self, message: ActorChosen) -> None:
        self.selected_actor = message.name
        if message.name and self.claims:
            actor = self.claims.actor(message.name)
            if actor and actor.mentions:
                self.span = Span(*actor.mentions[0], "mention")

    @on(SpeakerFilterChosen)
    def filter_quotes(self, message: SpeakerFilterChosen) -> None:
        self.speaker_filter = message.name
        if message.name:
            quotes = self.query_one(QuotesPanel)
            quotes.display = True
            self.query_one("#side").display = True

    @on(QuoteChosen)
    def jump_to_quote(self, message: QuoteChosen) -> None:
        if self.claims:
            self.span = self.claims.quote_span(message.index)

    @on(TextClicked)
    def click_text(self, message: TextClicked) -> None:
        if self.claims:
            self.span = self.claims.sentence_at(message.offset)
            self.query_one(ArticleView).focus()
