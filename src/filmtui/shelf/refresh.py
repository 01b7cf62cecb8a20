"""Bringing the shelf index up to date: only added, changed or removed files are touched.

The files to read and to forget are found by shelf.changes. Many files are parsed in
worker processes (parsing is the cost; the index is written by this process as results
arrive), few in this one. Results are written in short transactions, each replacing a
file's rows whole, so two processes refreshing at once only ever write the same rows
twice. Workers start from a fork server (see `_worker_context`), which imports the main
module of a script that refreshes a shelf: such a script needs the usual
`if __name__ == "__main__":` guard. This module does not import textual.
"""

from __future__ import annotations

import os
import sqlite3

from filmtui.shelf import folders
from filmtui.shelf.changes import changes_since
from filmtui.shelf.store import FILM_SEARCH, QUOTE_SEARCH

TYPE_CHECKING = False
if TYPE_CHECKING:
    import multiprocessing.context
    from collections.abc import Callable, Iterator

    from filmtui.shelf.records import Parsed

#: Below this many files to read, worker processes cost more than they save.
PARALLEL_FROM = 48
_BATCH = 256  # files written per transaction
_WINDOW = 1024  # files handed to the workers at a time
#: From this many files to read, the quote search index (FTS5) is rebuilt once at the end
#: instead of kept up to date row by row, which is ten times slower in bulk.
BULK_FROM = 400


class Refreshed:
    """What a refresh did: counts of files read (of which `added` were new) and removed,
    and whether it was cancelled."""

    __slots__ = ("added", "cancelled", "read", "removed", "total")

    def __init__(
        self, read: int, removed: int, total: int, cancelled: bool, added: int = 0
    ) -> None:
        """Counts of one refresh; `total` is the number of record files on the shelf."""
        self.read = read
        self.added = added
        self.removed = removed
        self.total = total
        self.cancelled = cancelled

    @property
    def changed(self) -> bool:
        """Whether the index changed (a file was read or forgotten)."""
        return bool(self.read or self.removed)


def refresh(
    db: sqlite3.Connection,
    root: str,
    progress: Callable[[int, int], bool | None] | None,
    workers: int | None,
    max_bytes: int,
    before_workers: Callable[[], None] | None = None,
) -> Refreshed:
    """Bring the index of the shelf at `root` up to date (see Shelf.refresh)."""
    plan = changes_since(db, root)
    scanned, changes, to_read, removed = plan.scanned, plan.changes, plan.to_read, plan.removed
    seen = sum(map(len, scanned.values()))
    stale = db.execute("SELECT 1 FROM meta WHERE key = 'fts_stale'").fetchone() is not None
    bulk = stale or len(to_read) + len(removed) >= BULK_FROM
    if removed or (bulk and not stale):
        with _transaction(db):
            if bulk:  # until the rebuild, searches may miss quotes: say so for next time
                db.execute("INSERT OR REPLACE INTO meta VALUES ('fts_stale', '1')")
            for relative in removed:
                _forget(db, relative, bulk)
    done, cancelled = 0, False
    batch: list[Parsed] = []
    for parsed in _parse_all(root, to_read, workers, max_bytes, before_workers) if to_read else ():
        batch.append(parsed)
        done += 1
        if len(batch) >= _BATCH:
            _write(db, batch, bulk)
            batch = []
        if progress is not None and progress(done, len(to_read)):
            cancelled = True
            break
    _write(db, batch, bulk)
    if bulk and not cancelled:
        with _transaction(db):
            db.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")
            db.execute("INSERT INTO films_fts (films_fts) VALUES ('rebuild')")
            db.execute("DELETE FROM meta WHERE key = 'fts_stale'")
    if not cancelled and (changes.changed or changes.vanished):
        folders.remember(db, scanned, [*changes.changed, *changes.vanished])
    added = sum(1 for stamp in to_read[:done] if stamp[0] in plan.new)
    return Refreshed(done, len(removed), seen, cancelled, added)


def _parse_all(
    root: str, to_read: list[tuple[str, int, int]], workers: int | None, max_bytes: int,
    before_workers: Callable[[], None] | None,
) -> Iterator[Parsed]:  # fmt: skip
    """Parse the files, in worker processes when there are many (calling
    `before_workers` first)."""
    from filmtui.shelf.records import read_record  # the loader: only when there is work

    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count <= 1 or len(to_read) < PARALLEL_FROM:
        for relative, size, mtime_ns in to_read:
            yield read_record(root, relative, size, mtime_ns, max_bytes)
        return
    from concurrent.futures import ProcessPoolExecutor

    if before_workers is not None:
        before_workers()
    with ProcessPoolExecutor(count, mp_context=_worker_context()) as pool:
        chunk = max(1, min(64, len(to_read) // (count * 8)))

        def submit(part: list[tuple[str, int, int]]) -> Iterator[Parsed]:
            """Start parsing one window of files; its results come in order."""
            paths, sizes, mtimes = zip(*part, strict=True)
            size = len(part)
            return pool.map(
                read_record, [root] * size, paths, sizes, mtimes, [max_bytes] * size,
                chunksize=chunk,
            )  # fmt: skip

        # Two windows in flight: workers stay busy while this process writes, and results
        # waiting to be written never hold more than two windows' worth of records.
        windows = [to_read[start : start + _WINDOW] for start in range(0, len(to_read), _WINDOW)]
        try:
            running = [submit(part) for part in windows[:2]]
            for following in [*windows[2:], None]:
                yield from running.pop(0)
                if following is not None:
                    running.append(submit(following))
            for rest in running:
                yield from rest
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _worker_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: from a fork server where there is one (POSIX).

    Forking this process is unsafe once it runs threads (the browser's, and the pool's own
    manager thread, started before the last worker), so workers are forked from a server
    process: a fresh interpreter that runs one thread and has imported the loader once,
    so each worker starts warm. Elsewhere (Windows) they are spawned.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["filmtui.shelf.records"])
    return context


def _write(db: sqlite3.Connection, batch: list[Parsed], bulk: bool) -> None:
    """Replace the rows of each parsed file, in one transaction; in `bulk` the quote search
    index is left to the final rebuild."""
    if not batch:
        return
    from filmtui.shelf.records import FILM_COLUMNS, QUOTE_COLUMNS, SEARCH_COLUMNS

    insert_film = (
        f"INSERT INTO films (id, path, size, mtime_ns, digest, error, {', '.join(FILM_COLUMNS)}) "
        f"VALUES ({', '.join('?' * (6 + len(FILM_COLUMNS)))})"
    )
    insert_quote = (
        f"INSERT INTO quotes (id, film_id, {', '.join(QUOTE_COLUMNS)}) "
        f"VALUES ({', '.join('?' * (2 + len(QUOTE_COLUMNS)))})"
    )
    insert_search = (
        f"INSERT INTO quote_search (id, film_id, {', '.join(SEARCH_COLUMNS)}) "
        f"VALUES ({', '.join('?' * (2 + len(SEARCH_COLUMNS)))})"
    )
    shown = len(QUOTE_COLUMNS)
    with _transaction(db):
        # Another process may have indexed some of these files meanwhile: look inside the
        # transaction, with one query for the batch.
        paths = [parsed[0] for parsed in batch]
        marks = ", ".join("?" * len(paths))
        present = {
            path for (path,) in db.execute(f"SELECT path FROM films WHERE path IN ({marks})", paths)
        }
        for relative in present:
            _forget(db, relative, bulk)
        folders.clear(db, paths)
        # Ids are given here (the write lock is held), so each table is written with one
        # executemany for the whole batch rather than a statement per film.
        first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM films").fetchone()[0]
        quote_id = db.execute("SELECT coalesce(max(id), 0) FROM quotes").fetchone()[0]
        films, exports, quote_rows, search_rows = [], [], [], []
        blank = (None,) * (len(FILM_COLUMNS) + 1)
        for film_id, (relative, size, mtime_ns, digest, error, film, quotes) in enumerate(
            batch, first
        ):
            film = blank if film is None else film
            films.append((film_id, relative, size, mtime_ns, digest, error, *film[:-1]))
            if film[-1] is not None:
                exports.append((film_id, film[-1]))
            for quote in quotes:
                quote_id += 1
                quote_rows.append((quote_id, film_id, *quote[:shown]))
                search_rows.append((quote_id, film_id, quote[0], *quote[shown:]))
        db.executemany(insert_film, films)
        db.executemany("INSERT INTO film_exports VALUES (?, ?)", exports)
        db.executemany(insert_quote, quote_rows)
        db.executemany(insert_search, search_rows)
        if not bulk:
            db.execute(
                f"INSERT INTO films_fts (rowid, {FILM_SEARCH}) "
                f"SELECT id, {FILM_SEARCH} FROM films WHERE id >= ?",
                (first,),
            )
        if search_rows and not bulk:
            db.execute(
                f"INSERT INTO quotes_fts (rowid, {QUOTE_SEARCH}) "
                f"SELECT id, {QUOTE_SEARCH} FROM quote_search WHERE film_id >= ?",
                (first,),
            )


def _forget(db: sqlite3.Connection, relative: str, bulk: bool) -> None:
    """Remove a file's rows (its film and its quotes, and unless in `bulk` their entries in
    the quote search index), if any."""
    row = db.execute("SELECT id FROM films WHERE path = ?", (relative,)).fetchone()
    if row is not None:
        folders.clear(db, [relative])
        if not bulk:
            db.execute(
                f"INSERT INTO quotes_fts (quotes_fts, rowid, {QUOTE_SEARCH}) "
                f"SELECT 'delete', id, {QUOTE_SEARCH} FROM quote_search WHERE film_id = ?",
                row,
            )
            db.execute(
                f"INSERT INTO films_fts (films_fts, rowid, {FILM_SEARCH}) "
                f"SELECT 'delete', id, {FILM_SEARCH} FROM films WHERE id = ?",
                row,
            )
        db.execute("DELETE FROM quotes WHERE film_id = ?", row)
        db.execute("DELETE FROM quote_search WHERE film_id = ?", row)
        db.execute("DELETE FROM film_exports WHERE film_id = ?", row)
        db.execute("DELETE FROM films WHERE id = ?", row)


class _transaction:
    """`with _transaction(db):` one immediate write transaction, rolled back on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        """Wrap `db`, which must be in autocommit mode (isolation_level None)."""
        self.db = db

    def __enter__(self) -> None:
        """Take the write lock now (waiting up to the busy timeout)."""
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        """Commit, or roll back if the block raised."""
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
