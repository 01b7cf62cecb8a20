"""The shelf's first paint: what the browser imports before a film is opened."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from shelftools import make_shelf

from filmtui.shelf import Shelf

#: What only a film opened from the shelf needs: the record model, its loader and the
#: film screen (and the TOML parser and msgspec behind them).
FILM_ONLY = ("msgspec", "tomli", "filmtui.model", "filmtui.loader", "filmtui.screens.film")
BROWSE = f"""
import asyncio, sys
import filmtui.cli.browse
from filmtui.app import FilmApp
from filmtui.cli.common import read_settings
from filmtui.shelf import Shelf

def loaded():
    return sorted(name for name in {FILM_ONLY!r} if name in sys.modules)

async def wait_for(pilot, name):
    for _ in range(1000):
        if type(pilot.app.screen).__name__ == name:
            return await pilot.pause()
        await pilot.pause(0.01)
    raise SystemExit(f"no {{name}}: {{pilot.app.screen}}")

async def main():
    shelf = Shelf.open(sys.argv[1], sys.argv[2])
    app = FilmApp(None, shelf=shelf, config=read_settings(), cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, "ShelfScreen")
        before = loaded()
        await pilot.press("enter")
        await wait_for(pilot, "FilmScreen")
        print([before, loaded()])
    app.wait_for_indexing()
    shelf.close()

asyncio.run(main())
"""


def test_a_warm_shelf_draws_without_the_record_model(tmp_path: Path) -> None:
    """Browsing a shelf whose index is up to date imports neither msgspec, tomli, the
    loader nor the film screen until a film is opened (then it does: the check works)."""
    root, index = make_shelf(tmp_path), tmp_path / "index.sqlite"
    shelf = Shelf.open(str(root), str(index))
    shelf.refresh()
    shelf.close()
    result = subprocess.run(
        [sys.executable, "-c", BROWSE, str(root), str(index)],
        capture_output=True,
        timeout=120,
        check=True,
        env={"XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": "/usr/bin:/bin"},
    )
    before, after = ast.literal_eval(result.stdout.decode().splitlines()[-1])
    assert before == []
    assert after == sorted(FILM_ONLY)
