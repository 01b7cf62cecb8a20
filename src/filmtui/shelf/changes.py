"""What changed on a shelf since its index last saw it: the files to read and to forget.

Every file is stat-ed (there is no daemon); a folder whose digest holds (shelf.folders) is
taken as unchanged, and the others are compared stamp by stamp with the index. Only reads
the index: `refresh` acts on the answer, and `pending` just counts it. This module does
not import textual.
"""

from __future__ import annotations

import os
import sqlite3

from filmtui.shelf import folders
from filmtui.shelf.scan import SECOND_NS, content_digest, walk

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.shelf.scan import Stamp

_COARSE = "mtime_ns % 1000000000 = 0"  # as scan.is_coarse


class Plan:
    """What a refresh has to do: the files to read and to forget, found from the scan."""

    __slots__ = ("changes", "new", "removed", "scanned", "to_read")

    def __init__(
        self,
        scanned: dict[str, list[Stamp]],
        changes: folders.Changes,
        to_read: list[Stamp],
        removed: list[str],
        new: set[str],
    ) -> None:
        """The scan by folder, the folders that changed, the stamps of the files to read,
        the paths to forget, and which of the files to read are new."""
        self.scanned = scanned
        self.changes = changes
        self.to_read = to_read
        self.removed = removed
        self.new = new


def changes_since(db: sqlite3.Connection, root: str) -> Plan:
    """Scan the shelf and compare it with the index (reading nothing into it)."""
    scanned = walk(root)
    changes = folders.compare(db, scanned)
    known = changes.known
    stamps = [stamp for prefix in changes.changed for stamp in scanned[prefix]]
    # A file is read again unless its size and mtime are as stored (and, where mtimes are
    # coarse, its content hash too). One that cannot be stat-ed is stored as (-1, -1) with
    # its error: it is read again once a stat succeeds (the loop or missing target fixed).
    # In a folder whose digest holds, every stamp is as stored.
    to_read = [stamp for stamp in stamps if stamp not in known]
    known_paths = {path for path, _, _ in known}
    new = {stamp[0] for stamp in to_read if stamp[0] not in known_paths}  # files added
    unchanged = scanned.keys() - set(changes.changed)
    # (is_coarse, inline: no call per stamp)
    coarse = [stamp for stamp in stamps if stamp[2] % SECOND_NS == 0 and stamp in known]
    coarse += [
        stamp for prefix in unchanged for stamp in scanned[prefix]
        if stamp[2] % SECOND_NS == 0
    ]  # fmt: skip
    if coarse:
        digests = dict(db.execute(f"SELECT path, digest FROM films WHERE {_COARSE}"))
        to_read += [
            stamp for stamp in coarse
            if content_digest(os.path.join(root, stamp[0])) != digests.get(stamp[0])
        ]  # fmt: skip
    removed = list(known_paths - {stamp[0] for stamp in stamps})
    return Plan(scanned, changes, to_read, removed, new)


def pending(db: sqlite3.Connection, root: str) -> int:
    """How many record files a refresh would read or forget now (the index is only read)."""
    plan = changes_since(db, root)
    return len(plan.to_read) + len(plan.removed)
