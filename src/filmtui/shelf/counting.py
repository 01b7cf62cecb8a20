"""Counting what a query matches in the shelf index: counts remembered while the index stays
as it is, and a count taken a slice of ids at a time where a screen cannot wait for it.

At 200,000 quotes a count takes up to about 100 ms (each candidate the trigram index gives
is tested), twice a keystroke's budget, while the first page of the same query takes about
2 ms. So the shelf screen draws the first page at once and takes the count in steps
between frames (`Counting.step`); a command takes it whole (`Counting.finish`). A step
counts the rows whose id falls in the next slice: FTS5 and a table's integer key both seek
an id range, so a slice costs what its rows cost. This module does not import textual.
"""

from __future__ import annotations

import sqlite3

from filmtui.shelf.store import is_corruption

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

_KEPT = 256  # counts kept (see Counts)
SLICE = 16_384  # ids counted a step: about 10 ms at worst on a 2-core machine


class Counts:
    """Counts kept while the index stays as it is: keystrokes often ask again what an
    earlier one asked (a character typed, then deleted; a space that changes no word).
    The index changes by a refresh on this connection (which calls `clear`) or by a commit
    on another, which SQLite's `PRAGMA data_version` tells."""

    def __init__(self, connection: Callable[[], sqlite3.Connection]) -> None:
        """Counts on the connection `connection()` gives (a repair replaces it)."""
        self.connection = connection
        self._kept: dict[tuple[Any, ...], int] = {}
        self._version = -1  # the data_version the kept counts were taken at

    def version(self) -> int:
        """The index's data_version: it changes when another connection commits."""
        return int(self.connection().execute("PRAGMA data_version").fetchone()[0])

    def clear(self) -> None:
        """Forget every count (the index changed)."""
        self._kept.clear()

    def get(self, key: tuple[Any, ...]) -> int | None:
        """The count kept under `key`, if the index has not changed since."""
        version = self.version()
        if version != self._version:
            self._kept.clear()
            self._version = version
        return self._kept.get(key)

    def put(self, key: tuple[Any, ...], version: int, count: int) -> None:
        """Keep `count`, taken at `version`, unless the index has changed since."""
        if version != self._version:
            return
        if len(self._kept) >= _KEPT:
            self._kept.clear()
        self._kept[key] = count

    def whole(self, sql: str, params: Sequence[Any] = ()) -> int:
        """The count `sql` selects, taken at once (or as kept)."""
        key = (sql, *params)
        count = self.get(key)
        if count is None:
            count = int(self.connection().execute(sql, params).fetchone()[0])
            self.put(key, self._version, count)
        return count


class Counting:
    """A count taken a slice of ids at a time: `step` until `done`, or `finish`.

    `sql` selects the count of the rows whose id is between its last two parameters,
    `params` the ones before; `last_sql` selects the highest id. If the index changes
    between steps (another connection commits), or a step finds it damaged and `repair`
    rebuilds it (or raises), the count starts again, so that it is one state's count."""

    def __init__(
        self, counts: Counts, sql: str, params: Sequence[Any], last_sql: str,
        repair: Callable[[sqlite3.DatabaseError], None],
    ) -> None:  # fmt: skip
        """A count not yet taken (`Counting.known` makes a taken one)."""
        self._counts, self._sql, self._params = counts, sql, list(params)
        self._last_sql, self._repair = last_sql, repair
        self._key = (sql, *params)
        self.value = 0  # the rows counted so far
        self.done = False
        self._start()

    @classmethod
    def known(cls, count: int) -> Counting:
        """A count already taken."""
        counting = cls.__new__(cls)
        counting.value, counting.done = count, True
        return counting

    def _start(self) -> None:
        """Start (again) from the lowest id, on the index as it now is."""
        self._version = self._counts.version()
        kept = self._counts.get(self._key)
        self.value, self._next = 0, 0
        if kept is not None:
            self.value, self.done = kept, True
            return
        (last,) = self._counts.connection().execute(self._last_sql).fetchone()
        self._last = -1 if last is None else int(last)
        self._finish_if_past()

    def _finish_if_past(self) -> None:
        """Done once the next slice starts past the highest id; the count is kept."""
        if self._next > self._last:
            self.done = True
            self._counts.put(self._key, self._version, self.value)

    def step(self) -> None:
        """Count the next slice of ids."""
        if self.done:
            return
        try:
            if self._counts.version() != self._version:
                self._start()
                return
            bounds = [self._next, self._next + SLICE - 1]
            row = self._counts.connection().execute(self._sql, [*self._params, *bounds])
            self.value += int(row.fetchone()[0])
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
            self._repair(error)  # rebuilt (or IndexDamaged raised): count it again
            self._start()
            return
        self._next += SLICE
        self._finish_if_past()

    def finish(self) -> int:
        """Take the rest of the count; the count."""
        while not self.done:
            self.step()
        return self.value

    def estimate(self) -> int:
        """How many rows match, judged from the slices counted so far (exact once done):
        enough to choose how the first page is read."""
        if self.done or not self._next:
            return self.value
        return self.value * (self._last + 1) // min(self._next, self._last + 1)
