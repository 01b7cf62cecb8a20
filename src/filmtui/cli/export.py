"""`filmtui export`: a record as JSON (or JSON Lines of its quotes) on stdout."""

from __future__ import annotations

import argparse
import os

from filmtui.cli.common import (
    QUOTE_QUERY_HELP,
    Parser,
    add_query_argument,
    add_record_arguments,
    load_record,
    refuse_bad_query,
    write_stdout,
)
from filmtui.cli.shelfcommon import add_index_argument, export_shelf


def build_parser() -> Parser:
    """Build the parser for `filmtui export`."""
    parser = Parser(
        prog="filmtui export",
        description="Write a film record as JSON on stdout (keys in a fixed order, "
        "schema_version first). Given a directory (a shelf), write its films as JSON Lines, "
        "one film export a line, by title, year and path.",
        epilog=f"{QUOTE_QUERY_HELP} For a shelf, --query is a film query: see `filmtui ls --help`.",
    )
    add_record_arguments(parser)
    add_index_argument(parser)
    add_query_argument(
        parser, "keep only quotes matching Q; for a shelf DIR, only films matching the film query"
    )
    parser.add_argument("--compact", action="store_true", help="no indentation")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl"),
        help="json (the default): the whole record; jsonl: one quote per line; a shelf is "
        "always JSON Lines, one film a line",
    )
    return parser


def run(options: argparse.Namespace) -> int:
    """Run `filmtui export`."""
    is_shelf = options.file is not None and os.path.isdir(options.file)
    refuse_bad_query(build_parser, options.query, is_shelf)
    if is_shelf:
        if options.format == "json":
            build_parser().error(
                "argument --format: a shelf is exported as JSON Lines, one film a line; "
                "leave --format out (or pipe into `jq -s .` for one JSON array)"
            )
        return export_shelf(options.file, options)
    from filmtui.export import export_json, export_jsonl, with_quotes

    film = load_record(options)
    if options.query:
        from filmtui.matching import QuoteIndex

        indices = QuoteIndex(film.quotes).search(options.query) or []
        film = with_quotes(film, [film.quotes[i] for i in indices])
    if options.format == "jsonl":
        return write_stdout(export_jsonl(film))
    return write_stdout(export_json(film, compact=options.compact))
