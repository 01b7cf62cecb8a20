"""The browser driven headless with Pilot, the way a person uses it."""

from __future__ import annotations

import json

import pytest
from apptools import (
    current_publication,
    film_screen,
    publications,
    record_links,
    screen_text,
    settle,
    type_filter,
)
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input

from filmtui.app import FilmApp
from filmtui.model import Film, OfficialSite, Quote
from filmtui.screens.film import FilmScreen
from filmtui.screens.film_handover import quote_for_clipboard
from filmtui.screens.help import HelpScreen
from filmtui.widgets.details import DetailsPanel
from filmtui.widgets.quote_list import QuoteList

LISTING_ORDER = ["Lumiere Reader", "Plume Noir", "Urban Cinefile", "Variety"]
WIDE = (120, 40)


def make_app(film: Film) -> FilmApp:
    """An app with the cursor blink off, for steady screens."""
    return FilmApp(film, cursor_blink=False)


async def test_launch_shows_details_and_every_quote(film: Film) -> None:
    """Title, rating, credits, synopsis, review and the quote count are on screen."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for expected in [
            "Paris",
            "Out Now On-Demand",
            "M  offensive language\u00a0· New\u00a0Zealand",  # no-break: kept together
            "Comedy · Drama · Romance",
            "French, English · subtitles: English",
            "Cedric Klapisch — known for The Russian Dolls",
            "Romain Duris — cabaret dancer awaiting heart surgery",
            "Synopsis",
            "The listing's review (not a critic)",
            "4 quotes · listing order",
            "Lumiere Reader ·\u00a0region:\u00a0Wellington",
        ]:
            assert expected in text, expected
        assert publications(app) == LISTING_ORDER
        assert isinstance(app.focused, QuoteList)


async def test_cursor_keys(film: Film) -> None:
    """j/k, arrows, g/G and Home/End move the current quote."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        steps = [
            ("j", "Plume Noir"),
            ("down", "Urban Cinefile"),
            ("k", "Plume Noir"),
            ("up", "Lumiere Reader"),
            ("k", "Lumiere Reader"),  # stays at the top
            ("G", "Variety"),
            ("j", "Variety"),  # stays at the bottom
            ("g", "Lumiere Reader"),
            ("end", "Variety"),
            ("home", "Lumiere Reader"),
        ]
        for key, expected in steps:
            await pilot.press(key)
            assert current_publication(app) == expected, key


async def test_paging_keys(film: Film) -> None:
    """PgDn/space scroll a page and move to the quote at the top; PgUp goes back."""
    app = make_app(film)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        quotes = app.query_one(QuoteList)
        await pilot.press("pagedown")
        assert quotes.scroll_offset.y > 0
        assert current_publication(app) != "Lumiere Reader"
        await pilot.press("space")
        await pilot.press("space")
        await pilot.press("space")
        assert current_publication(app) == "Variety"
        await pilot.press("pageup", "pageup", "pageup", "pageup")
        assert quotes.scroll_offset.y == 0
        assert current_publication(app) == "Lumiere Reader"


async def test_filter_narrows_live_and_highlights(film: Film) -> None:
    """`/helm` narrows to Variety on each keystroke and highlights the match."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("h")
        await settle(pilot)
        assert "Variety" in publications(app) and len(publications(app)) > 1
        await pilot.press("e", "l", "m")
        await settle(pilot)
        assert publications(app) == ["Variety"]
        assert "1 of 4 match" in screen_text(app)
        quotes = app.query_one(QuoteList)
        highlighted = [
            segment.text
            for y in range(6)
            for segment in quotes.render_line(y)
            if segment.style and segment.style.underline
        ]
        assert highlighted == ["helm"]


async def test_enter_keeps_the_filter_and_esc_clears_it(film: Film) -> None:
    """Enter returns to the list with the filter kept; Esc clears it and shows everything."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await type_filter(pilot, "source:variety")
        await pilot.press("enter")
        assert isinstance(app.focused, QuoteList)
        assert publications(app) == ["Variety"]
        assert app.query_one("#filter", Input).display
        await pilot.press("slash")  # reopens with the text kept, cursor at the end
        assert app.query_one("#filter", Input).value == "source:variety"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, QuoteList)
        assert publications(app) == LISTING_ORDER
        assert not app.query_one("#filter", Input).display
        assert "4 quotes" in screen_text(app)


async def test_fast_typing_after_slash_lands_in_the_filter(film: Film) -> None:
    """Keys that arrive together, as from a real terminal, all reach the filter."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for key in ["slash", "h", "e", "l", "m", "enter", "s"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(pilot)
        assert app.query_one("#filter", Input).value == "helm"
        assert publications(app) == ["Variety"]
        assert film_screen(app).order.value == "publication A-Z"


async def test_filter_that_matches_nothing_says_so(film: Film) -> None:
    """No matches: an empty list that says so, and a status that counts zero."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await type_filter(pilot, "zzz")
        assert publications(app) == []
        text = screen_text(app)
        assert "No quotes match “zzz”" in text
        assert "no match of 4" in text
        await pilot.press("enter", "y", "j", "G", "pagedown")  # nothing to act on: no crash
        await settle(pilot)
        assert app.is_running


@pytest.mark.parametrize("typed", ["[", "[/", "[/]", "[@click=app.quit]", "[link=x]y", "\\["])
async def test_markup_like_filters_are_plain_text(film: Film, typed: str) -> None:
    """Typing markup into the filter never crashes and is shown as typed."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        app.query_one("#filter", Input).insert_text_at_cursor(typed)
        await settle(pilot)
        assert app.is_running
        assert f"No quotes match “{typed}”" in screen_text(app)


async def test_sort_cycles_orders(film: Film) -> None:
    """`s` cycles listing order, publication A-Z, region, length, and back."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        expected = [
            ("publication A-Z", ["Lumiere Reader", "Plume Noir", "Urban Cinefile", "Variety"]),
            ("region", ["Urban Cinefile", "Variety", "Lumiere Reader", "Plume Noir"]),
            ("length", ["Plume Noir", "Variety", "Urban Cinefile", "Lumiere Reader"]),
            ("listing order", LISTING_ORDER),
        ]
        for label, order in expected:
            await pilot.press("s")
            await settle(pilot)
            assert publications(app) == order, label
            assert f"4 quotes · {label}" in screen_text(app)


async def test_sort_keeps_the_current_quote(film: Film) -> None:
    """Sorting keeps the cursor on the same quote."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("G", "s", "s")
        await settle(pilot)
        assert current_publication(app) == "Variety"


async def test_copy_puts_the_quote_and_attribution_on_the_clipboard(film: Film) -> None:
    """`y` copies the current quote's exact text with its source, and says so."""
    app = make_app(film)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await type_filter(pilot, "helm")
        await pilot.press("enter", "y")
        await pilot.pause()
        variety = film.quotes[3]
        assert app.clipboard == quote_for_clipboard(variety)
        assert app.clipboard.endswith("\n— Variety · region: USA")
        assert app.clipboard.startswith("Gallic helmer")
        assert "Copied the Variety quote" in screen_text(app)


async def test_export_on_e_returns_the_current_view(film: Film) -> None:
    """`e` quits and returns the record with only the matching quotes, in the shown order."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await type_filter(pilot, "klapisch")
        await pilot.press("enter", "s", "s", "s")  # length order
        await settle(pilot)
        await pilot.press("e")
    assert app.return_value is not None
    exported = json.loads(app.return_value)
    assert [q["publication"] for q in exported["quotes"]] == ["Variety", "Urban Cinefile"]
    assert exported["title"] == "Paris" and exported["synopsis"] == film.synopsis


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_writes_nothing(film: Film, key: str) -> None:
    """`q` and ctrl+q quit with nothing to write."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press(key)
    assert app.return_value is None


async def test_q_in_the_filter_is_typed_not_quit(film: Film) -> None:
    """While filtering, `q`, `s`, `e` and `/` are letters of the query."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await type_filter(pilot, "qse/")
        assert app.is_running
        assert app.query_one("#filter", Input).value == "qse/"


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_binding(film: Film, key: str) -> None:
    """`?` and F1 open help listing the keys; Esc closes it."""
    app = make_app(film)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for expected in [
            "Quit, writing nothing",
            "^q",
            "Filter",
            "Sort",
            "Copy",
            "Export",
            "j / ↓",
            "G / end",
            "pgdn / space",
            "ctrl+p",
            "tab / shift+tab",
        ]:
            assert expected in text, expected
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_tab_moves_between_panels(film: Film) -> None:
    """Tab and shift+tab move focus between the quotes and the details."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, DetailsPanel)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, QuoteList)


async def test_tab_skips_a_kept_filter_and_a_click_edits_it(film: Film) -> None:
    """After Enter keeps a filter its line stays, out of the Tab order: Tab goes to the
    details and back, so the next key cannot edit the query; a click edits it again."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_filter(pilot, "paris")
        await pilot.press("enter")
        assert isinstance(app.focused, QuoteList)
        await pilot.press("tab")
        assert isinstance(app.focused, DetailsPanel)
        await pilot.press("tab", "j")
        assert isinstance(app.focused, QuoteList)
        assert app.screen.query_one("#filter", Input).value == "paris"
        await pilot.click("#filter")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await pilot.press("slash", "x", "enter", "tab")
        assert isinstance(app.focused, DetailsPanel)


async def test_lines_fit_when_the_scrollbar_appears(film: Film) -> None:
    """`&` shows every quote, so the scrollbar appears: no line is wider than the space
    left beside it (the quotes were once wrapped for the width without it)."""
    app = make_app(film)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "helm")
        await pilot.press("enter", "ampersand")
        await settle(pilot)
        quotes = app.screen.query_one(QuoteList)
        assert quotes.show_vertical_scrollbar
        lines = [quotes.render_line(y).text.strip() for y in range(quotes.size.height)]
        shown = " ".join(" ".join(lines).split())
        whole = next(q.text for q in film.quotes if q.publication == "Urban Cinefile")
        assert " ".join(whole.split()) in shown


async def test_click_selects_a_quote(film: Film) -> None:
    """Clicking a quote makes it current."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        quotes = app.query_one(QuoteList)
        line = quotes._starts[2] + 1  # a line inside Urban Cinefile's quote
        await pilot.click(QuoteList, offset=(10, line))
        assert current_publication(app) == "Urban Cinefile"


async def test_mouse_wheel_scrolls_the_quotes(film: Film) -> None:
    """The wheel scrolls the quote list."""
    app = make_app(film)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        quotes = app.query_one(QuoteList)
        await pilot.mouse_down(QuoteList, offset=(5, 2))  # move the pointer over the list
        quotes.post_message(events.MouseScrollDown(quotes, 5, 2, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert quotes.scroll_offset.y > 0


async def test_command_palette_has_the_apps_commands(film: Film) -> None:
    """ctrl+p opens the palette, which offers filter, sort, copy, export and theme."""
    app = make_app(film)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in [
            "Filter quotes",
            "Sort quotes: region",
            "Copy quote",
            "Export and quit",
            "Help",
            "Theme",
        ]:
            assert any(title.startswith(expected) for title in titles), expected
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"sort quotes: len")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert film_screen(app).order.value == "length"


async def test_open_site_without_a_url_says_so(film: Film) -> None:
    """The listing gives no URL, so `o` explains instead of opening anything."""
    app = make_app(film)
    opened = record_links(app)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert opened == []
        assert "no web address for the official site" in screen_text(app)


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://example.org/paris", ["https://example.org/paris"]), ("file:///etc/passwd", [])],
)
async def test_open_site_opens_only_web_addresses(url: str, expected: list[str]) -> None:
    """With an http(s) URL, `o` opens it; other schemes are refused."""
    app = make_app(Film(title="X", official_site=OfficialSite(label="Site", url=url)))
    opened = record_links(app)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
    assert opened == expected


def key_bar(app: FilmApp) -> str:
    """The key bar, the screen's last line, as drawn."""
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)"])
async def test_o_on_a_quote_whose_address_is_not_web_says_what_it_does(url: str) -> None:
    """Moving from a quote with a web review to one whose `url` is another scheme: the
    key bar stops offering the review and offers the site, which `o` opens; with no site
    it offers nothing, and `o` says the quote's address is not a web address."""
    quotes = [
        Quote(publication="Good", text="a", url="https://example.org/review"),
        Quote(publication="Odd", text="b", url=url),
    ]
    site = OfficialSite(label="Site", url="https://example.org/site")
    app = make_app(Film(title="X", official_site=site, quotes=quotes))
    opened = record_links(app)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "o Open review" in key_bar(app)
        await pilot.press("j", "o")
        await pilot.pause()
        assert "o Open site" in key_bar(app) and "Open review" not in key_bar(app)
        assert opened == ["https://example.org/site"]
    app = make_app(Film(title="X", quotes=quotes))
    opened = record_links(app)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j", "o")
        await pilot.pause()
        assert "o Open" not in key_bar(app)
        assert opened == []
        said = " ".join(screen_text(app).replace("▌", " ").split())  # the toast's edge
        assert f"This quote's address is not a web address ({url})," in said, said
        assert "and the record gives none for the official site" in said


async def test_markup_in_record_text_shows_literally() -> None:
    """Markup-like record text is shown as written and acts on nothing."""
    hostile = ["[/]", "[@click=app.quit]quit[/]", "[link=x]link[/link]", "[bold]b", "[/"]
    record = Film(
        title="[bold red]T[/]",
        synopsis=" ".join(hostile),
        quotes=[Quote(publication=f"[b]P{i}", region="[/]", text=t) for i, t in enumerate(hostile)],
    )
    app = make_app(record)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.click(QuoteList, offset=(10, 1))
        await pilot.pause()
        text = screen_text(app)
        assert app.is_running
        assert "[bold red]T[/]" in text
        for item in hostile:
            assert item in text, item
        assert "[b]P0 ·\u00a0region:\u00a0[/]" in text


async def test_narrow_and_tiny_screens_keep_working(film: Film) -> None:
    """Stacked when narrow; nothing crashes down to 20x6 or while resizing."""
    app = make_app(film)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        for size in [(20, 6), (1, 1), (200, 50), (99, 30), (100, 30), (30, 8)]:
            await pilot.resize_terminal(*size)
            await pilot.press("j", "G", "pagedown", "g")
            await pilot.pause()
        assert app.size.width == 30 and app.screen.has_class("-narrow")
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert not app.screen.has_class("-narrow")
        await type_filter(pilot, "helm")
        assert publications(app) == ["Variety"]


async def test_a_record_with_no_quotes() -> None:
    """An empty quote list is valid and says "no quotes"."""
    app = make_app(Film(title="Empty"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "no quotes" in text and "No quotes" in text
        await pilot.press("j", "y", "s", "e")
    assert json.loads(app.return_value or b"{}")["quotes"] == []


async def test_a_pushed_film_screen_starts_at_a_quote_and_q_goes_back(film: Film) -> None:
    """As a shelf would: push the film screen at one quote; `q` pops back, not quits."""
    app = make_app(Film(title="Shelf"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        base = app.screen
        await app.push_screen(FilmScreen(film, start_quote=2, pushed=True, cursor_blink=False))
        await settle(pilot)
        assert current_publication(app) == "Urban Cinefile"
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and app.screen is base
