"""A quote opened from the shelf's Quotes tab lands at the top of the film screen's quote
panel, where the eye goes (as less puts a search hit), and stays the current quote."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptools import film_screen, screen_text
from shelftools import shelf_app, wait_for_shelf

from filmtui.widgets.quote_list import QuoteList


def first_quote_line(text: str) -> str:
    """The quote panel's first line under its status line (`4 quotes · …`)."""
    lines = text.splitlines()
    (row,) = [number for number, line in enumerate(lines) if "4 quotes · listing order" in line]
    return lines[row + 1].split("▕", 1)[-1].strip()


@pytest.mark.parametrize("size", [(120, 20), (70, 24)], ids=["beside", "stacked"])
async def test_an_opened_quote_lands_at_the_top_and_stays_current(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Enter on Paris's 2nd quote (Plume Noir) on the Quotes tab: the film screen opens
    with that quote current and its heading on the panel's first line; it stays so once
    the screen has settled (the filter bar comes after the first paint)."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_shelf(pilot)
        await pilot.press("t", "j", "enter")
        await pilot.pause()
        screen = film_screen(app)
        for _ in range(3):
            quotes = screen.query_one(QuoteList)
            assert quotes.current_quote == 1
            assert first_quote_line(screen_text(app)).startswith("▌ Plume Noir"), screen_text(app)
            await pilot.pause(0.05)
