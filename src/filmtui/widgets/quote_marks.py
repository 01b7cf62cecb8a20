"""The quote list's marks and matches: fzf's `m` and ctrl+a, less's `n` and `N`.

The state lives in a `Selection` (filmtui.selection); this layer of the quote list holds
the keys that act on it and the mark drawn before a marked quote.
"""

from __future__ import annotations

from textual.content import Content

from filmtui.matching import Query
from filmtui.selection import Selection
from filmtui.widgets.cursor_list import CursorList


class MarkedList(CursorList):
    """A cursor list whose quotes can be marked and whose matches `n`/`N` visit (the
    quote list sets the state named here and the bindings, with their ids)."""

    selection: Selection
    _query: Query
    _order: list[int]

    @property
    def current_quote(self) -> int | None:
        """Index (into the record) of the current quote, or None when nothing is shown."""
        raise NotImplementedError

    def _marks_changed(self) -> None:
        """Redraw the marks and tell whoever counts them."""
        raise NotImplementedError

    def _gutter(self, cursor: bool, mark: bool) -> Content:
        """The two columns before a line: the cursor's bar, then the mark (on the first
        line of a marked quote)."""
        gutter = self.get_visual_style("quote-list--gutter", partial=True)
        if not mark:
            return Content("▌ " if cursor else "  ").stylize(gutter)
        tick = Content("✓").stylize(self.get_visual_style("quote-list--mark", partial=True))
        return Content.assemble(Content("▌" if cursor else " ").stylize(gutter), tick)

    def action_next_match(self) -> None:
        """`n`: the next quote that matches the filter, wrapping round to the first."""
        self._jump_to_match(+1)

    def action_previous_match(self) -> None:
        """`N`: the previous quote that matches the filter, wrapping round to the last."""
        self._jump_to_match(-1)

    def _jump_to_match(self, direction: int) -> None:
        """Move to the next match in `direction`; say so when that wraps round."""
        found = self.selection.next_match(self.cursor, direction) if self._query.terms else None
        if found is None:
            self.notify(
                "No quote matches the filter"
                if self._query.terms
                else "No filter: type one with /",
                severity="warning",
                timeout=3,
            )
            return
        position, wrapped = found
        if wrapped:
            where = "first" if direction > 0 else "last"
            self.notify(f"Wrapped round to the {where} match", timeout=2)
        self.move_to(position)

    def action_toggle_mark(self) -> None:
        """`m`: mark the current quote, or unmark it."""
        index = self.current_quote
        if index is not None:
            self.selection.toggle(index)
            self._marks_changed()

    def action_mark_all(self) -> None:
        """ctrl+a: mark every shown quote; when they all are already, unmark them."""
        self.selection.toggle_all(self._order)
        self._marks_changed()
