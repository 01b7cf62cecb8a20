"""A virtual list of fixed-height rows fetched from a query one page at a time.

The shelf can hold 100,000 films or quotes, so this list holds none of them: it knows how
many rows there are and asks its `fetch(offset, limit)` for the page under the viewport
(a few recent pages are cached). Each row is drawn by the owner's `draw` function, which
returns the row's lines as `Content` (already safe to show). It is a Line-API `ScrollView`:
only visible lines are rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style

from filmtui.widgets.cursor_list import CursorList
from filmtui.widgets.navigation import navigation_bindings

PAGE = 64  # rows fetched per query

#: Draws a row: (the list, the row, the list's width) -> the row's lines.
Draw = Callable[["RowList", object, int], list[Content]]
Fetch = Callable[[int, int], Sequence[object]]


class RowList(CursorList):
    """Rows of `row_height` lines with a current row; Enter posts `Chosen`."""

    COMPONENT_CLASSES = {
        "row-list--cursor",
        "row-list--gutter",
        "row-list--highlight",
        "row-list--muted",
        "row-list--title",
        "row-list--bad",
        "row-list--empty",
    }

    BINDINGS = [
        *navigation_bindings("rows"),
        Binding("enter", "choose", "Open", id="rows.open"),
    ]

    class Chosen(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, rows: RowList, row: object) -> None:
            super().__init__()
            self.rows = rows
            self.row = row

        @property
        def control(self) -> RowList:
            """The list the row was chosen in (for `@on(RowList.Chosen, "#id")`)."""
            return self.rows

    def __init__(self, draw: Draw, *, row_height: int = 1, id: str | None = None) -> None:
        """An empty list drawing rows with `draw`; `show` gives it rows."""
        super().__init__(id=id)
        self._draw = draw
        self.row_height = row_height
        self.count = 0
        self._fetch: Fetch = lambda offset, limit: []
        self._complete: Callable[[], None] | None = None
        self._pages: LRUCache[int, Sequence[object]] = LRUCache(8)
        self._strips: LRUCache[tuple[int, int, bool], Strip] = LRUCache(512)
        self.empty_message = "Nothing here"

    # ----------------------------------------------------------------- public API

    def show(
        self, count: int, fetch: Fetch, *, keep_position: bool = False,
        complete: Callable[[], None] | None = None,
    ) -> None:  # fmt: skip
        """Show `count` rows fetched by `fetch`; the cursor goes to the top unless
        `keep_position` (then it stays where it was, clamped). With `complete`, `count` is
        only the rows known so far: the owner calls `grow` when it knows them all, and
        `complete()` must make it do so at once (called when a key goes past the end)."""
        self.count = count
        self._fetch = fetch
        self._complete = complete
        self.clear_cache()
        self._size_to_count()
        position = min(self.cursor, count - 1) if keep_position else 0
        self.cursor = max(0, position)
        if keep_position:
            self._scroll_to_cursor()
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def grow(self, count: int, fetch: Fetch) -> None:
        """Now `count` rows, fetched by `fetch`, are known (see `show`): the rows fetched
        so far, the cursor and the scroll stay."""
        self.count = count
        self._fetch = fetch
        self._complete = None
        self._size_to_count()
        self.refresh()

    def _size_to_count(self) -> None:
        """Make the scrollable area as tall as the rows."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.count * self.row_height)

    def _known_to(self, position: int) -> None:
        """Before a move to `position`: if it is past the rows known so far, have them all
        (see `show`)."""
        if position >= self.count and self._complete is not None:
            self._complete()

    def move_to(self, position: int) -> None:
        """Put the cursor on `position` (clamped), once every row is known if it is past
        those known so far, and bring that row into view."""
        self._known_to(position)
        super().move_to(position)

    def action_last(self) -> None:
        """Move to the last row, once every row is known."""
        self._known_to(self.count)
        super().action_last()

    def clear_cache(self) -> None:
        """Forget fetched and rendered rows (the query or the styles changed)."""
        self._pages.clear()
        self._strips.clear()

    def row_at(self, position: int) -> object | None:
        """The row at `position`, fetched with its page if need be."""
        if not 0 <= position < self.count:
            return None
        page = self._pages.get(position // PAGE)
        if page is None:
            page = self._fetch(position // PAGE * PAGE, PAGE)
            self._pages[position // PAGE] = page
        offset = position % PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current_row(self) -> object | None:
        """The row under the cursor, or None when the list is empty."""
        return self.row_at(self.cursor)

    # ---------------------------------------------------------------- rendering

    def notify_style_update(self) -> None:
        """Drop rendered lines when the theme or styles change."""
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        """New width: rows are drawn again; keep the current row in view."""
        self._strips.clear()
        self._size_to_count()
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        """Render one line of the viewport."""
        width = self.scrollable_content_region.width
        if not self.count:
            if y != 0:
                return Strip.blank(width, self.rich_style)
            style = self.get_visual_style("row-list--empty")
            line = Content(self.empty_message).stylize(style).truncate(width, ellipsis=True)
            return self._finish(line, width, self.visual_style)
        line_number = self.scroll_offset.y + y
        position, offset = divmod(line_number, self.row_height)
        if position >= self.count:
            return Strip.blank(width, self.rich_style)
        cursor = position == self.cursor
        strip = self._strips.get((position, offset, cursor))
        if strip is None:
            # A row is drawn once for all its lines (its other lines come next).
            row = self.row_at(position)
            lines = self._draw(self, row, max(1, width - 2)) if row is not None else []
            base = self.get_visual_style("row-list--cursor") if cursor else self.visual_style
            gutter_style = self.get_visual_style("row-list--gutter", partial=True)
            for number in range(self.row_height):
                text = lines[number] if number < len(lines) else Content()
                gutter = Content("▌ " if cursor and number == 0 else "  ").stylize(gutter_style)
                drawn = self._finish(Content.assemble(gutter, text), width, base)
                self._strips[(position, number, cursor)] = drawn
                if number == offset:
                    strip = drawn
        assert strip is not None
        return strip

    def _finish(self, content: Content, width: int, style: Style) -> Strip:
        """One line of content in `style`, cropped or padded to `width`."""
        segments = content.truncate(width).render_segments(style)
        return Strip(segments).adjust_cell_length(width, style.rich_style)

    # ------------------------------------------------------------------ cursor

    def watch_cursor(self, old: int, new: int) -> None:
        """Redraw the rows that gained and lost the cursor."""
        self.refresh()

    def _length(self) -> int:
        """How many rows there are."""
        return self.count

    def _scroll_to_cursor(self) -> None:
        """Scroll so the current row is visible."""
        if not self.count:
            return
        region = Region(0, self.cursor * self.row_height, 1, self.row_height)
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def _page(self, direction: int) -> None:
        """Move a page down (+1) or up (-1)."""
        self.move_to(self.cursor + direction * self._page_rows())

    def _page_rows(self) -> int:
        """How many rows fit in the view."""
        return max(1, self.scrollable_content_region.height // self.row_height)

    def action_choose(self) -> None:
        """Open the current row (the screen decides what that means)."""
        row = self.current_row
        if row is not None:
            self.post_message(self.Chosen(self, row))

    def _position_at(self, y: int) -> int | None:
        """The row at line `y` of the viewport, if there is one."""
        position = (self.scroll_offset.y + y) // self.row_height
        return position if position < self.count else None

    def _double_clicked(self) -> None:
        """A double click opens the row."""
        self.action_choose()
