"""The progress view shown while a big record loads."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import LoadingIndicator, Static

from filmtui.loading import LoadingJob
from filmtui.sanitize import display_text
from filmtui.source import human_size


class LoadingView(Vertical):
    """The file being loaded, its size, the time so far and an animated indicator."""

    def __init__(self, job: LoadingJob, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.job = job

    def compose(self) -> ComposeResult:
        """A line about the file, a line of timing, and the indicator."""
        size = f" · {human_size(self.job.size)}" if self.job.size is not None else ""
        yield Static(
            Content.assemble("Loading ", (display_text(self.job.path), "bold"), size),
            id="loading-file",
        )
        yield Static(id="loading-time")
        yield LoadingIndicator()
        yield Static("q quits", id="loading-hint", markup=False)

    def tick(self, elapsed: float) -> None:
        """Show how long loading has taken."""
        self.query_one("#loading-time", Static).update(
            Content(f"reading, parsing and checking… {elapsed:.1f} s")
        )
