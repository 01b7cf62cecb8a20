"""The quote count taken a slice of ids at a time: the same count as taken at once, of one
state of the index; and on the shelf screen, the first quotes drawn before their count,
the list growing to it, and a key past the first quotes taking the rest of it at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from apptools import settle
from shelftools import shown, wait_for_shelf
from textual.content import Content
from textual.widgets import Input, Static

import filmtui.screens.shelf_quotes as shelf_quotes
from filmtui.app import FilmApp
from filmtui.loader import default_record_path
from filmtui.screens.shelf import ShelfScreen
from filmtui.shelf import QuoteRow, Shelf
from filmtui.shelf import counting as counting_module
from filmtui.widgets.row_list import PAGE, RowList

WIDE = (120, 30)
#: The bundled record (Paris: four quotes, three of them naming Duris) at this many paths.
COPIES = 25
DURIS = 3 * COPIES  # more than a page of the list (PAGE)


@pytest.fixture
def copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shelf of COPIES copies of the bundled record; counts taken seven ids a step."""
    assert DURIS > PAGE
    monkeypatch.setattr(counting_module, "SLICE", 7)
    root = tmp_path / "shelf"
    root.mkdir()
    for number in range(COPIES):
        shutil.copy(default_record_path(), root / f"paris-{number:02}.toml")
    return root


def test_a_count_in_slices_equals_the_count_at_once(copies: Path, tmp_path: Path) -> None:
    """Step by step, the count grows to the count the matcher gives, and is then kept."""
    with Shelf.open(str(copies), str(tmp_path / "index.sqlite"), notice=print) as shelf:
        shelf.refresh()
        counting = shelf.counting_quotes("duris")
        counting.step()
        assert not counting.done and 0 < counting.value < DURIS
        assert DURIS // 2 <= counting.estimate() <= 2 * DURIS
        assert counting.finish() == DURIS
        assert shelf.counting_quotes("duris").done  # kept: asked again, nothing to take
        assert shelf.count_quotes("variety") == COPIES
        assert shelf.counting_quotes("").done  # every quote: one count, taken at once


def test_a_count_starts_again_when_another_connection_changes_the_index(
    copies: Path, tmp_path: Path
) -> None:
    """Records removed and the index refreshed on another connection between two steps:
    the count is that of the index as it now is, not a sum across two states."""
    with Shelf.open(str(copies), str(tmp_path / "index.sqlite"), notice=print) as shelf:
        shelf.refresh()
        counting = shelf.counting_quotes("duris")
        counting.step()
        for number in range(5):
            (copies / f"paris-{number:02}.toml").unlink()
        with shelf.refresher() as other:
            other.refresh()
        assert counting.finish() == DURIS - 3 * 5


def copies_app(copies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FilmApp:
    """The browser on the shelf of copies, which never waits for a count to draw quotes."""
    monkeypatch.setattr(shelf_quotes, "_COUNT_AT_ONCE", 0.0)
    shelf = Shelf.open(str(copies), str(tmp_path / "index.sqlite"), notice=print)
    return FilmApp(None, shelf=shelf, cursor_blink=False)


async def test_quotes_come_before_their_count_and_the_list_grows_to_it(
    copies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`/duris` on the Quotes tab: the first page of quotes with `N+ of 100 · counting…`,
    then every match with `75 of 100`, in the shelf's order."""
    app = copies_app(copies, tmp_path, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        statuses: list[str] = []
        show_status = screen.show_status

        def seen(status_id: str, status: Content) -> None:
            statuses.append(status.plain)
            show_status(status_id, status)

        monkeypatch.setattr(screen, "show_status", seen)
        await pilot.press("t", "slash", *"duris")
        await settle(pilot)
        counting = [status for status in statuses if status.endswith("of 100 · counting…")]
        assert counting and all("+ of" in status for status in counting)
        assert statuses[-1] == f"{DURIS} of 100"
        rows = screen.query_one("#shelf-quotes", RowList)
        assert rows.count == DURIS
        assert shown(screen, "shelf-quotes") == [
            f"Paris: {publication}"
            for _ in range(COPIES)
            for publication in ("Lumiere Reader", "Urban Cinefile", "Variety")
        ]


async def test_g_before_the_count_goes_to_the_last_quote(
    copies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`G` pressed before the count is taken lands on the last match, not on the last of
    the first page, and the count is shown."""
    app = copies_app(copies, tmp_path, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("t")
        rows = screen.query_one("#shelf-quotes", RowList)
        # Set at once, not typed: the count is not taken yet when `G` comes.
        screen.query_one("#quotes-filter", Input).value = "duris"
        assert rows.count == PAGE
        rows.action_last()
        assert (rows.count, rows.cursor) == (DURIS, DURIS - 1)
        last = rows.current_row
        assert isinstance(last, QuoteRow)
        assert (last.path, last.publication) == (f"paris-{COPIES - 1:02}.toml", "Variety")
        assert status(screen) == f"{DURIS} of 100"
        await settle(pilot)
        assert (rows.count, rows.cursor) == (DURIS, DURIS - 1)


async def test_a_count_overtaken_by_the_next_query_is_dropped(
    copies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new query while a count is being taken: the list and its count are those of the
    query left in the bar, never the count of the one before."""
    app = copies_app(copies, tmp_path, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        screen = await wait_for_shelf(pilot)
        await pilot.press("t")
        bar = screen.query_one("#quotes-filter", Input)
        bar.value = "duris"  # its count is left to take between frames…
        bar.value = "variety"  # …when the query changes
        await settle(pilot)
        rows = screen.query_one("#shelf-quotes", RowList)
        assert rows.count == COPIES
        assert set(shown(screen, "shelf-quotes")) == {"Paris: Variety"}
        assert status(screen) == f"{COPIES} of 100"


def status(screen: ShelfScreen) -> str:
    """The Quotes tab's status line."""
    return str(screen.query_one("#quotes-status", Static).content)
