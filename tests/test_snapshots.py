"""What the screen looks like (pytest-textual-snapshot). Update with --snapshot-update
after checking the new pictures in snapshot_report.html."""

from __future__ import annotations

from collections.abc import Callable

from apptools import settle, type_filter
from textual.pilot import Pilot

from filmtui.app import FilmApp
from filmtui.model import Film

SnapCompare = Callable[..., bool]


def make_app(film: Film) -> FilmApp:
    """The app with the cursor blink frozen."""
    return FilmApp(film, cursor_blink=False)


def test_wide(snap_compare: SnapCompare, film: Film) -> None:
    """120x40: details beside the quotes."""
    assert snap_compare(make_app(film), terminal_size=(120, 40), run_before=settle)


def test_narrow(snap_compare: SnapCompare, film: Film) -> None:
    """60x20: stacked, the focused quotes taking most of the height."""
    assert snap_compare(make_app(film), terminal_size=(60, 20), run_before=settle)


def test_filtered(snap_compare: SnapCompare, film: Film) -> None:
    """`/helm`: one match, highlighted, with the filter bar showing the query."""

    async def filter_helm(pilot: Pilot[bytes | None]) -> None:
        await type_filter(pilot, "helm")

    assert snap_compare(make_app(film), terminal_size=(120, 40), run_before=filter_helm)


def test_filtered_narrow_sorted(snap_compare: SnapCompare, film: Film) -> None:
    """60x20, `klapisch` sorted by length, back in the list."""

    async def filter_and_sort(pilot: Pilot[bytes | None]) -> None:
        await type_filter(pilot, "klapisch")
        await pilot.press("enter", "s", "s", "s")
        await settle(pilot)

    assert snap_compare(make_app(film), terminal_size=(60, 20), run_before=filter_and_sort)


def test_help(snap_compare: SnapCompare, film: Film) -> None:
    """The help screen over the app."""

    async def open_help(pilot: Pilot[bytes | None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(film), terminal_size=(120, 40), run_before=open_help)
