"""fzf's habits in the browser, driven with Pilot: a query at start, marks, n/N and `&`."""

from __future__ import annotations

import shlex
from pathlib import Path

from apptools import current_publication, film_screen, publications, screen_text, settle
from shelftools import make_shelf, shown, wait_for_shelf
from textual.widgets import Input

from filmtui.app import FilmApp
from filmtui.model import Film
from filmtui.shelf import Shelf
from filmtui.widgets.quote_list import QuoteList

WIDE = (120, 40)


async def test_query_at_start_filters_before_the_first_frame(film: Film) -> None:
    """`--query klapisch`: two of four quotes from the start, the bar showing the query,
    and the keys go to the list (so `j`, `m` and `e` work at once)."""
    app = FilmApp(film, query="klapisch", cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        assert publications(app) == ["Urban Cinefile", "Variety"]  # before any settling
        await settle(pilot)
        assert "2 of 4 match" in screen_text(app)
        bar = film_screen(app).query_one("#filter", Input)
        assert bar.display and bar.value == "klapisch"
        assert isinstance(app.focused, QuoteList)
        await pilot.press("j")
        assert current_publication(app) == "Variety"
        await pilot.press("escape")  # clears it as a typed filter would
        await settle(pilot)
        assert len(publications(app)) == 4 and not bar.display


async def test_query_at_start_filters_a_shelf_by_the_film_query(tmp_path: Path) -> None:
    """`filmtui DIR --query director:coen`: the Films tab starts narrowed."""
    shelf = Shelf.open(str(make_shelf(tmp_path)), str(tmp_path / "index.sqlite"), notice=print)
    app = FilmApp(None, shelf=shelf, query="director:coen", cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        assert shown(screen) == ["Fargo", "No Country for Old Men"]
        assert screen.query_one("#films-filter", Input).value == "director:coen"


def test_serve_passes_the_query_to_each_page() -> None:
    """`filmtui serve --query Q`: the command each page runs starts filtered too."""
    from filmtui.cli.serve import browse_command

    command = shlex.split(browse_command("film.toml", 64, 'source:"plume noir"'))
    assert command[command.index("--query") + 1] == 'source:"plume noir"'
    assert "--query" not in shlex.split(browse_command("film.toml", 64))
