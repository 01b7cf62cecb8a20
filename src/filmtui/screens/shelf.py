"""The shelf screen: every film of a directory of records, and every quote, from its index.

Two tabs: Films (title, year, directors, rating, quote count; bad files at the end, marked,
with their error) and Quotes (each with its film). Each tab has its own `/` filter: the film
query on Films, the quote query on Quotes. Nothing is held in memory but the rows on
screen: the lists ask the index for a page at a time. Enter pushes the film screen (at the
chosen quote on the Quotes tab); the shelf stays underneath with its filter, cursor and
scroll, and Esc, backspace or q there comes back to it.

The screen is built in layers, each a module with one job: screens/shelf_refresh.py
refreshes the index behind a shelf drawn from it, screens/shelf_handover.py opens a film
and exports; this module puts the lists on screen with their filters and keys.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, TabbedContent, TabPane

from filmtui.filmquery import FilmQuery, parse_film_query
from filmtui.matching import Query, parse_query
from filmtui.screens.help_texts import Row, shelf_texts, shelf_textual_keys
from filmtui.screens.shared_keys import (
    FILTER_BINDINGS,
    QUIT_ANYWHERE,
    export_applies,
    export_bindings,
    for_help,
)
from filmtui.screens.shelf_filter import FILMS, QUOTES, ShelfFilter
from filmtui.screens.shelf_handover import ShelfHandover
from filmtui.screens.shelf_lists import (
    SORT_NAMES,
    bad_files,
    films_fetch,
    films_status,
    no_film_matches,
)
from filmtui.screens.shelf_quotes import ShelfQuotes
from filmtui.screens.shelf_refresh import ShelfRefreshScreen
from filmtui.shelf import SORTS, FilmRow, Shelf
from filmtui.source import DEFAULT_MAX_BYTES
from filmtui.widgets.key_bar import KeyBar
from filmtui.widgets.row_list import RowList
from filmtui.widgets.shelf_rows import draw_film, draw_quote


class ShelfScreen(ShelfHandover, ShelfQuotes, ShelfFilter, ShelfRefreshScreen):
    """Browse a shelf: its films and its quotes, each filtered with its own query."""

    AUTO_FOCUS = "#films"
    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="app.quit"),
        *FILTER_BINDINGS,
        Binding("s", "sort", "Sort", id="shelf.sort"),
        # A priority binding, as `/` is (shared_keys.py): `/` runs as soon as it arrives,
        # so a `t` typed just before it must too, or `t/word` would filter the old tab.
        Binding("t", "switch_tab", "Films/Quotes", priority=True, id="shelf.switch_tab"),
        *export_bindings("shelf.export"),
        Binding("question_mark,f1", "app.help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        shelf: Shelf,
        *,
        query: str = "",
        cursor_blink: bool = True,
        refresh: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        """Browse `shelf`, its films filtered by `query`: as its index is, or, with
        `refresh`, as its index was while it is refreshed in the background (reading
        records up to `max_bytes`)."""
        super().__init__(shelf, max_bytes if refresh else None)  # before the counts
        self.sort = "title"
        self.film_text = query
        self.quote_text = ""
        self._film_query: FilmQuery = parse_film_query(query)
        self._quote_query: Query = parse_query("")
        self._cursor_blink = cursor_blink
        self.total_films = shelf.count_films()
        self.total_quotes = 0  # counted as the Quotes tab's list is mounted (_mount_quotes)
        self.bad = bad_files(shelf)
        #: Set once the Quotes tab's list is mounted and filled (see _mount_quotes).
        self._quotes_mounted: asyncio.Event | None = None
        self._resumed = False  # see on_screen_resume

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Two tabs, each a status line and a list (and, after the first frame, a filter
        bar); the keys. The Quotes tab, hidden at first, is filled after the first frame
        too (see _mount_quotes)."""
        with TabbedContent(initial=FILMS, id="shelf-tabs"):
            with TabPane("Films", id=FILMS), Vertical():
                yield Static(id="films-status", classes="shelf-status")
                yield RowList(
                    lambda rows, row, width: draw_film(rows, row, width, self._film_query),
                    id="films",
                )
                if self.film_text:  # started with --query: the bar shows it at once
                    yield self._new_filter_bar(FILMS)
            yield TabPane("Quotes", id=QUOTES)
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Fill the films from the index; the Quotes tab's list and the filter bars come
        after the first frame (each costs a first paint more than it shows)."""
        self._show_films()
        self.call_after_refresh(self._after_first_frame)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown the first time, the screen's styles were applied as it mounted, just
        before: skip Textual's applying them all again (some 8 ms before the first frame).
        When it is shown again (back from a film, perhaps in another theme) they are."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_resize(self, event: events.Resize) -> None:
        """Skip Textual's relayout of the screen for a resize to the size it is laid out
        at: Textual sends one as it starts, handled just after the first frame, and laying
        out the whole shelf again then held that frame back from the terminal (the thread
        that writes it waited for the interpreter) by some 20-30 ms."""
        if event.size == self.outer_size:
            event.prevent_default()

    async def _after_first_frame(self) -> None:
        """Mount what the first frame does without: the quotes, the filter bars. Nothing
        if the screen was already taken down (`q` typed as it appeared)."""
        if not self.is_attached:
            return
        await self._mount_quotes()
        if self.is_attached:
            self._mount_filter_bars()

    async def _mount_quotes(self) -> None:
        """Mount the Quotes tab's status line and list, and fill them, once: after the
        first frame, or at once when `t` comes first (then it waits for that mount)."""
        if self._quotes_mounted is None:
            self._quotes_mounted = asyncio.Event()
            quotes = Vertical(
                Static(id="quotes-status", classes="shelf-status"),
                RowList(
                    lambda rows, row, width: draw_quote(rows, row, width, self._quote_query),
                    row_height=2,
                    id="shelf-quotes",
                ),
            )
            await self.query_one(f"#{QUOTES}", TabPane).mount(quotes)
            self.total_quotes = self.shelf.count_quotes()
            self._show_quotes()
            self._quotes_mounted.set()
        await self._quotes_mounted.wait()

    def reload(self) -> None:
        """Read the index as it now is (see Shelf.hold): the counts, the bad files and
        both lists, keeping the current film current and each list's scroll."""
        current = self.query_one("#films", RowList).current_row  # as it was
        self.shelf.release()
        self.total_films = self.shelf.count_films()
        self.total_quotes = self.shelf.count_quotes()
        self.bad = bad_files(self.shelf)
        self._show_films_keeping(current)
        if self._quotes_mounted is not None and self._quotes_mounted.is_set():
            self._show_quotes(keep_position=True)  # else it is shown as it mounts

    # ------------------------------------------------------------- what is where

    # ------------------------------------------------------------------ filling

    def _show_films(self, keep_position: bool = False) -> None:
        """Show the films matching the film filter, in the chosen order."""
        query, sort, shelf = self._film_query, self.sort, self.shelf
        count = shelf.count_films(query)
        bad = self.bad if query.is_empty else []

        rows = self.query_one("#films", RowList)
        rows.empty_message = (
            no_film_matches(self.film_text) if self.total_films else "No films on this shelf"
        )
        fetch = films_fetch(shelf, query, sort, count, bad)
        rows.show(count + len(bad), fetch, keep_position=keep_position)
        status = films_status(query.is_empty, count, self.total_films, sort, len(self.bad))
        self.show_status("films-status", status)

    # ------------------------------------------------------------------- filter

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let `/` and `t` be typed into a filter, and Enter/Esc act only where they mean
        to. Before the screen is composed (keys typed as filmtui starts) only `/` and
        `t` act: they wait for the screen (see _wait_composed)."""
        if not self._composed():
            return action in ("filter", "switch_tab")
        typing = self._typing()
        if action in ("filter", "switch_tab"):
            return not typing
        if action == "accept_filter":
            return typing
        if action == "clear_filter":
            return typing or bool(self.film_text if self.on_films else self.quote_text)
        if action in ("export", "download"):
            return self.on_films and export_applies(self.app, action)
        if action == "sort":
            return self.on_films
        return True

    # ------------------------------------------------------------------ actions

    def action_sort(self) -> None:
        """Cycle the film order: title, year, most quotes, recently changed."""
        orders = list(SORTS)
        self.set_sort(orders[(orders.index(self.sort) + 1) % len(orders)])

    def set_sort(self, sort: str) -> None:
        """Sort the films by one of SORTS, keeping the current film current (as the film
        screen keeps its quote)."""
        self.sort = sort
        self._show_films_keeping(self.query_one("#films", RowList).current_row, False)

    def _show_films_keeping(self, current: object, keep_position: bool = True) -> None:
        """Show the films again with `current` (the row that was current) still current,
        wherever it now is; with `keep_position`, the scroll stays where it can."""
        rows = self.query_one("#films", RowList)
        self._show_films(keep_position=keep_position)
        if isinstance(current, FilmRow):
            position = self.shelf.position_of(current.path, self._film_query, self.sort)
            if position is not None:
                rows.move_to(position)

    async def action_switch_tab(self) -> None:
        """Go to the other tab, its list focused now (keys typed after `t`, such as `/`,
        are for the new tab: the app handles them only once this returns). Typed as
        filmtui starts, it waits for the screen and the Quotes tab's list."""
        if not await self._wait_composed():
            return
        await self._mount_quotes()
        self.query_one(TabbedContent).active = FILMS if not self.on_films else QUOTES
        self.set_focus(self._list())

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Put the focus on the new tab's list (after a click on a tab), unless it is in
        that tab already (`t/` typed at once: its filter bar has it)."""
        if self.focused is None or event.pane not in self.focused.ancestors:
            self.set_focus(self._list())
        self.refresh_bindings()

    def help_groups(self) -> list[tuple[str, list[BindingType]]]:
        """The keys of this screen for the help screen: `e`'s variant that applies
        (export in a terminal, download on a web page), each described as it acts here."""
        texts = shelf_texts(web=self.app.is_web)
        return [
            ("Shelf", [*for_help(self.app, self.BINDINGS, texts), QUIT_ANYWHERE]),
            ("Lists", for_help(self.app, RowList.BINDINGS, texts)),
        ]

    def help_textual_keys(self) -> list[Row]:
        """Textual's own keys on this screen, for the help screen."""
        return shelf_textual_keys(web=self.app.is_web)

    def system_commands(self) -> Iterator[SystemCommand]:
        """This screen's commands for the command palette."""
        yield SystemCommand("Filter", "Type to narrow the films or quotes", self.action_filter)
        yield SystemCommand("Films / Quotes", "Switch tabs", self.action_switch_tab)
        for sort, name in SORT_NAMES.items():
            yield SystemCommand(
                f"Sort films: {name}",
                "Change the order of the films",
                lambda sort=sort: self.set_sort(sort),
            )
        if self.app.is_web:
            yield SystemCommand(
                "Download films", "The films shown as a JSON Lines file", self.action_download
            )
        else:
            yield SystemCommand(
                "Export films and quit",
                "Write the films shown as JSON Lines to stdout",
                self.action_export,
            )
