"""What the screen looks like (pytest-textual-snapshot). Update with --snapshot-update
after checking the new pictures in snapshot_report.html."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from apptools import StuckJob, settle, type_filter
from textual.pilot import Pilot

from filmtui.app import FilmApp
from filmtui.loader import load
from filmtui.loading import LoadingJob
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


def test_status_at_100_columns(snap_compare: SnapCompare, film: Film) -> None:
    """100x30, `/helm` Enter, `m`, `s`, `&`: the status line says all of it, shorter."""

    async def filter_mark_sort(pilot: Pilot[bytes | None]) -> None:
        await type_filter(pilot, "helm")
        await pilot.press("enter", "m", "s", "ampersand")
        await settle(pilot)

    assert snap_compare(make_app(film), terminal_size=(100, 30), run_before=filter_mark_sort)


def test_help(snap_compare: SnapCompare, film: Film) -> None:
    """The help screen over the app."""

    async def open_help(pilot: Pilot[bytes | None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(film), terminal_size=(120, 40), run_before=open_help)


# ------------------------------------------------------------- real films (tests/data)

DATA = Path(__file__).parent / "data"
WIDE, NARROW = (120, 40), (60, 20)
BOTH = pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])


def record(name: str) -> FilmApp:
    """The app on a record in tests/data."""
    return make_app(load(DATA / f"{name}.toml"))


async def details_focused(pilot: Pilot[bytes | None]) -> None:
    """Tab to the details, so a narrow screen gives them most of the height."""
    await settle(pilot)
    await pilot.press("tab")
    await settle(pilot)


@BOTH
def test_fifteen_cast(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Amélie: original title, year · runtime · countries, a rating that wraps with its
    system kept whole, a short link, credits wrapped with a hanging indent, and a quote
    whose publication holds brackets beside its critic and region."""
    assert snap_compare(record("amelie"), terminal_size=size, run_before=details_focused)


@BOTH
def test_cjk(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Tokyo Story: Japanese and Chinese text, wrapped at double-width characters."""
    assert snap_compare(record("tokyo_story"), terminal_size=size, run_before=settle)


@BOTH
def test_rtl(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Wadjda: Arabic and Hebrew fields beside Latin ones, each isolated."""
    assert snap_compare(record("wadjda"), terminal_size=size, run_before=settle)


@BOTH
def test_no_quotes(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Cléo from 5 to 7: no quotes, so the details have the room and the focus."""
    assert snap_compare(record("cleo"), terminal_size=size, run_before=settle)


@BOTH
def test_inside_a_very_long_quote(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Sátántangó: `j` then PgDn twice inside an 1,100-word quote: it is still the
    current quote (its gutter marked) and scrolls within itself."""

    async def page_into_it(pilot: Pilot[bytes | None]) -> None:
        await settle(pilot)
        await pilot.press("j", "pagedown", "pagedown")
        await settle(pilot)

    assert snap_compare(record("satantango"), terminal_size=size, run_before=page_into_it)


@BOTH
def test_loading(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The progress view while a big record loads (the indicator still, as with
    TEXTUAL_ANIMATIONS=none)."""
    app = FilmApp(None, job=cast(LoadingJob, StuckJob()), cursor_blink=False)

    async def still(pilot: Pilot[bytes | None]) -> None:
        app.animation_level = "none"
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=still)
