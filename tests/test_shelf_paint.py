"""The shelf's first paint: what the browser imports before a film is opened."""

from __future__ import annotations

import ast
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from apptools import screen_text
from ptyrun import filmtui
from shelftools import TITLES, make_shelf, shown, wait_for_shelf
from textual.pilot import Pilot
from textual.widgets import Static

from filmtui.app import FilmApp
from filmtui.screens.indexing import IndexingScreen
from filmtui.screens.shelf_refresh import RefreshProgress
from filmtui.shelf import FilmRow, Refreshed, Shelf
from filmtui.widgets.row_list import RowList

BROKEN = "broken.toml:3:8: year: expected an integer, got a string"

#: What only a film opened from the shelf needs: the record model, its loader and the
#: film screen (and the TOML parser and msgspec behind them).
FILM_ONLY = ("msgspec", "tomli", "filmtui.model", "filmtui.loader", "filmtui.screens.film")
#: `filmtui DIR --index INDEX` as the command line runs it, but headless: the app is run
#: by a Pilot that prints what was imported before and after Enter opens a film.
BROWSE = f"""
import asyncio, sys
import filmtui.cli.browse as browse
from filmtui.cli import main

def loaded():
    return sorted(name for name in {FILM_ONLY!r} if name in sys.modules)

async def wait_for(pilot, name):
    for _ in range(1000):
        if type(pilot.app.screen).__name__ == name:
            return await pilot.pause()
        await pilot.pause(0.01)
    raise SystemExit(f"no {{name}}: {{pilot.app.screen}}")

async def drive(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, "ShelfScreen")
        before = loaded()
        await pilot.press("enter")
        await wait_for(pilot, "FilmScreen")
        print([before, loaded()])

browse._terminal_problem = lambda: None
browse._run_app = lambda app, debug: asyncio.run(drive(app))
sys.exit(main([sys.argv[1], "--index", sys.argv[2]]))
"""


def test_a_warm_shelf_draws_without_the_record_model(tmp_path: Path) -> None:
    """Browsing a shelf whose index is up to date imports neither msgspec, tomli, the
    loader nor the film screen until a film is opened (then it does: the check works)."""
    root, index = make_shelf(tmp_path), tmp_path / "index.sqlite"
    shelf = Shelf.open(str(root), str(index))
    shelf.refresh()
    shelf.close()
    result = subprocess.run(
        [sys.executable, "-c", BROWSE, str(root), str(index)],
        capture_output=True,
        timeout=120,
        check=True,
        env={"XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": "/usr/bin:/bin"},
    )
    before, after = ast.literal_eval(result.stdout.decode().splitlines()[-1])
    assert before == []
    assert after == sorted(FILM_ONLY)


# ------------------------------------------------- draw from the index, then refresh

WIDE = (120, 30)


def warm_shelf(tmp_path: Path) -> tuple[Path, str]:
    """The test shelf with its index built: (the shelf, the index file)."""
    root, index = make_shelf(tmp_path), str(tmp_path / "index.sqlite")
    shelf = Shelf.open(str(root), index)
    shelf.refresh()
    shelf.close()
    return root, index


def change_behind_the_index(root: Path) -> None:
    """Edit Fargo's title, add Alphaville (first by title), remove Spirited Away."""
    fargo = root / "fargo.toml"
    fargo.write_text(
        fargo.read_text(encoding="utf-8").replace('"Fargo"', '"Fargo Revisited"'),
        encoding="utf-8",
    )
    (root / "alphaville.toml").write_text('title = "Alphaville"\nyear = 1965\n', encoding="utf-8")
    (root / "spirited-away.toml").unlink()


def held_app(
    root: Path, index: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[FilmApp, threading.Event]:
    """The browser on a warm shelf whose background refresh waits, before it starts, for
    the returned event: the test sees the cached rows first, without a race."""
    shelf = Shelf.open(str(root), index)
    assert shelf.cached
    release = threading.Event()
    opened = shelf.refresher

    def refresher() -> Shelf:
        """The second connection, its refresh held until the release."""
        other = opened()
        refresh = other.refresh

        def held(*args: Any, **options: Any) -> Refreshed:
            assert release.wait(30)
            return refresh(*args, **options)

        monkeypatch.setattr(other, "refresh", held)
        return other

    monkeypatch.setattr(shelf, "refresher", refresher)
    return FilmApp(None, shelf=shelf, cursor_blink=False), release


def current_title(films: RowList) -> str:
    """The title of the current film."""
    row = films.current_row
    assert isinstance(row, FilmRow)
    return row.title


async def wait_until(pilot: Pilot[bytes | None], condition: Callable[[], bool]) -> None:
    """Let the app run until `condition()` holds (on state, not time)."""
    for _ in range(1000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


async def test_a_warm_shelf_shows_its_index_then_the_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cached films at once, with `checking for changes…`; then the edited, added
    and removed files, the current film still current, and a notice of what changed."""
    root, index = warm_shelf(tmp_path)
    change_behind_the_index(root)
    app, release = held_app(root, index, monkeypatch)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        screen = await wait_for_shelf(pilot)
        assert shown(screen) == [*TITLES, BROKEN]  # as the index had them
        await wait_until(pilot, lambda: "checking for changes…" in screen_text(app))
        assert "6 films · by title · 1 bad file · checking for changes…" in screen_text(app)
        await pilot.press("j", "j", "j")
        films = screen.query_one("#films", RowList)
        assert current_title(films) == "Paris"
        release.set()
        await wait_until(pilot, lambda: screen.finished.is_set() and not screen.refresh_note)
        await pilot.pause()
        assert shown(screen) == [
            "Alphaville",
            "Amélie",
            "Fargo Revisited",
            "No Country for Old Men",
            "Paris",
            "The Spanish Apartment",
            BROKEN,
        ]
        assert current_title(films) == "Paris"
        assert films.cursor == 4
        text = screen_text(app)
        assert "6 films · by title · 1 bad file" in text and "checking" not in text
        messages = [str(notice.message) for notice in app._notifications]
        assert messages == ["1 record changed, 1 added, 1 removed"]
        await pilot.press("t")
        await pilot.pause()
        assert "4 quotes" in screen_text(app)
    app.wait_for_indexing()


async def test_a_warm_shelf_without_changes_stays_as_drawn(tmp_path: Path) -> None:
    """Nothing changed: no notice, and the rows first fetched are still those shown."""
    root, index = warm_shelf(tmp_path)
    app = FilmApp(None, shelf=Shelf.open(str(root), index), cursor_blink=False)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        screen = await wait_for_shelf(pilot)
        first = screen.query_one("#films", RowList).row_at(0)
        await wait_until(pilot, lambda: screen.finished.is_set() and not screen.refresh_note)
        await pilot.pause()
        assert screen.query_one("#films", RowList).row_at(0) is first  # not read again
        assert not app._notifications
        assert "checking" not in screen_text(app)
    app.wait_for_indexing()


@pytest.mark.parametrize("index_state", ["new", "half-built"])
async def test_a_first_build_goes_through_the_progress_screen(
    tmp_path: Path, index_state: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new index, or one whose big refresh was cut short, is not shown before it is
    built: the progress screen comes first."""
    root, index = make_shelf(tmp_path), str(tmp_path / "index.sqlite")
    if index_state == "half-built":
        shelf = Shelf.open(str(root), index)
        shelf.refresh()
        shelf._db.execute("INSERT INTO meta VALUES ('fts_stale', '1')")
        shelf.close()
    shelf = Shelf.open(str(root), index)
    assert not shelf.cached
    mounted: list[str] = []
    mount = IndexingScreen.on_mount

    def on_mount(screen: IndexingScreen) -> None:
        mounted.append(str(screen.query_one("#loading-time", Static).content))
        mount(screen)

    monkeypatch.setattr(IndexingScreen, "on_mount", on_mount)
    app = FilmApp(None, shelf=shelf, cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        assert mounted == ["looking for changed records…"]
        assert shown(screen) == [*TITLES, BROKEN]
        assert screen.finished.is_set() and not screen.refresh_note
    app.wait_for_indexing()


async def test_q_during_a_background_refresh_quits_and_keeps_the_index_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`q` while the warm shelf is being refreshed quits at once; the refresh stops
    touching the index before the command line closes it, and the next open is right."""
    root, index = warm_shelf(tmp_path)
    change_behind_the_index(root)
    app, release = held_app(root, index, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await wait_until(pilot, lambda: not screen.finished.is_set())
        await pilot.press("q")
    assert app.return_value is None
    release.set()
    app.wait_for_indexing()
    assert screen.finished.is_set()
    shelf = Shelf.open(str(root), index)
    shelf.refresh()
    assert [film.title for film in shelf.films()][:3] == ["Alphaville", "Amélie", "Fargo Revisited"]
    assert shelf.count_films() == 6
    shelf.close()


async def test_enter_on_a_film_removed_meanwhile_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached row whose file is gone cannot be opened: a one-line notice, no traceback,
    and the shelf stays."""
    root, index = warm_shelf(tmp_path)
    (root / "amelie.toml").unlink()
    app, release = held_app(root, index, monkeypatch)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        messages = [str(notice.message) for notice in app._notifications]
        assert len(messages) == 1 and "amelie.toml" in messages[0], messages
        release.set()
        await wait_until(pilot, lambda: screen.finished.is_set() and not screen.refresh_note)
        assert shown(screen)[0] == "Fargo"
    app.wait_for_indexing()


def test_a_held_shelf_reads_the_index_as_it_was(tmp_path: Path) -> None:
    """While held, a shelf reads one state of the index whatever a second connection
    writes; once released, it reads the new one."""
    root, index = warm_shelf(tmp_path)
    shelf = Shelf.open(str(root), index)
    shelf.hold()
    (root / "fargo.toml").unlink()
    refresher = shelf.refresher()
    refreshed = refresher.refresh()
    refresher.close()
    assert (refreshed.read, refreshed.added, refreshed.removed) == (0, 0, 1)
    assert shelf.count_films() == 6 and len(shelf.quotes("", 0, 10)) == 4
    shelf.release()
    assert shelf.count_films() == 5
    shelf.close()


def test_a_warm_shelf_in_a_terminal_catches_up_with_a_notice(tmp_path: Path) -> None:
    """In a real terminal: a record added behind the index appears with a notice, the
    count follows, and `q` exits cleanly."""
    root, index = warm_shelf(tmp_path)
    (root / "alphaville.toml").write_text('title = "Alphaville"\nyear = 1965\n', encoding="utf-8")
    terminal = filmtui(root, "--index", index, size=(120, 30))
    terminal.wait_for("1 record added")
    terminal.wait_for("7 films · by title · 1 bad file")
    assert terminal.shows("Alphaville") and not terminal.shows("checking for changes")
    _, status, _ = terminal.finish(b"q")
    assert status == 0


async def test_many_changes_are_read_by_workers_behind_the_screen(tmp_path: Path) -> None:
    """Enough changed files for worker processes: read behind the drawn shelf (the
    workers' resource tracker started for them on the UI thread), then one notice."""
    root = make_shelf(tmp_path)
    template = (root / "fargo.toml").read_text(encoding="utf-8")
    copies = [root / f"copy{number:02}.toml" for number in range(60)]
    for copy in copies:
        copy.write_text(template, encoding="utf-8")
    index = str(tmp_path / "index.sqlite")
    shelf = Shelf.open(str(root), index)
    shelf.refresh()
    shelf.close()
    for copy in copies:
        copy.write_text(template.replace('"Fargo"', f'"{copy.stem}"'), encoding="utf-8")
    app = FilmApp(None, shelf=Shelf.open(str(root), index), cursor_blink=False)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        screen = await wait_for_shelf(pilot)
        await wait_until(pilot, lambda: screen.finished.is_set() and not screen.refresh_note)
        await pilot.pause()
        assert shown(screen).count("Fargo") == 1 and "copy59" in shown(screen)
        messages = [str(notice.message) for notice in app._notifications]
        assert messages == ["60 records changed"]
    assert app.return_code in (None, 0)
    app.wait_for_indexing()


async def test_a_big_refresh_behind_the_shelf_shows_the_progress_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many changed files (here, as many as BIG_REFRESH, lowered): the progress screen
    covers the drawn shelf while they are read, and goes when they are, leaving the
    shelf as the files now are and the notice."""
    root, index = warm_shelf(tmp_path)
    for name in ("amelie", "fargo", "paris"):
        with (root / f"{name}.toml").open("a", encoding="utf-8") as record:
            record.write("\n")
    monkeypatch.setattr("filmtui.screens.shelf_refresh.BIG_REFRESH", 3)
    shown_counts: list[str] = []
    mount = IndexingScreen.on_mount

    def on_mount(screen: IndexingScreen) -> None:
        shown_counts.append("follow" if screen.follow else "refresh")
        mount(screen)

    monkeypatch.setattr(IndexingScreen, "on_mount", on_mount)
    app = FilmApp(None, shelf=Shelf.open(str(root), index), cursor_blink=False)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        screen = await wait_for_shelf(pilot)
        await wait_until(pilot, lambda: screen.finished.is_set() and not screen.refresh_note)
        await pilot.pause()
        assert shown_counts == ["follow"]
        assert app.screen is screen
        assert [str(notice.message) for notice in app._notifications] == ["3 records changed"]
        assert shown(screen) == [*TITLES, BROKEN]
    app.wait_for_indexing()


def test_export_after_a_change_on_disk_says_the_shelf_changed(tmp_path: Path) -> None:
    """`e` exports the shelf as shown; a record edited on disk while it was open is not in
    it, and stderr says so in one line instead of staying silent."""
    root, index = warm_shelf(tmp_path)
    terminal = filmtui(root, "--index", index, size=(120, 30))
    terminal.wait_for("6 films · by title · 1 bad file")
    terminal.wait_for(lambda t: not t.shows("checking for changes"))
    (root / "fargo.toml").unlink()
    stdout, status, _ = terminal.finish(b"e")
    assert status == 0
    assert "Fargo" in stdout.decode()  # the shelf as shown
    said = "".join(terminal.screen.display)  # the line is longer than a row
    assert f"filmtui: 1 record file of {root} changed since the shelf was shown" in said
    (root / "amelie.toml").unlink()  # a clean check: without a change nothing is said
    terminal = filmtui(root, "--index", index, size=(120, 30))
    terminal.wait_for("4 films · by title · 1 bad file")
    terminal.wait_for(lambda t: not t.shows("checking for changes"))
    stdout, status, _ = terminal.finish(b"e")
    assert status == 0 and "Fargo" not in stdout.decode()
    assert "changed since the shelf was shown" not in "".join(terminal.screen.display)


async def test_progress_arriving_after_the_progress_screen_left_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh worker's last progress report can arrive once the progress screen has
    been replaced by the shelf (its widgets gone): it is dropped, not a crash."""
    root, index = make_shelf(tmp_path), str(tmp_path / "index.sqlite")
    screens: list[IndexingScreen] = []
    mount = IndexingScreen.on_mount

    def on_mount(screen: IndexingScreen) -> None:
        screens.append(screen)
        mount(screen)

    monkeypatch.setattr(IndexingScreen, "on_mount", on_mount)
    app = FilmApp(None, shelf=Shelf.open(str(root), index), cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_shelf(pilot)
        [gone] = screens
        assert not gone.is_attached
        gone.on_refresh_progress(RefreshProgress(7, 7))
        await pilot.pause()
        assert app.is_running
