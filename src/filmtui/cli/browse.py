"""`filmtui [FILE|DIR]`: the terminal browser; what it returns (an export) goes to stdout.

A FILE opens the film screen; a DIR opens the shelf (its index is brought up to date behind
a progress view first)."""

from __future__ import annotations

import argparse
import io
import os
import sys

from filmtui import __version__
from filmtui.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL_ERROR,
    EXIT_OK,
    FILM_QUERY_HELP,
    QUOTE_QUERY_HELP,
    Parser,
    add_query_argument,
    add_record_arguments,
    internal_error,
    read_settings,
    record_source,
    refuse_bad_query,
    say,
    write_stdout,
)
from filmtui.cli.shelfcommon import add_index_argument, report_bad_files
from filmtui.errors import IndexDamaged, RecordError
from filmtui.source import MIB, STDIN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from textual.driver import Driver

    from filmtui.app import FilmApp
    from filmtui.shelf import Shelf

#: Records up to this size load in milliseconds, before any screen and without a child.
SMALL_RECORD_BYTES = 2 * MIB


class _BrowseParser(Parser):
    """The parser of `filmtui [FILE]`, whose help also lists the commands."""

    def format_help(self) -> str:
        """The help, with each command's summary (their modules are read only for it) and
        the syntax of both queries."""
        import importlib

        from filmtui.cli import COMMANDS

        rows = []
        for name, module in sorted(COMMANDS.items()):
            first_line = (importlib.import_module(module).__doc__ or "").split("\n")[0]
            summary = first_line.split("`: ", 1)[-1].strip('."')
            rows.append(f"  {name:<12}{summary}")
        listing = "commands (`filmtui COMMAND --help` for each):\n" + "\n".join(rows)
        queries = self._get_formatter()
        queries.add_text(QUOTE_QUERY_HELP)
        queries.add_text(FILM_QUERY_HELP)
        usage_and_options, _, epilog = super().format_help().rpartition("\n\n")
        return f"{usage_and_options}\n\n{listing}\n\n{queries.format_help()}\n{epilog}"


def build_parser() -> Parser:
    """Build the parser for `filmtui [FILE]`."""
    parser = _BrowseParser(
        prog="filmtui",
        description="Browse a film record, or a shelf (a directory of records), in the "
        "terminal; or run one of the commands below.",
        epilog="Press ? in the browser for its keys. `e` quits and writes the current view "
        "as JSON to stdout, so `filmtui | jq .quotes` works. Theme and key remaps: "
        "$XDG_CONFIG_HOME/filmtui/config.toml (else ~/.config/filmtui/config.toml).",
    )
    add_record_arguments(parser)
    add_index_argument(parser)
    add_query_argument(
        parser,
        "start with the quotes filtered by the quote query Q, as if typed after `/` "
        "(for a shelf DIR, the films by the film query Q)",
    )
    parser.add_argument("--version", action="version", version=f"filmtui {__version__}")
    return parser


def run(options: argparse.Namespace) -> int:
    """Run the terminal browser, then write what it returned (an export) to stdout.

    A small record loads here, before any screen, so its errors print as one line. A big
    one starts loading in the background while the UI is imported; if it is not done
    within QUICK_LOAD_SECONDS the browser opens on a progress view instead.
    """
    path, max_bytes = record_source(options)
    is_shelf = os.path.isdir(path)
    refuse_bad_query(build_parser, options.query, is_shelf)
    if is_shelf:
        return _browse_shelf(path, options, max_bytes)
    film, job = None, None
    if path == STDIN or _size_of(path) <= SMALL_RECORD_BYTES:
        # Small: milliseconds, no child process needed. A record on stdin is read here
        # too, and the keys then come from the terminal itself, as with fzf.
        from filmtui.loader import load

        film = load(path, max_bytes=max_bytes)
        if path == STDIN:
            _read_keys_from_the_terminal()
    else:
        from filmtui.loading import LoadingJob

        job = LoadingJob(path, max_bytes)
    problem = _terminal_problem()
    if problem:
        if job is not None and job.wait() and job.error:
            raise RecordError(job.error)
        say(problem)
        return EXIT_BAD_INPUT
    from filmtui.app import FilmApp
    from filmtui.loading import QUICK_LOAD_SECONDS

    if job is not None:
        job.wait(max(0.0, QUICK_LOAD_SECONDS - job.elapsed()))
        if job.error:
            raise RecordError(job.error)
        film = job.film
    app = FilmApp(
        film,
        job=None if film else job,
        query=options.query,
        config=read_settings(),
        driver_class=_terminal_driver(),
    )
    try:
        output = _run_app(app, options.debug)
    finally:
        if job is not None:
            job.cancel()
    if app.load_error:
        raise RecordError(app.load_error)
    return _outcome(app, output, options.debug)


def _run_app(app: FilmApp, debug: bool) -> bytes | None:
    """Run the app; when it fails, Textual's traceback is shown only with --debug."""
    if not debug:
        from rich.console import Console

        # Textual prints a traceback when the app fails; `_outcome`'s one line says enough.
        app.error_console = Console(file=io.StringIO())
    return app.run()


def _outcome(app: FilmApp, output: bytes | None, debug: bool) -> int:
    """The exit status: 1 with one line if Textual caught an exception inside the app,
    else what writing the app's export (if any) to stdout gives."""
    if app.return_code:
        error = getattr(app, "_exception", None)
        damaged = _damage_in(error)
        if damaged is not None:  # found while the shelf was shown: see Shelf.open
            say(str(damaged))
            return EXIT_INTERNAL_ERROR
        return internal_error(error, debug)
    return write_stdout(output) if output else EXIT_OK


def _damage_in(error: BaseException | None) -> IndexDamaged | None:
    """The IndexDamaged an app's failure comes from (a worker's failure wraps it), if any."""
    while error is not None and not isinstance(error, IndexDamaged):
        error = error.__cause__ or error.__context__
    return error


def _browse_shelf(directory: str, options: argparse.Namespace, max_bytes: int) -> int:
    """Browse the shelf at `directory`; an export (`e`) goes to stdout."""
    index, debug = options.index, options.debug
    problem = _terminal_problem()
    if problem:
        say(problem)
        return EXIT_BAD_INPUT
    from filmtui.app import FilmApp
    from filmtui.shelf import Shelf

    shelf = Shelf.open(directory, index, notice=say, rebuild=False)
    app = FilmApp(
        None,
        shelf=shelf,
        max_bytes=max_bytes,
        query=options.query,
        config=read_settings(),
        driver_class=_terminal_driver(),
    )
    try:
        output = _run_app(app, debug)
    finally:
        app.wait_for_indexing()
    try:
        if output is None or app.return_code:
            return _outcome(app, output, debug)
        _say_if_changed_since(shelf)
        # `e`: stdout, stderr and exit status as `filmtui export DIR --query Q` gives them
        # (the bad files listed; status 2 when no film was shown and some file is bad).
        status = write_stdout(output) if output else EXIT_OK
        return report_bad_files(shelf, output.count(b"\n"), status)
    finally:
        shelf.close()


def _say_if_changed_since(shelf: Shelf) -> None:
    """After `e` on a shelf: the export is of the shelf as the index showed it; if record
    files changed on disk meanwhile, say so (one line on stderr) rather than stay silent."""
    try:
        changed = shelf.pending_changes()
    except IndexDamaged as error:  # the export is written all the same
        say(str(error))
        return
    if changed:
        files = "record file" if changed == 1 else "record files"
        say(
            f"{changed:,} {files} of {shelf.root} changed since the shelf was shown; the "
            "export is of the shelf as shown (`filmtui export DIR` reads them now)"
        )


def _read_keys_from_the_terminal() -> None:
    """Make stdin the controlling terminal (/dev/tty), once the record has been read from it;
    without one, leave stdin as it is and let the terminal check explain."""
    try:
        terminal = os.open("/dev/tty", os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    os.dup2(terminal, sys.stdin.fileno())
    os.close(terminal)


def _terminal_driver() -> type[Driver] | None:
    """The driver sized from the terminal drawn on, unless Textual is told to use another
    (TEXTUAL_DRIVER, as the web server sets) or the platform has no Linux driver."""
    if os.environ.get("TEXTUAL_DRIVER") or sys.platform == "win32":
        return None
    from filmtui.driver import DrawnTerminalDriver

    return DrawnTerminalDriver


def _size_of(path: str) -> int:
    """The file's size, or 0 when it cannot be read (the loader then says why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def under_web_driver() -> bool:
    """Whether Textual will draw to a web page (textual-serve sets TEXTUAL_DRIVER)."""
    return os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver")


def _terminal_problem() -> str | None:
    """Why the browser cannot draw here, or None when it can."""
    if under_web_driver():
        return None  # `filmtui serve` runs us over pipes; the page is the terminal
    if not sys.stderr.isatty():
        return (
            "stderr is not a terminal, and the browser draws on stderr (stdout is kept for "
            "what it exports): leave stderr on the terminal, or for JSON without a screen "
            "use `filmtui export`"
        )
    if not sys.stdin.isatty():
        return (
            "stdin is not a terminal, so there are no keys to read: to browse a record "
            "piped in, name it `-` (`… | filmtui -`: the keys then come from the terminal), "
            "or for JSON without a screen use `filmtui export -`"
        )
    if os.environ.get("TERM") == "dumb":
        return (
            "this terminal (TERM=dumb) cannot show the browser; "
            "run it in a full terminal, or use `filmtui export` for JSON"
        )
    return None
