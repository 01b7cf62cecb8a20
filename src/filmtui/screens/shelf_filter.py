"""The shelf screen's filters: a bar for each tab, mounted after the first frame, and what
`/`, Enter and Esc do with them.

ShelfScreen builds on this layer (as the film screen builds on quote_filter.py): each
keystroke in a bar narrows its tab's list (ShelfScreen shows the lists). A bar costs a
first paint more than the rest of its tab, so it is mounted once the first frame is drawn,
or at once by `/` (which, typed as filmtui starts, waits for the screen to be composed).
"""

from __future__ import annotations

import asyncio
from typing import cast

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TabbedContent

from filmtui.filmquery import FilmQuery, parse_film_query
from filmtui.matching import Query, parse_query
from filmtui.widgets.filter_bar import FilterBar
from filmtui.widgets.row_list import RowList

FILMS, QUOTES = "films-tab", "quotes-tab"
_COMPOSE_WAITS = 400  # `/` or `t` typed as filmtui starts waits up to 2 s for the screen
FILM_HINT = "filter films: words, title:, director:, genre:, year:2000..2010, -word"
QUOTE_HINT = 'filter quotes: words, "a phrase", source:, critic:, region:, text:, -word'


class ShelfFilter(Screen[None]):
    """The filter layer of the shelf screen (ShelfScreen sets the state named here)."""

    film_text: str
    quote_text: str
    _film_query: FilmQuery
    _quote_query: Query
    _cursor_blink: bool

    def _show_films(self, keep_position: bool = False) -> None:
        """Show the films matching the film filter (ShelfScreen)."""
        raise NotImplementedError

    def _show_quotes(self, keep_position: bool = False) -> None:
        """Show the quotes matching the quote filter (ShelfScreen)."""
        raise NotImplementedError

    @property
    def on_films(self) -> bool:
        """Whether the Films tab is the active one."""
        return self.query_one(TabbedContent).active != QUOTES

    def _list(self) -> RowList:
        """The list of the active tab."""
        return self.query_one("#films" if self.on_films else "#shelf-quotes", RowList)

    def _filter_bar(self, tab: str | None = None) -> FilterBar | None:
        """The filter bar of a tab (default: the active one), once it is mounted."""
        films = self.on_films if tab is None else tab == FILMS
        try:
            return self.query_one("#films-filter" if films else "#quotes-filter", FilterBar)
        except NoMatches:
            return None

    def _composed(self) -> bool:
        """Whether the screen's widgets exist yet (keys can arrive before): a flag, not a
        query, as every binding check asks."""
        return self.is_mounted

    def _typing(self) -> bool:
        """Whether a filter bar has the focus."""
        return isinstance(self.focused, Input)

    def _new_filter_bar(self, tab: str) -> FilterBar:
        """The filter bar of a tab (hidden until `/`, or shown holding the starting query),
        followed as it is typed in.

        Its value is watched rather than its `Input.Changed` messages: those arrive only
        after the typed character has been drawn, so the new list would come a frame (up to
        1/60 s) later. Watched, the keystroke and its result are one frame."""
        films = tab == FILMS
        value = self.film_text if films else self.quote_text
        bar = FilterBar(
            value,
            placeholder=FILM_HINT if films else QUOTE_HINT,
            id="films-filter" if films else "quotes-filter",
            classes="shelf-filter",
            select_on_focus=False,
        )
        bar.cursor_blink = self._cursor_blink
        bar.display = bool(value)
        changed = self._films_filter_changed if films else self._quotes_filter_changed
        self.watch(bar, "value", changed, init=False)
        return bar

    def _mount_filter_bars(self) -> None:
        """Mount each tab's filter bar under its list, unless `/` already has."""
        for tab, rows_id in ((FILMS, "#films"), (QUOTES, "#shelf-quotes")):
            if self._filter_bar(tab) is None:
                rows = self.query_one(rows_id, RowList)
                cast(Widget, rows.parent).mount(self._new_filter_bar(tab), after=rows)

    async def _wait_composed(self) -> bool:
        """Wait (up to 2 s) for the screen to be composed, for a key typed as filmtui
        starts; whether it is."""
        for _ in range(_COMPOSE_WAITS):
            if self._composed():
                return True
            await asyncio.sleep(0.005)
        return False

    async def action_filter(self) -> None:
        """Open the active tab's filter bar and type into it. Typed as filmtui starts,
        before the screen is composed, it waits for that (the app handles the keys typed
        after `/` only once this returns, so they all reach the bar)."""
        if not await self._wait_composed():
            return
        bar = self._filter_bar()
        if bar is None:  # pressed before the first frame was drawn
            bar = self._new_filter_bar(FILMS if self.on_films else QUOTES)
            rows = self._list()
            await cast(Widget, rows.parent).mount(bar, after=rows)
        bar.display = True
        bar.edit()
        self.set_focus(bar)  # now, before the keys typed after `/` arrive
        bar.cursor_position = len(bar.value)

    def _films_filter_changed(self, value: str) -> None:
        """Narrow the films on every keystroke."""
        self.film_text = value
        self._film_query = parse_film_query(value)
        self._show_films()

    def _quotes_filter_changed(self, value: str) -> None:
        """Narrow the quotes on every keystroke."""
        self.quote_text = value
        self._quote_query = parse_query(value)
        self._show_quotes()

    def action_accept_filter(self) -> None:
        """Back to the list, keeping the filter (its bar stays to show it)."""
        bar = self._filter_bar()
        if bar is None:
            return
        bar.keep()
        if not bar.value:
            bar.display = False
        self.set_focus(self._list())

    def action_clear_filter(self) -> None:
        """Clear the active filter, close its bar and return to the list."""
        bar = self._filter_bar()
        if bar is None:
            return
        if bar.value:
            bar.value = ""  # the watcher (see _new_filter_bar) shows everything again
        bar.keep()
        bar.display = False
        self.set_focus(self._list())
