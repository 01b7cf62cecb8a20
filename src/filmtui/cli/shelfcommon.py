"""What the shelf commands (`ls`, `search`, `export DIR`) share: arguments, opening and
refreshing the index, and reporting bad files on stderr."""

from __future__ import annotations

import argparse
import os

from filmtui.cli.common import EXIT_BAD_INPUT, EXIT_OK, say, write_stdout
from filmtui.loader import DEFAULT_MAX_BYTES, MIB, RecordError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.shelf import Shelf


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
    """List the shelf's bad files on stderr, one line each, then their count; return the
    exit status: `status` if any film was shown or nothing was bad, else EXIT_BAD_INPUT."""
    bad = shelf.bad_files()
    for _path, error in bad:
        say(error)
    if bad:
        say(f"{len(bad)} bad file{'s' if len(bad) != 1 else ''} on the shelf")
    shelf.close()
    if status != EXIT_OK:
        return status
    return EXIT_OK if shown or not bad else EXIT_BAD_INPUT


def export_shelf(directory: str, options: argparse.Namespace) -> int:
    """`filmtui export DIR`: the films matching the film query as JSON Lines."""
    shelf = open_shelf(directory, options)
    films = shelf.films(options.query)
    data = "".join(f"{film.export}\n" for film in films).encode("utf-8")
    return finish(shelf, len(films), write_stdout(data))
