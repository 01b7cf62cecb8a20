"""The film screen: one record's details beside a filterable, sortable list of quotes.

The app pushes it for the record given on the command line; a shelf can push it for any
`Film` (optionally starting at one quote) and get back with `q`, Esc (when no filter is
left to clear) or backspace, which then close this screen instead of quitting. What
leaves the app (the export on `e`, a link on `o`, the clipboard on `y`) goes through the
app's `deliver_*` methods.

The screen is built in layers, each a module with one job: screens/quote_filter.py
narrows and counts the quotes as the filter is typed, screens/film_handover.py hands
over what `y`, `o` and `e` take away; this module puts them on screen with their keys.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical

from filmtui.matching import Query, parse_query
from filmtui.model import Film
from filmtui.screens.film_handover import FilmHandover
from filmtui.screens.help_texts import Row, film_texts, film_textual_keys
from filmtui.screens.quote_filter import QuoteFilterScreen, freeze_long_lived_objects
from filmtui.screens.shared_keys import (
    FILTER_BINDINGS,
    QUIT_ANYWHERE,
    export_applies,
    export_bindings,
    for_help,
)
from filmtui.view import QuoteView, SortOrder
from filmtui.widgets.details import DetailsPanel
from filmtui.widgets.key_bar import KeyBar
from filmtui.widgets.quote_list import QuoteList
from filmtui.widgets.status_line import StatusLine


class FilmScreen(FilmHandover, QuoteFilterScreen):
    """Browse one film record: details beside (or above) the quotes."""

    # Details and quotes side by side from 100 columns; stacked below.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # Focus the quotes as the screen starts, rather than moving focus after the first frame.
    AUTO_FOCUS = "#quotes"
    BINDINGS = [
        # `q` quits, or, on a screen pushed by the shelf, goes back to it (one id: the
        # variant that applies is enabled, check_action, and the key bar says which).
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("q", "close", "Back", id="app.quit"),
        *FILTER_BINDINGS,
        Binding("backspace", "back", "Back to the shelf", show=False, id="app.back"),
        Binding("s", "sort", "Sort", id="app.sort"),
        Binding(
            "ampersand",
            "toggle_highlight",
            "Filter hides / highlights the rest",
            show=False,
            id="app.toggle_highlight",
        ),
        Binding("y", "copy", "Copy", id="app.copy"),
        # One key, one id, the variant that applies (check_action): `o` opens the current
        # quote's review, else the official site, else says there is no address.
        *export_bindings("app.export"),
        Binding("o", "open_review", "Open review", id="app.open"),
        Binding("o", "open_site", "Open site", id="app.open"),
        Binding("o", "no_link", "", show=False, id="app.open"),
        Binding("question_mark,f1", "app.help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        film: Film,
        *,
        start_quote: int | None = None,
        pushed: bool = False,
        query: str = "",
        cursor_blink: bool = True,
    ) -> None:
        """Browse `film` with the cursor on quote `start_quote` (an index into its quotes),
        filtered by `query` from the start; `pushed` screens close on `q` instead of
        quitting the app."""
        # With no quotes, the details get the room and the focus (filmtui.tcss).
        super().__init__(classes=None if film.quotes else "-no-quotes")
        self.film = film
        self.start_quote = start_quote
        self.pushed = pushed
        self.view = QuoteView(film)  # filter and sort state
        self.order = SortOrder.LISTING
        self.query_text = query
        self._query: Query = parse_query(query)
        self._matched = not query  # False until the starting query's matches are shown
        # `&`: show every quote with the matches highlighted (n/N jump), not only matches.
        self.highlighting = False
        self._cursor_blink = cursor_blink

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Details beside (or above) the quotes, and the keys."""
        with Horizontal(id="main"):
            yield DetailsPanel(self.film, id="details")
            with Vertical(id="quotes-panel"):
                yield StatusLine(id="quote-status")
                yield QuoteList(self.film.quotes, id="quotes")
        if self.query_text:  # started with --query: the bar shows it from the first frame
            yield self._make_filter_bar()
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Show every quote (or those matching the starting query) and prepare the rest
        after the first paint."""
        freeze_long_lived_objects()
        if not self.film.quotes:
            self.set_focus(self.query_one(DetailsPanel))  # before AUTO_FOCUS would
        self.call_after_refresh(self._after_first_paint)
        if self.query_text:
            # Matched off the UI thread (folding 100,000 quotes takes a second): until
            # then nothing is shown, the status says so, and `e` waits for it.
            self._put_on_screen([], None, keep=None)
            self._refresh_quotes()
        else:
            everything = list(range(len(self.film.quotes)))
            self._put_on_screen(everything, None, self.start_quote, land=True)

    def _after_first_paint(self) -> None:
        """Work the first screen does not need: the filter bar, and folding the quotes
        for search (off the UI thread), so the first keystroke is fast. Nothing if the
        screen was already taken down (ctrl+q typed as it appeared)."""
        if not self.is_attached:
            return
        if self._filter_bar() is None:
            self.mount(self._make_filter_bar(), before=self.query_one(KeyBar))
        self._build_index()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let `/` be typed into the filter, and Enter/Esc act only where they mean to."""
        bar = self._filter_bar()
        typing = bar is not None and self.focused is bar
        if action == "filter":
            return not typing
        if action == "accept_filter":
            return typing
        if action == "clear_filter":
            return typing or bool(self.query_text) or self.pushed
        if action in ("quit", "close"):
            return (action == "close") == self.pushed
        if action == "back":
            return self.pushed and not typing
        if action in ("export", "download"):
            return export_applies(self.app, action)
        if action in ("open_review", "open_site", "no_link"):
            return action == self._link_action()
        return True

    # ----------------------------------------------------------------- actions

    def action_quit(self) -> None:
        """Back to the screen that pushed this one, or quit writing nothing."""
        if self.pushed:
            self.dismiss(None)
        else:
            self.app.exit()

    def action_close(self) -> None:
        """`q` on a pushed screen: back to the screen that pushed it (the shelf)."""
        self.action_back()

    def action_sort(self) -> None:
        """Cycle the order: listing, publication A-Z, region, length."""
        self.set_order(self.order.next())

    def set_order(self, order: SortOrder) -> None:
        """Sort by a chosen order."""
        self.order = order
        self._refresh_quotes()

    def _applies(self, binding: BindingType) -> bool:
        """Whether one of this screen's keys applies here, as the key bar shows it: `q`
        and backspace go back only on a pushed screen, `e` exports or downloads, `o`
        opens the review or the site."""
        if not isinstance(binding, Binding):
            return True
        if binding.action in ("quit", "close", "back"):
            return (binding.action != "quit") == self.pushed
        if binding.action in ("export", "download"):
            return export_applies(self.app, binding.action)
        if binding.action in ("open_review", "open_site", "no_link"):
            return binding.action == self._link_action()
        return True

    def help_groups(self) -> list[tuple[str, list[BindingType]]]:
        """The keys of this screen for the help screen, grouped by where they apply;
        only the variants that apply here, each described as it acts here."""
        own = [binding for binding in self.BINDINGS if self._applies(binding)]
        web, site = self.app.is_web, self._site_url() is not None
        texts = film_texts(pushed=self.pushed, web=web, has_site=site)
        return [
            ("Anywhere", [*for_help(self.app, own, texts), QUIT_ANYWHERE]),
            ("Quote list", list(QuoteList.BINDINGS)),
            ("Details", list(DetailsPanel.BINDINGS)),
        ]

    def help_textual_keys(self) -> list[Row]:
        """Textual's own keys on this screen, for the help screen."""
        return film_textual_keys(web=self.app.is_web)

    def system_commands(self) -> Iterator[SystemCommand]:
        """This screen's commands for the command palette."""
        yield SystemCommand("Filter quotes", "Type to narrow the critic quotes", self.action_filter)
        for order in SortOrder:
            yield SystemCommand(
                f"Sort quotes: {order.value}",
                "Change the order of the critic quotes",
                lambda order=order: self.set_order(order),
            )
        yield SystemCommand(
            "Copy quote", "Copy the current quote with its source", self.action_copy
        )
        if self.app.is_web:
            yield SystemCommand(
                "Download",
                "The marked quotes (else the matching ones) as a JSON file",
                self.action_download,
            )
        else:
            yield SystemCommand(
                "Export and quit",
                "Write the marked quotes (else the matching ones) as JSON to stdout",
                self.action_export,
            )
        if self._site_url():
            yield SystemCommand("Open official site", "In the web browser", self.action_open_site)
