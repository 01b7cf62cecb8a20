"""The quote list's scrolling: quotes of any height, laid out only where they are seen.

Where each quote lies is estimated until it is drawn (widgets/quote_layout.py); this layer
of the quote list makes the heights on screen exact, scrolls (a page, to the current quote,
with the wheel) and keeps the current quote the one the view shows, so `y` never copies a
quote the user cannot see.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.geometry import Region, Size

from filmtui.widgets.quote_layout import QuoteLayout
from filmtui.widgets.quote_marks import MarkedList

GUTTER = 2  # "▌" marks the current quote; "✓" after it, a marked one
MIN_WRAP = 10  # narrower views crop rather than wrap a long quote into countless lines


class ScrolledQuotes(MarkedList):
    """A cursor list of quotes of any height (the quote list sets the state named here,
    and wraps the quotes)."""

    _layout: QuoteLayout
    #: The next scroll to the cursor puts it at the top of the view (see QuoteList.show);
    #: kept until the list is laid out, since the first resize does that scroll.
    _landing = False

    def _wrap(self, index: int) -> list[Content]:
        """The wrapped lines of one quote."""
        raise NotImplementedError

    def _clear_rendered(self) -> None:
        """Forget wrapped and rendered quotes."""
        raise NotImplementedError

    @property
    def _laid_out(self) -> bool:
        """True once heights exist for the current width and order."""
        return bool(self._layout.width) and len(self._layout.heights) == len(self._order)

    @property
    def _starts(self) -> list[int]:
        """The virtual line each shown quote starts at (and, last, the total)."""
        return self._layout.starts

    def _relayout(self) -> None:
        """Recompute heights and the virtual size for the current width and order."""
        if not self.scrollable_content_region.width:
            return  # not laid out yet: the first resize lays out
        width = max(MIN_WRAP, self.scrollable_content_region.width - GUTTER)
        if self._layout.estimate(self._order, width):
            self._clear_rendered()
        self._refresh_size()

    def _refresh_size(self) -> None:
        """Set the virtual size from the layout."""
        total = self._starts[-1] if self._order else 1
        self.virtual_size = Size(self.scrollable_content_region.width, total)

    def _make_exact(self, first: int, last: int) -> bool:
        """Give positions first..last their exact heights; True if any changed (the
        starts and the virtual size are then rebuilt)."""
        if not self._laid_out:
            return False
        lines = self._layout.make_exact(self._order, first, last, lambda i: len(self._wrap(i)))
        if lines:
            self._layout.rebuild_starts()
            self._refresh_size()
        return lines

    def _position_at_line(self, line: int) -> int:
        """The position of the quote that covers virtual line `line`."""
        return self._layout.position_at_line(line, len(self._order))

    def _settle_viewport(self) -> None:
        """Make the heights of every quote in the viewport exact (a few passes at most)."""
        if not self._order or not self.scrollable_content_region.width:
            return  # not laid out yet
        if not self._laid_out:
            self._relayout()  # drawn before the first resize
        for _ in range(8):
            top = self.scroll_offset.y
            first = self._position_at_line(top)
            last = self._position_at_line(top + self.scrollable_content_region.height)
            if not self._make_exact(first, last):
                return

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scroll as ScrollView does; and when the current quote leaves the view (the
        mouse wheel, the scrollbar), the quote the view shows becomes current, so `y`
        never copies a quote the user cannot see."""
        super().watch_scroll_y(old_value, new_value)
        if not self._order or not self._laid_out:
            return
        top, view = round(new_value), max(1, self.scrollable_content_region.height)
        position = min(self.cursor, len(self._order) - 1)
        if self._layout.text_end(position) <= top or self._starts[position] >= top + view:
            self.cursor = self._shown_position(top, view)

    def on_resize(self, event: events.Resize) -> None:
        """Rewrap for the new width, keeping the current quote in view."""
        self._relayout()
        self._scroll_to_cursor()

    def _scroll_to_cursor(self, top: bool = False) -> None:
        """Scroll so the current quote is visible (its top, if it is taller than the view,
        unless the view is already inside it)."""
        if self._order and not self._laid_out:
            return  # the first resize lays out and scrolls
        top, self._landing = top or self._landing, False
        if not self._order:
            self.scroll_to(y=0, animate=False, immediate=True)
            return
        position = min(self.cursor, len(self._order) - 1)
        self._make_exact(position, position)
        start, height = self._starts[position], self._layout.heights[position]
        view = self.scrollable_content_region.height
        if top:
            self.scroll_to(y=start, animate=False, immediate=True)
            return
        scrolled = self.scroll_offset.y
        if start <= scrolled and scrolled + view <= self._layout.text_end(position):
            return  # a quote taller than the view fills it: stay where it was scrolled to
        region = Region(0, start, 1, min(height, max(1, view)))
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def _page(self, direction: int) -> None:
        """Scroll one page; the current quote becomes the one the page shows (see
        `_shown_position`), so `y` copies a quote that is on screen."""
        if not self._order or not self._laid_out:
            return
        view = max(1, self.scrollable_content_region.height)
        top = max(0, min(self.scroll_offset.y + direction * view, self._starts[-1] - view))
        self.scroll_to(y=top, animate=False, immediate=True)
        self._settle_viewport()  # exact heights for what the page shows
        position = self._shown_position(top, view)
        if direction > 0 and top + view >= self._starts[-1]:
            position = len(self._order) - 1  # at the end, PgDn reaches the last quote
        if direction < 0 and top == 0:
            position = 0
        self.cursor = position

    def _shown_position(self, top: int, view: int) -> int:
        """The quote a page from line `top` shows (QuoteLayout.shown_position)."""
        return self._layout.shown_position(top, view, len(self._order))

    def _position_at(self, y: int) -> int:
        """The quote at line `y` of the viewport (a click makes it current)."""
        return self._position_at_line(self.scroll_offset.y + y)
