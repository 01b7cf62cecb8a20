"""The critic-quote list: a virtual Line-API `ScrollView` that stays smooth at 100,000 quotes.

Only quotes on screen are wrapped and rendered: where each quote lies is estimated until
it is drawn (widgets/quote_layout.py), and its lines are built by widgets/quote_lines.py;
this widget scrolls, draws the lines on screen, and keeps the cursor and the marks.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from filmtui.matching import Query, highlight_spans
from filmtui.model import Quote
from filmtui.sanitize import display_text
from filmtui.selection import Selection
from filmtui.widgets.navigation import navigation_bindings
from filmtui.widgets.quote_layout import QuoteLayout
from filmtui.widgets.quote_lines import quote_lines
from filmtui.widgets.quote_marks import MarkedList

GUTTER = 2  # "▌" marks the current quote; "✓" after it, a marked one
MIN_WRAP = 10  # narrower views crop rather than wrap a long quote into countless lines


class QuoteList(MarkedList):
    """A scrollable list of quotes with a current quote and highlighted matches."""

    COMPONENT_CLASSES = {
        "quote-list--publication",
        "quote-list--critic",
        "quote-list--region",
        "quote-list--cursor",
        "quote-list--gutter",
        "quote-list--highlight",
        "quote-list--empty",
        "quote-list--mark",
    }

    BINDINGS = [
        *navigation_bindings("quotes"),
        Binding("m", "toggle_mark", "Mark / unmark", show=False, id="quotes.mark"),
        Binding(
            "ctrl+a", "mark_all", "Mark all shown (again: unmark)", show=False, id="quotes.mark_all"
        ),
        Binding("n", "next_match", "Next match", show=False, id="quotes.next_match"),
        Binding("N", "previous_match", "Previous match", show=False, id="quotes.previous_match"),
    ]

    class MarksChanged(Message):
        """Quotes were marked or unmarked."""

    def __init__(
        self,
        quotes: Sequence[Quote],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._quotes = quotes
        self._lengths = [len(quote.text) + len(quote.publication) for quote in quotes]
        self._order: list[int] = list(range(len(quotes)))
        self._query = Query(())
        self.selection = Selection()  # marks, and which shown quotes match (n/N)
        self.empty_message = "No quotes"
        self._layout = QuoteLayout(self._lengths)  # heights and starts at the wrap width
        # Wrapped lines per quote (they also give its exact height), and rendered strips
        # per visible line: a 10,000-line quote renders only the lines on screen.
        self._wrapped: LRUCache[int, list[Content]] = LRUCache(512)
        self._strips: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)
        self._linked_review = False  # whether the current quote links a review

    # ----------------------------------------------------------------- public API

    @property
    def order(self) -> list[int]:
        """Indices of the visible quotes, in display order."""
        return self._order

    @property
    def current_quote(self) -> int | None:
        """Index (into the record) of the current quote, or None when nothing is shown."""
        if not self._order:
            return None
        return self._order[min(self.cursor, len(self._order) - 1)]

    def show(
        self,
        order: list[int],
        query: Query,
        keep: int | None = None,
        matching: Collection[int] | None = None,
    ) -> None:
        """Show these quotes in this order, highlighting `query` in those `matching` it
        (None: every one shown, as when the filter hides the rest).

        The cursor stays on quote `keep` if it is still shown, else goes to the first
        (with `matching`, to the first match from there).
        """
        self._order = order
        if query != self._query:
            self._query = query
            self._clear_rendered()
        self.selection.show(order, matching)
        self._relayout()
        position = 0
        if keep is not None:
            try:
                position = order.index(keep)
            except ValueError:
                position = 0
        position = self.selection.nearest_match(position)
        self.cursor = position
        self._scroll_to_cursor(top=keep is None or position == 0)
        self.refresh()

    # ------------------------------------------------------------------ layout

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

    def notify_style_update(self) -> None:
        """Drop rendered lines when the theme or styles change."""
        super().notify_style_update()
        self._clear_rendered()

    def _clear_rendered(self) -> None:
        """Forget wrapped and rendered quotes (after a change of width, query or style)."""
        self._wrapped.clear()
        self._strips.clear()

    # ---------------------------------------------------------------- rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        """Settle exact heights for what is on screen, then render line by line."""
        self._settle_viewport()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Render one line of the viewport."""
        width = self.scrollable_content_region.width
        if not self._order:
            if y != 0:
                return Strip.blank(width, self.rich_style)
            style = self.get_visual_style("quote-list--empty")
            # Indented as the quotes' text is, past the gutter.
            message = Content(" " * GUTTER + display_text(self.empty_message))
            return self._strip(message.stylize(style), width)
        line = self.scroll_offset.y + y
        if not self._laid_out or line >= self._starts[-1]:
            return Strip.blank(width, self.rich_style)
        position = self._position_at_line(line)
        index = self._order[position]
        offset = line - self._starts[position]
        lines = self._wrap(index)
        if offset >= len(lines):
            return Strip.blank(width, self.rich_style)  # the separator after a quote
        cursor = position == self.cursor
        mark = offset == 0 and index in self.selection.marked
        key = (index, offset, cursor, mark)
        strip = self._strips.get(key)
        if strip is None:
            base = self.get_visual_style("quote-list--cursor") if cursor else self.visual_style
            gutter = self._gutter(cursor, mark)
            segments = Content.assemble(gutter, lines[offset]).render_segments(base)
            strip = Strip(segments).adjust_cell_length(width, base.rich_style)
            self._strips[key] = strip
        return strip.crop(0, width)

    def _wrap(self, index: int) -> list[Content]:
        """The wrapped lines of one quote, header first, with its matches highlighted."""
        cached = self._wrapped.get(index)
        if cached is not None:
            return cached
        quote = self._quotes[index]
        lit = self._query.shown_terms and self.selection.is_match(index)
        matches = highlight_spans(quote, self._query) if lit else {}
        lines = quote_lines(
            quote,
            matches,
            self._layout.width,
            lambda style_class: self.get_visual_style(style_class, partial=True),
            isolate=not self.app.is_web,
        )
        self._wrapped[index] = lines
        return lines

    def _strip(self, content: Content, width: int) -> Strip:
        """One line of content, padded to the width."""
        [line, *_] = content.wrap(max(1, width)) or [Content()]
        return Strip(line.render_segments(self.visual_style)).adjust_cell_length(
            width, self.rich_style
        )

    # ------------------------------------------------------------------ cursor

    def watch_cursor(self, old: int, new: int) -> None:
        """Redraw the quotes that gained and lost the cursor; and the keys when the
        current quote links a review and the last did not, or the other way round (what
        `o` opens depends on it; refreshing the keys on every move would slow PgDn)."""
        self.refresh()
        index = self.current_quote
        links = index is not None and self._quotes[index].url is not None
        if links != self._linked_review:
            self._linked_review = links
            self.refresh_bindings()

    def _length(self) -> int:
        """How many quotes are shown."""
        return len(self._order)

    def _scroll_to_cursor(self, top: bool = False) -> None:
        """Scroll so the current quote is visible (its top, if it is taller than the view,
        unless the view is already inside it)."""
        if self._order and not self._laid_out:
            return  # the first resize lays out and scrolls
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

    def _marks_changed(self) -> None:
        """Redraw the marks and tell the screen (for its count)."""
        self.refresh()
        self.post_message(self.MarksChanged())
