"""Damage found in the shelf index in the middle of a command: repaired once, asked again.

SQLite finds a damaged page only when a query reads it, so an index whose header and first
pages are sound opens fine and fails later, at whichever query reaches the damage. Each
query method of `Shelf` is wrapped here: on SQLite's corruption error (store.is_corruption,
the one test of what counts as damage) the shelf repairs itself (`Shelf.repair`: rebuilt
from its records, or IndexDamaged where that cannot be waited for) and the query runs
again. A stream of rows resumes where it stopped: the rebuilt index gives the same rows in
the same order (every order ends in the file's path), so those already given are skipped.
This module does not import textual.
"""

from __future__ import annotations

import functools
import itertools
import sqlite3

from filmtui.shelf.store import is_corruption

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Concatenate, ParamSpec, Protocol, TypeVar

    class Repairable(Protocol):
        """What can repair a damaged index: `Shelf`."""

        def repair(self, error: sqlite3.DatabaseError) -> None:
            """Rebuild the index (or raise IndexDamaged)."""

    S = TypeVar("S", bound=Repairable)
    P = ParamSpec("P")
    T = TypeVar("T")


def repaired(method: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
    """`method`, asked again once its shelf has repaired a damaged index."""

    @functools.wraps(method)
    def guarded(shelf: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run the query; on damage, repair the index and run it again."""
        try:
            return method(shelf, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
            shelf.repair(error)
        return method(shelf, *args, **kwargs)

    return guarded


def repaired_rows(
    method: Callable[Concatenate[S, P], Iterator[T]],
) -> Callable[Concatenate[S, P], Iterator[T]]:
    """`method`, a stream of rows, resumed after the rows already given once its shelf has
    repaired a damaged index."""

    @functools.wraps(method)
    def guarded(shelf: S, /, *args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        """Give the rows; on damage, repair the index and give the rest."""
        given = 0
        try:
            for row in method(shelf, *args, **kwargs):
                yield row
                given += 1
            return
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
            shelf.repair(error)
        yield from itertools.islice(method(shelf, *args, **kwargs), given, None)

    return guarded
