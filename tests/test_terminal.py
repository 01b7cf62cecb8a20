"""The browser in a real terminal (a pty read through the pyte emulator): what a user sees
when the window changes size, and where the export goes when stdout is a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ptyrun import Terminal, filmtui


def key_bar_on_last_row(terminal: Terminal) -> bool:
    """Whether the key bar is drawn on the screen's last row."""
    return "q Quit" in terminal.screen.display[-1]


#: A program drawing as Textual does on a terminal with synchronized output: it asks for
#: mode 2026, then marks each frame's start and end; its one frame (over the pty's 4 KB
#: reads) is written in two halves, the second after a key.
_TWO_HALF_FRAME = r"""
import os, sys, tty
tty.setraw(0)
os.write(2, b"\x1b[?2026$p")
answer = b""
while not answer.endswith(b"y"):
    answer += os.read(0, 1)
assert answer == b"\x1b[?2026;2$y", answer
os.write(2, b"\x1b[?7l\x1b[?2026h\x1b[1;1Hfirst half" + b"\x1b[2;1H" + b"." * 6000)
os.read(0, 1)
os.write(2, b"\x1b[3;1Hsecond half\x1b[?2026l")
os.read(0, 1)
"""


def test_the_terminal_shows_only_whole_frames() -> None:
    """ptyrun's terminal has synchronized output, so a frame that arrives in pieces is
    never seen half drawn (`press` would take the rest of it for the next key's effect)."""
    terminal = Terminal([sys.executable, "-c", _TWO_HALF_FRAME], size=(100, 30))
    terminal.wait_for_bytes(b"." * 6000)
    assert not terminal.shows("first half")
    terminal.press("x")
    assert terminal.shows("first half") and terminal.shows("second half")
    assert terminal.finish(b"x")[1] == 0


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


#: Runs the real command line with the app's compose() failing, as a Textual release that
#: breaks an API the app uses would make it fail.
CRASHING_FILMTUI = """
import sys
import filmtui.app
from filmtui.cli import main

def compose(self):
    raise TypeError("__init__() got an unexpected keyword argument 'strip_control_codes'")

filmtui.app.FilmApp.compose = compose
sys.exit(main(sys.argv[1:]))
"""


def crashing_filmtui(*args: str) -> Terminal:
    """filmtui ARGS in a pty, with a browser that fails as soon as it starts."""
    command = [sys.executable, "-c", CRASHING_FILMTUI, *args]
    return Terminal(command, size=(200, 30), cwd=Path(__file__).parent)


def test_a_crash_in_the_browser_is_one_line_and_exit_1() -> None:
    """A failure inside Textual: exit 1, one line naming it, no traceback, empty stdout."""
    terminal = crashing_filmtui()
    stdout, status, _ = terminal.finish(keys=b"")
    assert status == 1
    assert stdout == b""
    [said] = [line.strip() for line in terminal.text().splitlines() if line.strip()]
    assert said.startswith(
        "filmtui: internal error: TypeError: __init__() got an unexpected keyword argument "
        "'strip_control_codes' (at "
    )
    assert said.endswith("(run with --debug for the traceback)")
    assert terminal.output.count(b"filmtui:") == 1 and b"Traceback" not in terminal.output


def test_debug_shows_textuals_traceback() -> None:
    """With --debug the traceback comes too, then the same line."""
    terminal = crashing_filmtui("--debug")
    stdout, status, _ = terminal.finish(keys=b"")
    assert (status, stdout) == (1, b"")
    assert "compose" in terminal.text() and "strip_control_codes" in terminal.text()
    assert b"internal error: TypeError" in terminal.output


def _without_a_browser(tmp_path: Path, browser: str = "") -> dict[str, str]:
    """An environment where Python's webbrowser finds no browser (nothing on PATH, no
    display), except the command `browser` if given (as $BROWSER)."""
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return {"PATH": str(empty), "DISPLAY": "", "WAYLAND_DISPLAY": "", "BROWSER": browser}


def test_o_without_a_browser_says_so_and_copies_the_address(tmp_path: Path) -> None:
    """On a machine with no web browser (a server over ssh), `o` does not claim to open
    the review: it says there is none and hands the address to the clipboard (OSC 52)."""
    import base64

    url = "https://www.example.com/reviews/amelie"
    terminal = filmtui("data/amelie.toml", size=(120, 30), env=_without_a_browser(tmp_path))
    terminal.wait_for("o Open review")
    terminal.send("o")
    terminal.wait_for("No web browser found")
    assert not terminal.shows("Opening")
    assert b"\x1b]52;c;" + base64.b64encode(url.encode()) in terminal.output
    assert terminal.finish()[1] == 0


def test_o_does_not_run_a_text_mode_browser_in_the_app_s_terminal(tmp_path: Path) -> None:
    """With only a text-mode browser on PATH (lynx, as on many servers), `o` does not run
    it from under the screen: it says there is no browser and copies the address."""
    ran = tmp_path / "ran.txt"
    env = _without_a_browser(tmp_path)
    lynx = Path(env["PATH"]) / "lynx"
    lynx.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" > {ran}\n', encoding="utf-8")
    lynx.chmod(0o755)
    terminal = filmtui("data/amelie.toml", size=(120, 30), env=env)
    terminal.wait_for("o Open review")
    terminal.send("o")
    terminal.wait_for("No web browser found")
    assert terminal.finish()[1] == 0
    assert not ran.exists()


def test_o_with_a_browser_opens_the_review(tmp_path: Path) -> None:
    """With a browser (here a script named by $BROWSER, as a user may set it), `o` hands
    it the review's address and says it is opening it."""
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    env = _without_a_browser(tmp_path, str(browser))
    terminal = filmtui("data/amelie.toml", size=(120, 30), env=env)
    terminal.wait_for("o Open review")
    terminal.send("o")
    terminal.wait_for("Opening")
    assert opened.read_text(encoding="utf-8") == "https://www.example.com/reviews/amelie\n"
    assert not terminal.shows("No web browser")
    assert terminal.finish()[1] == 0
