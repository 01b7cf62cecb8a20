"""The rows the shelf index answers with: a film as listed, a quote with its film (as
lists show it, or as `filmtui search` writes it).

Plain slotted classes filled from SQL rows in the order of their constructors' arguments
(the SELECTs in shelf.index name the same fields). This module does not import textual.
"""

from __future__ import annotations

import datetime as dt

FILM_FIELDS = "path, title, year, runtime, directors, rating, quote_count, mtime_ns, export"
FILM_SELECT = "SELECT " + ", ".join(
    f"e.{name}" if name == "export" else f"films.{name}" for name in FILM_FIELDS.split(", ")
)


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

    def __init__(
        self, path: str, title: str, year: int | None, runtime: int | None, directors: str,
        rating: str | None, quote_count: int, mtime_ns: int, export: str,
    ) -> None:  # fmt: skip
        """A row, in FILM_FIELDS order."""
        self.path = path
        self.title = title
        self.year = year
        self.runtime = runtime
        self.directors = directors
        self.rating = rating
        self.quote_count = quote_count
        self.mtime_ns = mtime_ns
        self.export = export


class QuoteRow:
    """One quote of the shelf with its film, as lists show it; duck-types as a Quote for
    highlight_spans and attribution_text."""

    __slots__ = ("critic", "date", "path", "position", "publication", "region", "text", "title",
                 "year")  # fmt: skip
    #: What `Shelf.quotes` reads of the quote (`q`) after its film's path, title and year.
    QUOTE_COLUMNS = "q.position, q.publication, q.critic, q.region, q.date, q.text"
    path: str  # the film's file, relative to the shelf
    title: str
    year: int | None
    position: int  # index of the quote in its film's record
    publication: str
    critic: str | None
    region: str | None
    date: dt.date | None
    text: str

    def __init__(
        self, path: str, title: str, year: int | None, position: int, publication: str,
        critic: str | None, region: str | None, date: str | None, text: str,
    ) -> None:  # fmt: skip
        """A row, the date as the index keeps it (ISO text)."""
        self.path = path
        self.title = title
        self.year = year
        self.position = position
        self.publication = publication
        self.critic = critic
        self.region = region
        self.date = None if date is None else dt.date.fromisoformat(date)
        self.text = text


class QuoteExport:
    """One quote of the shelf as `filmtui search` writes it: its film's title, year and
    path, and the quote's export."""

    __slots__ = ("export", "path", "title", "year")
    #: What `Shelf.quotes` reads of the quote (`q`) after its film's path, title and year:
    #: the export as text, so that a stored export that is not UTF-8 (damage) is found as
    #: it is read and the index repaired, never written out (store.is_corruption).
    QUOTE_COLUMNS = "q.export"
    path: str  # the film's file, relative to the shelf
    title: str
    year: int | None
    export: str  # the quote's compact JSON export, one line, terminal-safe

    def __init__(self, path: str, title: str, year: int | None, export: str) -> None:
        """A row."""
        self.path = path
        self.title = title
        self.year = year
        self.export = export
