"""The terminal driver: Textual's, sized from the terminal it actually draws on.

Textual's Linux driver sizes the screen with `shutil.get_terminal_size()`, which reads
stdout. filmtui draws on stderr so stdout stays free for the export (`filmtui | jq`);
with stdout piped that size falls back to 80x24 or stays stale after a resize. This
driver asks stderr (the terminal drawn on), then /dev/tty, at start and on every resize.
"""

from __future__ import annotations

import os

from textual.drivers.linux_driver import LinuxDriver


def _size_of(fd: int) -> tuple[int, int] | None:
    """Columns and rows of the terminal behind `fd`, or None if it is not one."""
    try:
        columns, rows = os.get_terminal_size(fd)
    except OSError:
        return None
    return (columns, rows) if columns and rows else None


def drawn_terminal_size(fd: int) -> tuple[int, int] | None:
    """Columns and rows of the terminal behind `fd`, else of /dev/tty, else None."""
    size = _size_of(fd)
    if size is not None:
        return size
    try:
        tty = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return None
    try:
        return _size_of(tty)
    finally:
        os.close(tty)


class DrawnTerminalDriver(LinuxDriver):
    """Textual's Linux driver, sized from the terminal it draws on (stderr)."""

    def _get_terminal_size(self) -> tuple[int, int]:
        """The size of the terminal drawn on; Textual's own guess if there is none."""
        size = drawn_terminal_size(self._file.fileno()) if self._file else None
        return size or super()._get_terminal_size()
