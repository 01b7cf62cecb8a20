"""Helpers for driving the app headless: read the screen, wait for the filter."""

from __future__ import annotations

import time

from textual.pilot import Pilot

from filmtui.app import FilmApp
from filmtui.sanitize import FSI, PDI
from filmtui.screens.film import FilmScreen
from filmtui.widgets.quote_list import QuoteList


def film_screen(app: FilmApp) -> FilmScreen:
    """The film screen the app shows."""
    assert isinstance(app.screen, FilmScreen), app.screen
    return app.screen


def screen_text(app: FilmApp, *, isolates: bool = False) -> str:
    """The characters currently on the app's screen, one line per row; without the
    invisible bidi isolates around record fields unless `isolates`."""
    strips = app.screen._compositor.render_strips()
    text = "\n".join(strip.text for strip in strips)
    return text if isolates else text.replace(FSI, "").replace(PDI, "")


def record_links(app: FilmApp) -> list[str]:
    """Make `app` note the web addresses it is asked to open, instead of opening them
    (as if a browser had opened each)."""
    opened: list[str] = []

    def deliver_link(url: str) -> bool:
        """Note the address."""
        opened.append(url)
        return True

    app.deliver_link = deliver_link  # type: ignore[method-assign]
    return opened


async def settle(pilot: Pilot[bytes | None]) -> None:
    """Wait until the filter worker has finished and the screen has caught up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_filter(pilot: Pilot[bytes | None], text: str) -> None:
    """Open the filter with `/` and type `text` into it, key by key."""
    await pilot.press("slash", *text)
    await settle(pilot)


def publications(app: FilmApp) -> list[str]:
    """Publications of the quotes the list shows, in order."""
    quotes = film_screen(app).query_one(QuoteList)
    return [film_screen(app).film.quotes[i].publication for i in quotes.order]


def current_publication(app: FilmApp) -> str | None:
    """The publication of the current quote."""
    index = film_screen(app).query_one(QuoteList).current_quote
    return None if index is None else film_screen(app).film.quotes[index].publication


class StuckJob:
    """A loading job that never finishes, to hold the app on its progress view."""

    path = "/records/huge.toml"
    size = 123_000_000
    film = None
    error = None
    done = False

    def elapsed(self) -> float:
        """Seconds so far."""
        return 1.5

    def wait(self, timeout: float | None = None) -> bool:
        """Waits `timeout` seconds and says the job is not done."""
        time.sleep(timeout or 0)
        return False
