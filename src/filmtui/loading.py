"""Loading a record in the background, so a big record can show progress while it loads.

The command line starts a `LoadingJob` at once and waits for it only briefly: a record
that loads in time never shows a screen (errors print as one line before any drawing);
a slower one opens the browser on a progress view that stays responsive (`q` quits).

The record loads in a child process. A thread would not do: the compiled TOML parser
holds the GIL for the whole parse, freezing the screen. A child also parses on the second
core while the browser starts. The child is a fresh interpreter (`python -m
filmtui.loading`), never a fork: forking a process whose threads (Textual's, or this
module's own) may hold locks can deadlock the child. It sends the record back in parts
(the record without its quotes, then validated chunks of quotes as MessagePack, which
msgspec decodes into Quotes faster than pickle), so the browser rebuilds one chunk while
the next is checked. This module does not import textual.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
import time

import msgspec

from filmtui.loader import RecordError, load_in_chunks
from filmtui.model import Film, Quote

#: Loads that finish within this long show no progress view at all.
QUICK_LOAD_SECONDS = 0.3

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO

# Each part on the pipe: a kind byte, the payload's length, the payload.
_HEADER = struct.Struct("<cQ")
_HEAD, _QUOTES, _DONE, _ERROR = b"h", b"q", b"d", b"e"


class LoadingJob:
    """One record being loaded in a child process."""

    def __init__(self, path: str, max_bytes: int) -> None:
        self.path = path
        self.film: Film | None = None
        self.error: str | None = None
        self.started = time.monotonic()
        try:
            self.size: int | None = os.stat(path).st_size
        except OSError:
            self.size = None
        self._done = threading.Event()
        self._on_done: Callable[[], None] | None = None
        self._lock = threading.Lock()
        package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        python_path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
        self._child = subprocess.Popen(
            [sys.executable, "-m", "filmtui.loading", path, str(max_bytes)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": python_path},  # the same filmtui as ours
        )
        threading.Thread(target=self._receive, name="filmtui-load", daemon=True).start()

    def _receive(self) -> None:
        """Rebuild the parts as they arrive (reading releases the GIL)."""
        head: Film | None = None
        quotes: list[Quote] = []
        decode_quotes = msgspec.msgpack.Decoder(list[Quote]).decode
        shared: dict[str, str] = {}
        pipe = self._child.stdout
        assert pipe is not None
        try:
            with pipe:
                while True:
                    kind, payload = _read_part(pipe)
                    if kind == _HEAD:
                        head = pickle.loads(payload)
                    elif kind == _QUOTES:
                        quotes.extend(share_repeats(decode_quotes(payload), shared))
                    elif kind == _DONE and head is not None:
                        self.film = head.replace(quotes=quotes)
                        break
                    else:
                        self.error = payload.decode() or self._stopped()
                        break
        except Exception as error:  # a broken pipe or a truncated answer
            self.error = self._stopped(f" ({error})")
        finally:
            self._child.wait()
            self._finish()

    def _stopped(self, detail: str = "") -> str:
        """The error for a loader that ended without an answer."""
        return f"{self.path}: the loader stopped unexpectedly{detail}"

    def _finish(self) -> None:
        """Mark the job done and call back whoever asked to know."""
        with self._lock:
            self._done.set()
            callback = self._on_done
        if callback is not None:
            callback()

    def when_done(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the job is done: from the loading thread, or at once if it
        is done already."""
        with self._lock:
            if not self._done.is_set():
                self._on_done = callback
                return
        callback()

    def cancel(self) -> None:
        """Stop a load still in progress (the user quit)."""
        if not self.done and self._child.poll() is None:
            self._child.terminate()

    @property
    def done(self) -> bool:
        """True once the record is loaded or has failed."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to `timeout` seconds (forever if None); True if the job is done."""
        return self._done.wait(timeout)

    def elapsed(self) -> float:
        """Seconds since loading started."""
        return time.monotonic() - self.started


def share_repeats(quotes: list[Quote], shared: dict[str, str]) -> list[Quote]:
    """Make equal publications, critics and regions one object each (a few hundred serve
    100,000 quotes), so the browser keeps each once. Quotes are frozen, but these are
    fresh from the decoder and nothing else holds them yet."""
    setattr_ = msgspec.structs.force_setattr
    for quote in quotes:
        setattr_(quote, "publication", shared.setdefault(quote.publication, quote.publication))
        if quote.region is not None:
            setattr_(quote, "region", shared.setdefault(quote.region, quote.region))
        if quote.critic is not None:
            setattr_(quote, "critic", shared.setdefault(quote.critic, quote.critic))
    return quotes


def _read_part(pipe: IO[bytes]) -> tuple[bytes, bytes]:
    """One part from the child; an empty error if the pipe ends first."""
    header = pipe.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return _ERROR, b""
    kind, size = _HEADER.unpack(header)
    payload = pipe.read(size)
    return (kind, payload) if len(payload) == size else (_ERROR, b"")


def _load_in_child(path: str, max_bytes: int) -> None:  # pragma: no cover - the child
    """Send the record at `path` in parts to stdout, then "done" or the error."""
    pipe = sys.stdout.buffer
    encode = msgspec.msgpack.Encoder().encode

    def send(kind: bytes, payload: bytes) -> None:
        pipe.write(_HEADER.pack(kind, len(payload)))
        pipe.write(payload)

    try:
        for part in load_in_chunks(path, max_bytes=max_bytes):
            if isinstance(part, Film):
                send(_HEAD, pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
            else:
                send(_QUOTES, encode(part))
            pipe.flush()
        send(_DONE, b"")
    except RecordError as error:
        send(_ERROR, str(error).encode())
    except MemoryError:
        send(_ERROR, f"{path}: not enough memory to load this record".encode())
    pipe.flush()


if __name__ == "__main__":  # pragma: no cover - run by LoadingJob as the child
    _load_in_child(sys.argv[1], int(sys.argv[2]))
