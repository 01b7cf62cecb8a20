"""A one-line status made of parts, of which the least important give way when narrow.

Textual crops a line that does not fit at the edge, mid-word; this line instead leaves
out whole parts, least important first, so what it shows always reads whole.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

SEPARATOR = " · "


def fit_parts(parts: list[tuple[str, int]], width: int) -> list[str]:
    """The texts of `parts` (text, importance: higher goes first when narrow) that fit in
    `width` cells joined by SEPARATOR, in their order; the first part always stays."""
    kept = list(parts)
    while len(kept) > 1 and len(SEPARATOR.join(text for text, _ in kept)) > width:
        kept.remove(max(kept[1:], key=lambda part: part[1]))
    return [text for text, _ in kept]


class StatusLine(Widget):
    """A status line: its first part in bold, then the others that fit."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: list[tuple[str, int]] = []

    def show(self, parts: list[tuple[str, int]]) -> None:
        """Show these parts (text, how soon it gives way when narrow: higher, sooner)."""
        self._parts = parts
        self.refresh()

    def render(self) -> Content:
        """The parts that fit the width, the first in bold."""
        width = self.content_size.width
        texts = fit_parts(self._parts, width) if width else [text for text, _ in self._parts]
        if not texts:
            return Content()
        return Content.assemble((texts[0], "bold"), *(f"{SEPARATOR}{text}" for text in texts[1:]))
