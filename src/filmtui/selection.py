"""Which quotes are marked, and which of those shown match the filter: the state behind
fzf's marks (`m`, ctrl+a, as `fzf -m` with Tab) and less's `n`/`N`, without textual.

Quotes are named by their index in the record, so marks survive filtering and sorting;
matches are kept as positions in the shown order, so `n`/`N` are a bisection.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Sequence


class Selection:
    """The marked quotes of a list, and where the matching ones are in its order."""

    def __init__(self) -> None:
        self.marked: set[int] = set()
        self._order: Sequence[int] = ()
        self._matching: frozenset[int] | None = None  # None: every shown quote matches
        self._positions: list[int] = []

    # ------------------------------------------------------------------ matches

    def show(self, order: Sequence[int], matching: Collection[int] | None) -> None:
        """The list now shows `order`, of which `matching` match (None: all of them)."""
        self._order = order
        self._matching = None if matching is None else frozenset(matching)
        if self._matching is None:
            self._positions = list(range(len(order)))
        else:
            found = self._matching
            self._positions = [p for p, index in enumerate(order) if index in found]

    def is_match(self, index: int) -> bool:
        """Whether quote `index` matches the filter."""
        return self._matching is None or index in self._matching

    @property
    def match_count(self) -> int:
        """How many of the shown quotes match."""
        return len(self._positions)

    def nearest_match(self, position: int) -> int:
        """`position` if its quote matches, else the next match, wrapping round (as a new
        search in less moves to the first match after the current line)."""
        positions = self._positions
        if not positions or position >= len(self._order):
            return position
        if self.is_match(self._order[position]):
            return position
        return positions[bisect_left(positions, position) % len(positions)]

    def next_match(self, position: int, direction: int) -> tuple[int, bool] | None:
        """The position of the next match after `position` (direction +1) or before it
        (-1), and whether that wrapped round the end; None when nothing matches."""
        positions = self._positions
        if not positions:
            return None
        if direction > 0:
            found = bisect_right(positions, position)
            wrapped = found == len(positions)
            return positions[0 if wrapped else found], wrapped
        found = bisect_left(positions, position) - 1
        return positions[found], found < 0

    # -------------------------------------------------------------------- marks

    def toggle(self, index: int) -> None:
        """Mark quote `index`, or unmark it."""
        self.marked.symmetric_difference_update({index})

    def toggle_all(self, shown: Collection[int]) -> None:
        """Mark every quote in `shown`; when they all are marked already, unmark them."""
        shown = set(shown)
        if shown <= self.marked:
            self.marked -= shown
        else:
            self.marked |= shown

    def in_order(self, order: Sequence[int]) -> list[int]:
        """The marked quotes, in `order` (which must hold them all)."""
        return [index for index in order if index in self.marked]
