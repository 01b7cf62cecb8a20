"""What the shelf commands (`ls`, `search`, `export DIR`) share: arguments, opening and
refreshing the index, and reporting bad files on stderr."""

from __future__ import annotations

import argparse
import os

from filmtui.cli.common import EXIT_BAD_INPUT, EXIT_OK, say, write_stdout
from filmtui.errors import RecordError
from filmtui.source import DEFAULT_MAX_BYTES, MIB

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from filmtui.shelf import FilmRow, Shelf

_CHUNK = 1000  # films written to stdout at a time


def add_shelf_arguments(parser: argparse.ArgumentParser) -> None:
    """Add DIR, --index and --max-size."""
    parser.add_argument("dir", metavar="DIR", help="a directory of film records (a shelf)")
    add_index_argument(parser)


def add_index_argument(parser: argparse.ArgumentParser) -> None:
    """Add --index (the shelf index's file)."""
    parser.add_argument(
        "--index",
        metavar="PATH",
        help="the shelf index file (default: one per shelf in $XDG_CACHE_HOME/filmtui/)",
    )


def open_shelf(directory: str, options: argparse.Namespace) -> Shelf:
    """Open the shelf at `directory` and bring its index up to date."""
    if not os.path.isdir(directory):
        raise RecordError(f"{directory}: not a directory of records")
    from filmtui.shelf import Shelf

    shelf = Shelf.open(directory, getattr(options, "index", None), notice=say)
    max_size = getattr(options, "max_size", None)
    shelf.refresh(max_bytes=int(max_size * MIB) if max_size else DEFAULT_MAX_BYTES)
    return shelf


def finish(shelf: Shelf, shown: int, status: int) -> int:
    """Report the shelf's bad files (`report_bad_files`), close it, return the status."""
    try:
        return report_bad_files(shelf, shown, status)
    finally:
        shelf.close()


def report_bad_files(shelf: Shelf, shown: int, status: int) -> int:
    """List the shelf's bad files on stderr, one line each, then their count; return the
    exit status: `status` if any film was shown or nothing was bad, else EXIT_BAD_INPUT."""
    bad = shelf.bad_files()
    for _path, error in bad:
        say(error)
    if bad:
        say(f"{len(bad)} bad file{'s' if len(bad) != 1 else ''} on the shelf")
    elif not shown and not shelf.count_films():
        say(f"{shelf.root}: no records on this shelf (files ending in .toml or .json)")
    if status != EXIT_OK:
        return status
    return EXIT_OK if shown or not bad else EXIT_BAD_INPUT


def export_shelf(directory: str, options: argparse.Namespace) -> int:
    """`filmtui export DIR`: the films matching the film query as JSON Lines."""
    shelf = open_shelf(directory, options)
    return finish(shelf, *write_films(shelf, options.query, film_json))


def film_json(film: FilmRow) -> str:
    """A film's export, as one line."""
    return film.export


def write_films(shelf: Shelf, query: str, line: Callable[[FilmRow], str]) -> tuple[int, int]:
    """Write one line per film matching `query` to stdout, a chunk at a time (a shelf can
    be bigger than memory should hold); return how many were written and the status."""
    shown, chunk, status = 0, [], EXIT_OK
    for film in shelf.iter_films(query):
        chunk.append(line(film) + "\n")
        shown += 1
        if len(chunk) >= _CHUNK:
            status = write_stdout("".join(chunk).encode("utf-8"))
            chunk = []
            if status != EXIT_OK:
                return shown, status
    if chunk:
        status = write_stdout("".join(chunk).encode("utf-8"))
    return shown, status
