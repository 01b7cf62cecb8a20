"""The shelf browser driven headless with Pilot: list, filter, sort, open, tabs, export."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from apptools import screen_text
from shelftools import TITLES, make_shelf, shelf_app, shown, wait_for_shelf
from textual.app import App
from textual.widgets import Input

from filmtui.app import FilmApp
from filmtui.loader import DEFAULT_MAX_BYTES
from filmtui.screens.film import FilmScreen
from filmtui.screens.help import HelpScreen
from filmtui.screens.indexing import IndexingScreen
from filmtui.screens.shelf import ShelfScreen
from filmtui.screens.shelf_refresh import RefreshProgress
from filmtui.shelf import Shelf
from filmtui.widgets.row_list import RowList

WIDE = (120, 30)
BROKEN = "broken.toml:3:8: year: expected an integer, got a string"


async def test_lists_films_with_count_and_the_broken_record(tmp_path: Path) -> None:
    """Every film by title, the count, and the broken file last, marked, with its error."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        assert shown(screen) == [*TITLES, BROKEN]
        text = screen_text(app)
        assert "6 films · by title · 1 bad file" in text
        assert f"✗ {BROKEN}" in text
        assert "Paris" in text and "Cedric Klapisch" in text and "4 quotes" in text
        assert "No Country for Old Men (2007)" in text and "Joel Coen, Ethan Coen" in text
        assert isinstance(app.focused, RowList)


async def test_filter_narrows_live_highlights_and_esc_clears(tmp_path: Path) -> None:
    """`/coen` narrows on each keystroke to the Coens' films, highlighted; Esc clears."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("slash", "c", "o")
        assert isinstance(app.focused, Input)
        assert "Spirited Away" not in shown(screen)  # "co": Comedy, Coen, Country
        assert len(shown(screen)) == 5
        await pilot.press("e", "n")
        assert shown(screen) == ["Fargo", "No Country for Old Men"]
        assert "2 of 6" in screen_text(app)
        films = screen.query_one("#films", RowList)
        highlighted = [
            segment.text
            for y in range(2)
            for segment in films.render_line(y)
            if segment.style and segment.style.underline
        ]
        assert highlighted == ["Coen", "Coen", "Coen"]
        await pilot.press("escape")
        assert isinstance(app.focused, RowList)
        assert shown(screen) == [*TITLES, BROKEN]
        assert not screen.query_one("#films-filter", Input).display


async def test_counts_follow_fast_typing_and_deleting(tmp_path: Path) -> None:
    """Keys typed and deleted in a burst: after each, the list and its count are those of
    the query in the bar, on both tabs (each keystroke is followed as it is typed)."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("slash", *"coen", "backspace", "backspace", "backspace", "backspace")
        await pilot.press(*"ami", "backspace", "backspace", "m")
        assert screen.query_one("#films-filter", Input).value == "am"
        expected = [film.title for film in screen.shelf.films("am")]
        assert shown(screen) == expected and 1 < len(expected) < 6
        assert f"{len(expected)} of 6" in screen_text(app)
        await pilot.press("ctrl+u", *"fargo")
        assert shown(screen) == ["Fargo"] and "1 of 6" in screen_text(app)
        await pilot.press("escape", "t", "slash", *"duri", "backspace", "i", "s", "x")
        assert shown(screen, "shelf-quotes") == [] and "no match of 4" in screen_text(app)
        await pilot.press("backspace")
        assert len(shown(screen, "shelf-quotes")) == 3 and "3 of 4" in screen_text(app)
        await pilot.press("escape")
        assert len(shown(screen, "shelf-quotes")) == 4 and "4 quotes" in screen_text(app)


async def test_film_query_scopes_and_no_match(tmp_path: Path) -> None:
    """The film query's scopes and ranges work in the filter; no match says so."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("slash", *"year:2001")
        assert shown(screen) == ["Amélie", "Spirited Away"]
        await pilot.press(*" -genre:anim")
        assert shown(screen) == ["Amélie"]
        await pilot.press("ctrl+u", *"cast:tautou")
        assert shown(screen) == ["Amélie", "The Spanish Apartment"]
        await pilot.press(*" zzz")
        assert shown(screen) == []
        text = screen_text(app)
        assert "no match of 6" in text and "No film matches “cast:tautou zzz”" in text


async def test_a_mistyped_scope_gets_the_command_lines_hint(tmp_path: Path) -> None:
    """`/directr:klap`: the empty list says what `ls --query directr:klap` suggests;
    typed right, the films are there."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("slash", *"directr:klap")
        assert shown(screen) == []
        assert "No film matches “directr:klap” · did you mean director:?" in screen_text(app)
        await pilot.press("ctrl+u", *"director:klap")
        assert shown(screen) == ["Paris", "The Spanish Apartment"]


async def test_sort_cycles_title_year_quotes_changed(tmp_path: Path) -> None:
    """`s` orders by year (films without one last), most quotes, then recently changed."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("s")
        assert shown(screen)[:6] == [
            "Fargo",
            "Amélie",
            "Spirited Away",
            "The Spanish Apartment",
            "No Country for Old Men",
            "Paris",  # the bundled record gives no year
        ]
        assert "by year" in screen_text(app)
        await pilot.press("s")
        assert shown(screen)[0] == "Paris" and "most quotes" in screen_text(app)
        await pilot.press("s")
        assert shown(screen)[:6] == TITLES[::-1]
        assert "recently changed" in screen_text(app)
        await pilot.press("s")
        assert shown(screen)[:6] == TITLES and "by title" in screen_text(app)


async def test_sort_keeps_the_current_film(tmp_path: Path) -> None:
    """After `s` the cursor is still on the film it was on, in its new place, filtered
    or not: Enter then opens the film the user chose."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        films = screen.query_one("#films", RowList)
        films.move_to(TITLES.index("No Country for Old Men"))
        for _ in range(4):
            await pilot.press("s")
            current = films.current_row
            assert getattr(current, "title", None) == "No Country for Old Men"
            assert films.cursor == shown(screen).index("No Country for Old Men")
        await pilot.press("slash", *"coen", "enter")
        films.move_to(shown(screen).index("Fargo"))
        await pilot.press("s")
        assert getattr(films.current_row, "title", None) == "Fargo"


async def test_enter_opens_the_film_and_esc_returns_with_state_kept(tmp_path: Path) -> None:
    """Enter opens the film screen; Esc, backspace and q come back to the shelf with its
    filter, cursor and scroll as they were."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=(80, 8)) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("slash", *"-zzz", "enter")  # a filter that keeps every film
        films = screen.query_one("#films", RowList)
        await pilot.press("G", "k")
        position, scroll = films.cursor, films.scroll_offset.y
        assert scroll > 0
        for back in ("escape", "backspace", "q"):
            await pilot.press("enter")
            assert isinstance(app.screen, FilmScreen)
            assert app.screen.film.title == "Spirited Away"  # G: the last; k: one up
            await pilot.press(back)
            assert isinstance(app.screen, ShelfScreen) and app.screen is screen, back
            assert screen.query_one("#films-filter", Input).value == "-zzz"
            assert (films.cursor, films.scroll_offset.y) == (position, scroll)
            assert app.focused is films


async def test_enter_on_the_broken_record_shows_its_error(tmp_path: Path) -> None:
    """The broken record cannot be opened: Enter tells why, and the shelf stays."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("G", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert any(BROKEN in str(n.message) for n in app._notifications)


async def test_quotes_tab_filters_and_opens_the_film_at_the_quote(tmp_path: Path) -> None:
    """`t` shows every quote with its film; the quote query narrows it; Enter opens the
    film with that quote current."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert shown(screen, "shelf-quotes") == [
            "Paris: Lumiere Reader",
            "Paris: Plume Noir",
            "Paris: Urban Cinefile",
            "Paris: Variety",
        ]
        assert "4 quotes" in screen_text(app)
        await pilot.press("slash", *"duris")
        assert shown(screen, "shelf-quotes") == [
            "Paris: Lumiere Reader",
            "Paris: Urban Cinefile",
            "Paris: Variety",
        ]
        assert "3 of 4" in screen_text(app)
        await pilot.press("enter", "j", "enter")
        assert isinstance(app.screen, FilmScreen)
        assert app.screen.current_quote() is not None
        assert app.screen.current_quote().publication == "Urban Cinefile"  # type: ignore[union-attr]
        await pilot.press("escape")
        assert isinstance(app.screen, ShelfScreen) and app.screen is screen
        assert screen.query_one("#quotes-filter", Input).value == "duris"
        await pilot.press("t")
        await pilot.pause()
        assert shown(screen)[:1] == ["Amélie"]  # the film tab kept its own state


async def test_quotes_tab_takes_a_negated_quote_query(tmp_path: Path) -> None:
    """`-duris` on the Quotes tab keeps the one quote without Duris; `-source:variety`
    every quote but Variety's."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("slash", *"-duris")
        assert shown(screen, "shelf-quotes") == ["Paris: Plume Noir"]
        assert "1 of 4" in screen_text(app)
        await pilot.press("ctrl+u", *"-source:variety")
        assert shown(screen, "shelf-quotes") == [
            "Paris: Lumiere Reader",
            "Paris: Plume Noir",
            "Paris: Urban Cinefile",
        ]


async def test_export_writes_the_visible_films_as_json_lines(tmp_path: Path) -> None:
    """`e` quits with the films shown (filter and order) as JSON Lines."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_shelf(pilot)
        await pilot.press("slash", *"director:coen", "enter", "s", "e")
        await pilot.pause()
    assert app.return_value is not None
    lines = app.return_value.decode("utf-8").splitlines()
    films = [json.loads(line) for line in lines]
    assert [(film["title"], film["year"]) for film in films] == [
        ("Fargo", 1996),
        ("No Country for Old Men", 2007),
    ]
    assert films[1]["credits"]["directors"][1]["name"] == "Ethan Coen"


async def test_help_lists_the_shelf_keys(tmp_path: Path) -> None:
    """`?` shows the shelf's own keys."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_shelf(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Films/Quotes" in text and "Export & quit" in text


async def test_q_during_the_first_index_quits_and_keeps_the_index_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`q` on the progress view quits at once; the next open finishes the index."""
    root = make_shelf(tmp_path)
    template = (root / "fargo.toml").read_text(encoding="utf-8")
    for number in range(150):  # enough to be read in worker processes
        (root / f"copy{number:03}.toml").write_text(template, encoding="utf-8")
    index = str(tmp_path / "index.sqlite")
    shelf = Shelf.open(str(root), index)
    # Hold the first index at its first progress report until `q` has been pressed, so a
    # fast machine cannot finish it before the test quits (no race, no sleep).
    release = threading.Event()
    refresh = shelf.refresh

    def held_refresh(progress: Callable[[int, int], bool], **options: Any) -> Any:
        """Shelf.refresh whose progress callback waits for the test's release."""

        def held(done: int, total: int) -> bool:
            """Wait for `q`, then report as usual."""
            release.wait(30)
            return progress(done, total)

        return refresh(held, **options)

    monkeypatch.setattr(shelf, "refresh", held_refresh)
    monkeypatch.setattr("filmtui.screens.indexing.REVEAL_SECONDS", 0.01)
    app = FilmApp(None, shelf=shelf, cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IndexingScreen)
        for _ in range(500):  # the view is revealed on the next timer tick
            if "Indexing the shelf" in screen_text(app):
                break
            await pilot.pause(0.01)
        assert "Indexing the shelf" in screen_text(app)
        await pilot.press("q")
    release.set()
    assert app.return_value is None
    app.wait_for_indexing()
    shelf = Shelf.open(str(root), index)
    shelf.refresh()
    assert shelf.count_films() == 156
    shelf.close()


class RecordingIndexingScreen(IndexingScreen):
    """The progress view, remembering the counts it was sent."""

    seen: list[tuple[int, int]]

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        """Show the counts, and remember them."""
        super().on_refresh_progress(message)
        self.seen.append((message.done, message.total))


class IndexingHost(App[None]):
    """An app that only shows the progress view, and stays on it when indexing ends."""

    CSS_PATH = FilmApp.CSS_PATH

    def __init__(self, screen: IndexingScreen) -> None:
        super().__init__()
        self.indexing = screen
        self.indexed = False

    def on_mount(self) -> None:
        self.push_screen(self.indexing)

    def on_indexing_screen_indexed(self, message: IndexingScreen.Indexed) -> None:
        self.indexed = True


async def test_progress_view_counts_the_records_read(tmp_path: Path) -> None:
    """The worker posts progress as it reads; the view shows `read N of M records`."""
    shelf = Shelf.open(str(make_shelf(tmp_path)), str(tmp_path / "index.sqlite"))
    screen = RecordingIndexingScreen(shelf, max_bytes=DEFAULT_MAX_BYTES)
    screen.seen = []
    app = IndexingHost(screen)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(500):
            if app.indexed:
                break
            await pilot.pause(0.01)
        assert app.indexed
        assert screen.seen[0] == (1, 7) and screen.seen[-1] == (7, 7)
        for _ in range(300):  # the view is revealed once indexing has taken a moment
            if "read 7 of 7 records" in screen_text(app):  # type: ignore[arg-type]
                break
            await pilot.pause(0.01)
        assert "read 7 of 7 records" in screen_text(app)  # type: ignore[arg-type]
    shelf.close()


@pytest.mark.parametrize("web", [False, True], ids=["terminal", "web"])
async def test_right_to_left_fields_are_isolated_as_on_the_film_screen(
    web: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each right-to-left field of a Films or Quotes row is between FSI and PDI, the
    header as the film screen draws it; no isolates on a web page."""
    from apptools import screen_text as text_of

    from filmtui.sanitize import FSI, PDI

    monkeypatch.setattr(FilmApp, "is_web", property(lambda app: web))
    root = tmp_path / "rtl"
    root.mkdir()
    (root / "wadjda.toml").write_bytes(
        (Path(__file__).parent / "data" / "wadjda.toml").read_bytes()
    )
    (root / "shalom.toml").write_text('title = "שלום"\nyear = 2001\n', encoding="utf-8")
    shelf = Shelf.open(str(root), str(tmp_path / "i.sqlite"), notice=print)
    app = FilmApp(None, shelf=shelf, cursor_blink=False)
    mark, end = ("", "") if web else (FSI, PDI)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_shelf(pilot)
        assert f"{mark}שלום{end} (2001)" in text_of(app, isolates=True)
        await pilot.press("t")
        await pilot.pause()
        text = text_of(app, isolates=True)
        assert (
            f"{mark}עיתון הניסיון{end} ·\u00a0{mark}ישראל ישראלי{end} ·\u00a0region:\u00a0USA"
        ) in text, text
        if web:
            assert FSI not in text and PDI not in text


@pytest.mark.parametrize("size", [WIDE, (60, 20)])
async def test_a_right_to_left_field_cut_to_fit_keeps_its_isolate_closed(
    size: tuple[int, int], tmp_path: Path
) -> None:
    """A right-to-left title, director, publication and text too long for their columns
    are cut first and isolated after: on every line drawn, each FSI has its PDI, and a
    cut field ends `…` then PDI."""
    from apptools import screen_text as text_of

    from filmtui.sanitize import FSI, PDI

    root = tmp_path / "rtl"
    root.mkdir()
    long = "מילה " * 40
    (root / "long.toml").write_text(
        f'title = "{long}"\nyear = 2001\n[[credits.directors]]\nname = "{long}"\n'
        f'[[quotes]]\npublication = "{long}"\ncritic = "{long}"\ntext = "{long}"\n',
        encoding="utf-8",
    )
    shelf = Shelf.open(str(root), str(tmp_path / "i.sqlite"), notice=print)
    app = FilmApp(None, shelf=shelf, cursor_blink=False)
    async with app.run_test(size=size) as pilot:
        await wait_for_shelf(pilot)
        for tab in ("films", "quotes"):
            lines = [line for line in text_of(app, isolates=True).splitlines() if FSI in line]
            assert lines, tab
            for line in lines:
                assert line.count(FSI) == line.count(PDI), line
                depth = 0
                for char in line:  # each PDI closes an FSI before it
                    depth += (char == FSI) - (char == PDI)
                    assert depth >= 0, line
            assert f"…{PDI}" in "".join(lines), tab
            await pilot.press("t")
            await pilot.pause()
    shelf.close()


async def test_a_quote_listed_for_a_late_word_shows_that_word(tmp_path: Path) -> None:
    """`/glue` on the Quotes tab: the Lumiere Reader quote says "glue" near its end, past
    the width of its line, so the line starts a few words before it, after `…`, with the
    match highlighted: the line shows why the quote is listed."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("t", "slash", *"glue")
        await pilot.pause()
        assert shown(screen, "shelf-quotes") == ["Paris: Lumiere Reader"]
        rows = screen.query_one("#shelf-quotes", RowList)
        segments = list(rows.render_line(1))  # the quote's text, under its header
        line = "".join(segment.text for segment in segments).strip()
        assert line.startswith("…is there as the film's glue, pulling"), line
        underlined = [s.text for s in segments if s.style and s.style.underline]
        assert underlined == ["glue"]
