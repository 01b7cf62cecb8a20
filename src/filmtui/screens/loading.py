"""The progress screen shown while a big record loads.

A thread worker waits on the loading job and posts what happens as messages (progress
every tenth of a second, then the record or the error), as toolong's log reader posts its
progress; the screen never polls.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from filmtui.loading import LoadingJob
from filmtui.model import Film
from filmtui.widgets.key_bar import KeyBar
from filmtui.widgets.loading_view import LoadingView

#: How often the elapsed time on screen is brought up to date.
PROGRESS_SECONDS = 0.1


class LoadingScreen(Screen[None]):
    """Shows a loading job's progress, then posts `Loaded` or `Failed` to the app."""

    class Progress(Message):
        """The job is still running, `elapsed` seconds after it started."""

        def __init__(self, elapsed: float) -> None:
            super().__init__()
            self.elapsed = elapsed

    class Loaded(Message):
        """The record is in."""

        def __init__(self, film: Film) -> None:
            super().__init__()
            self.film = film

    class Failed(Message):
        """The record could not be loaded; `error` is the loader's one-line message."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, job: LoadingJob) -> None:
        super().__init__()
        self.job = job

    def compose(self) -> ComposeResult:
        """The progress view and the keys."""
        yield LoadingView(self.job, id="loading")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Show the time so far and start watching the job."""
        self.query_one(LoadingView).tick(self.job.elapsed())
        self._watch()

    @work(thread=True, exit_on_error=False)
    def _watch(self) -> None:
        """Wait on the job off the UI thread, posting progress until it is done."""
        worker = get_current_worker()
        while not self.job.wait(PROGRESS_SECONDS):
            if worker.is_cancelled:
                return
            self.post_message(self.Progress(self.job.elapsed()))
        if self.job.error is None and self.job.film is not None:
            self.post_message(self.Loaded(self.job.film))
        else:
            self.post_message(
                self.Failed(self.job.error or f"{self.job.path}: could not be loaded")
            )

    def on_loading_screen_progress(self, message: Progress) -> None:
        """Bring the elapsed time up to date."""
        self.query_one(LoadingView).tick(message.elapsed)
