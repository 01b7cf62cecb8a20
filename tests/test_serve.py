"""`filmtui serve` as a user meets it: a real server process and a real browser (chromium).

The page's terminal is xterm.js drawing on a canvas, so what it shows is read by feeding
the bytes the page receives over its websocket into a terminal emulator (pyte), the same
bytes xterm.js draws. Every wait is on state: a line on screen, a download, a request.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import RunCli
from servepage import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PageTerminal,
    free_port,
    needs_chromium,
    serving,
)

from filmtui.loader import default_record_path

SITE = "https://example.org/paris"
REVIEW = "https://example.org/variety-review"
#: A page function that reads the clipboard and returns it once it holds `arg` (playwright
#: re-runs it until then; the read is asynchronous, so each run sees the previous read).
CLIPBOARD_ONCE_IT_HOLDS = """needle => {
    navigator.clipboard.readText().then(text => { window.clipboardSeen = text; });
    const seen = window.clipboardSeen || "";
    return seen.includes(needle) ? seen : false;
}"""


@dataclass
class Served:
    """A running `filmtui serve`: its address, record and what it said."""

    url: str
    record: Path
    process: subprocess.Popen[bytes]
    stderr: Path


@pytest.fixture
def record(tmp_path: Path) -> Path:
    """The bundled record, with web addresses for its official site and the Variety
    review (for `o`)."""
    text = Path(default_record_path()).read_text(encoding="utf-8")
    label, variety = 'label = "Official Site"\n', 'publication = "Variety"\n'
    assert label in text and variety in text
    text = text.replace(label, f'{label}url = "{SITE}"\n')
    path = tmp_path / "paris.toml"
    path.write_text(text.replace(variety, f'{variety}url = "{REVIEW}"\n'), encoding="utf-8")
    return path


@pytest.fixture
def served(record: Path, tmp_path: Path) -> Iterator[Served]:
    """`filmtui serve RECORD` on a free loopback port, answering HTTP."""
    with serving([str(record)], tmp_path) as (url, process):
        yield Served(url, record, process, tmp_path / "serve.err")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@needs_chromium
def test_the_page_browses_filters_copies_downloads_and_opens_links(
    browser: object, served: Served, run_cli: RunCli, tmp_path: Path
) -> None:
    """Load the page, filter by typing, copy with `y`, download with `e`, open with `o`."""
    origin = served.url.rstrip("/")
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1200, "height": 700}, accept_downloads=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    # Nothing leaves the machine: other hosts (web fonts, the official site) are refused.
    context.route(
        re.compile(r"^(?!" + re.escape(origin) + r"|ws://127\.0\.0\.1).*"),
        lambda route: route.abort(),
    )
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    try:
        with page.expect_websocket() as websocket:
            page.goto(served.url, wait_until="domcontentloaded")
        terminal = PageTerminal(websocket.value)
        screen = terminal.wait_for(r"4 quotes")
        assert page.title() == "Paris · filmtui"
        # The page's font comes from the server itself, not from a web font service.
        page.wait_for_function("document.fonts.check('16px \"Roboto Mono\"')")
        assert [url for url in requested if not url.startswith(origin)] == []
        assert "Paris" in screen and "Variety" in screen
        assert "e Download" in screen and "Export & quit" not in screen  # what `e` does here

        page.click(".xterm-screen")  # focus the terminal, as a user clicks into it
        page.keyboard.type("/helmer")
        screen = terminal.wait_for(r"\b1 of 4\b")
        assert "Gallic helmer" in screen
        assert "Plume Noir" not in screen
        page.screenshot(path=str(tmp_path / "filtered.png"))

        page.keyboard.press("Enter")
        page.keyboard.press("y")
        copied = page.wait_for_function(CLIPBOARD_ONCE_IT_HOLDS, arg="— Variety").json_value()
        assert copied.startswith("Gallic helmer Cedric Klapisch")

        with page.expect_download() as download:
            page.keyboard.press("e")
        assert download.value.suggested_filename == "paris.json"
        expected = run_cli("export", "--query", "helmer", served.record)
        assert expected.returncode == 0, expected.stderr
        assert Path(download.value.path()).read_bytes() == expected.stdout
        terminal.wait_for(r"Downloading paris\.json")  # and the session goes on

        assert "o Open review" in terminal.text  # the current quote is Variety's
        with context.expect_event("request", lambda request: request.url == REVIEW):
            page.keyboard.press("o")
        page.keyboard.press("Shift+Tab")  # to the details: `o` opens the official site
        terminal.wait_for(r"o Open site")
        with context.expect_event("request", lambda request: request.url == SITE):
            page.keyboard.press("o")
    finally:
        context.close()
    said = served.stderr.read_text(encoding="utf-8")
    assert f"at {origin} (this machine only)" in said
    # One line on stderr, nothing on stdout: no line per request.
    assert len(said.splitlines()) == 1, said
    assert (served.stderr.parent / "serve.out").read_bytes() == b""


@pytest.mark.parametrize("what", ["record", "shelf"])
def test_the_page_names_what_it_serves_and_fetches_nothing_from_elsewhere(
    record: Path, tmp_path: Path, what: str
) -> None:
    """The page's <title> says filmtui and the film (or the shelf); everything it links
    (styles, script, font) is on this server; the server says one line, whatever is
    requested."""
    if what == "shelf":
        shelf = tmp_path / "shelf"  # named as a user named theirs
        shelf.mkdir()
        record.rename(shelf / "paris.toml")
        served, title = shelf, "shelf/ · filmtui"
    else:
        served, title = record, "Paris · filmtui"
    with serving([str(served)], tmp_path) as (url, _):
        with urllib.request.urlopen(url, timeout=10) as response:
            page = response.read().decode("utf-8")
        links = re.findall(r'(?:href|src)="([^"]*)"', page)
        for link in links:
            with urllib.request.urlopen(link, timeout=10) as response:
                assert response.status == 200
    assert re.findall(r"<title>(.*?)</title>", page) == [title]
    assert links and all(link.startswith(url) for link in links), links
    assert "googleapis" not in page
    said = (tmp_path / "serve.err").read_text(encoding="utf-8").splitlines()
    assert len(said) == 1 and said[0].startswith("filmtui: serving "), said
    assert (tmp_path / "serve.out").read_bytes() == b""


def test_a_non_loopback_host_needs_public(run_cli: RunCli) -> None:
    """`--host 0.0.0.0` without `--public` is refused in one line, before listening."""
    result = run_cli("serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "--public" in lines[0] and "0.0.0.0" in lines[0]
    assert result.stdout == b""


def test_a_bad_record_is_refused_before_serving(run_cli: RunCli, tmp_path: Path) -> None:
    """A broken record gives the loader's one line and exit 2, not a page that fails."""
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "Paris"\nyear = "soon"\n', encoding="utf-8")
    result = run_cli("serve", bad, "--port", str(free_port()))
    assert result.returncode == 2
    assert len(result.stderr.decode().splitlines()) == 1
    assert str(bad) in result.stderr.decode()


def test_the_browser_skips_the_terminal_check_under_the_web_driver(run_cli: RunCli) -> None:
    """Over pipes `filmtui` refuses, unless textual-serve's web driver is the one drawing
    (with no page on the other end of its pipe, the web driver then ends at once)."""
    refused = run_cli()
    assert refused.returncode == 2 and b"is not a terminal" in refused.stderr
    web = subprocess.run(
        [sys.executable, "-m", "filmtui"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"},
        timeout=60,
    )
    # /dev/null cannot be polled, so the web driver then fails on its own; what matters
    # is that the terminal check did not refuse first.
    assert web.returncode != 2, web.stderr
    assert b"is not a terminal" not in web.stderr


def test_the_page_is_textual_serves_own_but_for_its_title_and_font() -> None:
    """web/app_index.html is textual-serve's page (of the installed version) with one
    block changed: a textual-serve that changes its page fails here, to be copied again."""
    import textual_serve

    from filmtui.cli.serve import TEMPLATES

    theirs = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_text()
    ours = (TEMPLATES / "app_index.html").read_text()
    google_font = re.compile(
        r" *<link\s+rel=\"stylesheet\"\s+href=\"https://fonts\.googleapis[^>]*>\n"
    )
    our_block = re.compile(r" *<!-- filmtui: from here.*?<!-- filmtui: end -->\n", re.DOTALL)
    assert len(google_font.findall(theirs)) == 1 and len(our_block.findall(ours)) == 1
    assert our_block.sub("", ours) == google_font.sub("", theirs)
