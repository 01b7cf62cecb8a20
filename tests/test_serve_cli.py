"""`filmtui serve` from the command line: where the record comes from (stdin, a pipe), a
shelf and its index, what it says when it cannot listen, and pages that reach it through a
tunnel. A real server
process, and chromium for the page."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import RunCli
from servepage import PageTerminal, free_port, needs_chromium, serving, tunnel
from test_serve import browser

from filmtui.loader import default_record_path

__all__ = ["browser"]  # the shared chromium fixture


def shows_the_film(browser: object, url: str) -> None:
    """Load the page at `url` in a new tab and wait until its app shows the film."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        with page.expect_websocket() as websocket:
            page.goto(url, wait_until="domcontentloaded")
        PageTerminal(websocket.value).wait_for(r"4 quotes")
        assert page.title() == "Paris · filmtui"
    finally:
        page.close()


@needs_chromium
@pytest.mark.parametrize("given", ["stdin", "pipe"])
def test_a_record_piped_in_is_shown_on_every_page(
    browser: object, tmp_path: Path, given: str
) -> None:
    """`… | filmtui serve -` and `filmtui serve <(…)`: the record can be read only once,
    yet every page shows it, from a private copy that goes when the server stops."""
    record = Path(default_record_path()).read_bytes()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    read_end, write_end = os.pipe()
    os.write(write_end, record)  # the bundled record fits in a pipe's buffer
    os.close(write_end)
    popen: dict[str, Any]
    if given == "stdin":
        argument, popen = "-", {"stdin": read_end}
    else:  # what the shell passes for <(cat record)
        argument, popen = f"/dev/fd/{read_end}", {"pass_fds": (read_end,)}
    environment = {**os.environ, "TMPDIR": str(temporary)}
    try:
        with serving([argument], tmp_path, env=environment, **popen) as (url, _):
            os.close(read_end)
            for _load in range(2):  # each page load runs the app anew
                shows_the_film(browser, url)
            [folder] = list(temporary.iterdir())
            [copy] = list(folder.iterdir())
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600
            assert copy.read_bytes() == record
    finally:
        with contextlib.suppress(OSError):  # closed above, unless the server failed
            os.close(read_end)
    assert list(temporary.iterdir()) == []  # removed on Ctrl+C
    said = (tmp_path / "serve.err").read_text(encoding="utf-8").splitlines()
    # The first line; textual-serve may log a page's app exiting as Ctrl+C stops it.
    assert said[0] == (
        f"filmtui: serving “Paris” ({argument}) at {url.rstrip('/')} "
        "(this machine only); Ctrl+C stops"
    ), said


def test_a_record_on_stdin_is_named_as_given_in_its_error(run_cli: RunCli) -> None:
    """A bad record on stdin is refused at start in one line naming stdin, not a copy."""
    result = run_cli("serve", "-", "--port", str(free_port()), input=b'title = "Paris"\nyear = 1\n')
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "filmtui: <stdin>:2:8: year: expected an integer from 1870 to 2200"
    ]


def test_a_port_in_use_is_said_without_claiming_to_serve(run_cli: RunCli) -> None:
    """A port another program listens on: one line saying so, exit 2, and never a
    `serving … at` line first."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"filmtui: serve: cannot listen on 127.0.0.1:{port}: "), lines
    assert lines[0].endswith(": address already in use"), lines
    assert result.stdout == b""


@needs_chromium
def test_a_page_through_a_tunnel_is_served_at_the_public_url(
    browser: object, tmp_path: Path
) -> None:
    """As with `ssh -L NEAR:127.0.0.1:PORT` and `--public-url http://127.0.0.1:NEAR`: the
    page, opened through the tunnel, loads everything through it, its websocket included,
    and never from the server's own port."""
    port = free_port()
    with tunnel(port) as near:
        public = f"http://127.0.0.1:{near}"
        arguments = [default_record_path(), "--public-url", f"{public}/"]
        with serving(arguments, tmp_path, port=port):
            context = browser.new_context()  # type: ignore[attr-defined]
            # Only the tunnel is reachable from this "laptop".
            context.route(re.compile(rf"^(?!{re.escape(public)}/).*"), lambda r: r.abort())
            requested: list[str] = []
            context.on("request", lambda request: requested.append(request.url))
            page = context.new_page()
            try:
                with page.expect_websocket() as websocket:
                    page.goto(f"{public}/", wait_until="domcontentloaded")
                PageTerminal(websocket.value).wait_for(r"4 quotes")
                assert websocket.value.url.startswith(f"ws://127.0.0.1:{near}/ws?")
                page.wait_for_function("document.fonts.check('16px \"Roboto Mono\"')")
            finally:
                context.close()
    assert requested and all(url.startswith(f"{public}/") for url in requested), requested
    said = (tmp_path / "serve.err").read_text(encoding="utf-8").splitlines()
    assert said[0] == (
        f"filmtui: serving “Paris” ({default_record_path()}) at http://127.0.0.1:{port} "
        f"(this machine only), for pages at {public}; Ctrl+C stops"
    ), said


@pytest.mark.parametrize(
    "url",
    [
        "127.0.0.1:9000",
        "ftp://127.0.0.1:9000",
        "http://",
        "http://127.0.0.1:99999",
        "http://127.0.0.1:nine",
        "http://127.0.0.1:9000/films",
        "http://ana:secret@127.0.0.1:9000",
    ],
)
def test_a_public_url_is_http_or_https_a_host_and_a_port(run_cli: RunCli, url: str) -> None:
    """Anything but http(s)://HOST[:PORT] is refused in one line, exit 2, before serving."""
    result = run_cli("serve", "--port", str(free_port()), "--public-url", url)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("filmtui serve: argument --public-url: ")
    assert repr(url) in lines[0], lines


@needs_chromium
def test_a_shelf_is_served_with_the_index_it_is_given(browser: object, tmp_path: Path) -> None:
    """`filmtui serve DIR --index PATH`: every page browses the shelf through that index,
    as `filmtui DIR --index PATH` does; none is made in the cache."""
    shelf, index, cache = tmp_path / "shelf", tmp_path / "shelf.index", tmp_path / "cache"
    shelf.mkdir()
    shutil.copy(default_record_path(), shelf / "paris.toml")
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    with serving([str(shelf), "--index", str(index)], tmp_path, env=environment) as (url, _):
        page = browser.new_page()  # type: ignore[attr-defined]
        try:
            with page.expect_websocket() as websocket:
                page.goto(url, wait_until="domcontentloaded")
            PageTerminal(websocket.value).wait_for(r"1 film\b")
            assert page.title() == "shelf/ · filmtui"
        finally:
            page.close()
    assert index.stat().st_size > 0
    assert not cache.exists() or not any(cache.rglob("*.*")), list(cache.rglob("*"))


def test_index_is_for_a_shelf_and_filmtuis_own(run_cli: RunCli, tmp_path: Path) -> None:
    """`--index` with a record, or naming a file that is not filmtui's index, is refused
    at start in one line, exit 2, before anything is served."""
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    shutil.copy(default_record_path(), shelf / "paris.toml")
    for served in (default_record_path(), shelf):
        result = run_cli("serve", served, "--index", notes, "--port", str(free_port()))
        assert result.returncode == 2
        lines = result.stderr.decode().splitlines()
        assert len(lines) == 1 and "serving" not in lines[0], lines
        assert str(notes if served == shelf else "--index is for a shelf") in lines[0], lines
    assert notes.read_text(encoding="utf-8") == "my notes\n"


def test_the_help_says_it_serves_a_record_or_a_shelf(run_cli: RunCli) -> None:
    """`serve --help` names both what it serves, and the shelf's --index."""
    result = run_cli("serve", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.decode().split())
    assert "a film record, or a shelf (a directory of records)" in text
    assert "or DIR, a shelf" in text and "--index PATH" in text
