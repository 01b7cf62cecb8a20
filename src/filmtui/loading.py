"""Loading a record in the background, so a big record can show progress while it loads.

The command line starts a `LoadingJob` at once and waits for it only briefly: a record
that loads in time never shows a screen (errors print as one line before any drawing);
a slower one opens the browser on a progress view that stays responsive (`q` quits).

Where the OS can fork, the record loads in a child process. A thread would not do: the
compiled TOML parser holds the GIL for the whole parse, freezing the screen. A child also
parses on the second core while the browser starts. It sends the record back pickled,
with the quotes as columns (one list per field), which pickles several times faster than
100,000 objects. This module does not import textual.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time

from filmtui.loader import RecordError, load
from filmtui.model import Film, Quote

#: Loads that finish within this long show no progress view at all.
QUICK_LOAD_SECONDS = 0.3

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def pack(film: Film) -> tuple[Film, tuple[list[Any], ...]]:
    """The record without its quotes, and the quotes as one list per field.

    Equal values within a column become one object (a few hundred publications serve
    100,000 quotes), which pickle then sends once, and the browser keeps once.
    """
    columns = []
    for field in Quote.FIELDS:
        shared: dict[Any, Any] = {}
        values = [getattr(quote, field.name) for quote in film.quotes]
        if field.name != "text":
            values = [shared.setdefault(value, value) for value in values]
        columns.append(values)
    return film.replace(quotes=[]), tuple(columns)


def unpack(packed: tuple[Film, tuple[list[Any], ...]]) -> Film:
    """The record `pack` took apart."""
    head, columns = packed
    make = Quote.maker()
    return head.replace(quotes=[make(*values) for values in zip(*columns, strict=True)])


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
        self._child: int | None = None
        if hasattr(os, "fork"):
            reader, writer = os.pipe()
            self._child = os.fork()
            if self._child == 0:  # pragma: no cover - runs in the child process
                os.close(reader)
                self._load_in_child(writer, max_bytes)
            os.close(writer)
            target, args = self._receive, (reader,)
        else:
            target, args = self._load_here, (max_bytes,)
        threading.Thread(target=target, args=args, name="filmtui-load", daemon=True).start()

    def _load_in_child(self, writer: int, max_bytes: int) -> None:  # pragma: no cover
        """In the child: load, send the packed record or the error down the pipe, exit."""
        status = 0
        try:
            try:
                result: tuple[str, Any] = ("film", pack(load(self.path, max_bytes=max_bytes)))
            except RecordError as error:
                result = ("error", str(error))
            except MemoryError:
                result = ("error", f"{self.path}: not enough memory to load this record")
            with os.fdopen(writer, "wb") as pipe:
                pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            status = 1
        finally:
            os._exit(status)  # never run the parent's exit handlers or flush its buffers

    def _receive(self, reader: int) -> None:
        """In the parent: read the child's answer (reading releases the GIL)."""
        try:
            with os.fdopen(reader, "rb") as pipe:
                try:
                    kind, value = pickle.load(pipe)  # streamed: no copy of the whole answer
                except EOFError:
                    kind, value = "error", None  # the child died before answering
            if kind == "film":
                self.film = unpack(value)
            else:
                self.error = value or f"{self.path}: the loader stopped unexpectedly"
        except Exception as error:  # a broken pipe or a truncated answer
            self.error = f"{self.path}: the loader stopped unexpectedly ({error})"
        finally:
            self._reap()
            self._done.set()

    def _load_here(self, max_bytes: int) -> None:
        """Without fork: load on this thread (the screen may pause during the parse)."""
        try:
            self.film = load(self.path, max_bytes=max_bytes)
        except RecordError as error:
            self.error = str(error)
        except MemoryError:
            self.error = f"{self.path}: not enough memory to load this record"
        finally:
            self._done.set()

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
