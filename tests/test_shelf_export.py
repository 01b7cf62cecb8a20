"""The shelf browser's `e` when no film is shown: never a silent success. In a terminal it
ends as `filmtui export DIR --query Q` does (same stdout, stderr and exit status); on a web
page it says so and downloads nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RunCli
from ptyrun import filmtui
from shelftools import SHELF_DATA, make_shelf, shelf_app, wait_for_shelf

from filmtui.app import FilmApp


def said(text: str) -> list[str]:
    """The `filmtui:` lines left on the terminal."""
    return [line.strip() for line in text.splitlines() if line.startswith("filmtui:")]


@pytest.mark.parametrize("case", ["filter matching nothing", "every file bad"])
def test_e_with_no_film_shown_ends_as_export_dir_does(
    run_cli: RunCli, tmp_path: Path, case: str
) -> None:
    """`e` on an empty Films list (a filter that matches nothing, or a shelf whose every
    file is bad): nothing on stdout, the bad files and their count on stderr, exit status
    2, as `filmtui export DIR` says of the same shelf and query."""
    if case == "every file bad":
        root = tmp_path / "bad"
        root.mkdir()
        shutil.copy(SHELF_DATA / "broken.toml", root)
        query, shown = "", "0 films · by title · 1 bad file"
    else:
        root = make_shelf(tmp_path)
        query, shown = "zzzz", "no match of 6 · by title · 1 bad file"
    index = tmp_path / "index.sqlite"
    terminal = filmtui(root, "--index", index, "--query", query, size=(300, 30))
    terminal.wait_for(shown)
    output, status, _ = terminal.finish(b"e")
    expected = run_cli("export", root, "--index", index, "--query", query)
    assert (expected.returncode, expected.stdout) == (2, b"")
    assert (status, output) == (2, b"")
    assert said(terminal.text()) == expected.stderr.decode().splitlines()


async def test_download_with_no_film_shown_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a web page (where `e` downloads and the browsing goes on), no film shown: a
    notice says there is nothing to download, and no empty file is sent."""
    monkeypatch.setattr(FilmApp, "is_web", property(lambda app: True))
    sent: list[object] = []
    monkeypatch.setattr(FilmApp, "deliver_binary", lambda app, *a, **k: sent.append(a))
    app = shelf_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_shelf(pilot)
        await pilot.press("slash", *"zzzz", "enter", "e")
        await pilot.pause()
        notices = [str(notice.message) for notice in app._notifications]
        assert notices == ["No films shown, so nothing to download"]
        assert app.is_running and sent == []
