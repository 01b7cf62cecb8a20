"""The screen as a real terminal emulator (pyte) shows it, with stdout piped as in
`filmtui | jq`: drawn at the terminal's size, at start and after a resize."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ptyrun import Terminal, filmtui
from shelftools import make_shelf

KEY_BAR = "q Quit"


def key_bar_at_bottom(columns: int) -> Callable[[Terminal], bool]:
    """A check that the key bar is on the last row only and, where it fits, its palette
    hint ends at the right edge."""

    def check(terminal: Terminal) -> bool:
        *above, last = (line.rstrip() for line in terminal.screen.display)
        if KEY_BAR not in last or any(KEY_BAR in line for line in above):
            return False
        return columns < 80 or (last.endswith("^p palette") and len(last) >= columns - 2)

    return check


@pytest.mark.parametrize("size", [(160, 50), (100, 30), (80, 24), (60, 20)])
def test_drawn_at_the_terminal_size_with_stdout_piped(size: tuple[int, int]) -> None:
    """The key bar sits on the terminal's last row, its palette hint at the right edge."""
    terminal = filmtui(size=size, stdout="pipe")
    terminal.wait_for(key_bar_at_bottom(size[0]))
    assert terminal.screen.display[0].startswith(" Paris")
    assert terminal.finish(b"q")[:2] == (b"", 0)


def test_redrawn_at_the_new_size_after_a_resize_with_stdout_piped() -> None:
    """160x50 then 100x30, as `filmtui > out.json` in a resized pane: the key bar moves to
    row 30, nothing of the old frame is left, and `e` still exports to the pipe."""
    terminal = filmtui(size=(160, 50), stdout="pipe")
    terminal.wait_for(key_bar_at_bottom(160))
    terminal.resize(100, 30)
    terminal.wait_for(key_bar_at_bottom(100))
    assert "4 quotes · listing order" in terminal.screen.display[0]
    stdout, status, _ = terminal.finish(b"e")
    assert status == 0 and stdout.count(b'"publication"') == 4


def test_shelf_redrawn_at_each_new_size(tmp_path: Path) -> None:
    """A shelf (its index warm, so the shelf is the first screen): 160x50, then 100x30,
    then 160x50 again, the key bar on the last row each time."""
    root, index = make_shelf(tmp_path), tmp_path / "index.sqlite"
    filmtui(root, "--index", index).finish(b"q")
    terminal = filmtui(root, "--index", index, size=(160, 50))
    terminal.wait_for("6 films · by title")
    for columns, rows in ((100, 30), (160, 50)):
        terminal.resize(columns, rows)
        terminal.wait_for(key_bar_at_bottom(columns))
        assert "6 films · by title" in terminal.screen.display[2]
    _, status, _ = terminal.finish(b"q")
    assert status == 0
