"""A one-line status made of parts, of which the least important give way when narrow.

Textual crops a line that does not fit at the edge, mid-word; this line instead first says
parts in their shorter forms, least important first, and only then leaves out whole parts,
so that what it shows always reads whole and every part is said while any form of it fits.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.content import Content
from textual.widget import Widget

SEPARATOR = " · "


class Part(NamedTuple):
    """One part of a status line."""

    text: str
    importance: int  # how soon it gives way when the line is narrow: higher, sooner
    short: str | None = None  # a shorter form, said before any part is left out


def fit_parts(parts: list[Part], width: int) -> list[str]:
    """The texts of `parts` that fit in `width` cells joined by SEPARATOR, in their order:
    all of them, in their short forms as needed (the most dispensable shortened first),
    then without the most dispensable; the first part always stays."""
    texts = [part.text for part in parts]
    kept = list(range(len(parts)))

    def width_of() -> int:
        """The width of the line as it now stands."""
        return len(SEPARATOR.join(texts[index] for index in kept))

    by_dispensability = sorted(kept, key=lambda index: -parts[index].importance)
    for index in by_dispensability:
        if width_of() <= width:
            break
        texts[index] = parts[index].short or texts[index]
    for index in by_dispensability:
        if width_of() <= width or len(kept) == 1:
            break
        if index:
            kept.remove(index)
    return [texts[index] for index in kept]


class StatusLine(Widget):
    """A status line: its first part in bold, then the others that fit."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: list[Part] = []

    def show(self, parts: list[Part]) -> None:
        """Show these parts."""
        self._parts = parts
        self.refresh()

    def render(self) -> Content:
        """The parts that fit the width, the first in bold."""
        width = self.content_size.width
        texts = fit_parts(self._parts, width) if width else [part.text for part in self._parts]
        if not texts:
            return Content()
        return Content.assemble((texts[0], "bold"), *(f"{SEPARATOR}{text}" for text in texts[1:]))
