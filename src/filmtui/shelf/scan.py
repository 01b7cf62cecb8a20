"""Finding a shelf's record files and telling which changed since the index saw them.

A file is known by its path relative to the shelf, its size and its mtime in nanoseconds
(its stamp: `(size, mtime_ns, digest)`).
Where the file system keeps mtimes only to the second (or coarser), an edit within that
second would keep both size and mtime, so such files also carry a hash of their content,
which is compared when size and mtime agree. This module does not import textual.
"""

from __future__ import annotations

import hashlib
import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    #: (path relative to the shelf, size, mtime in nanoseconds)
    Stamp = tuple[str, int, int]

#: What a shelf holds: TOML records and filmtui's JSON exports.
SUFFIXES = (".toml", ".json")


def walk(root: str) -> dict[str, list[Stamp]]:
    """The stamp `(relative path, size, mtime_ns)` of every record file under `root`, or
    `(relative path, -1, -1)` for one that cannot be stat-ed, by folder (its prefix: "" for
    `root` itself, else "a/b/"); hidden files and folders are skipped; the stamps are in the
    order the folder lists them.

    This runs on every start to notice edits, so the per-file work is kept to the stat
    itself and a few C-level steps (list comprehensions, no generator per file).
    """
    found: dict[str, list[Stamp]] = {}
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            with os.scandir(os.path.join(root, prefix) if prefix else root) as listing:
                entries = [entry for entry in listing if entry.name[:1] != "."]
        except OSError:
            continue  # an unreadable folder holds nothing we can show
        try:
            found[prefix] = [
                (prefix + entry.name, info.st_size, info.st_mtime_ns)
                for entry in entries
                if entry.name.endswith(SUFFIXES)
                and not stat.S_ISDIR((info := entry.stat()).st_mode)
            ]
        except OSError:  # one cannot be stat-ed (a symlink loop…): the loader will say why
            infos = [(entry, _stat(entry)) for entry in entries if entry.name.endswith(SUFFIXES)]
            found[prefix] = [
                (prefix + entry.name, info.st_size, info.st_mtime_ns)
                for entry, info in infos
                if not stat.S_ISDIR(info.st_mode)
            ]
        pending += [
            prefix + entry.name + os.sep for entry in entries if entry.is_dir(follow_symlinks=False)
        ]
    return found


class _Unreadable:
    """Stands for the stat of a file that cannot be stat-ed (a symlink loop…)."""

    st_size = st_mtime_ns = -1
    st_mode = 0


def _stat(entry: os.DirEntry[str]) -> os.stat_result | _Unreadable:
    """An entry's stat, or `_Unreadable` when it fails."""
    try:
        return entry.stat()
    except OSError:
        return _Unreadable()


#: Nanoseconds in a second: an mtime that is a whole number of them looks coarse.
SECOND_NS = 1_000_000_000


def is_coarse(mtime_ns: int) -> bool:
    """Whether an mtime looks kept only to the second, so that a content hash is needed."""
    return mtime_ns % SECOND_NS == 0


def content_digest(path: str) -> bytes | None:
    """A hash of a regular file's bytes, or None if it cannot be read as one."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return None
