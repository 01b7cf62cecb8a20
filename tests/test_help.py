"""The `?` help screen says what each key does on the screen it was opened from, and
nothing that does not apply there: the bundled record, a record with web addresses, the
shelf (in a terminal and on a web page), the film screen opened from the shelf. Each row
is `keys  what they do  binding id`, as a user reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from apptools import screen_text, settle
from shelftools import shelf_app, wait_for_shelf
from textual.pilot import Pilot

from filmtui.app import FilmApp
from filmtui.config import Config
from filmtui.loader import load
from filmtui.model import Film
from filmtui.screens.film import FilmScreen
from filmtui.screens.help import HelpScreen
from filmtui.screens.shelf import ShelfScreen
from filmtui.widgets.row_list import RowList

DATA = Path(__file__).parent / "data"
TALL = (120, 70)  # the whole help fits, unscrolled


async def open_help(pilot: Pilot[bytes | None]) -> list[str]:
    """Press `?` and read the help's rows: each line inside its frame, blanks squeezed."""
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)
    rows = []
    for line in screen_text(pilot.app).splitlines():  # type: ignore[arg-type]
        inside = line.split("│")
        if len(inside) >= 3:
            rows.append(re.sub(r"\s{2,}", "  ", inside[1]).strip())
    return rows


def row(rows: list[str], keys: str) -> str:
    """The one row for `keys` (its description and id), failing if there is not exactly one."""
    found = [r.removeprefix(keys + "  ") for r in rows if r.startswith(keys + "  ")]
    assert len(found) == 1, (keys, rows)
    return found[0]


async def test_bundled_record(film: Film) -> None:
    """The bundled record (no web address anywhere): `q` quits, Esc clears the filter,
    `o` is listed with what it would open and that there is none, ctrl+q has its id,
    and Textual's own keys are said to have none."""
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=TALL) as pilot:
        await settle(pilot)
        rows = await open_help(pilot)
    assert row(rows, "q") == "Quit, writing nothing  app.quit"
    assert row(rows, "esc") == "Clear the filter  app.clear_filter"
    assert row(rows, "e") == "Export the marked (else the matching) quotes & quit  app.export"
    assert row(rows, "o") == "Open a review or the official site: none here  app.open"
    assert row(rows, "^q") == "Quit from any screen, even while typing  app.quit_anywhere"
    assert row(rows, "tab / shift+tab") == "Move between the details and the quotes"
    assert "Textual's own keys (no id: not remappable)" in rows
    assert not any("shelf" in r or "Download" in r for r in rows), rows
    assert "⌫" not in "\n".join(rows)  # backspace goes back only from the shelf


async def test_record_with_web_addresses() -> None:
    """Amélie links the first quote's review and the official site: `o` says it opens
    the review; on a quote without one, the site."""
    app = FilmApp(load(DATA / "amelie.toml"), cursor_blink=False)
    async with app.run_test(size=TALL) as pilot:
        await settle(pilot)
        rows = await open_help(pilot)
        assert row(rows, "o") == "Open this quote's review (in the details: the site)  app.open"
        await pilot.press("escape", "j")
        await pilot.pause()
        rows = await open_help(pilot)
        assert row(rows, "o") == "Open the official site (this quote links no web review)  app.open"


async def test_shelf_in_a_terminal(tmp_path: Path) -> None:
    """The shelf lists `e` once (export & quit), its own tab and mouse lines, and nothing
    about details and quotes panels it does not have."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=TALL) as pilot:
        await wait_for_shelf(pilot)
        rows = await open_help(pilot)
    assert row(rows, "e") == "Export the films shown as JSON Lines & quit (Films tab)  shelf.export"
    assert row(rows, "q") == "Quit, writing nothing  app.quit"
    assert row(rows, "^q") == "Quit from any screen, even while typing  app.quit_anywhere"
    assert "⏎  Back to the list, keeping the filter  app.accept_filter" in rows  # the filter's
    assert "⏎  Open the film (Quotes: at the quote; bad file: its error)  rows.open" in rows
    assert row(rows, "tab / shift+tab") == (
        "Move between the Films/Quotes tabs (←/→ there) and the list"
    )
    assert (
        row(rows, "mouse") == "Wheel scrolls; a click makes a row current, a double click opens it"
    )
    text = "\n".join(rows)
    assert "Download" not in text and "details" not in text and "quote current" not in text


async def test_shelf_tab_and_click_do_what_the_help_says(tmp_path: Path) -> None:
    """Tab goes from the list to the tabs and back; a click makes a row current and a
    double click opens it, as the help's lines say."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await wait_for_shelf(pilot)
        films = screen.query_one("#films", RowList)
        await pilot.press("tab")
        assert not isinstance(app.focused, RowList)
        await pilot.press("right")  # ←/→ on the tabs switch them (and focus the list)
        await pilot.pause()
        assert not screen.on_films
        await pilot.press("shift+tab", "left")
        await pilot.pause()
        assert screen.on_films and app.focused is films
        await pilot.click("#films", offset=(5, 3))
        assert films.cursor == 3
        assert isinstance(app.screen, ShelfScreen)
        await pilot.click("#films", offset=(5, 3), times=2)
        await pilot.pause()
        assert isinstance(app.screen, FilmScreen)


async def test_shelf_on_a_web_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a web page `e` downloads: the help says Download, never Export & quit."""
    monkeypatch.setattr(FilmApp, "is_web", property(lambda app: True))
    app = shelf_app(tmp_path)
    async with app.run_test(size=TALL) as pilot:
        await wait_for_shelf(pilot)
        rows = await open_help(pilot)
    assert row(rows, "e") == "Download the films shown as JSON Lines (Films tab)  shelf.export"
    assert row(rows, "q") == "Quit  app.quit"
    text = "\n".join(rows)
    assert "Export" not in text and "writing nothing" not in text
    assert "download" in row(rows, "ctrl+p")


async def test_film_screen_opened_from_the_shelf(tmp_path: Path) -> None:
    """From the shelf, `q`, backspace and Esc (with no filter) go back to the shelf, and
    the help says so with their ids; then Esc does."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=TALL) as pilot:
        await wait_for_shelf(pilot)
        await pilot.press("j", "j", "j", "enter")  # Paris
        await pilot.pause()
        assert isinstance(app.screen, FilmScreen)
        await settle(pilot)
        rows = await open_help(pilot)
        assert row(rows, "q") == "Back to the shelf  app.quit"
        assert row(rows, "⌫") == "Back to the shelf  app.back"
        assert (
            row(rows, "esc") == "Clear the filter; with none, back to the shelf  app.clear_filter"
        )
        assert row(rows, "^q") == "Quit from any screen, even while typing  app.quit_anywhere"
        assert not any("Quit, writing nothing" in r for r in rows), rows
        await pilot.press("escape")  # closes the help
        await pilot.press("escape")  # back to the shelf
        await pilot.pause()
        assert isinstance(app.screen, ShelfScreen)


async def test_ctrl_q_is_remapped_by_its_id(film: Film) -> None:
    """`app.quit_anywhere` moves ctrl+q: the help shows the new key, and ctrl+q no
    longer quits while the new key does."""
    config = Config(keys={"app.quit_anywhere": "ctrl+x"})
    app = FilmApp(film, cursor_blink=False, config=config)
    async with app.run_test(size=TALL) as pilot:
        await settle(pilot)
        rows = await open_help(pilot)
        assert row(rows, "^x") == "Quit from any screen, even while typing  app.quit_anywhere"
        assert not any(r.startswith("^q") for r in rows)
        await pilot.press("escape", "ctrl+q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+x")
    assert app.return_value is None and not app.is_running


async def test_a_bad_file_cut_to_fit_ends_with_an_ellipsis(tmp_path: Path) -> None:
    """A bad file's error too long for the row is cut with "…", as every other cut is."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=(40, 20)) as pilot:
        await wait_for_shelf(pilot)
        await pilot.press("G")
        await pilot.pause()
        bad = [line for line in screen_text(app).splitlines() if "✗ broken.toml" in line]
    assert len(bad) == 1 and bad[0].rstrip().endswith("…"), bad
