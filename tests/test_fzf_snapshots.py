"""What marks and the highlight mode look like (pytest-textual-snapshot). Update with
`-n 0 --snapshot-update` after looking at the new pictures."""

from __future__ import annotations

from collections.abc import Callable

from apptools import settle
from textual.pilot import Pilot

from filmtui.app import FilmApp
from filmtui.model import Film

SnapCompare = Callable[..., bool]


def test_marks_in_highlight_mode(snap_compare: SnapCompare, film: Film) -> None:
    """120x40, `--query klapisch`, `&`: all four quotes, Klapisch highlighted in the two
    matches, two quotes marked (✓, one a match, one not), the status saying `2 of 4 match
    · 2 marked · all shown, n/N`; the cursor on the first match after `g` and `n`."""

    async def mark_and_highlight(pilot: Pilot[bytes | None]) -> None:
        await settle(pilot)
        await pilot.press("m", "ampersand")
        await settle(pilot)
        await pilot.press("g", "m", "n")
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    app = FilmApp(film, query="klapisch", cursor_blink=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=mark_and_highlight)
