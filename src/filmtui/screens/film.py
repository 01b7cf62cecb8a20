"""The film screen: one record's details beside a filterable, sortable list of quotes.

The app pushes it for the record given on the command line; a shelf can push it for any
`Film` (optionally starting at one quote) and get back with `q`, Esc (when no filter is
left to clear) or backspace, which then close this screen instead of quitting. What
leaves the app (the export on `e`, a link on `o`, the clipboard on `y`) goes through the
app's `deliver_*` methods.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from filmtui.matching import Query, parse_query
from filmtui.model import Film, Quote
from filmtui.sanitize import display_text
from filmtui.view import QuoteView, SortOrder
from filmtui.widgets.details import DetailsPanel
from filmtui.widgets.filter_bar import FilterBar
from filmtui.widgets.key_bar import KeyBar
from filmtui.widgets.quote_list import QuoteList
from filmtui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from filmtui.app import FilmApp


def freeze_long_lived_objects() -> None:
    """Exempt what exists now (the record, the search index) from garbage collection.

    With 100,000 quotes a full collection walks every one of them and can land in the
    middle of a keystroke (a 118 ms filter instead of 56 ms was seen); they live as long
    as the app, so scanning them is wasted work.
    """
    gc.freeze()


def quote_for_clipboard(quote: Quote) -> str:
    """The quote's exact text with its attribution, as `y` copies it (the attribution
    as the list shows it: `Publication · Critic · region: USA`)."""
    region = f"region: {quote.region}" if quote.region else None
    source = " · ".join(part for part in (quote.publication, quote.critic, region) if part)
    return f"{quote.text}\n— {source}"


def web_address(url: str | None) -> str | None:
    """`url` if it is an http(s) address, the only kind `o` opens."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


#: The filter's keys, shared with the shelf screen (one id each, so one remap serves both).
FILTER_BINDINGS = [
    # `/`, Enter and Esc move focus, so they are priority bindings: they run as each
    # key arrives, before the keys typed after them (as in `/helm`) are forwarded.
    Binding("slash", "filter", "Filter", priority=True, id="app.filter"),
    Binding(
        "enter",
        "accept_filter",
        "Keep filter",
        show=False,
        priority=True,
        id="app.accept_filter",
    ),
    Binding(
        "escape",
        "clear_filter",
        "Clear filter",
        show=False,
        priority=True,
        id="app.clear_filter",
    ),
]


def export_bindings(binding_id: str) -> list[Binding]:
    """`e`: export and quit in a terminal, download on a web page, where stdout is the
    server's. One id for both, so one remap moves both; the screen enables the variant
    that applies (`export_applies`) and the key bar labels it."""
    return [
        Binding("e", "export", "Export & quit", id=binding_id),
        Binding("e", "download", "Download", id=binding_id),
    ]


def export_applies(app: App[object], action: str) -> bool:
    """Whether `action` ("export" or "download") is the one for where `app` runs."""
    return app.is_web == (action == "download")


class FilmScreen(Screen[None]):
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

    @property
    def film_app(self) -> FilmApp:
        """The app, with its `deliver_*` methods."""
        return cast("FilmApp", self.app)

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
            self._put_on_screen(list(range(len(self.film.quotes))), None, self.start_quote)

    def _make_filter_bar(self) -> FilterBar:
        """The filter's input line (hidden until `/`, shown at once with a query)."""
        bar = FilterBar(
            self.query_text,
            placeholder='filter: words, "a phrase", source:…, region:…',
            id="filter",
            select_on_focus=False,
        )
        bar.cursor_blink = self._cursor_blink
        bar.display = bool(self.query_text)
        return bar

    def _filter_bar(self) -> FilterBar | None:
        """The filter's input line, once it is mounted."""
        try:
            return self.query_one("#filter", FilterBar)
        except NoMatches:
            return None

    def _after_first_paint(self) -> None:
        """Work the first screen does not need: the filter bar, and folding the quotes
        for search (off the UI thread), so the first keystroke is fast."""
        if self._filter_bar() is None:
            self.mount(self._make_filter_bar(), before=self.query_one(KeyBar))
        self._build_index()

    def _focus_now(self, widget: Widget) -> None:
        """Move focus before the next key is handled (`Widget.focus` is deferred, so keys
        already queued, as in a fast-typed or pasted `/helm`, would go to the old focus)."""
        self.set_focus(widget)

    @work(thread=True, group="index", exit_on_error=False)
    def _build_index(self) -> None:
        """Fold all quotes once, off the UI thread, so the first keystroke is fast."""
        self.view.index.build()
        freeze_long_lived_objects()

    # ----------------------------------------------------------------- filter

    async def action_filter(self) -> None:
        """Open the filter bar and type into it."""
        bar = self._filter_bar()
        if bar is None:  # pressed before the first paint finished
            bar = self._make_filter_bar()
            await self.mount(bar, before=self.query_one(KeyBar))
        bar.display = True
        bar.edit()
        self._focus_now(bar)
        bar.cursor_position = len(bar.value)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        """Narrow the quotes on every keystroke."""
        self.query_text = event.value
        self._refresh_quotes()

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

    def _review_url(self) -> str | None:
        """The current quote's review, if it links one, unless the details have focus
        (there `o` means the official site)."""
        if isinstance(self.focused, DetailsPanel):
            return None
        try:
            quote = self.current_quote()
        except NoMatches:  # asked (by the key bar) while the screen is composed or torn down
            return None
        return web_address(quote.url) if quote else None

    def _site_url(self) -> str | None:
        """The official site's web address, if the record gives one."""
        site = self.film.official_site
        return web_address(site.url) if site else None

    def _link_action(self) -> str:
        """What `o` does now: open the review, the site, or say there is no address."""
        if self._review_url():
            return "open_review"
        return "open_site" if self._site_url() else "no_link"

    def action_accept_filter(self) -> None:
        """Back to the list, keeping the filter (the bar stays to show it)."""
        bar = self._filter_bar()
        if bar is not None:
            bar.keep()
            bar.display = bool(self.query_text)
        self._focus_now(self.query_one(QuoteList))

    def action_clear_filter(self) -> None:
        """Clear the filter, close its bar and return to the list; with no filter on a
        pushed screen, go back to the screen that pushed it."""
        bar = self._filter_bar()
        if self.pushed and self.focused is not bar and not self.query_text:
            self.action_back()
            return
        if bar is None:
            return
        if bar.value:
            bar.value = ""  # posts Input.Changed, which shows every quote again
        bar.keep()
        bar.display = False
        self._focus_now(self.query_one(QuoteList))

    def _refresh_quotes(self) -> None:
        """Recompute the visible quotes for the current query, order and mode."""
        self._apply_view(self.query_text, self.order, self.highlighting)

    @work(thread=True, exclusive=True, group="filter", exit_on_error=True)
    def _apply_view(self, query_text: str, order: SortOrder, highlighting: bool) -> None:
        """Match and sort off the UI thread; a newer keystroke cancels this one. When
        highlighting, every quote is shown and the matching ones are passed along."""
        worker = get_current_worker()
        visible = self.view.visible(query_text, order, cancelled=lambda: worker.is_cancelled)
        matching = None
        if visible is not None and highlighting and parse_query(query_text).terms:
            matching, visible = visible, self.view.visible("", order)
        if visible is not None and not worker.is_cancelled:
            self.app.call_from_thread(
                self._show, (query_text, order, highlighting), visible, matching
            )

    def _show(
        self,
        computed_for: tuple[str, SortOrder, bool],
        visible: list[int],
        matching: list[int] | None,
    ) -> None:
        """Put a computed view on screen, keeping the current quote where possible."""
        if computed_for != (self.query_text, self.order, self.highlighting):
            return  # superseded while it was on its way
        self._query = parse_query(self.query_text)
        keep = self.query_one(QuoteList).current_quote if self._matched else self.start_quote
        self._matched = True
        self._put_on_screen(visible, matching, keep=keep)

    def _put_on_screen(
        self, visible: list[int], matching: list[int] | None, keep: int | None
    ) -> None:
        """Show these quotes (highlighting those `matching`, None: all) with the cursor
        on quote `keep` if it is among them."""
        quotes = self.query_one(QuoteList)
        if not self._matched:
            quotes.empty_message = f"Matching “{self.query_text}”…"
        elif self.film.quotes:
            quotes.empty_message = f"No quotes match “{self.query_text}”"
        else:
            quotes.empty_message = "No quotes"
        quotes.show(visible, self._query, keep=keep, matching=matching)
        self._update_status()

    def on_quote_list_marks_changed(self, message: QuoteList.MarksChanged) -> None:
        """A quote was marked or unmarked: recount."""
        self._update_status()

    def _update_status(self) -> None:
        """Say how many quotes there are or match, how many are marked, whether the
        filter hides or highlights the rest, and the order."""
        total = len(self.film.quotes)
        quotes = self.query_one(QuoteList)
        matches = quotes.selection.match_count
        if total == 0:
            status = "no quotes"
        elif not self._matched:
            status = f"matching in {total}…"
        elif not self._query.terms:
            status = f"{total} quote{'s' if total != 1 else ''}"
        elif matches == 0:
            status = f"no match of {total}"
        else:
            status = f"{matches} of {total} match"
        # Second item: how soon a part gives way when the line is narrow (higher, sooner).
        parts = [(status, 0)]
        if quotes.selection.marked:
            parts.append((f"{len(quotes.selection.marked)} marked", 1))
        if self._query.terms:  # the mode says what the filter does, so only with one
            parts.append(("all shown, n/N" if self.highlighting else "others hidden", 3))
        parts.append((self.order.value, 2))
        self.query_one("#quote-status", StatusLine).show(parts)

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

    def action_back(self) -> None:
        """Back to the screen that pushed this one (the shelf)."""
        if self.pushed:
            self.dismiss(None)

    def action_toggle_highlight(self) -> None:
        """`&`: switch between hiding the quotes that do not match and showing them all
        with the matches highlighted (as less's `&` and `/`)."""
        self.highlighting = not self.highlighting
        self.notify(
            "All quotes shown, matches highlighted: n/N jump between them"
            if self.highlighting
            else "Only the matching quotes shown",
            timeout=3,
        )
        self._refresh_quotes()

    def action_sort(self) -> None:
        """Cycle the order: listing, publication A-Z, region, length."""
        self.set_order(self.order.next())

    def set_order(self, order: SortOrder) -> None:
        """Sort by a chosen order."""
        self.order = order
        self._refresh_quotes()

    def current_quote(self) -> Quote | None:
        """The quote under the cursor, if any."""
        index = self.query_one(QuoteList).current_quote
        return None if index is None else self.film.quotes[index]

    def action_copy(self) -> None:
        """Copy the current quote and its attribution to the clipboard."""
        quote = self.current_quote()
        if quote is None:
            self.notify("No quote to copy", severity="warning", timeout=3)
            return
        self.film_app.deliver_copy(quote_for_clipboard(quote))
        self.notify(
            f"Copied the {display_text(quote.publication)} quote to the clipboard",
            markup=False,
            timeout=3,
        )

    def action_open_review(self) -> None:
        """Open the current quote's review."""
        self._open(self._review_url())

    def action_open_site(self) -> None:
        """Open the official site."""
        self._open(self._site_url())

    def action_no_link(self) -> None:
        """Say that there is nothing to open."""
        self.notify(
            "This record gives no web address for the official site",
            severity="warning",
            timeout=3,
        )

    def _open(self, url: str | None) -> None:
        """Open a web address in the user's browser (a new tab on a web page)."""
        if url is None:
            self.action_no_link()
            return
        self.film_app.deliver_link(url)
        self.notify(f"Opening {display_text(url)}", markup=False, timeout=3)

    def action_export(self) -> None:
        """Hand over the marked quotes if any are marked (shown or not), else those that
        match the filter; in the current order, as JSON."""
        if not self._matched:
            self.notify("Still matching the filter: press e again in a moment", timeout=3)
            return
        self.film_app.deliver_export(self.view.export(self.exported_quotes()), self.film.title)

    def exported_quotes(self) -> list[int]:
        """What `e` exports: the marked quotes, else the matching ones, in order."""
        selection = self.query_one(QuoteList).selection
        if selection.marked:
            return selection.in_order(self.view.visible("", self.order) or [])
        if self.highlighting and self._query.terms:
            return self.view.visible(self.query_text, self.order) or []
        return self.query_one(QuoteList).order

    def action_download(self) -> None:
        """On a web page: download the current view (as `e` exports it in a terminal)."""
        self.action_export()

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
        only the variants that apply here."""
        own = [binding for binding in self.BINDINGS if self._applies(binding)]
        return [
            ("Anywhere", [*own, *App.BINDINGS]),
            ("Quote list", list(QuoteList.BINDINGS)),
            ("Details", list(DetailsPanel.BINDINGS)),
        ]

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
