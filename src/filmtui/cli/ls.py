"""`filmtui ls DIR`: the films of a shelf, one a line (text for people, or JSON Lines)."""

from __future__ import annotations

import argparse
import sys

from filmtui.cli.common import FILM_QUERY_HELP, Parser, add_query_argument, checked_query
from filmtui.cli.shelfcommon import add_shelf_arguments, film_json, finish, open_shelf, write_films
from filmtui.filmquery import film_query_problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.shelf import FilmRow


def build_parser() -> Parser:
    """Build the parser for `filmtui ls`."""
    parser = Parser(
        prog="filmtui ls",
        description="List the films of a shelf (a directory of records), by title.",
        epilog=FILM_QUERY_HELP,
    )
    add_shelf_arguments(parser)
    add_query_argument(parser, "keep only films matching Q", type=checked_query(film_query_problem))
    parser.add_argument(
        "--format",
        choices=("text", "jsonl"),
        help="text: one line a film (default on a terminal); jsonl: each film's export",
    )
    return parser


def run(options: argparse.Namespace) -> int:
    """Run `filmtui ls`."""
    shelf = open_shelf(options.dir, options)
    fmt = options.format or ("text" if sys.stdout.isatty() else "jsonl")
    return finish(
        shelf, *write_films(shelf, options.query, film_json if fmt == "jsonl" else film_line)
    )


def film_line(film: FilmRow) -> str:
    """`Title (Year) — Director · rating · N quotes`, safe to print on a terminal."""
    from filmtui.sanitize import display_text

    head = film.title if film.year is None else f"{film.title} ({film.year})"
    parts = [part for part in (film.directors, film.rating) if part]
    parts.append(f"{film.quote_count} quote{'' if film.quote_count == 1 else 's'}")
    line = " — ".join((head, " · ".join(parts)))
    return display_text(line).replace("\n", " ")
