"""The critic-quote list: a virtual Line-API `ScrollView` that stays smooth at 100,000 quotes.

Only quotes on screen are wrapped and rendered: where each quote lies is estimated until
it is drawn (widgets/quote_layout.py) and scrolled through by widgets/quote_scroll.py, its
lines are built by widgets/quote_lines.py, and its marks and matches kept by
widgets/quote_marks.py; this widget holds the bindings, shows a view's quotes and draws
the lines on screen.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from filmtui.highlight import highlight_spans
from filmtui.matching import Query
from filmtui.model import Quote
from filmtui.sanitize import display_text
from filmtui.selection import Selection
from filmtui.web_address import web_address
from filmtui.widgets.navigation import navigation_bindings
from filmtui.widgets.quote_layout import QuoteLayout
from filmtui.widgets.quote_lines import quote_lines
from filmtui.widgets.quote_scroll import GUTTER, ScrolledQuotes


class QuoteList(ScrolledQuotes):
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
        self._linked_review = False  # whether the current quote links a web review

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
        *,
        land: bool = False,
    ) -> None:
        """Show these quotes in this order, highlighting `query` in those `matching` it
        (None: every one shown, as when the filter hides the rest).

        The cursor stays on quote `keep` if it is still shown, else goes to the first
        (with `matching`, to the first match from there). With `land` (a film opened at
        quote `keep`), that quote is put at the top of the view, where the eye goes, as
        less puts a search hit; else the view scrolls only as far as it must.
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
        self._landing = land
        self._scroll_to_cursor(top=keep is None or position == 0)
        self.refresh()

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
        links = index is not None and web_address(self._quotes[index].url) is not None
        if links != self._linked_review:
            self._linked_review = links
            self.refresh_bindings()

    def _length(self) -> int:
        """How many quotes are shown."""
        return len(self._order)

    def _marks_changed(self) -> None:
        """Redraw the marks and tell the screen (for its count)."""
        self.refresh()
        self.post_message(self.MarksChanged())
