"""The shelf: a directory of film records behind an SQLite index that is only a cache.

`Shelf` is the one interface the CLI and the browser use (open, refresh, query films, query
quotes, load a film), so the SQLite file could be swapped for a shared database. The
records themselves are only ever read. This module does not import textual.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

from filmtui.filmquery import FilmQuery, TextTerm, parse_film_query
from filmtui.matching import BARE_FIELDS, Query, parse_query
from filmtui.shelf import store
from filmtui.shelf.refresh import Refreshed, refresh
from filmtui.source import DEFAULT_MAX_BYTES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import Any

    from filmtui.model import Film

#: Film orders: the browser's `s` cycles through them in this order. Films without a year
#: come after those with one. Each is read from an index of its own (store.py).
SORTS: dict[str, str] = {
    "title": "sort_title, year, path",
    "year": "year IS NULL, year, sort_title, path",
    "quotes": "quote_count DESC, sort_title, year, path",
    "changed": "mtime_ns DESC, path",
}
#: The quotes' order: by film (title, year, path), then as in the record.
QUOTE_ORDER = "f.sort_title, f.year, f.path, s.position"
_COUNTS_KEPT = 256  # counts kept (see Shelf._count)
_QUOTE_CHUNK = 500  # quotes fetched by id at a time
_FTS_MIN = 3  # the trigram index can look up needles of three characters or more
_FTS_MAX_GRAMS = 12  # a long needle is looked up by this many of its trigrams
_FILM_FIELDS = "path, title, year, runtime, directors, rating, quote_count, mtime_ns, export"
_FILM_SELECT = "SELECT " + ", ".join(
    f"e.{name}" if name == "export" else f"films.{name}" for name in _FILM_FIELDS.split(", ")
)
_QUOTE_FIELDS = "path, title, year, position, publication, critic, region, date, text, export"


class FilmRow:
    """One film of the shelf as listed: enough to draw a line and export it."""

    __slots__ = _FILM_FIELDS.split(", ")
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
        """A row, in _FILM_FIELDS order."""
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


class QuoteRow:
    """One quote of the shelf with its film; duck-types as a Quote for highlight_spans."""

    __slots__ = _QUOTE_FIELDS.split(", ")
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
        """A row, in _QUOTE_FIELDS order (the date as the index keeps it, ISO text)."""
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)
        if self.date is not None:
            self.date = dt.date.fromisoformat(str(self.date))


class Shelf:
    """A directory of records and its index. Open with `Shelf.open`, then `refresh`."""

    def __init__(self, root: str, connection: sqlite3.Connection, index_path: str | None):
        """Use `Shelf.open`."""
        self.root = root
        self.index_path = index_path  # None when the index lives in memory
        self._db = connection
        self._counts: dict[tuple[Any, ...], int] = {}  # see `_count`
        self._version = -1  # the index's PRAGMA data_version the counts were taken at

    @classmethod
    def open(
        cls, root: str, index_path: str | None = None, notice: Callable[[str], None] = print
    ) -> Shelf:
        """Open the shelf at directory `root` with its index (default: the user cache);
        `notice` receives the one-line messages (an index rebuilt or kept in memory)."""
        connection, path = store.connect(root, index_path, notice)
        shelf = cls(root, connection, path)
        shelf._notice = notice
        #: Whether the index already held this shelf when opened (not new, rebuilt, in
        #: memory or left half-built): it can be shown before it is refreshed.
        shelf.cached = path is not None and store.is_complete(connection)
        return shelf

    _notice: Callable[[str], None]
    cached: bool = False

    def close(self) -> None:
        """Close the index."""
        self._db.close()

    def refresher(self) -> Shelf:
        """The same shelf on a second connection to its index file, to refresh it in
        another thread while this one goes on reading (WAL: readers never wait for the
        writer). Close it after the refresh."""
        if self.index_path is None:
            raise ValueError("an index in memory cannot be opened twice")
        return Shelf.open(self.root, self.index_path, self._notice)

    def hold(self) -> None:
        """Go on reading the index as it is now, whatever another connection writes,
        until `release` (one read transaction): a screen stays consistent meanwhile."""
        self._db.execute("BEGIN")
        self._db.execute("SELECT count(*) FROM meta").fetchone()  # the snapshot starts here

    def release(self) -> None:
        """Read the index as it is again (see `hold`)."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self._counts.clear()  # another connection may have changed the index

    def __enter__(self) -> Shelf:
        """`with Shelf.open(…) as shelf:` closes the index at the end."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the index."""
        self.close()

    def refresh(
        self,
        progress: Callable[[int, int], bool | None] | None = None,
        *,
        workers: int | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        before_workers: Callable[[], None] | None = None,
    ) -> Refreshed:
        """Re-read the files added or changed since the last refresh and forget removed
        ones. `progress(done, total)` is called as files are read; returning True cancels
        (what was read so far is kept). Many files are read in `workers` processes, after
        a call to `before_workers` (if given)."""
        self._counts.clear()
        try:
            return refresh(self._db, self.root, progress, workers, max_bytes, before_workers)
        except sqlite3.DatabaseError as error:
            if not store.is_corruption(error) or self.index_path is None:
                raise
            self._notice(
                f"the shelf index at {self.index_path} was damaged ({error}); rebuilding it"
            )
            self._db.close()
            store.remove_index(self.index_path)
            self._db, self.index_path = store.connect(self.root, self.index_path, self._notice)
            return refresh(self._db, self.root, progress, workers, max_bytes, before_workers)

    def films(
        self, query: str | FilmQuery = "", sort: str = "title", offset: int = 0,
        limit: int | None = None, *, total: int | None = None,
    ) -> list[FilmRow]:  # fmt: skip
        """The good films matching the film query, in `sort` order (a key of SORTS).
        Given the `total` that match, a page past the middle is read from the end."""
        if total is not None and limit is not None and offset > total // 2:
            order, start, count = _from_the_end(SORTS[sort], offset, limit, total)
            return list(self.iter_films(query, offset=start, limit=count, order=order))[::-1]
        return list(self.iter_films(query, sort, offset, limit))

    def iter_films(
        self, query: str | FilmQuery = "", sort: str = "title", offset: int = 0,
        limit: int | None = None, *, order: str | None = None,
    ) -> Iterator[FilmRow]:  # fmt: skip
        """As `films`, one at a time, so that a whole shelf need not be in memory
        (`order`, SQL, overrides `sort`). The rows are read walking the order's index: a
        page stops at its end, and the trigram index (which `count_films` uses) would
        sort every candidate, wide rows and all, first."""
        condition, params = _film_query(query).sql()
        rows = self._db.execute(
            f"{_FILM_SELECT} FROM films JOIN film_exports e ON e.film_id = films.id "
            f"WHERE error IS NULL AND ({condition}) "
            f"ORDER BY {order or SORTS[sort]} LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset],
        )
        for row in rows:
            yield FilmRow(*row)

    def position_of(
        self, path: str, query: str | FilmQuery = "", sort: str = "title"
    ) -> int | None:
        """Where the good film at `path` is among those matching the query, in `sort`
        order (None if it is not among them): the screen keeps it current across a sort."""
        condition, params = _film_query(query).sql()
        row = self._db.execute(
            f"SELECT n FROM (SELECT path, ROW_NUMBER() OVER (ORDER BY {SORTS[sort]}) - 1 AS n "
            f"FROM films WHERE error IS NULL AND ({condition})) WHERE path = ?",
            [*params, path],
        ).fetchone()
        return None if row is None else int(row[0])

    def count_films(self, query: str | FilmQuery = "") -> int:
        """How many good films match the film query: candidates from the trigram index
        for the words that must occur, then the query's exact test on each. (A page of
        films walks an order's index instead, stopping at the page's end.)"""
        parsed = _film_query(query)
        condition, params = parsed.sql()
        grams = [
            gram
            for term in parsed.terms
            if isinstance(term, TextTerm) and not term.negated
            for gram in _trigrams(term.needle)
        ]
        if grams:
            condition = (
                f"({condition}) AND id IN (SELECT rowid FROM films_fts WHERE films_fts MATCH ?)"
            )
            params = [*params, " AND ".join(f'"{gram}"' for gram in dict.fromkeys(grams))]
        return self._count(
            f"SELECT count(*) FROM films WHERE error IS NULL AND ({condition})", params
        )

    def quotes(
        self, query: str | Query = "", offset: int = 0, limit: int | None = None, *,
        total: int | None = None,
    ) -> list[QuoteRow]:  # fmt: skip
        """The quotes matching the quote query, by film (title, year, path), then in
        record order; the same quotes the shared matcher finds in each film. Given the
        `total` that match, a page past the middle is read from the end, and the trigram
        index is used only where it is cheaper than walking the order (see `_walks`)."""
        order, start, count, backwards = QUOTE_ORDER, offset, limit, False
        if total is not None and limit is not None and offset > total // 2:
            order, start, count = _from_the_end(QUOTE_ORDER, offset, limit, total)
            backwards = True
        prefilter = (
            total is None
            or count is None
            or not _walks(start + count, total, self._count("SELECT count(*) FROM quote_search"))
        )
        quotes = self._quotes(query, start, count, order, prefilter)
        return quotes[::-1] if backwards else quotes

    def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """The count `sql` selects, kept while the index stays as it is: keystrokes often
        ask again what an earlier one asked (a character typed, then deleted; a space that
        changes no word). The index changes by a refresh on this connection, which forgets
        the counts, or by a commit on another, which `PRAGMA data_version` tells."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._counts.clear()
            self._version = version
        key = (sql, *params)
        count = self._counts.get(key)
        if count is None:
            if len(self._counts) >= _COUNTS_KEPT:
                self._counts.clear()
            count = self._counts[key] = int(self._db.execute(sql, params).fetchone()[0])
        return count

    def _quotes(
        self, query: str | Query, offset: int = 0, limit: int | None = None,
        order: str = QUOTE_ORDER, prefilter: bool = True,
    ) -> list[QuoteRow]:  # fmt: skip
        """The quotes, in `order` (SQL): their ids from the narrow search table, then what
        is shown of them, in one read transaction (one state of the index)."""
        condition, params = _quote_condition(query, prefilter)
        held = self._db.in_transaction  # inside `hold`'s transaction already
        if not held:
            self._db.execute("BEGIN")
        try:
            ids = [
                found
                for (found,) in self._db.execute(
                    "SELECT s.id FROM films f JOIN quote_search s ON s.film_id = f.id "
                    f"WHERE f.error IS NULL AND {condition} ORDER BY {order} LIMIT ? OFFSET ?",
                    [*params, -1 if limit is None else limit, offset],
                )
            ]
            shown: dict[int, QuoteRow] = {}
            for start in range(0, len(ids), _QUOTE_CHUNK):
                chunk = ids[start : start + _QUOTE_CHUNK]
                rows = self._db.execute(
                    "SELECT q.id, f.path, f.title, f.year, q.position, q.publication, q.critic, "
                    "q.region, q.date, q.text, q.export "
                    "FROM quotes q JOIN films f ON f.id = q.film_id "
                    f"WHERE q.id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
                shown.update((row[0], QuoteRow(*row[1:])) for row in rows)
        finally:
            if not held:
                self._db.execute("COMMIT")
        return [shown[found] for found in ids]

    def count_quotes(self, query: str | Query = "") -> int:
        """How many quotes match the quote query: the trigram index's candidates joined
        to their rows and tested as they come (about 15 % less time than `IN`, which
        lists them first), or every quote tested when no term must occur."""
        condition, params, match = _quote_test(query)
        if match is None:
            return self._count(f"SELECT count(*) FROM quote_search s WHERE {condition}", params)
        return self._count(
            "SELECT count(*) FROM quotes_fts JOIN quote_search s ON s.id = quotes_fts.rowid "
            f"WHERE quotes_fts MATCH ? AND {condition}",
            [match, *params],
        )

    def bad_files(self) -> list[tuple[str, str]]:
        """(relative path, one-line error) of every file that did not load, by path."""
        rows = self._db.execute(
            "SELECT path, error FROM films WHERE error IS NOT NULL ORDER BY path"
        )
        return [(path, error) for path, error in rows]

    def path_of(self, relative: str) -> str:
        """The path of a shelf file as the user named the shelf (`DIR/sub/x.toml`)."""
        return os.path.join(self.root, relative)

    def load(self, relative: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Film:
        """Load one film of the shelf in full, from its file (raises RecordError)."""
        from filmtui.loader import load

        return load(self.path_of(relative), max_bytes=max_bytes)


def _walks(end: int, total: int, rows: int) -> bool:
    """Whether the rows up to `end` of the `total` that match, among `rows`, are cheaper
    found by walking the order's index, testing each row until `end` matched (about
    `end * rows / total` of them), than from the trigram index, which tests every candidate
    (at least `total`) and then sorts them: the first pages of a query most rows match
    walk, the pages of a rare one use the index. Either way the rows are the same."""
    return end * rows <= total * total


def _from_the_end(order: str, offset: int, limit: int, total: int) -> tuple[str, int, int]:
    """How to read the page at `offset` of `total` rows from the end: the reversed order,
    its offset and limit (the page comes out reversed). An OFFSET walks the rows it skips,
    so a page near the end (`G`) would otherwise walk nearly all of them."""
    end = min(offset + limit, total)
    return _reverse(order), total - end, max(0, end - offset)


def _reverse(order: str) -> str:
    """An SQL ORDER BY list in the opposite direction (NULLs, first ascending in SQLite,
    come last descending: the exact reverse)."""
    keys = []
    for key in order.split(", "):
        keys.append(key.removesuffix(" DESC") if key.endswith(" DESC") else f"{key} DESC")
    return ", ".join(keys)


def _film_query(query: str | FilmQuery) -> FilmQuery:
    """A parsed film query."""
    return parse_film_query(query) if isinstance(query, str) else query


def _quote_condition(query: str | Query, prefilter: bool = True) -> tuple[str, list[Any]]:
    """The quote query as an SQL condition on `quote_search s`: candidates from the trigram
    index for the terms that must occur (with `prefilter`), then the exact test on each."""
    condition, params, match = _quote_test(query)
    if prefilter and match is not None:
        subquery = "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?"
        return f"{condition} AND (s.id IN ({subquery}))", [*params, match]
    return condition, params


def _quote_test(query: str | Query) -> tuple[str, list[Any], str | None]:
    """The matcher's exact test as an SQL condition on `quote_search s` (a substring of
    the folded field, or for a negated term its absence) and its parameters; and the
    trigram index's MATCH for the terms that must occur (None when there is none)."""
    parsed = parse_query(query) if isinstance(query, str) else query
    conditions, params, grams = ["1"], [], []
    for term in parsed.terms:
        fields = [term.field] if term.field else BARE_FIELDS
        found = " OR ".join(f"instr(s.f_{field}, ?) > 0" for field in fields)
        conditions.append(f"NOT ({found})" if term.negated else found)
        params.extend([term.needle] * len(fields))
        if not term.negated:
            grams.extend(_trigrams(term.needle))
    match = " AND ".join(f'"{gram}"' for gram in dict.fromkeys(grams)) if grams else None
    return " AND ".join(f"({c})" for c in conditions), params, match


def _trigrams(needle: str) -> list[str]:
    """Trigrams of `needle` that every text holding it holds too, quoted for FTS5.

    The index keeps no positions (detail=none, a third of the build time), so it cannot
    answer a phrase: a needle is looked up as some of its trigrams, in any column, and the
    exact test does the rest. FTS5 reads its query as a C string, so a needle with a NUL
    is left to the exact test alone, as is one shorter than a trigram.
    """
    if len(needle) < _FTS_MIN or "\x00" in needle:
        return []
    grams = list(dict.fromkeys(needle[i : i + 3] for i in range(len(needle) - 2)))
    if len(grams) > _FTS_MAX_GRAMS:
        step = len(grams) / _FTS_MAX_GRAMS
        grams = [grams[int(i * step)] for i in range(_FTS_MAX_GRAMS)]
    return [gram.replace('"', '""') for gram in grams]
