"""The `filmtui` command: the browser, `filmtui export` and `filmtui schema`.

Only the browser path imports textual; `export` and `schema` stay light. stdout carries
JSON only; every message goes to stderr as one line. Exit status: 0 success, 1 the output
could not be written, 2 bad usage or a bad record.
"""

from __future__ import annotations

import argparse
import os
import sys

from filmtui import __version__
from filmtui.loader import DEFAULT_MAX_BYTES, MIB, RecordError, default_record_path, load
from filmtui.model import Film

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

#: Records up to this size load in milliseconds, before any screen and without a child.
SMALL_RECORD_BYTES = 2 * MIB
EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_BAD_INPUT = 2
_SUBCOMMANDS = ("export", "schema")


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter at a fixed width of 88 columns."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=88, max_help_position=30)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line with the program name."""

    def __init__(self, **kwargs: Any) -> None:
        # A fixed help width: otherwise argparse imports shutil to measure the terminal on
        # every run, a tenth of what `filmtui export` may cost on a small record.
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(**kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        """Report a usage error on one line and exit 2."""
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see --help)\n")


def _add_record_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the FILE and --max-size arguments shared by the browser and export."""
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a film record, TOML or a filmtui JSON export (default: the bundled record)",
    )
    parser.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_BYTES / MIB,
        metavar="MB",
        help="refuse records larger than this many megabytes (default: %(default)g)",
    )


def _browser_parser() -> _Parser:
    """Build the parser for `filmtui [FILE]`."""
    parser = _Parser(
        prog="filmtui",
        description="Browse a film record in the terminal. "
        "Subcommands: `filmtui export --help`, `filmtui schema`.",
        epilog="Press ? in the browser for its keys. `e` quits and writes the current view "
        "as JSON to stdout, so `filmtui | jq .quotes` works.",
    )
    _add_record_arguments(parser)
    parser.add_argument("--version", action="version", version=f"filmtui {__version__}")
    return parser


def _export_parser() -> _Parser:
    """Build the parser for `filmtui export`."""
    parser = _Parser(
        prog="filmtui export",
        description="Write a film record as JSON on stdout (keys in a fixed order, "
        "schema_version first).",
    )
    _add_record_arguments(parser)
    parser.add_argument("-q", "--query", default="", help="keep only quotes matching Q")
    parser.add_argument("--compact", action="store_true", help="no indentation")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl"),
        default="json",
        help="json: the whole record; jsonl: one quote per line",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in _SUBCOMMANDS:
        command, args = args[0], args[1:]
    else:
        command = "browse"
    try:
        if command == "schema":
            _Parser(
                prog="filmtui schema", description="Print the export's JSON Schema."
            ).parse_args(args)
            from filmtui.export import schema_json

            return _write_stdout(schema_json())
        if command == "export":
            return _export(_export_parser().parse_args(args))
        return _browse(_browser_parser().parse_args(args))
    except RecordError as error:
        _say(str(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _record_source(options: argparse.Namespace) -> tuple[str, int]:
    """The record named on the command line (or the bundled one) and the size cap."""
    if options.max_size <= 0:
        raise RecordError(f"--max-size must be positive, not {options.max_size:g}")
    path = options.file if options.file is not None else default_record_path()
    return path, int(options.max_size * MIB)


def _load(options: argparse.Namespace) -> Film:
    """Load the record named on the command line, or the bundled one."""
    path, max_bytes = _record_source(options)
    return load(path, max_bytes=max_bytes)


def _export(options: argparse.Namespace) -> int:
    """Run `filmtui export`."""
    from filmtui.export import export_json, export_jsonl, with_quotes

    film = _load(options)
    if options.query:
        from filmtui.matching import QuoteIndex

        indices = QuoteIndex(film.quotes).search(options.query) or []
        film = with_quotes(film, [film.quotes[i] for i in indices])
    if options.format == "jsonl":
        return _write_stdout(export_jsonl(film))
    return _write_stdout(export_json(film, compact=options.compact))


def _browse(options: argparse.Namespace) -> int:
    """Run the terminal browser, then write what it returned (an export) to stdout.

    A small record loads here, before any screen, so its errors print as one line. A big
    one starts loading in the background while the UI is imported; if it is not done
    within QUICK_LOAD_SECONDS the browser opens on a progress view instead.
    """
    path, max_bytes = _record_source(options)
    film, job = None, None
    if _size_of(path) <= SMALL_RECORD_BYTES:
        film = load(path, max_bytes=max_bytes)  # milliseconds: no child process needed
    else:
        from filmtui.loading import LoadingJob

        job = LoadingJob(path, max_bytes)
    problem = _terminal_problem()
    if problem:
        if job is not None and job.wait() and job.error:
            raise RecordError(job.error)
        _say(problem)
        return EXIT_BAD_INPUT
    from filmtui.app import FilmApp
    from filmtui.loading import QUICK_LOAD_SECONDS

    if job is not None:
        job.wait(max(0.0, QUICK_LOAD_SECONDS - job.elapsed()))
        if job.error:
            raise RecordError(job.error)
        film = job.film
    app = FilmApp(film, job=None if film else job)
    try:
        output = app.run()
    finally:
        if job is not None:
            job.cancel()
    if app.load_error:
        raise RecordError(app.load_error)
    return _write_stdout(output) if output else EXIT_OK


def _size_of(path: str) -> int:
    """The file's size, or 0 when it cannot be read (the loader then says why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _terminal_problem() -> str | None:
    """Why the browser cannot draw here, or None when it can."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return (
            "no terminal to draw on (stdin and stderr must be a terminal); "
            "for JSON without a screen use `filmtui export`"
        )
    if os.environ.get("TERM") == "dumb":
        return (
            "this terminal (TERM=dumb) cannot show the browser; "
            "run it in a full terminal, or use `filmtui export` for JSON"
        )
    return None


def _write_stdout(data: bytes) -> int:
    """Write bytes to stdout; a reader that closed early ends quietly, other errors say so."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) has all it wanted. Point stdout at /dev/null so the
        # interpreter's final flush does not complain, and end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        _say(f"cannot write to standard output: {error.strerror or error}")
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_WRITE_FAILED
    return EXIT_OK


def _say(message: str) -> None:
    """Print one message line to stderr, prefixed with the program name."""
    print(f"filmtui: {message}", file=sys.stderr)
