"""`filmtui serve [FILE|DIR]`: the browser on a web page, through textual-serve.

textual-serve runs `filmtui FILE` once per page as a child process over pipes, with
TEXTUAL_DRIVER set to Textual's web driver, and relays its screen and keys over a
websocket to xterm.js in the page. So a page gets exactly the terminal browser; in it `e`
downloads the JSON, `o` opens a new tab and `y` copies through the page's clipboard.
The server listens on loopback unless told otherwise: anyone who can open the page can
read the record and use the browser.

The page is textual-serve's own, given through its `templates_path` (web/app_index.html):
the same page with a title naming the film or the shelf, and its font from textual-serve's
static files instead of Google Fonts, so that no request leaves the machine. aiohttp's line
per request is left out of the server's log, which goes to stderr (stdout stays empty).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import shlex
import sys
from pathlib import Path

from filmtui.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    Parser,
    add_query_argument,
    add_record_arguments,
    load_record,
    read_settings,
    record_source,
    refuse_bad_query,
    say,
)
from filmtui.sanitize import display_text

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: The folder of the page's template (textual-serve's, retitled and without web fonts).
TEMPLATES = Path(__file__).resolve().parent.parent / "web"


def build_parser() -> Parser:
    """Build the parser for `filmtui serve`."""
    parser = Parser(
        prog="filmtui serve",
        description="Serve the browser to a web page (one browser session per page).",
        epilog="Each page runs its own `filmtui FILE`; in it `e` downloads the view as JSON. "
        "Ctrl+C stops the server.",
    )
    add_record_arguments(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on (default: %(default)s, this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port to listen on (default: %(default)s)"
    )
    add_query_argument(parser, "each page starts filtered by Q, as `filmtui --query Q` does")
    parser.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other machines can reach (anyone who can reach it can use it)",
    )
    return parser


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere


def browse_command(path: str, max_megabytes: float, query: str = "") -> str:
    """The shell command textual-serve runs for each page: this filmtui, browsing `path`
    (filtered by `query` from the start)."""
    return shlex.join(
        [
            sys.executable,
            "-m",
            "filmtui",
            "--max-size",
            f"{max_megabytes:g}",
            *(["--query", query] if query else []),
            "--",
            os.path.abspath(path),
        ]
    )


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
    path, _ = record_source(options)
    refuse_bad_query(build_parser, options.query, os.path.isdir(path))
    if os.path.isdir(path):
        what = f"the records in {path}"  # the shelf: browse reads the directory per page
        shelf_name = os.path.basename(os.path.abspath(path)) or path
        title = f"{display_text(shelf_name)} (a shelf) · filmtui"
    else:
        film = load_record(options)  # a bad record fails here, once, as one line
        what = f"“{film.title}” ({path})"
        title = f"{display_text(film.title)} · filmtui"

    read_settings()  # each page reads them too; a mistake is said once, here
    from rich.console import Console
    from textual_serve.server import Server

    reach = "this machine only" if is_loopback(host) else "PUBLIC: anyone who can reach it"

    class FilmServer(Server):
        """textual-serve's server, announcing itself in one line on stderr, where its log
        goes too, without a line per request."""

        def initialize_logging(self) -> None:
            """textual-serve's logging (its errors), on stderr; aiohttp's access log, a
            line per request, only for its warnings."""
            self.console = Console(stderr=True)
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: object) -> None:
            """Say what is served where, once the socket is listening."""
            say(f"serving {what} at {self.public_url} ({reach}); Ctrl+C stops")

    server = FilmServer(
        browse_command(path, options.max_size, options.query),
        host=host,
        port=port,
        title=title,
        templates_path=TEMPLATES,
    )
    try:
        server.serve()
    except OSError as error:
        say(f"serve: cannot listen on {host}:{port}: {error.strerror or error}")
        return EXIT_BAD_INPUT
    return EXIT_OK
