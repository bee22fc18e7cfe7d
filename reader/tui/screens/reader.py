"""The reader screen: one article with its actors and quotes, and a cursor over its claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

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

from reader.nlp.quote_rules import explain
from reader.records import Analysis, Quote
from reader.tui.claims import Claims, Span
from reader.tui.messages import ActorChosen, AnalysisResumable, QuoteChosen, SpeakerFilterChosen, TextClicked
from reader.tui.resilient import ReportsFailures
from reader.tui.tagging import TAG_BINDINGS, TagController
from reader.tui.untrusted import visible
from reader.tui.widgets.actors_panel import ActorsPanel
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.quotes_panel import QuotesPanel
from reader.tui.widgets.status_line import CursorInfo, StatusLine
from reader.tui.widgets.tags_panel import TagsPanel

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


# What the view shows of an article before its analysis comes: the text, with no claims.
NOT_ANALYSED: Analysis = {"paragraphs": [], "sentences": [], "actors": [], "places": [], "quotes": []}


class ReaderScreen(ReportsFailures, Screen[None]):
    """Reads one article. Owns the cursor (`span`), the selected actor and the quote filter.

    Features plug in here: watch `span` for the claim under the cursor (set it to move the
    cursor, any `kind`); draw spans over the text with `ArticleView.marks`; add a panel to
    `#side` and show it with `toggle_panel`. The app keeps one instance; `open()` loads an article.
    """

    # The footer shows the main keys, in this order, and as many as fit (80 columns: all of
    # them, with the app's q and ?, whichever panel has the focus: the panels' own keys are
    # not in the footer); the rest are on the help screen.
    BINDINGS = [
        *(binding for binding in TAG_BINDINGS if binding.show),
        Binding("n", "next_quote", "Next quote", id="reader.next-quote"),
        Binding("slash,ctrl+f", "find", "Find", id="reader.find"),
        Binding("a", "toggle_actors", "Actors", id="reader.toggle-actors"),
        Binding("o", "toggle_quotes", "Quotes", id="reader.toggle-quotes"),
        Binding("escape", "back", "Back", id="reader.back"),
        Binding("N", "previous_quote", "Prev quote", show=False, id="reader.previous-quote"),
        Binding("]", "next_mention", "Next mention", show=False, id="reader.next-mention"),
        Binding("[", "previous_mention", "Prev mention", show=False, id="reader.previous-mention"),
        *(binding for binding in TAG_BINDINGS if not binding.show),
        Binding("c", "claim", "Claim (link to a claim)", show=False),
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
        self.echoes: dict[int, dict[str, Any]] = {}
        self.tagging = TagController(self)

    @property
    def reader_app(self) -> ReaderApp:
        """The app, typed: its library handle and paths."""
        return cast("ReaderApp", self.app)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def tags_panel(self) -> TagsPanel:
        return self.query_one(TagsPanel)

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
        """Forget the article shown and open another: read in a worker (`_read_article`), shown
        by `_opened` (the commit of the read mark and the analysis's parse stay off the event loop)."""
        self.workers.cancel_group(self, "reader-analysis")
        self.span = None
        self.selected_actor = None
        self.speaker_filter = None
        self.claims = self.record = None
        self._read_article(article_id)

    @work(thread=True, exclusive=True, group="reader-open", exit_on_error=False)
    def _read_article(self, article_id: str) -> None:
        """The article, marked read, and its cached analysis, read on the worker thread's connection;
        the claims of a long article take a while: built here, not on the loop."""
        opened = self.reader_app.library.open_article(article_id)
        article, record = opened.article, opened.record
        claims = Claims(article["text"], record) if article is not None and record is not None else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._opened, article_id, article, record, opened.warning, claims)

    def _opened(
        self,
        article_id: str,
        article: dict[str, Any] | None,
        record: Analysis | None,
        warning: str | None,
        claims: Claims | None = None,
    ) -> None:
        if article_id != self.article_id:
            return  # another article was asked for meanwhile
        if article is None:
            self.app.notify(f"No article {visible(article_id)}", severity="error", markup=False)
            self.dismiss()
            return
        self.article = article
        self.title = visible(article["title"] or "Untitled")
        self.sub_title = visible(article["source"] or "")
        if warning is not None:
            self.app.notify(warning, severity="warning", markup=False)
        if record is None:
            analysing = self.query_one("#analysing", Static)
            analysing.update("Analysing this article (loading the language model)…")
            analysing.display = True
            self.query_one(ArticleView).show(article["text"], Claims(article["text"], NOT_ANALYSED))
            self.analyse(article)
        else:
            self.show_record(record, claims)
        self.tagging.selection_anchor = None
        self._close_find()
        self.tagging.refresh_tags()
        self.query_one(ArticleView).focus()

    @work(thread=True, exclusive=True, group="reader-analysis", exit_on_error=False)
    def analyse(self, article: dict[str, Any]) -> Analysis | None:
        """Analyse an article not yet in the cache (spaCy is loaded here, off the event loop)."""
        with self.reader_app.analysis_gate.urgent():
            record = self.reader_app.library.analysis(article)
        self.app.post_message(AnalysisResumable())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_analysed, article["id"], record)
        return record

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "reader-open" and event.state == WorkerState.ERROR:
            self.notify(
                visible(str(event.worker.error)),
                title="Cannot open this article",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        if event.worker.group == "reader-analysis" and event.state == WorkerState.ERROR:
            message = visible(str(event.worker.error))
            self.query_one("#analysing", Static).update(f"Cannot analyse this article: {message}")
            self.notify(message, title="Analysis failed", severity="error", timeout=10, markup=False)

    def _show_analysed(self, article_id: str, record: Analysis) -> None:
        if article_id == self.article_id:
            self.show_record(record)

    def show_record(self, record: Analysis, claims: Claims | None = None) -> None:
        assert self.article is not None
        self.query_one("#analysing").display = False
        self.record = record
        claims = self.claims = claims or Claims(self.article["text"], record)
        self.query_one(ArticleView).show(self.article["text"], claims)
        self.query_one(ActorsPanel).actors = tuple(claims.actors)
        self.query_one(QuotesPanel).article_text = self.article["text"]
        self.echoes = self.query_one(QuotesPanel).echoes = self.reader_app.library.article_echoes(self.article["id"])
        # After the first paint: a long article has tens of thousands of statements.
        self.call_after_refresh(self._fill_quotes, claims)
        if self.start_offset is not None:
            self.span = claims.sentence_at(self.start_offset)
        else:
            self.span = claims.first()

    def _fill_quotes(self, claims: Claims) -> None:
        if claims is self.claims:
            self.query_one(QuotesPanel).quotes = tuple((i, _fields(claims.quotes[i])) for i in claims.statements)

    def legend(self) -> Text:
        """The article view's highlight colours, for the help screen."""
        return self.query_one(ArticleView).legend()

    # Data down ------------------------------------------------------------------------

    def watch_span(self, span: Span | None) -> None:
        self.tagging.follow_cursor(span)
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
        echo = next((self.echoes[i] for i in claims.quotes_in(span) if i in self.echoes), None) or {}
        self.query_one(StatusLine).info = CursorInfo(
            kind=span.kind if span else "sentence",
            position=position,
            sentences=total,
            speakers=tuple(dict.fromkeys(q.get("speaker") or _unnamed(q) for q in quotes)),
            cue=next((q.get("cue") for q in quotes if q.get("cue")), None),
            why=next((explain(_fields(q)["rule"], q.get("cue")) for q in quotes if _fields(q).get("rule")), None),
            actor=actor.name if actor else None,
            actor_kind=actor.kind if actor else None,
            echoed_by=tuple(echo.get("outlets", ())),
            echo_more=echo.get("more", 0),
            echo_speakers_differ=echo.get("speakers_differ", False),
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
        if self.tagging.selection_anchor is not None:
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

    def action_claim(self) -> None:
        """Link the tag under the cursor, else the selection or sentence, to a claim (new or not)."""
        from reader.tui.screens.claim_picker import ClaimPicker, link_from_reader

        selecting = self.tagging.selection_anchor is not None
        target, tag = self.tagging._target(), None if selecting else self.tagging._tag_at_cursor()
        if target is None or self.article is None:
            self.app.bell()
            return
        what = "tag" if tag else "selection" if selecting else self.span.kind if self.span else "sentence"
        excerpt = tag["text"] if tag else self.article["text"][target[0] : target[1]]
        self.app.push_screen(
            ClaimPicker(self.reader_app.library, excerpt, what),
            callback=lambda choice: link_from_reader(self, choice, target, tag),
        )

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

    @on(QuotesPanel.EchoRequested)
    def open_echo(self, message: QuotesPanel.EchoRequested) -> None:
        from reader.tui.screens.echo_group import EchoGroupScreen

        echo = self.echoes.get(message.index)
        if echo is None:
            self.notify("No other article quotes these words", timeout=3, markup=False)
            return
        self.app.push_screen(EchoGroupScreen(self.reader_app.library, echo["group_id"], self.article_id))

    @on(TextClicked)
    def click_text(self, message: TextClicked) -> None:
        if self.claims:
            self.span = self.claims.sentence_at(message.offset)
            self.query_one(ArticleView).focus()

    # Tagging (the controller does the work) ------------------------------------------

    def action_tag(self) -> None:
        self.tagging.action_tag()

    def action_toggle_tags(self) -> None:
        self.tagging.action_toggle_tags()

    def action_export(self) -> None:
        self.tagging.action_export()

    def action_select(self) -> None:
        self.tagging.action_select()

    def action_edit_note(self) -> None:
        self.tagging.action_edit_note()

    def action_delete_tag(self) -> None:
        self.tagging.action_delete_tag()

    def action_undo_tag(self) -> None:
        self.tagging.action_undo_tag()

    def action_redo_tag(self) -> None:
        self.tagging.action_redo_tag()

    def action_copy(self) -> None:
        self.tagging.action_copy()

    def action_labels(self) -> None:
        self.tagging.action_labels()

    def on_tags_panel_jump(self, message: TagsPanel.Jump) -> None:
        self.span = self.tagging.jump(message.start, message.end)
        self.query_one(ArticleView).focus()

    def on_tags_panel_edit_note(self, message: TagsPanel.EditNote) -> None:
        self.tagging.edit_note_of(message.tag_id)

    def on_tags_panel_relabel(self, message: TagsPanel.Relabel) -> None:
        self.tagging.relabel(message.tag_id)

    def on_tags_panel_delete(self, message: TagsPanel.Delete) -> None:
        self.tagging.delete(message.tag_id)

    def on_tags_panel_undo(self, message: TagsPanel.Undo) -> None:
        self.tagging.action_undo_tag()

    def on_tags_panel_redo(self, message: TagsPanel.Redo) -> None:
        self.tagging.action_redo_tag()


def _fields(quote: Quote) -> dict[str, Any]:
    """A quote with the fields the core adds beyond the record's (`rule`, `speaker_description`)."""
    return cast("dict[str, Any]", quote)


def _unnamed(quote: Quote) -> str | None:
    """An unnamed source as the article describes it: "a senior European diplomat (unnamed)"."""
    description = _fields(quote).get("speaker_description")
    return f"{description} (unnamed)" if description else None
