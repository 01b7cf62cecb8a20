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
    from collections.abc import Iterator

#: What a shelf holds: TOML records and filmtui's JSON exports.
SUFFIXES = (".toml", ".json")


def walk(root: str) -> Iterator[tuple[str, os.stat_result | None]]:
    """Yield (relative path, stat or None if it cannot be stat-ed) of every record file
    under `root`, skipping hidden files and directories; order is not defined."""
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            entries = os.scandir(os.path.join(root, prefix) if prefix else root)
        except OSError:
            continue  # an unreadable folder holds nothing we can show
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                relative = prefix + name
                if name.endswith(SUFFIXES):
                    try:
                        info: os.stat_result | None = entry.stat()
                    except OSError:
                        info = None  # the loader will say why (a symlink loop…)
                    if info is None or not stat.S_ISDIR(info.st_mode):
                        yield relative, info
                        continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(relative + os.sep)


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
