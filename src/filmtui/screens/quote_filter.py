"""The film screen's filter: its bar, matching off the UI thread, and the status line.

FilmScreen builds on this layer: here the quotes are narrowed (or, after `&`, all shown
with the matches highlighted) as the query is typed, and the status line says how many
match and how many are marked.
"""

from __future__ import annotations

import gc

from textual import work
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import get_current_worker

from filmtui.matching import Query, parse_query
from filmtui.model import Film
from filmtui.view import QuoteView, SortOrder
from filmtui.widgets.filter_bar import FilterBar
from filmtui.widgets.key_bar import KeyBar
from filmtui.widgets.quote_list import QuoteList
from filmtui.widgets.status_line import Part, StatusLine


def freeze_long_lived_objects() -> None:
    """Exempt what exists now (the record, the search index) from garbage collection.

    With 100,000 quotes a full collection walks every one of them and can land in the
    middle of a keystroke (a 118 ms filter instead of 56 ms was seen); they live as long
    as the app, so scanning them is wasted work.
    """
    gc.freeze()


class QuoteFilterScreen(Screen[None]):
    """The filter layer of the film screen (FilmScreen sets the state named here)."""

    film: Film
    view: QuoteView  # filter and sort state
    order: SortOrder
    query_text: str
    highlighting: bool  # `&`: every quote shown, the matches highlighted
    pushed: bool
    start_quote: int | None
    _query: Query
    _matched: bool  # False until the starting query's matches are shown
    _cursor_blink: bool

    def _make_filter_bar(self) -> FilterBar:
        """The filter's input line (hidden until `/`, shown at once with a query)."""
        bar = FilterBar(
            self.query_text,
            placeholder='filter: words, "a phrase", source:…, critic:…, region:…, -word',
            id="filter",
            select_on_focus=False,
        )
        bar.cursor_blink = self._cursor_blink
        bar.display = bool(self.query_text)
        # The bar's value is watched rather than its `Input.Changed` messages: those arrive
        # only after the typed character has been drawn, so the narrowed list would come a
        # frame (up to 1/60 s) later. Watched, the keystroke and its result are one frame
        # (as on the shelf screen).
        self.watch(bar, "value", self._filter_changed, init=False)
        return bar

    def _filter_bar(self) -> FilterBar | None:
        """The filter's input line, once it is mounted."""
        try:
            return self.query_one("#filter", FilterBar)
        except NoMatches:
            return None

    def _focus_now(self, widget: Widget) -> None:
        """Move focus before the next key is handled (`Widget.focus` is deferred, so keys
        already queued, as in a fast-typed or pasted `/helm`, would go to the old focus)."""
        self.set_focus(widget)

    @work(thread=True, group="index", exit_on_error=False)
    def _build_index(self) -> None:
        """Fold all quotes once, off the UI thread, so the first keystroke is fast."""
        self.view.index.build()
        freeze_long_lived_objects()

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

    def _filter_changed(self, value: str) -> None:
        """Narrow the quotes on every keystroke."""
        self.query_text = value
        self._refresh_quotes()

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
            bar.value = ""  # the watcher (_filter_changed) shows every quote again
        bar.keep()
        bar.display = False
        self._focus_now(self.query_one(QuoteList))

    def action_back(self) -> None:
        """Back to the screen that pushed this one (the shelf)."""
        if self.pushed:
            self.dismiss(None)

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
        self, visible: list[int], matching: list[int] | None, keep: int | None, land: bool = False
    ) -> None:
        """Show these quotes (highlighting those `matching`, None: all) with the cursor
        on quote `keep` if it is among them (with `land`, at the top of the view)."""
        quotes = self.query_one(QuoteList)
        if not self._matched:
            quotes.empty_message = f"Matching “{self.query_text}”…"
        elif self.film.quotes:
            quotes.empty_message = f"No quotes match “{self.query_text}”"
        else:
            quotes.empty_message = "No quotes"
        quotes.show(visible, self._query, keep=keep, matching=matching, land=land)
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
        short = None
        if total == 0:
            status = "no quotes"
        elif not self._matched:
            status = f"matching in {total:,}…"
        elif not self._query.terms:
            status = f"{total:,} quote{'s' if total != 1 else ''}"
        elif matches == 0:
            status = f"no match of {total:,}"
        else:
            status, short = f"{matches:,} of {total:,} match", f"{matches:,}/{total:,} match"
        # Importance: how soon a part is shortened, then left out, when the line is narrow
        # (higher, sooner). Every part is said, shortened if need be, while it fits.
        parts = [Part(status, 0, short)]
        if quotes.selection.marked:
            marked = len(quotes.selection.marked)
            parts.append(Part(f"{marked} marked", 1, f"{marked} ✓"))
        if self._query.terms:  # the mode says what the filter does, so only with one
            if self.highlighting:
                parts.append(Part("all shown, n/N", 3, "all shown"))
            else:
                parts.append(Part("others hidden", 3, "rest hidden"))
        parts.append(Part(self.order.value, 2, self.order.short))
        self.query_one("#quote-status", StatusLine).show(parts)

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
