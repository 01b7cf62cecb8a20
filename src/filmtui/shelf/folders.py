"""Which folders of a shelf changed since the index last matched them: one digest a folder.

A warm start must stat every file to notice edits (there is no daemon), but it need not
compare every stamp with the index one by one: for each folder whose files the index holds
exactly as scanned, the index keeps a digest of that scan. A warm refresh compares one
digest per folder and reads the index's stamps only where a digest differs or is missing.
Every write or removal of a film's rows clears its folder's digest in the same transaction,
and a digest is stored only after checking, in one transaction, that the folder's rows are
the scanned stamps, so a digest never vouches for rows it does not describe. The `folders`
table also lists every folder that has rows, so a folder that vanished is noticed.
This module does not import textual.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from filmtui.shelf.scan import Stamp

#: Sorts after any character a path can hold: the end of a folder's range of paths.
_AFTER_ALL = "\U0010ffff"


class Changes:
    """The folders to compare stamp by stamp, and the index's stamps in them."""

    __slots__ = ("changed", "known", "vanished")

    def __init__(self, changed: list[str], vanished: list[str], known: set[Stamp]) -> None:
        """`changed`: scanned folders whose digest differs; `vanished`: folders with rows
        in the index that the scan did not find; `known`: the index's stamps in both."""
        self.changed = changed
        self.vanished = vanished
        self.known = known


def folder_of(relative: str) -> str:
    """The folder prefix of a file's path relative to the shelf ("" or "a/b/")."""
    return relative[: relative.rfind(os.sep) + 1]


def digest(stamps: list[Stamp]) -> bytes:
    """A digest of a folder's stamps as scanned (in scan order: a folder listed in another
    order only costs one comparison stamp by stamp). Marshalled in version 0, which writes
    values alone: later versions write references to objects met twice and to interned
    strings, so their bytes depend on reference counts; pickle's memo takes twice as long."""
    return hashlib.blake2b(marshal.dumps(stamps, 0), digest_size=16).digest()


def compare(db: sqlite3.Connection, scanned: dict[str, list[Stamp]]) -> Changes:
    """The folders whose stamps may differ from the index's, with the index's stamps in
    them (read in one transaction)."""
    db.execute("BEGIN")
    try:
        stored = dict(db.execute("SELECT prefix, digest FROM folders"))
        changed = [
            prefix
            for prefix, stamps in scanned.items()
            if (kept := stored.get(prefix)) is None or kept != digest(stamps)
        ]
        vanished = [prefix for prefix in stored if prefix not in scanned]
        known: set[Stamp] = set()
        for prefix in (*changed, *vanished):
            known.update(_rows_in(db, prefix))
    finally:
        db.execute("COMMIT")
    return Changes(changed, vanished, known)


def clear(db: sqlite3.Connection, relatives: Iterable[str]) -> None:
    """The rows of these files are being written or removed: their folders' digests no
    longer hold (call inside the transaction that changes the rows)."""
    db.executemany(
        "INSERT INTO folders (prefix, digest) VALUES (?, NULL) "
        "ON CONFLICT (prefix) DO UPDATE SET digest = NULL",
        [(prefix,) for prefix in {folder_of(relative) for relative in relatives}],
    )


def remember(db: sqlite3.Connection, scanned: dict[str, list[Stamp]], prefixes: list[str]) -> None:
    """After a refresh: store the digest of each of these folders whose rows are now
    exactly its scanned stamps; forget vanished folders that have no rows left."""
    db.execute("BEGIN IMMEDIATE")
    try:
        for prefix in prefixes:
            stamps = scanned.get(prefix)
            rows = set(_rows_in(db, prefix))
            if stamps is None and not rows:
                db.execute("DELETE FROM folders WHERE prefix = ?", (prefix,))
                continue
            exact = stamps is not None and rows == set(stamps)
            db.execute(
                "INSERT INTO folders (prefix, digest) VALUES (?, ?) "
                "ON CONFLICT (prefix) DO UPDATE SET digest = excluded.digest",
                (prefix, digest(stamps) if exact and stamps is not None else None),
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _rows_in(db: sqlite3.Connection, prefix: str) -> Iterable[Stamp]:
    """The index's stamps of the files directly in one folder."""
    if not prefix:
        return db.execute(
            "SELECT path, size, mtime_ns FROM films WHERE instr(path, ?) = 0", (os.sep,)
        )
    return db.execute(
        "SELECT path, size, mtime_ns FROM films WHERE path > ? AND path < ? "
        "AND instr(substr(path, ?), ?) = 0",
        (prefix, prefix + _AFTER_ALL, len(prefix) + 1, os.sep),
    )
