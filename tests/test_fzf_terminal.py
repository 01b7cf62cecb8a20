"""fzf's habits in a real terminal (a pty read through pyte), stdout piped as in
`filmtui --query helm | jq`: what the screen shows and exactly what reaches stdout."""

from __future__ import annotations

import json

from ptyrun import filmtui


def publications_in(stdout: bytes) -> list[str]:
    """The publications of the quotes in an export."""
    return [quote["publication"] for quote in json.loads(stdout)["quotes"]]


def test_query_at_start_is_applied_and_e_writes_that_view() -> None:
    """`filmtui --query klapisch | …`: `2 of 4 match` on the first screen, the bar shows
    the query, and `e` writes those two quotes to the pipe."""
    terminal = filmtui("--query", "klapisch", size=(100, 30))
    # The whole first frame: the status line, the bar holding the query, the keys.
    terminal.wait_for(lambda t: t.shows("2 of 4 match") and t.shows(" klapisch"))
    terminal.wait_for(lambda t: "q Quit" in t.screen.display[-1])
    assert not terminal.shows("Lumiere Reader")
    stdout, status, _ = terminal.finish(b"e")
    assert status == 0
    assert publications_in(stdout) == ["Urban Cinefile", "Variety"]


def test_e_with_marks_writes_exactly_the_marked_quotes() -> None:
    """Mark two quotes, filter them out of view, `e`: stdout holds those two, in order."""
    terminal = filmtui(size=(100, 30))
    terminal.wait_for("4 quotes")
    terminal.press("m")
    terminal.wait_for("1 marked")
    terminal.send("jj")
    terminal.press("m")
    terminal.wait_for("2 marked")
    terminal.wait_for("▌✓Urban Cinefile")  # the row may be drawn after the count
    terminal.send("/variety\r")
    terminal.wait_for("1 of 4 match · 2 marked")
    stdout, status, _ = terminal.finish(b"e")
    assert status == 0
    assert publications_in(stdout) == ["Lumiere Reader", "Urban Cinefile"]
