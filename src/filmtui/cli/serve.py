"""`filmtui serve [FILE|DIR]`: the browser on a web page, through textual-serve.

textual-serve runs `filmtui FILE` once per page as a child process over pipes, with
TEXTUAL_DRIVER set to Textual's web driver, and relays its screen and keys over a
websocket to xterm.js in the page. So a page gets exactly the terminal browser; in it `e`
downloads the JSON, `o` opens a new tab and `y` copies through the page's clipboard.
The server listens on loopback unless told otherwise: anyone who can open the page can
read the record and use the browser.

A record from stdin (`-`) or a pipe can be read only once, but every page runs its own
`filmtui`: serve reads it at start (as it must, to check it and name the film), keeps its
bytes in a private temporary file (mode 0600, in a folder removed when the server stops)
and has each page browse that. A record file or a shelf is read by each page itself.

The page is textual-serve's own, given through its `templates_path` (web/app_index.html):
the same page with a title naming the film or the shelf, and its font from textual-serve's
static files instead of Google Fonts, so that no request leaves the machine. aiohttp's line
per request is left out of the server's log, which goes to stderr (stdout stays empty).
The line saying where it serves is printed once aiohttp listens (through run_app's `print`
hook), never before a bind that may fail.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import os
import shlex
import sys
import tempfile
from pathlib import Path

from filmtui.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    Parser,
    add_query_argument,
    add_record_arguments,
    read_settings,
    record_source,
    refuse_bad_query,
    say,
)
from filmtui.cli.shelfcommon import add_index_argument
from filmtui.errors import RecordError
from filmtui.sanitize import display_text
from filmtui.source import STDIN, SourceError, read_source, source_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: The folder of the page's template (textual-serve's, retitled and without web fonts).
TEMPLATES = Path(__file__).resolve().parent.parent / "web"


def build_parser() -> Parser:
    """Build the parser for `filmtui serve`."""
    parser = Parser(
        prog="filmtui serve",
        description="Serve the browser to a web page (one browser session per page): a "
        "film record, or a shelf (a directory of records).",
        epilog="Each page runs its own `filmtui FILE` (or `filmtui DIR`); in it `e` downloads "
        "the view as JSON. Ctrl+C stops the server.",
    )
    add_record_arguments(
        parser,
        help="what to serve: a film record, TOML or a filmtui JSON export (`-` reads it from "
        "stdin, and a pipe such as <(command) works too), or DIR, a shelf: a directory of "
        "records, browsed as `filmtui DIR` browses it (default: the bundled record)",
    )
    add_index_argument(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on (default: %(default)s, this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port to listen on (default: %(default)s)"
    )
    add_query_argument(
        parser,
        "each page starts filtered by Q, as `filmtui --query Q` does (the quotes by the "
        "quote query Q; for a shelf DIR, the films by the film query Q)",
    )
    parser.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other machines can reach (anyone who can reach it can use it)",
    )
    parser.add_argument(
        "--public-url",
        type=public_url,
        metavar="URL",
        help="the address web browsers reach the server at, http(s)://HOST[:PORT], when it "
        "is not --host and --port: through an ssh tunnel (`ssh -L 9000:127.0.0.1:8000 "
        "server`: --public-url http://127.0.0.1:9000) or a proxy; the page loads its files "
        "and its websocket from there (default: http://HOST:PORT)",
    )
    return parser


def public_url(text: str) -> str:
    """An argparse `type`: the address pages reach the server at, `http(s)://host[:port]`
    (a trailing `/` dropped), refused in one line when it is anything else."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        port = parts.port  # a port that is no number, or out of range, raises ValueError
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {str(error).lower()}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problem = "give http:// or https://, a host and an optional port"
    elif port == 0:
        problem = "port 0 is no port to reach"
    elif parts.username is not None or parts.password is not None:
        problem = "a user name or password has no place in it"
    elif parts.path not in ("", "/") or parts.query or parts.fragment:
        problem = "a path, query or fragment has no place in it (the page is at / only)"
    else:
        return f"{parts.scheme}://{parts.netloc}"
    raise argparse.ArgumentTypeError(f"{text!r}: {problem}, such as http://127.0.0.1:9000")


def listen_url(host: str, port: int) -> str:
    """The address the server listens at, as a URL (an IPv6 address in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere


def browse_command(
    path: str, max_megabytes: float, query: str = "", index: str | None = None
) -> str:
    """The shell command textual-serve runs for each page: this filmtui, browsing `path`
    (filtered by `query` from the start; a shelf with its index at `index`)."""
    return shlex.join(
        [
            sys.executable,
            "-m",
            "filmtui",
            "--max-size",
            f"{max_megabytes:g}",
            *(["--query", query] if query else []),
            *(["--index", os.path.abspath(index)] if index else []),
            "--",
            os.path.abspath(path),
        ]
    )


def read_record_once(path: str, max_bytes: int) -> tuple[str, bytes]:
    """The film's title and the record's bytes, read once and checked as `filmtui FILE`
    checks them; errors name the record as the user gave it (`-`: `<stdin>`)."""
    from filmtui.loader import loads

    try:
        data = read_source(path, max_bytes)
    except SourceError as error:
        raise RecordError(str(error)) from None
    return loads(data, name=source_name(path)).title, data


def check_index(directory: str, index: str | None) -> None:
    """Open the shelf's index once, as each page will: one that is not filmtui's to write
    is refused here (IndexRefused, one line), not by every page."""
    from filmtui.shelf import Shelf

    Shelf.open(directory, index, notice=say, rebuild=False).close()


def keep_private_copy(data: bytes, folder: str) -> str:
    """Write `data` to a new file only this user can read, in `folder`; return its path."""
    path = os.path.join(folder, "record")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    with open(fd, "wb") as file:
        file.write(data)
    return path


def run(options: argparse.Namespace) -> int:
    """Check the record and the address, then serve until Ctrl+C."""
    host, port = options.host, options.port
    if not is_loopback(host) and not options.public:
        say(
            f"serve: --host {host} is not a loopback address and anyone who can reach it "
            "could use the browser; add --public to serve it anyway"
        )
        return EXIT_BAD_INPUT
    if not 0 < port < 65536:
        say(f"serve: --port must be between 1 and 65535, not {port}")
        return EXIT_BAD_INPUT
    path, max_bytes = record_source(options)
    is_shelf = os.path.isdir(path)
    refuse_bad_query(build_parser, options.query, is_shelf)
    data = b""
    if options.index and not is_shelf:
        say(f"serve: --index is for a shelf (a directory of records), and {path} is not one")
        return EXIT_BAD_INPUT
    if is_shelf:
        what = f"the records in {path}"  # the shelf: browse reads the directory per page
        check_index(path, options.index)
        # A folder's name with a slash, as `ls -F` shows it: `films/ · filmtui`.
        title = f"{display_text(os.path.basename(os.path.abspath(path)))}/ · filmtui"
    else:
        film_title, data = read_record_once(path, max_bytes)  # a bad record fails here
        what = f"“{film_title}” ({path})"
        title = f"{display_text(film_title)} · filmtui"
    read_settings()  # each page reads them too; a mistake is said once, here
    # Read once: stdin or a pipe is empty for the next page, so each page gets a copy.
    once = not is_shelf and (path == STDIN or not os.path.isfile(path))
    with (
        tempfile.TemporaryDirectory(prefix="filmtui-serve-")
        if once
        else (contextlib.nullcontext("")) as private
    ):
        served = keep_private_copy(data, private) if once else path
        del data
        server = film_server(
            browse_command(served, options.max_size, options.query, options.index),
            host=host,
            port=port,
            title=title,
            announcement=f"serving {what}",
            public_url=options.public_url,
        )
        try:
            server.serve()
        except OSError as error:
            # asyncio's own wording repeats the address; the system's reason is enough.
            reason = os.strerror(error.errno).lower() if error.errno else str(error)
            say(f"serve: cannot listen on {host}:{port}: {reason}")
            return EXIT_BAD_INPUT
    return EXIT_OK


def film_server(
    command: str, *, host: str, port: int, title: str, announcement: str, public_url: str | None
) -> Server:
    """textual-serve's Server for `command`, on our page, which says `announcement` and
    where once it listens; pages reach it at `public_url` (default: where it listens)."""
    import asyncio
    import signal

    from aiohttp import web
    from rich.console import Console
    from textual_serve.server import Server

    reach = "this machine only" if is_loopback(host) else "PUBLIC: anyone who can reach it"
    where = f"{listen_url(host, port)} ({reach})"
    if public_url:
        where += f", for pages at {public_url}"

    class FilmServer(Server):
        """textual-serve's server, announcing itself in one line on stderr once it
        listens, its log on stderr too, without a line per request."""

        def initialize_logging(self) -> None:
            """textual-serve's logging (its errors), on stderr; aiohttp's access log, a
            line per request, only for its warnings."""
            self.console = Console(stderr=True)
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            """Nothing: textual-serve greets here, before aiohttp binds its socket."""

        def serve(self, debug: bool = False) -> None:
            """Serve as textual-serve's serve() does, but say where only once listening:
            aiohttp's run_app calls its `print` once every socket is bound (a port in use
            raises OSError before)."""
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, self.request_exit)
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *_: say(f"{announcement} at {where}; Ctrl+C stops"),
            )

    return FilmServer(
        command,
        host=host,
        port=port,
        title=title,
        public_url=public_url or listen_url(host, port),
        templates_path=TEMPLATES,
    )
