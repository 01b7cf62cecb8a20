"""Finding a shelf's record files and telling which changed since the index saw them.

A file is known by its path relative to the shelf, its size and its mtime in nanoseconds.
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
    from collections.abc import Iterator

#: What a shelf holds: TOML records and filmtui's JSON exports.
SUFFIXES = (".toml", ".json")


class Stamp:
    """What the index remembers of a file to notice a change: size, mtime and maybe a hash."""

    __slots__ = ("digest", "mtime_ns", "size")

    def __init__(self, size: int, mtime_ns: int, digest: bytes | None) -> None:
        """A stamp; `digest` is set only for coarse mtimes."""
        self.size = size
        self.mtime_ns = mtime_ns
        self.digest = digest

    def same_as(self, size: int, mtime_ns: int, digest: bytes | None) -> bool:
        """Whether a stored stamp says the file is unchanged."""
        return (self.size, self.mtime_ns, self.digest) == (size, mtime_ns, digest)


def walk(root: str) -> Iterator[tuple[str, os.stat_result | None]]:
    """Yield (relative path, stat or None if it cannot be stat-ed) of every record file
    under `root`, skipping hidden files and directories; order is not defined."""
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.endswith(SUFFIXES):
                continue
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, root)
            try:
                info: os.stat_result | None = os.stat(path)
            except OSError:
                info = None  # the loader will say why (a symlink loop, a vanished file…)
            yield relative, info


def is_coarse(mtime_ns: int) -> bool:
    """Whether an mtime looks kept only to the second, so that a content hash is needed."""
    return mtime_ns % 1_000_000_000 == 0


def content_digest(path: str) -> bytes | None:
    """A hash of a regular file's bytes, or None if it cannot be read as one."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return None
