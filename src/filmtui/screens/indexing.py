"""The progress screen shown while the shelf's index is brought up to date.

A thread worker runs `Shelf.refresh` and posts its progress (files read of files to read)
as messages, at most ten a second (screens/shelf_refresh.py's `refresh_reporting`, which
the shelf screen's background refresh uses too); the screen never polls. `q` quits: the
worker's progress callback then asks the refresh to stop, keeping what was read so far.
"""

from __future__ import annotations

import threading

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static
from textual.worker import get_current_worker

from filmtui.sanitize import display_text
from filmtui.screens.shelf_refresh import RefreshProgress, refresh_reporting
from filmtui.shelf import Shelf
from filmtui.widgets.key_bar import KeyBar

#: A warm shelf is checked quicker than this: the progress view appears only after it, so
#: it does not flash on every start.
REVEAL_SECONDS = 0.3


class IndexingScreen(Screen[None]):
    """Refreshes a shelf's index with counts on screen, then posts `Indexed`."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="app.quit")]

    class Indexed(Message):
        """The index is up to date: the shelf can be browsed."""

    def __init__(self, shelf: Shelf, max_bytes: int, *, follow: bool = False) -> None:
        """Refresh `shelf`, reading records up to `max_bytes` each; or, to `follow`,
        only show the progress of a refresh run elsewhere (the shelf screen's, when it
        has many changed files to read), as `RefreshProgress` messages sent to this screen."""
        super().__init__()
        self.shelf = shelf
        self.max_bytes = max_bytes
        self.follow = follow
        #: Set once the refresh has stopped touching the index (done or cancelled), so
        #: the command line closes the shelf only after it.
        self.finished = threading.Event()
        self.finished.set()  # cleared while the refresh runs

    def compose(self) -> ComposeResult:
        """What is being indexed, the counts, and an indicator."""
        with Vertical(id="loading"):
            yield Static(
                Content.assemble("Indexing the shelf ", (display_text(self.shelf.root), "bold")),
                id="loading-file",
            )
            yield Static("looking for changed records…", id="loading-time", markup=False)
            yield LoadingIndicator()
            yield Static("q quits", id="loading-hint", markup=False)
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Start the refresh; show the progress view only if it takes a while."""
        if self.follow:
            return
        self.finished.clear()
        view = self.query_one("#loading")
        view.display = False
        self.set_timer(REVEAL_SECONDS, lambda: setattr(view, "display", True))
        self._refresh_index()

    @work(thread=True, exit_on_error=True)
    def _refresh_index(self) -> None:
        """Refresh off the UI thread, posting progress; stop when the worker is cancelled
        (the app is quitting)."""
        try:
            refreshed = refresh_reporting(self.shelf, self.max_bytes, self)
        finally:
            self.finished.set()
        if not refreshed.cancelled and not get_current_worker().is_cancelled:
            self.post_message(self.Indexed())

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        """Show the counts (unless the screen is already being taken down: the worker's
        last report can arrive after its widgets are gone)."""
        try:
            counts = self.query_one("#loading-time", Static)
        except NoMatches:
            return
        counts.update(Content(f"read {message.done:,} of {message.total:,} records"))
