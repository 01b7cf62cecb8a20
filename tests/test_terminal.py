"""The browser in a real terminal (a pty read through the pyte emulator): what a user sees
when the window changes size, and where the export goes when stdout is a file."""

from __future__ import annotations

import json
from pathlib import Path

from ptyrun import Terminal, filmtui


def key_bar_on_last_row(terminal: Terminal) -> bool:
    """Whether the key bar is drawn on the screen's last row."""
    return "q Quit" in terminal.screen.display[-1]


def test_resizing_the_window_redraws_at_the_new_size() -> None:
    """Wide: details beside the quotes; narrower: stacked, still filling the window."""
    terminal = filmtui(size=(120, 30), stdout="terminal")
    terminal.wait_for(key_bar_on_last_row)
    assert any("▕" in row for row in terminal.screen.display)  # the panels side by side
    terminal.resize(70, 20)
    terminal.wait_for(lambda t: key_bar_on_last_row(t) and not t.shows("▕"))
    assert terminal.shows("Paris") and terminal.shows("quotes · listing order")
    terminal.resize(120, 30)
    terminal.wait_for(lambda t: key_bar_on_last_row(t) and t.shows("▕"))
    assert terminal.finish()[1] == 0


def test_export_to_a_file_on_e(tmp_path: Path) -> None:
    """`filmtui > view.json`, filter, `e`: the file holds the matching quotes."""
    output = tmp_path / "view.json"
    terminal = filmtui(size=(100, 30), stdout=output)
    terminal.wait_for("4 quotes")
    terminal.send("/variety")
    terminal.wait_for("1 of 4 match")
    _, status, _ = terminal.finish(b"\re")
    assert status == 0
    exported = json.loads(output.read_bytes())
    assert [quote["publication"] for quote in exported["quotes"]] == ["Variety"]
