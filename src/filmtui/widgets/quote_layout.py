"""Where each shown quote lies in the quote list: its height, and the line it starts at.

Only quotes on screen are wrapped, so every other quote's height is estimated from its
length; a quote's height becomes exact the first time it is wrapped, and the prefix sums
of heights (one C-speed `accumulate`) are rebuilt. Kept apart from the widget, which
scrolls, draws and moves the cursor with these numbers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

SEPARATOR = 1  # blank line after each quote


class QuoteLayout:
    """The heights and starting lines of the quotes shown, at one wrap width."""

    def __init__(self, lengths: Sequence[int]) -> None:
        """A layout of quotes whose text lengths (with the header's) are `lengths`."""
        self.lengths = lengths
        self.width = 0
        self.exact: dict[int, int] = {}  # quote index -> height at `width`
        self.heights: list[int] = []
        self.starts: list[int] = [0]

    def estimate(self, order: Sequence[int], width: int) -> bool:
        """Heights for the quotes `order` wrapped at `width` (exact where known, else
        estimated); True if the width changed (the exact heights are then forgotten)."""
        changed = width != self.width
        if changed:
            self.width = width
            self.exact.clear()
        lengths, exact = self.lengths, self.exact
        extra = 1 + SEPARATOR  # header line and separator
        self.heights = [exact.get(i) or (lengths[i] + width - 1) // width + extra for i in order]
        self.rebuild_starts()
        return changed

    def rebuild_starts(self) -> None:
        """Rebuild the prefix sums of heights."""
        self.starts = list(accumulate(self.heights, initial=0))

    def make_exact(
        self, order: Sequence[int], first: int, last: int, lines: Callable[[int], int]
    ) -> bool:
        """Give positions first..last their exact heights (`lines(index)`: the wrapped
        lines of a quote); True if any height changed (then `rebuild_starts`)."""
        changed = False
        for position in range(first, min(last, len(order) - 1) + 1):
            index = order[position]
            if index not in self.exact:
                height = lines(index) + SEPARATOR
                self.exact[index] = height
                if self.heights[position] != height:
                    self.heights[position] = height
                    changed = True
        return changed

    def position_at_line(self, line: int, count: int) -> int:
        """The position (of `count` shown) of the quote that covers line `line`."""
        return max(0, min(bisect_right(self.starts, line) - 1, count - 1))

    def text_end(self, position: int) -> int:
        """The line after the last of the quote at `position` (its separator)."""
        return self.starts[position] + self.heights[position] - SEPARATOR

    def shown_position(self, top: int, view: int, count: int) -> int:
        """The quote a page of `view` lines from line `top` shows: its first whole
        quote, else (inside a quote taller than the page) the one covering most of it."""
        best, best_lines = self.position_at_line(top, count), 0
        for position in range(best, self.position_at_line(top + view - 1, count) + 1):
            start, end = self.starts[position], self.text_end(position)
            if start >= top and end <= top + view:
                return position
            lines = min(end, top + view) - max(start, top)
            if lines > best_lines:
                best, best_lines = position, lines
        return best
