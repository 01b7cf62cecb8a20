"""The shelf screen's Quotes list: the quotes matching the quote filter, drawn before their
count where it takes long (at 200,000 quotes, up to twice a keystroke's budget).

ShelfScreen builds on this layer. The count is taken first while it is quick; else the
first quotes are drawn at once and the count is taken between frames, a slice of ids at a
time (shelf/counting.py), the list growing to it when it is known. A key past the first
quotes (`G`, a page down) takes the rest of the count there and then.
"""

from __future__ import annotations

import asyncio
import time

from textual import work
from textual.content import Content

from filmtui.matching import Query
from filmtui.sanitize import display_text
from filmtui.screens.shelf_lists import count_status, counting_status
from filmtui.screens.shelf_refresh import ShelfRefreshScreen
from filmtui.shelf import Shelf
from filmtui.shelf.counting import Counting
from filmtui.widgets.row_list import PAGE, Fetch, RowList

_COUNTING = "quote-count"  # the worker group of the quote count
_COUNT_AT_ONCE = 0.010  # seconds a quote count may take before the quotes are drawn without it


class ShelfQuotes(ShelfRefreshScreen):
    """The Quotes list of the shelf screen, its count shown in the status line the refresh
    layer keeps (ShelfScreen sets the state named here)."""

    shelf: Shelf
    quote_text: str
    total_quotes: int
    _quote_query: Query
    _counting: Counting | None = None  # the quote count being taken between frames, if any

    def _show_quotes(self, keep_position: bool = False) -> None:
        """Show the quotes matching the quote filter. Their count is taken first while it
        is quick (or to `keep_position`); else the first quotes are drawn at once and the
        count is taken between frames, in slices (shelf/counting.py), the list growing to
        it. A key past the first quotes takes the rest of the count there and then."""
        query, shelf = self._quote_query, self.shelf
        self.workers.cancel_group(self, _COUNTING)
        self._counting = None
        counting = shelf.counting_quotes(query)
        rows = self.query_one("#shelf-quotes", RowList)
        rows.empty_message = (
            f"No quote matches “{display_text(self.quote_text)}”"
            if self.total_quotes
            else "No quotes on this shelf"
        )
        deadline = time.perf_counter() + _COUNT_AT_ONCE
        while not counting.done and (keep_position or time.perf_counter() < deadline):
            counting.step()
        if counting.done:
            rows.show(
                counting.value, self._quotes_fetch(counting.value), keep_position=keep_position
            )
            self._show_quote_count(counting.value)
            return
        first = shelf.quotes(query, 0, PAGE, estimate=counting.estimate())
        if len(first) < PAGE:  # they are all there is: that is the count
            rows.show(len(first), lambda offset, limit: first[offset : offset + limit])
            self._show_quote_count(len(first))
            return
        rows.show(PAGE, lambda offset, limit: first[offset : offset + limit],
                  complete=lambda: self._counted(counting.finish()))  # fmt: skip
        self.show_status("quotes-status", counting_status(counting.value, self.total_quotes))
        self._counting = counting
        self._take_count(counting)

    @work(group=_COUNTING, exclusive=True)
    async def _take_count(self, counting: Counting) -> None:
        """Take the count of the quotes shown a slice at a time, letting keys and frames
        through between slices, then show it. (The worker is cancelled when the quotes
        shown change.)"""
        while not counting.done:
            await asyncio.sleep(0)
            counting.step()
            if not counting.done:
                status = counting_status(counting.value, self.total_quotes)
                self.show_status("quotes-status", status)
        if self._counting is counting:  # not taken already by a key past the first quotes
            self._counted(counting.value)

    def _counted(self, count: int) -> None:
        """The count of the quotes shown is taken: the list grows to it."""
        self._counting = None
        self.query_one("#shelf-quotes", RowList).grow(count, self._quotes_fetch(count))
        self._show_quote_count(count)

    def _quotes_fetch(self, count: int) -> Fetch:
        """Pages of the `count` quotes matching the quote filter."""
        query, shelf = self._quote_query, self.shelf
        return lambda offset, limit: shelf.quotes(query, offset, limit, total=count)

    def _show_quote_count(self, count: int) -> None:
        """The Quotes tab's status: how many quotes match."""
        status = count_status(self._quote_query.is_empty, count, self.total_quotes, "quote")
        self.show_status("quotes-status", Content(status).stylize("bold"))
