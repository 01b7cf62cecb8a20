"""`filmtui export`: a record as JSON (or JSON Lines of its quotes) on stdout."""

from __future__ import annotations

import argparse

from filmtui.cli.common import Parser, add_record_arguments, load_record, write_stdout


def build_parser() -> Parser:
    """Build the parser for `filmtui export`."""
    parser = Parser(
        prog="filmtui export",
        description="Write a film record as JSON on stdout (keys in a fixed order, "
        "schema_version first).",
    )
    add_record_arguments(parser)
    parser.add_argument("-q", "--query", default="", help="keep only quotes matching Q")
    parser.add_argument("--compact", action="store_true", help="no indentation")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl"),
        default="json",
        help="json: the whole record; jsonl: one quote per line",
    )
    return parser


def run(options: argparse.Namespace) -> int:
    """Run `filmtui export`."""
    from filmtui.export import export_json, export_jsonl, with_quotes

    film = load_record(options)
    if options.query:
        from filmtui.matching import QuoteIndex

        indices = QuoteIndex(film.quotes).search(options.query) or []
        film = with_quotes(film, [film.quotes[i] for i in indices])
    if options.format == "jsonl":
        return write_stdout(export_jsonl(film))
    return write_stdout(export_json(film, compact=options.compact))
