"""What the `filmtui serve` tests share: a server process on a free port of the tests'
range, and the page's terminal screen read back from its websocket (see test_serve.py)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyte
import pytest
from ptyrun import TerminalScreen

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PORTS = range(8600, 8700)  # this feature's own range on the shared test machine
START_SECONDS = 30

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)",
)


def free_port() -> int:
    """A loopback port in this feature's range that nothing listens on, searched from a
    place of its own for each xdist worker: two workers probing the same port at once
    would both find it free, and one page would then talk to the other's server."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    start = PORTS.start + (worker * 20) % len(PORTS)
    ports: list[int] = [*range(start, PORTS.stop), *range(PORTS.start, start)]
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


@contextlib.contextmanager
def serving(
    arguments: list[str], tmp_path: Path, port: int | None = None, **popen: Any
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`filmtui serve ARGUMENTS` on `port` (default: a free loopback port), answering HTTP:
    its address and process (stdout and stderr in `tmp_path`; more Popen arguments in
    `popen`); stopped with Ctrl-C on the way out."""
    port = port or free_port()
    with (tmp_path / "serve.err").open("wb") as err, (tmp_path / "serve.out").open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "filmtui", "serve", *arguments, "--port", str(port)],
            stdout=out,
            stderr=err,
            cwd=tmp_path,
            **popen,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_answering(url, process)
        yield url, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_answering(url: str, process: subprocess.Popen[bytes]) -> None:
    """Return once `url` answers; fail if the server exits or never answers."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"filmtui serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            # Not listening yet: wait for the process itself rather than sleeping blind.
            try:
                process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
    pytest.fail(f"filmtui serve did not answer at {url} within {START_SECONDS} s")


class PageTerminal:
    """The page's terminal screen, rebuilt with pyte from the bytes of its websocket."""

    def __init__(self, websocket: object) -> None:
        """Follow `websocket` (a playwright WebSocket) from its first frame."""
        query = parse_qs(urlsplit(websocket.url).query)  # type: ignore[attr-defined]
        # ptyrun's screen: the page's xterm.js draws the bidi isolates as nothing, as
        # terminals do, where plain pyte stops drawing at them.
        self.screen = TerminalScreen(int(query["width"][0]), int(query["height"][0]))
        self.stream = pyte.ByteStream(self.screen)
        self.websocket = websocket
        websocket.on("framereceived", self._received)  # type: ignore[attr-defined]
        websocket.on("framesent", self._sent)  # type: ignore[attr-defined]

    def _received(self, payload: bytes | str) -> None:
        """Draw what the app sent (binary frames; text frames are control messages)."""
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    def _sent(self, payload: bytes | str) -> None:
        """Follow the page's resizes, as xterm.js does."""
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = re.findall(r"\d+", payload)
            self.screen.resize(lines=int(size[1]), columns=int(size[0]))

    @property
    def text(self) -> str:
        """The screen's text, one line per row."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, pattern: str, timeout: float = 20) -> str:
        """Wait until `pattern` (a regex) is on screen, frame by frame; return the screen."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"{pattern!r} never appeared; the screen shows:\n{self.text}")
            try:
                self.websocket.wait_for_event(  # type: ignore[attr-defined]
                    "framereceived", timeout=remaining * 1000
                )
            except Exception as error:  # playwright's TimeoutError: say what was shown
                pytest.fail(f"{pattern!r} never appeared ({error}); the screen shows:\n{self.text}")
        return self.text


@contextlib.contextmanager
def tunnel(to_port: int) -> Iterator[int]:
    """A free loopback port that forwards each connection to `to_port`, as `ssh -L` does:
    its number. Bytes pass both ways unchanged (a websocket's too) until a side closes."""
    listener = socket.create_server(("127.0.0.1", 0))  # a port of the system's choosing

    def pump(source: socket.socket, target: socket.socket) -> None:
        """Copy `source` to `target` until `source` ends, then end `target`'s writes."""
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)

    def forward(near: socket.socket) -> None:
        """Join one connection to a new one to `to_port`, both ways, then close both."""
        with near, socket.create_connection(("127.0.0.1", to_port)) as far:
            back = threading.Thread(target=pump, args=(far, near), daemon=True)
            back.start()
            pump(near, far)
            back.join()

    def accept() -> None:
        """Forward each connection, until the listener is shut."""
        with contextlib.suppress(OSError):
            while True:
                threading.Thread(target=forward, args=(listener.accept()[0],), daemon=True).start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() waiting in its thread
        acceptor.join()
        listener.close()
