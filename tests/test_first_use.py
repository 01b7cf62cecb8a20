"""What a new user's first try of the film screen found: the status line at 100
columns, the help screen (only the keys that apply, scrolling, at 30 rows) and `q`
on a film opened from the shelf."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from apptools import film_screen, screen_text, settle, type_filter
from shelftools import shelf_app, wait_for_shelf
from textual.containers import VerticalScroll

from filmtui.app import FilmApp
from filmtui.model import Film, OfficialSite
from filmtui.screens.film import FilmScreen
from filmtui.screens.help import HelpScreen
from filmtui.screens.shelf import ShelfScreen
from filmtui.widgets.status_line import Part, fit_parts


def status(app: FilmApp) -> str:
    """The quote panel's status line as drawn."""
    return str(film_screen(app).query_one("#quote-status").render())


def help_shows(app: FilmApp, start: str) -> bool:
    """Whether a line of the help screen, as drawn, starts with `start`."""
    return f"│  {start}" in screen_text(app)


def test_fit_parts_shortens_then_drops_the_least_important_whole() -> None:
    """Parts that do not fit are said shorter first, the most dispensable first; only
    then do they go, whole, in the same order; the first stays."""
    parts = [
        Part("2 of 4 match", 0, "2/4 match"),
        Part("1 marked", 1, "1 ✓"),
        Part("others hidden", 3, "rest hidden"),
        Part("listing order", 2, "listing"),
    ]
    assert fit_parts(parts, 100) == ["2 of 4 match", "1 marked", "others hidden", "listing order"]
    assert fit_parts(parts, 53) == ["2 of 4 match", "1 marked", "rest hidden", "listing order"]
    assert fit_parts(parts, 48) == ["2 of 4 match", "1 marked", "rest hidden", "listing"]
    assert fit_parts(parts, 40) == ["2/4 match", "1 ✓", "rest hidden", "listing"]
    assert fit_parts(parts, 25) == ["2/4 match", "1 ✓", "listing"]
    assert fit_parts(parts, 5) == ["2/4 match"]
    assert fit_parts([Part("4 quotes", 0), Part("listing order", 2)], 10) == ["4 quotes"]


async def test_status_fits_at_100_columns_without_cutting_a_word(film: Film) -> None:
    """At 100 columns a filter and a mark still say the mode and the order, shorter;
    wider, in full."""
    app = FilmApp(film, query="klapisch", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert status(app) == "2 of 4 match · 1 marked · rest hidden · listing"
        assert "2 of 4 match · 1 marked · rest hidden · listing " in screen_text(app)
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        assert status(app) == "2 of 4 match · 1 marked · others hidden · listing order"


async def test_every_state_set_is_on_the_status_line_at_100_columns(film: Film) -> None:
    """The trial's steps at 100x30: `/helm` Enter, `m`, `s`, then `&`: the order and the
    filter's mode stay on the line and `&` changes it; without the filter, the order is
    said in full again."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "helm")
        await pilot.press("enter", "m", "s")
        await settle(pilot)
        assert status(app) == "1 of 4 match · 1 marked · rest hidden · pub. A-Z"
        await pilot.press("ampersand")
        await settle(pilot)
        assert status(app) == "1 of 4 match · 1 marked · all shown · pub. A-Z"
        assert "1 of 4 match · 1 marked · all shown · pub. A-Z " in screen_text(app)
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert status(app) == "4 quotes · 1 marked · publication A-Z"


async def test_status_names_the_mode_only_with_a_filter(film: Film) -> None:
    """With no filter, `&` changes nothing the status line should mention."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ampersand")
        await settle(pilot)
        assert status(app) == "4 quotes · listing order"
        await pilot.press("slash", *"klapisch", "enter")
        await settle(pilot)
        assert status(app) == "2 of 4 match · all shown, n/N · listing order"


async def test_help_lists_only_the_keys_that_apply(film: Film) -> None:
    """Opened on its own in a terminal: no way back to a shelf, `e` exports and quits,
    and `o` says the one thing it opens now."""
    linked = msgspec.structs.replace(
        film,
        official_site=OfficialSite(label="Site", url="https://example.org/paris"),
        quotes=[
            msgspec.structs.replace(film.quotes[0], url="https://example.org/review"),
            *film.quotes[1:],
        ],
    )
    app = FilmApp(linked, cursor_blink=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Export the marked (else the matching) quotes & quit" in text
        assert "Open this quote's review" in text and "Quit, writing nothing" in text
        for absent in ("shelf", "Download", "Open the official site"):
            assert absent not in text, absent
        await pilot.press("escape", "tab", "question_mark")  # the details: `o` opens the site
        await pilot.pause()
        text = screen_text(app)
        assert "Open the official site" in text and "Open this quote's review" not in text


async def test_help_on_a_web_page_says_download(
    film: Film, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a web page `e` downloads: help says so, and not `Export & quit`."""
    monkeypatch.setattr(FilmApp, "is_web", property(lambda app: True))
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "e       Download" in text and "Export & quit" not in text


async def test_help_scrolls_with_the_list_keys_and_shows_everything_at_30_rows(
    film: Film,
) -> None:
    """At 30 rows the help does not fit: j/k, G/g and the page keys scroll it, down to
    the last line."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.max_scroll_y > 0
        assert help_shows(app, "filmtui keys") and not help_shows(app, "mouse")
        await pilot.press("j")
        assert body.scroll_y == 1
        await pilot.press("k")
        assert body.scroll_y == 0
        await pilot.press("G")
        assert body.scroll_y == body.max_scroll_y
        await pilot.pause()
        assert help_shows(app, "mouse") and not help_shows(app, "filmtui keys")
        await pilot.press("g")
        assert body.scroll_y == 0
        await pilot.press("space")
        assert body.scroll_y > 1
        await pilot.press("pageup")
        assert body.scroll_y == 0


async def test_q_on_a_film_from_the_shelf_says_back_and_goes_back(tmp_path: Path) -> None:
    """Opened from the shelf, the key bar says `q Back`, help lists the way back, and
    `q` returns to the shelf."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        shelf = await wait_for_shelf(pilot)
        await pilot.press("slash", *"paris", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FilmScreen)
        keys = screen_text(app).splitlines()[-1]
        assert " q Back " in keys and "Quit" not in keys
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Back to the shelf" in text and "q       Back" in text
        assert "^q      Quit" in text
        await pilot.press("escape", "q")
        assert isinstance(app.screen, ShelfScreen) and app.screen is shelf


async def test_q_on_the_film_alone_says_quit(film: Film, tmp_path: Path) -> None:
    """Opened on its own, `q` quits, and the key bar says so."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert " q Quit " in screen_text(app).splitlines()[-1]
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
