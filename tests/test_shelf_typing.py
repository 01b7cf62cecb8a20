"""Typing ahead on the shelf, as fzf users do: keys sent in one burst land where they
would have landed one at a time."""

from __future__ import annotations

from pathlib import Path

from ptyrun import Terminal, filmtui
from shelftools import make_shelf


def warm_start(tmp_path: Path) -> Terminal:
    """The browser starting on a shelf already indexed (keys can be typed at once)."""
    root = make_shelf(tmp_path)
    index = tmp_path / "index.sqlite"
    filmtui(root, "--index", index).finish(b"q")  # build the index: the next start is warm
    return filmtui(root, "--index", index, size=(120, 30))


def test_switching_tab_and_filtering_in_one_burst(tmp_path: Path) -> None:
    """`t/variety` typed at once: the Quotes tab, its filter bar, and the quote query in
    it; the films' filter keeps what it had."""
    root = make_shelf(tmp_path)
    terminal = filmtui(root, "--index", tmp_path / "index.sqlite", size=(120, 30))
    terminal.wait_for("6 films · by title")
    terminal.send("/fargo\r")
    terminal.wait_for("1 of 6 · by title")
    terminal.send("t/variety")
    terminal.wait_for("1 of 4")
    assert terminal.shows(" variety") and not terminal.shows("fargot")
    terminal.send("\x1b")  # Esc clears the quote filter (alone: ESC t would be alt+t)
    terminal.wait_for("4 quotes")
    terminal.send("t")
    terminal.wait_for("1 of 6 · by title")
    _, status, _ = terminal.finish(b"q")
    assert status == 0


def test_filtering_before_the_first_frame(tmp_path: Path) -> None:
    """`/fargo` typed as the program starts, before the filter bars (which come after the
    first frame) exist: the bar is made at once and gets every key."""
    terminal = warm_start(tmp_path)
    terminal.send("/fargo")
    terminal.wait_for("1 of 6 · by title")
    assert terminal.shows(" fargo")
    terminal.send("\r")  # keep the filter; the list has the keys again
    terminal.wait_for("⏎ Open")
    _, status, _ = terminal.finish(b"q")
    assert status == 0


def test_switching_tab_before_the_first_frame(tmp_path: Path) -> None:
    """`t/variety` typed as the program starts, before the Quotes tab's list (which comes
    after the first frame) exists: the Quotes tab, filtered; the films are not."""
    terminal = warm_start(tmp_path)
    terminal.send("t/variety")
    terminal.wait_for("1 of 4")
    assert terminal.shows(" variety") and not terminal.shows("No film matches")
    terminal.send("\r")  # keep the filter; Enter again opens the film of the quote
    terminal.wait_for("⏎ Open")
    terminal.send("\r")
    terminal.wait_for("4 quotes · listing order")
    _, status, _ = terminal.finish(b"\x11")
    assert status == 0
