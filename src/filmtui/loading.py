"""Loading a record in the background, so a big record can show progress while it loads.

The command line starts a `LoadingJob` at once and waits for it only briefly: a record
that loads in time never shows a screen (errors print as one line before any drawing);
a slower one opens the browser on a progress view that stays responsive (`q` quits).

Where the OS can fork, the record loads in a child process. A thread would not do: the
compiled TOML parser holds the GIL for the whole parse, freezing the screen. A child also
parses on the second core while the browser starts. It sends the record back pickled in
parts (the record without its quotes, then validated chunks of quotes), so the browser
rebuilds one chunk while the next is checked; each chunk travels as columns (one list
per field), which pickles several times faster than objects. This module does not
import textual.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time

from filmtui.loader import RecordError, load, load_in_chunks
from filmtui.model import Film, Quote

#: Loads that finish within this long show no progress view at all.
QUICK_LOAD_SECONDS = 0.3

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


def share_repeats(columns: tuple[list[Any], ...]) -> tuple[list[Any], ...]:
    """Make equal publications and regions one object each (a few hundred serve 100,000
    quotes), which pickle then sends once and the browser keeps once."""
    shared_fields = [i for i, field in enumerate(Quote.FIELDS) if field.name != "text"]
    for index in shared_fields:
        shared: dict[Any, Any] = {}
        columns[index][:] = [shared.setdefault(value, value) for value in columns[index]]
    return columns


def unpack(columns: tuple[list[Any], ...]) -> list[Quote]:
    """Quotes from columns, as `load_in_chunks` gives them."""
    make = Quote.maker()
    return [make(*values) for values in zip(*columns, strict=True)]


class LoadingJob:
    """One record being loaded in a child process (or, without fork, a daemon thread)."""

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
        self._child: int | None = None
        if hasattr(os, "fork"):
            reader, writer = os.pipe()
            self._child = os.fork()
            if self._child == 0:  # pragma: no cover - runs in the child process
                os.close(reader)
                self._load_in_child(writer, max_bytes)
            os.close(writer)
            target: Callable[[int], None] = self._receive
            argument = reader
        else:
            target, argument = self._load_here, max_bytes
        threading.Thread(target=target, args=(argument,), name="filmtui-load", daemon=True).start()

    def _load_in_child(self, writer: int, max_bytes: int) -> None:  # pragma: no cover
        """In the child: send the record in parts down the pipe, then "done" or the
        error, and exit."""
        status = 0
        try:
            with os.fdopen(writer, "wb") as pipe:

                def send(kind: str, value: Any) -> None:
                    pickle.dump((kind, value), pipe, protocol=pickle.HIGHEST_PROTOCOL)

                try:
                    for part in load_in_chunks(self.path, max_bytes=max_bytes):
                        if isinstance(part, Film):
                            send("head", part)
                        else:
                            send("quotes", share_repeats(part))
                    send("done", None)
                except RecordError as error:
                    send("error", str(error))
                except MemoryError:
                    send("error", self._out_of_memory())
        except BaseException:
            status = 1
        finally:
            os._exit(status)  # never run the parent's exit handlers or flush its buffers

    def _receive(self, reader: int) -> None:
        """In the parent: rebuild the parts as they arrive (reading releases the GIL)."""
        head: Film | None = None
        quotes: list[Quote] = []
        try:
            with os.fdopen(reader, "rb") as pipe:
                while True:
                    try:
                        kind, value = pickle.load(pipe)
                    except EOFError:
                        kind, value = "error", None  # the child died before finishing
                    if kind == "head":
                        head = value
                    elif kind == "quotes":
                        quotes.extend(unpack(value))
                    elif kind == "done" and head is not None:
                        self.film = head.replace(quotes=quotes)
                        break
                    else:
                        self.error = value or f"{self.path}: the loader stopped unexpectedly"
                        break
        except Exception as error:  # a broken pipe or a truncated answer
            self.error = f"{self.path}: the loader stopped unexpectedly ({error})"
        finally:
            self._reap()
            self._finish()

    def _load_here(self, max_bytes: int) -> None:
        """Without fork: load on this thread (the screen may pause during the parse)."""
        try:
            self.film = load(self.path, max_bytes=max_bytes)
        except RecordError as error:
            self.error = str(error)
        except MemoryError:
            self.error = self._out_of_memory()
        finally:
            self._finish()

    def _out_of_memory(self) -> str:
        """The one-line error for a record too big for the memory there is."""
        return f"{self.path}: not enough memory to load this record"

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

    def _reap(self) -> None:
        """Collect the child's exit status so it does not linger as a zombie."""
        if self._child:
            try:
                os.waitpid(self._child, 0)
            except ChildProcessError:
                pass
            self._child = None

    def cancel(self) -> None:
        """Stop a load still in progress (the user quit)."""
        if self._child and not self.done:
            try:
                os.kill(self._child, signal.SIGTERM)
            except ProcessLookupError:
                pass

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
