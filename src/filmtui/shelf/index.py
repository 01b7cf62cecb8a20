"""The shelf: a directory of film records behind an SQLite index that is only a cache.

`Shelf` is the one interface the CLI and the browser use (open, refresh, query films, query
quotes, load a film), so the SQLite file could be swapped for a shared database. The
records themselves are only ever read. Damage to the index found by any query is repaired
there (see shelf.repair). This module does not import textual.
"""

from __future__ import annotations

import os
import sqlite3

from filmtui.errors import IndexDamaged
from filmtui.filmquery import FilmQuery, TextTerm
from filmtui.matching import Query, parse_query
from filmtui.shelf import store
from filmtui.shelf.changes import pending
from filmtui.shelf.counting import Counting, Counts
from filmtui.shelf.refresh import Refreshed, refresh
from filmtui.shelf.repair import repaired, repaired_rows
from filmtui.shelf.rows import FILM_SELECT, FilmRow, QuoteExport, QuoteRow
from filmtui.shelf.sql import (
    QUOTE_ORDER,
    SORTS,
    film_query,
    from_the_end,
    quote_condition,
    quote_test,
    trigrams,
    walks,
)
from filmtui.source import DEFAULT_MAX_BYTES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, TypeVar

    from filmtui.model import Film

    Q = TypeVar("Q", bound=QuoteRow | QuoteExport)  # the rows `Shelf._quotes` answers with

_QUOTE_CHUNK = 500  # quotes fetched by id at a time
_ALL_QUOTES = "SELECT count(*) FROM quote_search"
_SLICE = "BETWEEN ? AND ?"  # the ids a step of a Counting counts


class Shelf:
    """A directory of records and its index. Open with `Shelf.open`, then `refresh`."""

    def __init__(self, root: str, connection: sqlite3.Connection, index_path: str | None):
        """Use `Shelf.open`."""
        self.root = root
        self.index_path = index_path  # None when the index lives in memory
        self._db = connection
        self._counts = Counts(lambda: self._db)  # a repair replaces the connection

    @classmethod
    def open(
        cls, root: str, index_path: str | None = None, notice: Callable[[str], None] = print,
        *, rebuild: bool = True,
    ) -> Shelf:  # fmt: skip
        """Open the shelf at directory `root` with its index (default: the user cache);
        `notice` receives the one-line messages (an index rebuilt or kept in memory).
        Damage a query finds is repaired by rebuilding the index there and then if
        `rebuild` (a command), else it is deleted and IndexDamaged raised (the browser,
        which cannot wait for a rebuild while it shows the shelf). Raises IndexRefused
        when `index_path` is a file that is not filmtui's to write."""
        connection, path = store.connect(root, index_path, notice)
        try:
            complete = path is not None and store.is_complete(connection)
        except sqlite3.DatabaseError as error:
            if not store.is_corruption(error) or path is None:
                raise
            connection, path = store.rebuild(connection, root, path, error, notice)
            complete = False
        shelf = cls(root, connection, path)
        shelf._notice, shelf._rebuild = notice, rebuild
        #: Whether the index already held this shelf when opened (not new, rebuilt, in
        #: memory or left half-built): it can be shown before it is refreshed.
        shelf.cached = complete
        return shelf

    _notice: Callable[[str], None]
    _rebuild: bool = True
    _repaired: bool = False  # the index was rebuilt once after a query found it damaged
    _max_bytes: int = DEFAULT_MAX_BYTES  # the last refresh's, for a rebuild
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
        return Shelf.open(self.root, self.index_path, self._notice, rebuild=self._rebuild)

    def repair(self, error: sqlite3.DatabaseError) -> None:
        """A query found the index damaged (`error`): rebuild it from the records, once,
        with one notice; or, where that cannot be waited for (see `open`) or did not help,
        delete it and raise IndexDamaged (the next start builds a new one)."""
        if self._rebuild and not self._repaired and self.index_path is not None:
            self._repaired = True
            self._db, self.index_path = store.rebuild(
                self._db, self.root, self.index_path, error, self._notice
            )
            self.refresh(max_bytes=self._max_bytes)
            return
        if self.index_path is None:
            raise IndexDamaged(
                f"the shelf index in memory is damaged ({store.damage(error)})"
            ) from error
        store.remove_index(self.index_path)  # provably ours: it was opened as our index
        raise IndexDamaged(
            f"the shelf index at {self.index_path} was found damaged ({store.damage(error)}) "
            "and has been deleted (it is only a cache): the next start rebuilds it"
        ) from error

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
        self._max_bytes = max_bytes
        try:
            return refresh(self._db, self.root, progress, workers, max_bytes, before_workers)
        except sqlite3.DatabaseError as error:
            if not store.is_corruption(error) or self.index_path is None:
                raise
            self._db, self.index_path = store.rebuild(
                self._db, self.root, self.index_path, error, self._notice
            )
            return refresh(self._db, self.root, progress, workers, max_bytes, before_workers)

    @repaired
    def pending_changes(self) -> int:
        """How many record files changed, appeared or vanished since the index last saw
        them (the index is only read): what the next `refresh` would read or forget."""
        return pending(self._db, self.root)

    @repaired
    def films(
        self, query: str | FilmQuery = "", sort: str = "title", offset: int = 0,
        limit: int | None = None, *, total: int | None = None,
    ) -> list[FilmRow]:  # fmt: skip
        """The good films matching the film query, in `sort` order (a key of SORTS).
        Given the `total` that match, a page past the middle is read from the end."""
        if total is not None and limit is not None and offset > total // 2:
            order, start, count = from_the_end(SORTS[sort], offset, limit, total)
            return list(self.iter_films(query, offset=start, limit=count, order=order))[::-1]
        return list(self.iter_films(query, sort, offset, limit))

    @repaired_rows
    def iter_films(
        self, query: str | FilmQuery = "", sort: str = "title", offset: int = 0,
        limit: int | None = None, *, order: str | None = None,
    ) -> Iterator[FilmRow]:  # fmt: skip
        """As `films`, one at a time, so that a whole shelf need not be in memory
        (`order`, SQL, overrides `sort`). The rows are found walking the order's index: a
        page stops at its end, and the trigram index (which `count_films` uses) would
        sort every candidate first. A page past others walks ids alone, so each row its
        OFFSET skips costs an index entry, not a wide row (a page in the middle of 50,000
        films: about 100 to 400 ms before, under 15 now); a page from the start streams."""
        condition, params = film_query(query).sql()
        order = order or SORTS[sort]
        found = f"error IS NULL AND ({condition})"
        bounds = [-1 if limit is None else limit]
        if offset:
            walked = f"SELECT id FROM films WHERE {found} ORDER BY {order} LIMIT ? OFFSET ?"
            found = f"films.id IN ({walked})"
            params, bounds = [*params, *bounds, offset], []
        rows = self._db.execute(
            f"{FILM_SELECT} FROM films JOIN film_exports e ON e.film_id = films.id "
            f"WHERE {found} ORDER BY {order}{' LIMIT ?' if bounds else ''}",
            [*params, *bounds],
        )
        for row in rows:
            yield FilmRow(*row)

    @repaired
    def position_of(
        self, path: str, query: str | FilmQuery = "", sort: str = "title"
    ) -> int | None:
        """Where the good film at `path` is among those matching the query, in `sort`
        order (None if it is not among them): the screen keeps it current across a sort."""
        condition, params = film_query(query).sql()
        row = self._db.execute(
            f"SELECT n FROM (SELECT path, ROW_NUMBER() OVER (ORDER BY {SORTS[sort]}) - 1 AS n "
            f"FROM films WHERE error IS NULL AND ({condition})) WHERE path = ?",
            [*params, path],
        ).fetchone()
        return None if row is None else int(row[0])

    @repaired
    def count_films(self, query: str | FilmQuery = "") -> int:
        """How many good films match the film query: candidates from the trigram index
        for the words that must occur, then the query's exact test on each. (A page of
        films walks an order's index instead, stopping at the page's end.)"""
        parsed = film_query(query)
        condition, params = parsed.sql()
        grams = [
            gram
            for term in parsed.terms
            if isinstance(term, TextTerm) and not term.negated
            for gram in trigrams(term.needle)
        ]
        if grams:
            condition = (
                f"({condition}) AND id IN (SELECT rowid FROM films_fts WHERE films_fts MATCH ?)"
            )
            params = [*params, " AND ".join(f'"{gram}"' for gram in dict.fromkeys(grams))]
        return self._counts.whole(
            f"SELECT count(*) FROM films WHERE error IS NULL AND ({condition})", params
        )

    @repaired
    def quotes(
        self, query: str | Query = "", offset: int = 0, limit: int | None = None, *,
        total: int | None = None, estimate: int | None = None,
    ) -> list[QuoteRow]:  # fmt: skip
        """The quotes matching the quote query, by film (title, year, path), then in
        record order; the same quotes the shared matcher finds in each film. Given the
        `total` that match, a page past the middle is read from the end. The trigram index
        is used only where it is cheaper than walking the order (see `walks`), judged from
        `total`, or for a first page from an `estimate` of it (Counting.estimate)."""
        order, start, count, backwards = QUOTE_ORDER, offset, limit, False
        if total is not None and limit is not None and offset > total // 2:
            order, start, count = from_the_end(QUOTE_ORDER, offset, limit, total)
            backwards = True
        matching = total if total is not None else estimate if offset == 0 else None
        prefilter = (
            matching is None
            or count is None
            or not walks(start + count, matching, self._counts.whole(_ALL_QUOTES))
        )
        quotes = self._quotes(query, QuoteRow, start, count, order, prefilter)
        return quotes[::-1] if backwards else quotes

    @repaired
    def quote_exports(self, query: str | Query = "") -> list[QuoteExport]:
        """All the quotes `quotes` finds, in its order, as `filmtui search` writes them:
        each quote's export with its film's title, year and path."""
        return self._quotes(query, QuoteExport)

    def _quotes(
        self, query: str | Query, shape: type[Q], offset: int = 0, limit: int | None = None,
        order: str = QUOTE_ORDER, prefilter: bool = True,
    ) -> list[Q]:  # fmt: skip
        """The quotes, in `order` (SQL): their ids and films from the narrow search table,
        then the columns `shape` shows of them, in one read transaction (one state of the
        index)."""
        condition, params = quote_condition(query, prefilter)
        held = self._db.in_transaction  # inside `hold`'s transaction already
        if not held:
            self._db.execute("BEGIN")
        try:
            found = self._db.execute(
                "SELECT s.id, f.path, f.title, f.year "
                "FROM films f JOIN quote_search s ON s.film_id = f.id "
                f"WHERE f.error IS NULL AND {condition} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, -1 if limit is None else limit, offset],
            ).fetchall()
            ids = sorted(row[0] for row in found)  # by id: each page is read once, not per chunk
            shown: dict[int, tuple[Any, ...]] = {}
            for start in range(0, len(ids), _QUOTE_CHUNK):
                chunk = ids[start : start + _QUOTE_CHUNK]
                shown.update(
                    (row[0], row[1:])
                    for row in self._db.execute(
                        f"SELECT q.id, {shape.QUOTE_COLUMNS} FROM quotes q "
                        f"WHERE q.id IN ({', '.join('?' * len(chunk))})",
                        chunk,
                    )
                )
        finally:
            if not held:
                self._db.execute("COMMIT")
        return [shape(path, title, year, *shown[quote_id]) for quote_id, path, title, year in found]

    @repaired
    def count_quotes(self, query: str | Query = "") -> int:
        """How many quotes match the quote query (see `counting_quotes`)."""
        return self.counting_quotes(query).finish()

    @repaired
    def counting_quotes(self, query: str | Query = "") -> Counting:
        """The count of the quotes matching the quote query, to take at once or in steps
        (a screen draws the first quotes meanwhile): the trigram index's candidates joined
        to their rows and tested as they come (about 15 % less time than `IN`, which lists
        them first), or every quote tested when no term must occur."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed.terms:
            return Counting.known(self._counts.whole(_ALL_QUOTES))
        condition, params, match = quote_test(parsed)
        if match is None:
            sql = f"SELECT count(*) FROM quote_search s WHERE {condition} AND s.id {_SLICE}"
        else:
            sql = (
                "SELECT count(*) FROM quotes_fts JOIN quote_search s ON s.id = quotes_fts.rowid "
                f"WHERE quotes_fts MATCH ? AND {condition} AND quotes_fts.rowid {_SLICE}"
            )
            params = [match, *params]
        last = "SELECT max(id) FROM quote_search"
        return Counting(self._counts, sql, params, last, self.repair)

    @repaired
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
