"""What the shelf screen looks like (pytest-textual-snapshot). Update with
--snapshot-update after checking the new pictures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shelftools import shelf_app, wait_for_shelf
from textual.pilot import Pilot

SnapCompare = Callable[..., bool]


def test_shelf(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """100x16: every film in columns, the count, the broken record marked last."""

    async def ready(pilot: Pilot[bytes | None]) -> None:
        await wait_for_shelf(pilot)

    assert snap_compare(shelf_app(tmp_path), terminal_size=(100, 16), run_before=ready)


def test_shelf_filtered(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """`/coen`: two of six, the matches highlighted, the filter bar showing the query."""

    async def filter_coen(pilot: Pilot[bytes | None]) -> None:
        await wait_for_shelf(pilot)
        await pilot.press("slash", *"coen")
        await pilot.pause()

    assert snap_compare(shelf_app(tmp_path), terminal_size=(100, 16), run_before=filter_coen)


def test_shelf_films_narrow(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """60x20, the Films tab: whole titles with their year; the rating gives way first."""

    async def ready(pilot: Pilot[bytes | None]) -> None:
        await wait_for_shelf(pilot)

    assert snap_compare(shelf_app(tmp_path), terminal_size=(60, 20), run_before=ready)


def test_shelf_quotes_narrow(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """60x20, the Quotes tab filtered with `duris`, back in the list."""

    async def quotes_duris(pilot: Pilot[bytes | None]) -> None:
        await wait_for_shelf(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("slash", *"duris", "enter")
        await pilot.pause()

    assert snap_compare(shelf_app(tmp_path), terminal_size=(60, 20), run_before=quotes_duris)


def test_shelf_help(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The help over the shelf: its own keys, `e` once, its own tab and mouse lines."""

    async def open_help(pilot: Pilot[bytes | None]) -> None:
        await wait_for_shelf(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(shelf_app(tmp_path), terminal_size=(120, 45), run_before=open_help)


def test_shelf_bad_file_cut(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """At 50 columns the bad file's error is cut with "…", as every other cut is."""

    async def ready(pilot: Pilot[bytes | None]) -> None:
        await wait_for_shelf(pilot)

    assert snap_compare(shelf_app(tmp_path), terminal_size=(50, 12), run_before=ready)
