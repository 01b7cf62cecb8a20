"""Run filmtui in a real pseudo-terminal and collect every byte it writes to it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class PtyRun:
    """What a run in a pseudo-terminal produced."""

    terminal: bytes  # everything written to the terminal (the app draws on stderr)
    stdout: bytes  # stdout, which is a pipe, as in `filmtui | jq`
    returncode: int


def run_in_pty(
    args: Sequence[str | os.PathLike[str]],
    keys: Sequence[bytes] = (b"q",),
    size: tuple[int, int] = (100, 30),
    ready: bytes = b"quote",
    env: dict[str, str] | None = None,
    timeout: float = 30,
    settle: float = 0.3,
) -> PtyRun:
    """Start `python -m filmtui ARGS` on a pty of `size` (columns, rows), wait until the
    screen shows `ready` (and `settle` seconds more), type each of `keys` with a pause
    between, and collect the output."""
    controller, terminal = pty.openpty()
    columns, rows = size
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "COLORTERM", "FORCE_COLOR", "TEXTUAL", "TERM")
    }
    environment = {**inherited, "TERM": "xterm-256color", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "filmtui", *map(str, args)],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=environment,
        cwd=Path(__file__).parent,
        start_new_session=True,
    )
    os.close(terminal)
    output = bytearray()
    deadline = time.monotonic() + timeout

    def read_for(seconds: float) -> None:
        """Read whatever the app writes for this long."""
        end = min(time.monotonic() + seconds, deadline)
        while time.monotonic() < end:
            readable, _, _ = select.select([controller], [], [], 0.05)
            if readable:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                output.extend(chunk)

    while ready not in output and time.monotonic() < deadline and process.poll() is None:
        read_for(0.1)
    read_for(settle)
    for key in keys:
        os.write(controller, key)
        read_for(0.4)
    try:
        stdout, _ = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    read_for(0.2)
    os.close(controller)
    return PtyRun(bytes(output), stdout, process.returncode)
