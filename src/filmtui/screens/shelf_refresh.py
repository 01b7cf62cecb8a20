"""The shelf screen's background refresh: draw from the index first, then catch up.

When the index already holds the shelf (`Shelf.cached`), the shelf screen is drawn from it
at once and the index is refreshed meanwhile, in a thread worker on a second connection
(SQLite's WAL lets it write while the screen reads). Until that refresh ends the screen
keeps reading the index as it was (`Shelf.hold`), so what it shows stays consistent, and
its status lines say that changes are being looked for; then, if anything changed, the
lists are read again (ShelfScreen.reload) and a notice says what changed. A first build
goes through the indexing screen instead (screens/indexing.py), which refreshes with the
same `refresh_reporting`.
"""

from __future__ import annotations

import sys
import threading
import time

from textual import work
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from filmtui.screens.shelf_lists import plural
from filmtui.shelf import Refreshed, Shelf
from filmtui.shelf.refresh import BULK_FROM

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.screens.indexing import IndexingScreen

CHECKING = "checking for changes…"
#: From this many changed files to read, the progress screen covers the shelf until the
#: refresh ends: the shelf as drawn would long be far from its files (and the index
#: rebuilds its search tables at the end, as in a first build).
BIG_REFRESH = BULK_FROM
#: How long a refresh waits for the UI thread to start the resource tracker.
WAIT_FOR_UI_SECONDS = 1.0
#: Least time between two progress messages.
PROGRESS_SECONDS = 0.1


class RefreshProgress(Message):
    """`done` of the `total` files to read have been read (the indexing screen shows it;
    the shelf screen shows it, or passes it on to the indexing screen it covers itself
    with)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


def refresh_reporting(shelf: Shelf, max_bytes: int, screen: Screen[None]) -> Refreshed:
    """Refresh `shelf` from a thread worker, posting `RefreshProgress` to `screen` as
    files are read (at most ten times a second, and for the last); stop when the worker
    is cancelled (the app is quitting), keeping what was read so far."""
    worker = get_current_worker()
    app = worker.node.app
    last = 0.0

    def before_workers() -> None:
        """Have the app start the resource tracker on the UI thread (see
        start_resource_tracker); here if the app has stopped (or never answers)."""
        started = threading.Event()
        if not (app.post_message(StartWorkers(started)) and started.wait(WAIT_FOR_UI_SECONDS)):
            start_resource_tracker()

    def progress(done: int, total: int) -> bool:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS or done == total:
            last = now
            screen.post_message(RefreshProgress(done, total))
        return worker.is_cancelled

    return shelf.refresh(progress, max_bytes=max_bytes, before_workers=before_workers)


class StartWorkers(Message):
    """To the app, from a refresh about to start worker processes: call
    `start_resource_tracker` on the UI thread, then set `started`."""

    def __init__(self, started: threading.Event) -> None:
        super().__init__()
        self.started = started


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker, which worker processes need, handing it
    the real stderr: while Textual runs, sys.stderr is its capture, whose fileno() is -1,
    and the tracker would be handed that. Only when there are files for workers to read:
    a tracker is a Python process of its own, which a start should not wait for. Run on
    the UI thread (where nothing prints meanwhile), or once the app has stopped."""
    from multiprocessing import resource_tracker

    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def changes_notice(refreshed: Refreshed) -> str:
    """What a refresh changed, in a few words: `2 records changed, 1 added, 1 removed`."""
    counts = [
        (count, what)
        for count, what in (
            (refreshed.read - refreshed.added, "changed"),
            (refreshed.added, "added"),
            (refreshed.removed, "removed"),
        )
        if count
    ]
    (count, what), *rest = counts
    return f"{plural(count, 'record')} {what}" + "".join(f", {n:,} {w}" for n, w in rest)


class ShelfRefreshScreen(Screen[None]):
    """The refresh layer of the shelf screen (ShelfScreen defines `reload`)."""

    class Done(Message):
        """The background refresh is done."""

        def __init__(self, refreshed: Refreshed) -> None:
            super().__init__()
            self.refreshed = refreshed

    def __init__(self, shelf: Shelf, refresh_bytes: int | None) -> None:
        """Show `shelf`; unless `refresh_bytes` is None, as its index is now (this holds
        it: call before reading anything), while it is refreshed, reading records up to
        `refresh_bytes`, once the screen is drawn."""
        super().__init__()
        self.shelf = shelf
        self._refresh_bytes = refresh_bytes
        if refresh_bytes is not None:
            shelf.hold()
        #: Set once no refresh touches the index (none started, done or cancelled), so
        #: the command line closes the shelf only after it.
        self.finished = threading.Event()
        self.finished.set()
        #: What the status lines add while a refresh is to come or runs.
        self.refresh_note = "" if refresh_bytes is None else CHECKING
        self._statuses: dict[str, Content] = {}
        self._progress_view: IndexingScreen | None = None  # over the shelf, if big

    def reload(self) -> None:
        """Release the shelf (`Shelf.release`) and read the lists again: it changed."""
        raise NotImplementedError

    def on_mount(self) -> None:
        """Start the refresh once the screen has been drawn (after ShelfScreen's on_mount
        has filled the lists)."""
        if self._refresh_bytes is not None:
            self.call_after_refresh(self._refresh_in_background, self._refresh_bytes)

    @work(thread=True, exit_on_error=True)
    def _refresh_in_background(self, max_bytes: int) -> None:
        """Refresh the index on a connection of this thread's own while the screen reads
        it as it was (`Shelf.hold`); post progress, then the result.
        (`finished` is cleared here, not before: a worker cancelled before its thread
        starts never runs, and must not leave the command line waiting.)"""
        self.finished.clear()
        try:
            refresher = self.shelf.refresher()
            try:
                refreshed = refresh_reporting(refresher, max_bytes, self)
            finally:
                refresher.close()
        finally:
            self.finished.set()
        if not refreshed.cancelled:
            self.post_message(self.Done(refreshed))

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        """Say how far the refresh has read; cover the shelf with the progress screen
        when there are many files to read."""
        if message.total >= BIG_REFRESH or self._progress_view is not None:
            from filmtui.screens.indexing import IndexingScreen

            if self._progress_view is None:
                view = IndexingScreen(self.shelf, self._refresh_bytes or 0, follow=True)
                self._progress_view = view
                self.app.push_screen(view)
            self._progress_view.post_message(RefreshProgress(message.done, message.total))
        self.refresh_note = f"reading {message.done:,} of {message.total:,} changed records…"
        self._show_notes()

    def on_shelf_refresh_screen_done(self, message: Done) -> None:
        """Show the index as it is now; say what changed, if anything did."""
        self.refresh_note = ""
        if self._progress_view is not None:
            if self.app.screen is self._progress_view:
                self.app.pop_screen()
            self._progress_view = None
        if not message.refreshed.changed:
            self.shelf.release()
        else:
            self.reload()
            self.notify(changes_notice(message.refreshed), markup=False, timeout=5)
        self._show_notes()

    def show_status(self, status_id: str, status: Content) -> None:
        """Show a list's status (with the refresh's note while one runs)."""
        self._statuses[status_id] = status
        note = Content(f" · {self.refresh_note}") if self.refresh_note else Content()
        self.query_one(f"#{status_id}", Static).update(Content.assemble(status, note))

    def _show_notes(self) -> None:
        """Show the statuses again with the refresh's current note."""
        for status_id, status in list(self._statuses.items()):
            self.show_status(status_id, status)
