"""fzf's habits in the browser, driven with Pilot: a query at start, marks, n/N and `&`."""

from __future__ import annotations

import json
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


async def test_query_at_start_filters(film: Film) -> None:
    """`--query klapisch`: two of four quotes, never all four, the bar showing the query,
    and the keys go to the list (so `j`, `m` and `e` work at once)."""
    app = FilmApp(film, query="klapisch", cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        assert len(publications(app)) in (0, 2)  # matching off the UI thread, or done
        await settle(pilot)
        assert publications(app) == ["Urban Cinefile", "Variety"]
        assert "2 of 4 match" in screen_text(app)
        bar = film_screen(app).query_one("#filter", Input)
        assert bar.display and bar.value == "klapisch"
        assert isinstance(app.focused, QuoteList)
        await pilot.press("j")
        assert current_publication(app) == "Variety"
        await pilot.press("escape")  # clears it as a typed filter would
        await settle(pilot)
        assert len(publications(app)) == 4 and not bar.display


async def test_e_waits_for_the_starting_query(film: Film) -> None:
    """`e` before the starting query has been matched exports nothing and says so."""
    app = FilmApp(film, query="klapisch", cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        film_screen(app)._matched = False  # as if the match were still on its way
        await pilot.press("e")
        assert app.is_running
        assert any("Still matching" in str(n.message) for n in app._notifications)


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


def marked(app: FilmApp) -> list[str]:
    """Publications of the marked quotes, in listing order."""
    quotes = film_screen(app).query_one(QuoteList)
    return [film_screen(app).film.quotes[i].publication for i in sorted(quotes.selection.marked)]


def exported(app: FilmApp) -> list[str]:
    """Publications of the quotes `e` would export, in order."""
    screen = film_screen(app)
    return [screen.film.quotes[i].publication for i in screen.exported_quotes()]


def underlined(app: FilmApp) -> list[str]:
    """The highlighted (underlined) runs of text the quote list draws."""
    quotes = film_screen(app).query_one(QuoteList)
    return [
        segment.text
        for y in range(quotes.size.height)
        for segment in quotes.render_line(y)
        if segment.style and segment.style.underline
    ]


def status(app: FilmApp) -> str:
    """The quote panel's status line."""
    return str(film_screen(app).query_one("#quote-status").render())


async def test_marks_show_count_and_survive_filter_and_sort(film: Film) -> None:
    """`m` marks (a ✓ and `1 marked`); marks stay through a filter and a sort; `e` then
    exports the marked quotes, hidden by the filter or not, in the current order."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("m", "j", "j", "j", "m")
        assert marked(app) == ["Lumiere Reader", "Variety"]
        assert "2 marked" in status(app)
        assert "▌✓Variety" in screen_text(app) and " ✓Lumiere Reader" in screen_text(app)
        await pilot.press("slash", *"klapisch", "enter")
        await settle(pilot)
        assert "2 of 4 match · 2 marked" in status(app)
        assert marked(app) == ["Lumiere Reader", "Variety"]  # hidden, still marked
        await pilot.press("s")  # publication A-Z
        await settle(pilot)
        assert marked(app) == ["Lumiere Reader", "Variety"]
        await pilot.press("g", "m")  # Urban Cinefile is first among the matches
        assert "3 marked" in status(app)
        assert exported(app) == ["Lumiere Reader", "Urban Cinefile", "Variety"]
        await pilot.press("s", "s", "s")  # round to listing order
        await settle(pilot)
        await pilot.press("m")  # unmark the current one (Urban Cinefile again)
        assert marked(app) == ["Lumiere Reader", "Variety"]
        assert exported(app) == ["Lumiere Reader", "Variety"]
        await pilot.press("e")
    result = app.return_value
    assert result is not None
    assert [q["publication"] for q in json.loads(result)["quotes"]] == [
        "Lumiere Reader",
        "Variety",
    ]


async def test_ctrl_a_marks_all_shown_and_again_unmarks_them(film: Film) -> None:
    """ctrl+a marks every shown quote (not the hidden ones); pressed again, when they are
    all marked, it unmarks them; marks outside the view stay."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("m")  # Lumiere Reader, which klapisch hides
        await pilot.press("slash", *"klapisch", "enter")
        await settle(pilot)
        await pilot.press("ctrl+a")
        assert marked(app) == ["Lumiere Reader", "Urban Cinefile", "Variety"]
        await pilot.press("j", "m", "ctrl+a")  # not all shown are marked: mark them all
        assert marked(app) == ["Lumiere Reader", "Urban Cinefile", "Variety"]
        await pilot.press("ctrl+a")
        assert marked(app) == ["Lumiere Reader"]
        assert "1 marked" in status(app)


async def test_without_marks_e_exports_the_matches(film: Film) -> None:
    """No marks: `e` exports the matching quotes, also when `&` shows them all."""
    app = FilmApp(film, query="klapisch", cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert exported(app) == ["Urban Cinefile", "Variety"]
        await pilot.press("ampersand")
        await settle(pilot)
        assert len(publications(app)) == 4
        assert exported(app) == ["Urban Cinefile", "Variety"]


async def test_ampersand_toggles_hiding_and_highlighting(film: Film) -> None:
    """`&` shows every quote with the matches highlighted, saying so; again, only the
    matches. The count of matches stays `2 of 4`."""
    app = FilmApp(film, query="klapisch", cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "2 of 4 match · others hidden" in status(app)
        await pilot.press("ampersand")
        await settle(pilot)
        assert publications(app) == ["Lumiere Reader", "Plume Noir", "Urban Cinefile", "Variety"]
        assert "2 of 4 match · all shown, n/N" in status(app)
        assert current_publication(app) == "Urban Cinefile"  # still the current quote
        assert underlined(app) == ["Klapisch"] * 4  # in the matches only
        await pilot.press("ampersand")
        await settle(pilot)
        assert publications(app) == ["Urban Cinefile", "Variety"]
        assert "others hidden" in status(app)


async def test_n_and_shift_n_jump_between_matches_and_wrap(film: Film) -> None:
    """In highlight mode `n`/`N` visit only the matches, wrapping round at either end;
    `j` still visits every quote."""
    app = FilmApp(film, query="characters", cursor_blink=False)  # all but Variety
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ampersand", "slash", "ctrl+u", *"source:variety", "enter")
        await settle(pilot)
        assert current_publication(app) == "Variety"
        await pilot.press("g")
        assert current_publication(app) == "Lumiere Reader"  # shown, not a match
        await pilot.press("n")
        assert current_publication(app) == "Variety"
        await pilot.press("n")  # the only match: wraps round to itself
        assert current_publication(app) == "Variety"
        await pilot.press("slash", "ctrl+u", *"klapisch", "enter")
        await settle(pilot)
        assert current_publication(app) == "Variety"  # kept: it still matches
        steps = [
            ("g", "Lumiere Reader"),
            ("n", "Urban Cinefile"),
            ("n", "Variety"),
            ("n", "Urban Cinefile"),  # wrapped round
            ("N", "Variety"),  # wrapped round backwards
            ("N", "Urban Cinefile"),
            ("k", "Plume Noir"),
            ("N", "Variety"),  # no match before Plume Noir: round to the last
        ]
        for key, expected in steps:
            await pilot.press(key)
            assert current_publication(app) == expected, key


async def test_n_without_a_filter_says_so(film: Film) -> None:
    """`n` with no filter moves nothing and says why."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "n")
        assert current_publication(app) == "Plume Noir"
        assert any("No filter" in str(n.message) for n in app._notifications)


async def test_a_negated_filter_hides_the_term_and_highlights_nothing(film: Film) -> None:
    """`/-helm`: the quotes without `helm` (all but Variety's); with `&` every quote is
    shown, nothing is highlighted (a negated term lights nothing), and n visits the three
    matches only. `--query -variety` starts the same way."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"-helm", "enter")
        await settle(pilot)
        assert publications(app) == ["Lumiere Reader", "Plume Noir", "Urban Cinefile"]
        assert "3 of 4 match · others hidden" in status(app)
        await pilot.press("ampersand")
        await settle(pilot)
        assert len(publications(app)) == 4
        assert underlined(app) == []
        await pilot.press("G")
        assert current_publication(app) == "Variety"
        await pilot.press("n")  # Variety has helm: the next match wraps round to the first
        assert current_publication(app) == "Lumiere Reader"
        await pilot.press("slash", "ctrl+u", *"klapisch -source:variety", "enter")
        await settle(pilot)
        assert underlined(app) == ["Klapisch", "Klapisch"]  # Urban Cinefile's, not Variety's
        await pilot.press("ampersand")
        await settle(pilot)
        assert publications(app) == ["Urban Cinefile"]
        assert "1 of 4 match" in status(app)
    app = FilmApp(film, query="-variety", cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert publications(app) == ["Lumiere Reader", "Plume Noir", "Urban Cinefile"]
