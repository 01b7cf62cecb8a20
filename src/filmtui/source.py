"""Reading a record's bytes from where the user pointed: a file, `-` (stdin) or a pipe.

A regular file is checked against the size cap before it is read. Standard input and
pipes (a FIFO, or `<(command)` process substitution) are read as they come, with the same
cap; one that delivers nothing for NO_DATA_SECONDS is an error rather than a hang, and so
is a terminal on stdin (nobody types a record). Devices, sockets and directories are
refused without being read. Every failure is a `SourceError` whose text is one line naming
the source. The standard library has no capped, time-limited read of a pipe, hence this
module. It does not import textual.
"""

from __future__ import annotations

import errno
import os
import select
import stat
import sys
import time

MIB = 1024 * 1024
#: The size cap on a record unless the user gives another (--max-size).
DEFAULT_MAX_BYTES = 64 * MIB
#: `-` names standard input, as for most Unix tools; `./-` is a file called `-`.
STDIN = "-"
#: How long a pipe may stay silent before it is "no data".
NO_DATA_SECONDS = 3.0
_CHUNK = 1 << 20


class SourceError(Exception):
    """A record's bytes could not be read; `str(error)` is the one line to show."""


def source_name(path: str | os.PathLike[str]) -> str:
    """The name to show for a source in messages: `<stdin>` for `-`."""
    name = os.fspath(path)
    return "<stdin>" if name == STDIN else name


def read_source(
    path: str | os.PathLike[str], max_bytes: int, no_data_seconds: float = NO_DATA_SECONDS
) -> bytes:
    """All the bytes of a record file, `-` (stdin) or a pipe, at most `max_bytes`."""
    name = source_name(path)
    if os.fspath(path) == STDIN:
        if os.isatty(sys.stdin.fileno()):
            raise SourceError(f"{name}: is a terminal; pipe a record in (`filmtui - < FILE`)")
        fd = os.dup(sys.stdin.fileno())
    else:
        try:
            # O_NONBLOCK: opening a FIFO must not wait for a writer.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as error:
            raise SourceError(f"{name}: {_describe_os_error(error)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            return _read_file(fd, name, max_bytes)
        if stat.S_ISFIFO(mode) or (name == "<stdin>" and not stat.S_ISDIR(mode)):
            return _read_stream(fd, name, max_bytes, no_data_seconds)
        if stat.S_ISDIR(mode):
            raise SourceError(f"{name}: is a directory, not a record file")
        raise SourceError(f"{name}: not a regular file or a pipe ({_file_kind(mode)})")
    finally:
        os.close(fd)


def _read_file(fd: int, name: str, max_bytes: int) -> bytes:
    """A regular file's bytes, refused without reading when it is over the cap."""
    size = os.fstat(fd).st_size
    if size > max_bytes:
        raise SourceError(_too_large(name, f"file is {human_size(size)}", max_bytes))
    os.set_blocking(fd, True)
    data = _read_up_to(fd, name, max_bytes + 1)
    if len(data) > max_bytes:  # it grew while we read
        raise SourceError(_too_large(name, "file grew while read", max_bytes))
    return data


def _read_stream(fd: int, name: str, max_bytes: int, no_data_seconds: float) -> bytes:
    """A pipe's bytes up to its end. Only the wait for the first byte is limited: once
    data flows, a slow writer is waited for, as `cat` would."""
    os.set_blocking(fd, False)
    deadline = time.monotonic() + no_data_seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise SourceError(
                f"{name}: no data after {no_data_seconds:g} s "
                "(nothing is writing to it; pipe a record in)"
            )
        try:
            first = os.read(fd, _CHUNK)
        except BlockingIOError:
            continue  # woken without data (another reader took it, or a spurious wake)
        except OSError as error:
            raise SourceError(f"{name}: {_describe_os_error(error)}") from None
        break
    if not first:
        raise SourceError(f"{name}: no data (it ended before any record)")
    os.set_blocking(fd, True)
    data = first + _read_up_to(fd, name, max_bytes + 1 - len(first))
    if len(data) > max_bytes:
        raise SourceError(_too_large(name, "more data than that", max_bytes))
    return data


def _read_up_to(fd: int, name: str, limit: int) -> bytes:
    """Read until the end or `limit` bytes, whichever comes first."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        try:
            chunk = os.read(fd, min(left, _CHUNK))
        except OSError as error:
            raise SourceError(f"{name}: {_describe_os_error(error)}") from None
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(name: str, what: str, max_bytes: int) -> str:
    """Describe a source over the size cap, saying how to raise the cap."""
    return f"{name}: {what}, over the {human_size(max_bytes)} limit (raise it with --max-size MB)"


def human_size(size: int) -> str:
    """A byte count as the --max-size flag takes it (MB of 2**20 bytes, as everywhere
    filmtui shows a size)."""
    if size >= MIB:
        return f"{size / MIB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"


def _describe_os_error(error: OSError) -> str:
    """Turn an OSError into a short lower-case phrase without the repeated file name."""
    if error.errno == errno.ELOOP:
        return "too many levels of symbolic links (a symlink loop?)"
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno == errno.EACCES:
        return "permission denied"
    if error.errno == errno.EISDIR:
        return "is a directory, not a record file"
    return (error.strerror or str(error)).lower()


def _file_kind(mode: int) -> str:
    """Name the kind of a file that is neither regular nor a pipe."""
    kinds = {
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
    }
    for test, kind in kinds.items():
        if test(mode):
            return kind
    return "not a file"
