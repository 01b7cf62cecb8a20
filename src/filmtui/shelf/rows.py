"""The rows the shelf index answers with: a film as listed, a quote with its film.

Plain slotted classes filled from SQL rows in the order of their fields (the SELECTs in
shelf.index name the same fields). This module does not import textual.
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FILM_FIELDS = "path, title, year, runtime, directors, rating, quote_count, mtime_ns, export"
FILM_SELECT = "SELECT " + ", ".join(
    f"e.{name}" if name == "export" else f"films.{name}" for name in FILM_FIELDS.split(", ")
)
QUOTE_FIELDS = "path, title, year, position, publication, critic, region, date, text, export"


class FilmRow:
    """One film of the shelf as listed: enough to draw a line and export it."""

    __slots__ = FILM_FIELDS.split(", ")
    path: str  # relative to the shelf
    title: str
    year: int | None
    runtime: int | None
    directors: str  # the directors' names joined by ", " ("" if none)
    rating: str | None  # the rating's classification
    quote_count: int
    mtime_ns: int
    export: str  # the film's compact JSON export, one line, terminal-safe

    def __init__(self, *values: Any) -> None:
        """A row, in FILM_FIELDS order."""
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


class QuoteRow:
    """One quote of the shelf with its film; duck-types as a Quote for highlight_spans."""

    __slots__ = QUOTE_FIELDS.split(", ")
    path: str  # the film's file, relative to the shelf
    title: str
    year: int | None
    position: int  # index of the quote in its film's record
    publication: str
    critic: str | None
    region: str | None
    date: dt.date | None
    text: str
    export: str  # the quote's compact JSON export, one line, terminal-safe

    def __init__(self, *values: Any) -> None:
        """A row, in QUOTE_FIELDS order (the date as the index keeps it, ISO text)."""
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)
        if self.date is not None:
            self.date = dt.date.fromisoformat(str(self.date))
