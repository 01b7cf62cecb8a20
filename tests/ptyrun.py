"""Run a program in a real pseudo-terminal: type keys, collect and time what it draws.

Used by the terminal tests (`run_in_pty`) and by benchmarks/run.py (`PtySession`), so the
screen figures are measured the way a user sees them.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Variables that change how the app draws; the caller sets them explicitly if it wants.
_DRAWING_VARIABLES = ("NO_COLOR", "COLORTERM", "FORCE_COLOR", "TEXTUAL", "TERM")


class PtySession:
    """One program on a pseudo-terminal of a given size; the output is kept in `output`."""

    def __init__(
        self,
        command: Sequence[str | os.PathLike[str]],
        size: tuple[int, int] = (100, 30),
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        controller, terminal = pty.openpty()
        columns, rows = size
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        inherited = {k: v for k, v in os.environ.items() if k not in _DRAWING_VARIABLES}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [str(part) for part in command],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env={**inherited, "TERM": "xterm-256color", **(env or {})},
            cwd=cwd,
            start_new_session=True,
        )
        os.close(terminal)
        assert self.process.stdout is not None
        self._stdout = self.process.stdout
        self.controller = controller
        self.output = bytearray()
        self.last_read = self.started

    def read(self, seconds: float) -> bool:
        """Read whatever arrives for this long; False once the terminal is closed."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            readable, _, _ = select.select([self.controller], [], [], min(left, 0.05))
            if readable:
                try:
                    chunk = os.read(self.controller, 1 << 16)
                except OSError:
                    return False
                if not chunk:
                    return False
                self.output.extend(chunk)
                self.last_read = time.perf_counter()
        return True

    def wait_for(self, marker: bytes, timeout: float = 30, start: int = 0) -> float:
        """Read until `marker` appears in the output after offset `start`; return the time
        it arrived (perf_counter). Raises TimeoutError if it does not come."""
        deadline = time.perf_counter() + timeout
        while marker not in self.output[start:]:
            if time.perf_counter() > deadline or self.process.poll() is not None:
                self.read(0.05)
                if marker in self.output[start:]:
                    break
                raise TimeoutError(f"{marker!r} did not appear")
            self.read(0.005)
        return self.last_read

    def send(self, keys: bytes) -> float:
        """Type `keys`; return when they were sent (perf_counter)."""
        os.write(self.controller, keys)
        return time.perf_counter()

    def frame_after(self, sent_at: float, quiet: float = 0.03, timeout: float = 10) -> float:
        """Time from `sent_at` to the last byte of the burst of output that followed it
        (a burst ends after `quiet` seconds with nothing new)."""
        start = len(self.output)
        deadline = time.perf_counter() + timeout
        while len(self.output) == start and time.perf_counter() < deadline:
            self.read(0.001)
        while self.read(quiet) and self.last_read > time.perf_counter() - quiet:
            pass
        return self.last_read - sent_at

    def finish(self, keys: bytes = b"q", timeout: float = 30) -> tuple[bytes, int, int]:
        """Type `keys` (to quit), wait for the end; return stdout, status and peak RSS
        in KB (of the program and any children it waited for)."""
        if keys:
            self.send(keys)
        # Drain stdout on a thread: reading it here could block while the program, its
        # terminal output unread, blocks writing to the pty.
        chunks: list[bytes] = []
        drain = threading.Thread(target=lambda: chunks.append(self._stdout.read()), daemon=True)
        drain.start()
        deadline = time.perf_counter() + timeout
        peak_kb = 0
        while True:
            try:
                pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            except ChildProcessError:  # already collected by Popen.poll() in wait_for
                break
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                peak_kb = usage.ru_maxrss
                break
            if time.perf_counter() > deadline:
                self.process.kill()
            self.read(0.02)
        self.read(0.05)
        drain.join(timeout)
        os.close(self.controller)
        assert self.process.returncode is not None
        return b"".join(chunks), self.process.returncode, peak_kb


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
    session = PtySession(
        [sys.executable, "-m", "filmtui", *args], size, env, cwd=Path(__file__).parent
    )
    try:
        session.wait_for(ready, timeout)
    except TimeoutError:
        pass  # the caller's assertions on the output say what went wrong
    session.read(settle)
    for key in keys:
        session.send(key)
        session.read(0.4)
    stdout, returncode, _ = session.finish(keys=b"", timeout=timeout)
    return PtyRun(bytes(session.output), stdout, returncode)
