"""fzf's habits on the web page (`filmtui serve --query`), in a real chromium: the page
starts filtered, and `e` with a quote marked downloads exactly that quote."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from servepage import PageTerminal, needs_chromium, serving
from test_serve import browser

from filmtui.loader import default_record_path

__all__ = ["browser"]  # the shared chromium fixture


@pytest.fixture
def served_with_query(tmp_path: Path) -> Iterator[str]:
    """`filmtui serve --query klapisch` on a free loopback port; its address."""
    with serving([default_record_path(), "--query", "klapisch"], tmp_path) as (url, _):
        yield url


@needs_chromium
def test_the_page_starts_filtered_and_downloads_the_marked_quotes(
    browser: object, served_with_query: str
) -> None:
    """The page opens on `2 of 4 match`; `j`, `m` marks Variety; `e` downloads it alone."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1200, "height": 700}, accept_downloads=True
    )
    # Nothing leaves the machine (web fonts are refused at once rather than left hanging).
    origin = served_with_query.rstrip("/")
    context.route(
        re.compile(r"^(?!" + re.escape(origin) + r"|ws://127\.0\.0\.1).*"),
        lambda route: route.abort(),
    )
    page = context.new_page()
    try:
        with page.expect_websocket() as websocket:
            page.goto(served_with_query, wait_until="domcontentloaded")
        terminal = PageTerminal(websocket.value)
        screen = terminal.wait_for(r"2 of 4 match")
        assert "Lumiere Reader" not in screen
        page.click(".xterm-screen")
        page.keyboard.press("j")
        page.keyboard.press("m")
        terminal.wait_for(r"2 of 4 match · 1 marked")
        with page.expect_download() as download:
            page.keyboard.press("e")
            terminal.wait_for(r"Downloading paris\.json")
        exported = json.loads(Path(download.value.path()).read_bytes())
        assert [quote["publication"] for quote in exported["quotes"]] == ["Variety"]
    finally:
        context.close()
