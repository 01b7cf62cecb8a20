"""What every list of the browser shares: a current position moved by less's and vim's
keys (j/k, g/G, the page keys) and by a click.

The lists differ in what a page is (fixed-height rows, or quotes of any height) and in
how they scroll to the current item, so those stay theirs (`_page`, `_scroll_to_cursor`,
`_position_at`); the moves and their keys are written once here.
"""

from __future__ import annotations

from textual import events
from textual.reactive import reactive
from textual.scroll_view import ScrollView


class CursorList(ScrollView, can_focus=True):
    """A virtual list with a current item; subclasses give its keys ids with
    `navigation_bindings` (widgets/navigation.py)."""

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Position of the current item."""

    def _length(self) -> int:
        """How many items the list shows."""
        raise NotImplementedError

    def _scroll_to_cursor(self) -> None:
        """Scroll so the current item is visible."""
        raise NotImplementedError

    def _page(self, direction: int) -> None:
        """Move a page down (direction +1) or up (-1)."""
        raise NotImplementedError

    def _position_at(self, y: int) -> int | None:
        """The position of the item at line `y` of the viewport, if any."""
        raise NotImplementedError

    def _double_clicked(self) -> None:
        """A double click on the current item (nothing, unless the list says)."""

    def move_to(self, position: int) -> None:
        """Put the cursor on `position` (clamped) and bring that item into view."""
        if not self._length():
            return
        self.cursor = max(0, min(position, self._length() - 1))
        self._scroll_to_cursor()

    def action_cursor_down(self) -> None:
        """Move to the next item."""
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Move to the previous item."""
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        """Move to the first item."""
        self.move_to(0)

    def action_last(self) -> None:
        """Move to the last item."""
        self.move_to(self._length() - 1)

    def action_page_down(self) -> None:
        """Move a page down."""
        self._page(+1)

    def action_page_up(self) -> None:
        """Move a page up."""
        self._page(-1)

    def on_click(self, event: events.Click) -> None:
        """A click makes an item current; a double click may open it."""
        position = self._position_at(event.y) if self._length() else None
        if position is not None:
            self.cursor = position
            if event.chain == 2:
                self._double_clicked()
