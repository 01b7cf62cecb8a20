"""Run a program in a real pseudo-terminal and read its screen through a terminal emulator.

`Terminal` spawns a program on a pty (stdin and stderr, where filmtui draws, are the
terminal; stdout is a pipe as in `filmtui | jq`, a file, or the terminal too), feeds all it
writes into a pyte screen of the same size, and lets a test type keys, resize, and wait
until the screen shows something: `wait_for("3 of 20 match")` or `wait_for(predicate)`.
Tests wait on what the screen shows, never on fixed sleeps. The terminal has synchronized
output (mode 2026), as most terminals today do: the screen shows a program's frames only
whole, never the part of one that a 4 KB read of the pty brought so far.

benchmarks/run.py uses the same class to time what reaches the terminal: `wait_for_bytes`
returns when a marker arrived on the wire, `frame_after` the end of a burst of output.
"""

from __future__ import annotations

import copy
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Literal

import pyte
from wcwidth import wcwidth

# Variables that change how the app draws; the caller sets them explicitly if it wants.
_DRAWING_VARIABLES = ("NO_COLOR", "COLORTERM", "FORCE_COLOR", "TEXTUAL", "TERM", "COLUMNS", "LINES")

#: Where the program's stdout goes: a pipe read back by `finish`, the terminal, or a file.
Stdout = Literal["pipe", "terminal"] | Path

ScreenTest = Callable[["Terminal"], bool]

#: Sequences pyte does not parse and would draw parts of as text: the kitty keyboard
#: protocol (CSI < u, CSI > N u, CSI = N u) and mode queries (CSI ? N $ p). They do not
#: change the screen, so they are dropped before emulation.
_UNPARSED = re.compile(rb"\x1b\[[<=>][0-9;]*[a-zA-Z]|\x1b\[\??[0-9;]*\$[a-zA-Z]")
#: Synchronized output (mode 2026): the program asks whether the terminal has it, and
#: then brackets every frame with its start and end, so that a frame is shown whole.
_SYNC_QUERY = b"\x1b[?2026$p"
_SYNC_ANSWER = b"\x1b[?2026;2$y"  # supported, currently off
_SYNC_START, _SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
#: An escape sequence cut off at the end of what has arrived so far.
_UNFINISHED = re.compile(rb"\x1b(\[[0-?]*[ -/]*|\][^\x07\x1b]*|\x1b?)?\Z")


#: Zero-width format characters (Unicode category Cf) that pyte cannot draw.
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


class TerminalScreen(pyte.Screen):
    """pyte's screen plus the alternate screen (private mode 1049) of full-screen programs,
    so that what stays on the terminal after they exit is what a user would see."""

    _saved: tuple[dict[int, dict[int, pyte.screens.Char]], pyte.screens.Cursor] | None = None

    def set_mode(self, *modes: int, **kwargs: bool) -> None:
        """Enter the alternate screen (saving the main one) or set other modes."""
        if kwargs.get("private") and 1049 in modes:
            lines = {row: dict(line) for row, line in self.buffer.items()}
            self._saved = (lines, copy.copy(self.cursor))
            self.erase_in_display(2)
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs: bool) -> None:
        """Leave the alternate screen (restoring the main one) or reset other modes."""
        if kwargs.get("private") and 1049 in modes and self._saved is not None:
            lines, self.cursor = self._saved
            self._saved = None
            self.buffer.clear()
            for row, line in lines.items():
                self.buffer[row].update(line)
            self.dirty.update(range(self.lines))
        super().reset_mode(*modes, **kwargs)

    def draw(self, data: str) -> None:
        """Draw text, skipping zero-width characters that combine with nothing (such as
        the bidi isolates around record fields), as terminals do: pyte stops drawing
        the rest of the text at the first one."""
        super().draw(_ZERO_WIDTH.sub("", data))

    @property
    def display(self) -> list[str]:
        """The screen's rows as text. When a wide character (an emoji, CJK) is partly
        overdrawn, pyte leaves a cell with empty data and its own `display` fails on
        `char[0]`; here such a cell reads as nothing, as a terminal shows it."""
        rows = []
        for y in range(self.lines):
            line, cells, x = self.buffer[y], [], 0
            while x < self.columns:
                data = line[x].data
                cells.append(data)
                x += 2 if data and wcwidth(data[0]) == 2 else 1
            rows.append("".join(cells))
        return rows


class Terminal:
    """One program on a pseudo-terminal of `size` (columns, rows), seen through pyte."""

    def __init__(
        self,
        command: Sequence[str | os.PathLike[str]],
        size: tuple[int, int] = (100, 30),
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        stdout: Stdout = "pipe",
        stdin: bytes | None = None,
    ) -> None:
        """Start `command`. With `stdin` bytes, its stdin is a pipe carrying them and the
        terminal is reached only as /dev/tty (the pty is its controlling terminal)."""
        controller, terminal = pty.openpty()
        columns, rows = size
        self._screen = TerminalScreen(columns, rows)
        self._stream = pyte.ByteStream(self._screen)
        self._fed = 0  # how much of `output` the screen has seen (it is fed when read)
        self._answered = False  # told the program that frames can be marked (mode 2026)
        self._synchronized = False  # a whole marked frame has arrived since
        self.controller = controller
        self._set_size(columns, rows)
        inherited = {k: v for k, v in os.environ.items() if k not in _DRAWING_VARIABLES}
        out_file = stdout.open("wb") if isinstance(stdout, Path) else None
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [str(part) for part in command],
            stdin=terminal if stdin is None else subprocess.PIPE,
            stdout=out_file or (terminal if stdout == "terminal" else subprocess.PIPE),
            stderr=terminal,
            env={**inherited, "TERM": "xterm-256color", **(env or {})},
            cwd=cwd,
            start_new_session=True,
            # Make the pty the controlling terminal, so /dev/tty and SIGWINCH work.
            preexec_fn=lambda: fcntl.ioctl(2, termios.TIOCSCTTY, 0),
        )
        os.close(terminal)
        if out_file is not None:
            out_file.close()
        if stdin is not None:
            assert self.process.stdin is not None
            self.process.stdin.write(stdin)
            self.process.stdin.close()
        self.output = bytearray()  # every byte written to the terminal
        self.last_read = self.started
        self._stdout_chunks: list[bytes] = []
        self._drain: threading.Thread | None = None
        if self.process.stdout is not None:
            # Drain stdout on a thread from the start: a big export would otherwise fill
            # the pipe and block the program.
            # The pipe is closed once the program has closed its end (no ResourceWarning).
            self._drain = threading.Thread(
                target=self._read_stdout, args=(self.process.stdout,), daemon=True
            )
            self._drain.start()

    def _read_stdout(self, pipe: IO[bytes]) -> None:
        """Keep all the program writes to its stdout pipe, then close the pipe."""
        with pipe:
            self._stdout_chunks.append(pipe.read())

    # ---------------------------------------------------------------- reading the screen

    @property
    def screen(self) -> pyte.Screen:
        """The emulated screen, up to date with everything read so far. (Fed only when
        looked at, so that timing with `wait_for_bytes` pays nothing for emulation.)"""
        pending = bytes(self.output[self._fed :])
        unfinished = _UNFINISHED.search(pending)
        if unfinished:  # keep the start of a sequence until the rest arrives
            pending = pending[: unfinished.start()]
        frame = pending.rfind(_SYNC_START)
        if frame >= 0 and pending.find(_SYNC_END, frame) < 0:
            pending = pending[:frame]  # show a frame only once all of it has arrived
        if self._answered and not self._synchronized:
            # Frames drawn before the program read the answer are not marked: show
            # nothing until the first marked frame is whole (or the program has ended).
            if _SYNC_END in pending:
                self._synchronized = True
            elif self.process.poll() is None:
                pending = b""
        if pending:
            self._stream.feed(_UNPARSED.sub(b"", pending))
            self._fed += len(pending)
        return self._screen

    def text(self) -> str:
        """The screen as text, one line per row (trailing spaces kept)."""
        return "\n".join(self.screen.display)

    def state(self) -> list[list[tuple[str, str, str, bool]]]:
        """Every cell of the screen with its colours, to tell whether anything changed."""
        buffer, columns = self.screen.buffer, range(self.screen.columns)
        return [
            [(c.data, c.fg, c.bg, c.reverse) for c in map(buffer[row].__getitem__, columns)]
            for row in range(self.screen.lines)
        ]

    def shows(self, text: str) -> bool:
        """Whether `text` is on the screen, within one row."""
        return any(text in line for line in self.screen.display)

    def wait_for(self, what: str | ScreenTest, timeout: float = 30) -> None:
        """Read until the screen shows `what` (text within a row, or a predicate on this
        terminal is true). Raises TimeoutError, with the screen, if it does not happen."""
        test: ScreenTest = (lambda t: t.shows(what)) if isinstance(what, str) else what
        deadline = time.perf_counter() + timeout
        while not test(self):
            alive = self.read(0.02)
            if not alive or time.perf_counter() > deadline or self.process.poll() is not None:
                self.read(0.05)  # whatever was still in flight
                if test(self):
                    return
                state = "the program exited" if self.process.poll() is not None else "timed out"
                raise TimeoutError(f"waiting for {what!r}, {state}; screen:\n{self.text()}")

    def wait_for_exit(self, timeout: float = 30) -> int:
        """Read until the program exits; return its status (kills it after `timeout`)."""
        deadline = time.perf_counter() + timeout
        while self.process.poll() is None:
            if time.perf_counter() > deadline:
                self.process.kill()
                raise TimeoutError(f"the program did not exit; screen:\n{self.text()}")
            self.read(0.02)
        self.read(0.05)
        return self.process.returncode

    # ------------------------------------------------------------------ acting on it

    def send(self, keys: bytes | str) -> float:
        """Type `keys`; return when they were sent (perf_counter)."""
        os.write(self.controller, keys.encode() if isinstance(keys, str) else keys)
        return time.perf_counter()

    def press(self, keys: bytes | str, timeout: float = 30) -> None:
        """Type `keys` and wait until the screen (text or colours) changes."""
        before = self.state()
        self.send(keys)
        self.wait_for(lambda terminal: terminal.state() != before, timeout)

    def resize(self, columns: int, rows: int) -> None:
        """Resize the terminal (and the emulated screen); the program gets SIGWINCH."""
        self.screen.resize(rows, columns)
        self._set_size(columns, rows)
        # The kernel signals the terminal's foreground group; say it again in case the
        # program is not in it.
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGWINCH)

    def finish(self, keys: bytes = b"q", timeout: float = 30) -> tuple[bytes, int, int]:
        """Type `keys` (to quit), wait for the end; return stdout, status and peak RSS
        in KB (of the program and any children it waited for)."""
        if keys:
            self.send(keys)
        deadline = time.perf_counter() + timeout
        peak_kb = 0
        while True:
            try:
                pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            except ChildProcessError:  # already collected by Popen.poll()
                break
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                peak_kb = usage.ru_maxrss
                break
            if time.perf_counter() > deadline:
                self.process.kill()
            self.read(0.02)
        self.read(0.05)
        if self._drain is not None:
            self._drain.join(timeout)
        os.close(self.controller)
        assert self.process.returncode is not None
        return b"".join(self._stdout_chunks), self.process.returncode, peak_kb

    # ------------------------------------------------------------- bytes on the wire

    def read(self, seconds: float) -> bool:
        """Read whatever arrives for this long into the screen; False once the terminal
        is closed."""
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
                self.last_read = time.perf_counter()
                self._answer_sync_query(len(self.output), chunk)
                self.output.extend(chunk)
        return True

    def wait_for_bytes(
        self, marker: bytes | tuple[bytes, ...], timeout: float = 30, start: int = 0
    ) -> float:
        """Read until `marker` (or any of several) appears in the output after offset
        `start`; return when it arrived (perf_counter). For timing; tests wait on the
        screen with `wait_for`."""
        markers = marker if isinstance(marker, tuple) else (marker,)
        deadline = time.perf_counter() + timeout
        while not any(found in self.output[start:] for found in markers):
            if time.perf_counter() > deadline or self.process.poll() is not None:
                self.read(0.05)
                if any(found in self.output[start:] for found in markers):
                    break
                raise TimeoutError(f"{marker!r} did not appear")
            self.read(0.005)
        return self.last_read

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

    def _answer_sync_query(self, offset: int, chunk: bytes) -> None:
        """Say that this terminal has synchronized output, as most terminals today do
        (kitty, WezTerm, foot, iTerm2, Windows Terminal). Textual then marks where each
        frame starts and ends, and the screen shows only whole frames: a frame bigger than
        the pty's 4 KB reads is never seen half drawn, so that `press` cannot take the
        rest of the last key's frame for the effect of the next key."""
        start = max(0, offset - len(_SYNC_QUERY) + 1)
        if _SYNC_QUERY in bytes(self.output[start:]) + chunk:
            try:
                os.write(self.controller, _SYNC_ANSWER)
                self._answered = True
            except OSError:  # the program has gone
                pass

    def _set_size(self, columns: int, rows: int) -> None:
        """Tell the pty its size."""
        fcntl.ioctl(self.controller, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def filmtui(
    *args: str | os.PathLike[str],
    size: tuple[int, int] = (100, 30),
    env: dict[str, str] | None = None,
    stdout: Stdout = "pipe",
    stdin: bytes | None = None,
) -> Terminal:
    """`python -m filmtui ARGS` on a pty of `size`, run from the tests folder."""
    return Terminal(
        [sys.executable, "-m", "filmtui", *args],
        size,
        env,
        cwd=Path(__file__).parent,
        stdout=stdout,
        stdin=stdin,
    )
