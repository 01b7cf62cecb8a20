"""Helpers for driving the app headless: read the screen, wait for the filter."""

from __future__ import annotations

from textual.pilot import Pilot

from filmtui.app import FilmApp
from filmtui.screens.film import FilmScreen
from filmtui.widgets.quote_list import QuoteList


def film_screen(app: FilmApp) -> FilmScreen:
    """The film screen the app shows."""
    assert isinstance(app.screen, FilmScreen), app.screen
    return app.screen


def screen_text(app: FilmApp) -> str:
    """The characters currently on the app's screen, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


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
