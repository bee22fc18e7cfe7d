"""The reading app: a library of articles and a reader for each, driven from the keyboard."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.markup import MarkupError
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerFailed

from reader.config import ConfigError, Settings, load_settings
from reader.paths import screenshots_dir, style
from reader.service import Library
from reader.tui.analysis_gate import AnalysisGate
from reader.tui.messages import AnalysisResumable, OpenArticle
from reader.tui.resilient import ReportsFailures, report_failure
from reader.tui.screens.help import HelpScreen, KeyHelp
from reader.tui.screens.library import LibraryScreen
from reader.tui.untrusted import visible

# How the help screen names the places a key works in: a widget's `#id` first, then its class.
HELP_GROUPS = {
    "ReaderApp": "Everywhere",
    "LibraryScreen": "Library",
    "ReaderScreen": "Reader",
    "ArticleView": "Article text",
    "ActorsPanel": "Actors panel",
    "QuotesPanel": "Quotes panel",
    "TagsPanel": "Tags panel",
    "ArticleTable": "Article list",
    "Input": "Text box",
    "FindBar": "Find bar",
    "#find-query": "Find bar",
    "#filter": "Filter box",
    "#search-query": "Search box",
    "#search-results": "Search results",
    "#speakers-table": "Speaker list",
    "#speaker-quotes": "Their quotes",
    "ArticleTree": "Files",
    "#add-path": "Path box",
    "DataTable": "Table",
    "RowTable": "Table",
    "OptionList": "List",
    "RowList": "List",
    "SearchScreen": "Search",
    "SpeakersScreen": "Speakers",
    "OverviewScreen": "Overview",
    "AddDialog": "Add articles",
    "EditArticleDialog": "Edit article",
    "ConfirmRemoveDialog": "Remove article",
    "ClaimsScreen": "Claims",
    "#claims-table": "Claim list",
    "#claim-sources": "Claim's sources",
    "#claim-suggestions": "Suggestions",
    "ClaimPicker": "Claim",
    "DeleteClaimDialog": "Delete claim",
}


class ReaderApp(ReportsFailures, App[None]):
    """Opens on the library; Enter reads an article."""

    # Every screen's styles, parsed once at start: a screen's own CSS_PATH would re-parse the
    # whole stylesheet when it first shows (tens of milliseconds on the first open).
    CSS_PATH = [
        style("app.tcss"),
        style("library.tcss"),
        style("reader.tcss"),
        style("help.tcss"),
        style("tags.tcss"),
        style("corpus.tcss"),
        style("confirm.tcss"),
        style("echoes.tcss"),
        style("claims.tcss"),
    ]
    TITLE = "reader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+s", "save_svg", "Screenshot", show=False, id="app.save-svg"),
    ]

    def __init__(self, db_path: Path, settings: Settings | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.config_problem: str | None = None
        if settings is None:
            try:
                settings = load_settings()
            except ConfigError as error:  # the app starts all the same, on the defaults, and says why
                self.config_problem, settings = str(error), Settings()
        self.settings = settings
        # The one library service: every screen's use cases, a connection per thread (this one's now).
        self.library = Library(self.db_path).connect()
        self.analysis_gate = AnalysisGate()

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        theme = self.settings.theme
        if theme is not None:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(
                    f"No theme {visible(theme)!r} (from the config file): the default is used",
                    severity="warning",
                    timeout=8,
                    markup=False,
                )
        if self.config_problem is not None:
            self.notify(
                f"{visible(self.config_problem)}; the defaults are used",
                title="Config file not used",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def get_default_screen(self) -> Screen:
        return LibraryScreen()

    def notify(
        self,
        message: str | Text | Content,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification in the app comes here: a Rich `Text` or a `Content` is shown as its
        plain words, and a message that is not valid markup is shown as it is (a toast that fails
        to render would take the app down)."""
        if isinstance(message, (Text, Content)):
            message, markup = message.plain, False
        elif not isinstance(message, str):
            message, markup = str(message), False
        if markup:
            try:
                Content.from_markup(message)
            except MarkupError:
                markup = False
        super().notify(message, title=str(title), severity=severity, timeout=timeout, markup=markup)

    def _handle_exception(self, error: Exception) -> None:
        """The one handler for failed workers: a worker that does not report its own failure
        (`exit_on_error=False` and a handler on its screen) fails here, in a notification, and
        the app carries on; so do handlers and actions (`ReportsFailures`). Any other unhandled
        exception (Textual's own, or one while the app starts) ends the app as usual."""
        if isinstance(error, WorkerFailed) and self.is_running:
            report_failure(self, error.error)
            return
        super()._handle_exception(error)

    @on(OpenArticle)
    def open_article(self, message: OpenArticle) -> None:
        """Open an article in the one reader screen, made on first use and kept (a fast reopen)."""
        from reader.tui.screens.reader import ReaderScreen  # not needed to start: imported on first use

        if not self.is_screen_installed("reader"):
            self.install_screen(ReaderScreen(), "reader")
        reader = self.get_screen("reader")
        assert isinstance(reader, ReaderScreen)
        reader.open(message.article_id, message.offset)
        if self.screen is not reader:
            if reader in self.screen_stack:
                while self.screen is not reader:
                    self.pop_screen()
            else:
                self.push_screen(reader)

    def open_search(self, query: str = "") -> None:
        """The search across everything; the one already showing takes the new query."""
        from textual.widgets import Input

        from reader.tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            box = self.screen.query_one("#search-query", Input)
            if query:
                box.value = query
            box.focus()
            return
        self.push_screen(SearchScreen(self.library, query))

    def open_speakers(self) -> None:
        from reader.tui.screens.speakers import SpeakersScreen

        if not isinstance(self.screen, SpeakersScreen):
            self.push_screen(SpeakersScreen(self.library))

    def open_overview(self) -> None:
        from reader.tui.screens.overview import OverviewScreen

        if not isinstance(self.screen, OverviewScreen):
            self.push_screen(OverviewScreen(self.library))

    def open_claims(self, select: str | None = None) -> None:
        """The Claims screen, on the claim `select` if given."""
        from reader.tui.screens.claims import ClaimsScreen

        if not isinstance(self.screen, ClaimsScreen):
            self.push_screen(ClaimsScreen(self.library, select))

    @on(AnalysisResumable)
    def resume_analysis(self) -> None:
        """The reader is done with the model: let the library carry on with its analysis."""
        library = self.screen_stack[0]
        if isinstance(library, LibraryScreen):
            library.analyse_library()

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        # Every key that works here: the focused widget's and its containers' first (the
        # context), then the screen's and the app's; keys for one action in one place merged.
        merged: dict[tuple[str, str], tuple[str, list[str]]] = {}
        for binding_info in screen.active_bindings.values():
            binding = binding_info.binding
            if binding.description:
                node, kind = binding_info.node, type(binding_info.node).__name__
                group = HELP_GROUPS.get(f"#{node.id}", HELP_GROUPS.get(kind, kind))
                _, keys = merged.setdefault((group, binding.action), (binding.description, []))
                keys.append(self.get_key_display(binding))
        order = list(dict.fromkeys(group for group, _ in merged))
        rows = [
            KeyHelp(group, " ".join(keys), description)
            for group in order
            for (g, _), (description, keys) in merged.items()
            if g == group
        ]
        legend = screen.legend() if hasattr(screen, "legend") else None
        self.push_screen(HelpScreen(str(screen.title or self.title), rows, legend))

    def action_save_svg(self) -> None:
        path = self.save_screenshot(path=str(screenshots_dir()))
        self.notify(path, title="Screenshot saved", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from reader.tui.screens.reader import ReaderScreen

        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
        yield SystemCommand("Save screenshot", "Save an SVG picture of the screen (ctrl+s)", self.action_save_svg)
        yield SystemCommand("Help", "Show every key of this screen (?)", self.action_help)
        if isinstance(screen, ReaderScreen):
            yield SystemCommand(
                "Actors panel", "Show or hide the actors in this article (a)", screen.action_toggle_actors
            )
            yield SystemCommand(
                "Quotes panel", "Show or hide the quotes in this article (o)", screen.action_toggle_quotes
            )
            yield SystemCommand("Back to the library", "Close this article (escape)", screen.dismiss)
        if isinstance(screen, LibraryScreen):
            yield SystemCommand("Filter articles", "Filter by title and source as you type (/)", screen.action_filter)
            yield SystemCommand("Sort articles", "Sort by the next column (s)", screen.action_sort)
            yield SystemCommand(
                "Add articles", "Add files or folders: .txt, .md, saved web pages (A)", screen.action_add_articles
            )
            yield SystemCommand(
                "Edit article", "Change the highlighted article's title and source (E)", screen.action_edit_article
            )
            yield SystemCommand(
                "Remove article",
                "Remove the highlighted article, its tags exported first if you like (D)",
                screen.action_remove_article,
            )
        if not isinstance(screen, ModalScreen):
            # The keys work on the library only: elsewhere the palette is the way.
            on_library = isinstance(screen, LibraryScreen)

            def key(k: str) -> str:
                return f" ({k})" if on_library else ""

            yield SystemCommand(
                "Search everything", f"Article text, quotes, speakers and tag notes{key('f')}", self.open_search
            )
            yield SystemCommand("Speakers", f"Who said what across the library{key('w')}", self.open_speakers)
            yield SystemCommand(
                "Claims", f"Who asserts, reports and denies each claim you track{key('C')}", self.open_claims
            )
            yield SystemCommand(
                "Overview",
                f"Charts: quotes per speaker, tags per label, actors per article{key('O')}",
                self.open_overview,
            )


def main() -> None:
    from reader.paths import db_path

    ReaderApp(db_path()).run()


if __name__ == "__main__":
    main()
