"""A small shelf of real films for the browser's tests, and helpers to drive it.

The shelf is the bundled record (Paris, with its four critic quotes from the listing) and
five records in tests/data/shelf that state only well-known facts (title, year, directors,
leading cast, language; no ratings and no quotes), plus one broken file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from textual.pilot import Pilot

from filmtui.app import FilmApp
from filmtui.loader import default_record_path
from filmtui.screens.shelf import ShelfScreen
from filmtui.shelf import FilmRow, QuoteRow, Shelf
from filmtui.widgets.row_list import RowList
from filmtui.widgets.shelf_rows import BadFile

SHELF_DATA = Path(__file__).parent / "data" / "shelf"
#: The films by title, as the shelf lists them first.
TITLES = [
    "Amélie",
    "Fargo",
    "No Country for Old Men",
    "Paris",
    "Spirited Away",
    "The Spanish Apartment",
]


def make_shelf(tmp_path: Path) -> Path:
    """Copy the shelf into `tmp_path/shelf`, with mtimes in title order (Amélie oldest)."""
    root = tmp_path / "shelf"
    shutil.copytree(SHELF_DATA, root)
    shutil.copy(default_record_path(), root / "paris.toml")
    names = {
        "Amélie": "amelie.toml",
        "Fargo": "fargo.toml",
        "No Country for Old Men": "no-country-for-old-men.toml",
        "Paris": "paris.toml",
        "Spirited Away": "spirited-away.toml",
        "The Spanish Apartment": "the-spanish-apartment.toml",
    }
    for number, title in enumerate(TITLES):
        stamp = 1_700_000_000 + number * 60
        os.utime(root / names[title], (stamp, stamp))
    return root


def shelf_app(tmp_path: Path) -> FilmApp:
    """The browser on the test shelf, its index in tmp_path, the cursor blink off."""
    root = make_shelf(tmp_path)
    shelf = Shelf.open(str(root), str(tmp_path / "index.sqlite"), notice=print)
    return FilmApp(None, shelf=shelf, cursor_blink=False)


async def wait_for_shelf(pilot: Pilot[bytes | None]) -> ShelfScreen:
    """Wait until the index is built and the shelf screen is up (with its filter bars,
    which come after the first frame)."""
    for _ in range(500):
        screen = pilot.app.screen
        if isinstance(screen, ShelfScreen) and len(screen.query(".shelf-filter")) == 2:
            await pilot.pause()
            return screen
        await pilot.pause(0.01)
    raise AssertionError(f"the shelf screen never came; on screen: {pilot.app.screen}")


def shown(screen: ShelfScreen, list_id: str = "films") -> list[str]:
    """What each row of a list shows: a film's title, a bad file's error, or a quote as
    `Title: publication`."""
    rows = screen.query_one(f"#{list_id}", RowList)
    texts = []
    for position in range(rows.count):
        row = rows.row_at(position)
        if isinstance(row, QuoteRow):
            texts.append(f"{row.title}: {row.publication}")
        elif isinstance(row, FilmRow):
            texts.append(row.title)
        else:
            assert isinstance(row, BadFile)
            texts.append(row.error)
    return texts
