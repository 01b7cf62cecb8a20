"""`filmtui search Q DIR`: every quote on a shelf matching the quote query, with its film."""

from __future__ import annotations

import argparse
from json.encoder import encode_basestring

from filmtui.cli.common import QUOTE_QUERY_HELP, Parser, checked_query, write_stdout
from filmtui.cli.shelfcommon import add_shelf_arguments, finish, open_shelf
from filmtui.matching import quote_query_problem
from filmtui.terminal_safe import escape_unsafe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.shelf import QuoteExport, QuoteRow


def build_parser() -> Parser:
    """Build the parser for `filmtui search`."""
    parser = Parser(
        prog="filmtui search",
        description="Find the quotes of every film on a shelf that match a quote query "
        '(words, "phrases", source:, critic:, region:, text:, -term). A query that '
        "starts with - goes after --, with the options before it: "
        "filmtui search --format text -- -variety DIR.",
        epilog=QUOTE_QUERY_HELP,
    )
    parser.add_argument(
        "query", metavar="Q", type=checked_query(quote_query_problem), help="the quote query"
    )
    add_shelf_arguments(parser)
    parser.add_argument(
        "--format",
        choices=("jsonl", "text"),
        default="jsonl",
        help="jsonl (default): title, year, path, then the quote's fields; text: for "
        "people, one line a quote (Title (Year) · Publication · Critic · region: UK · date: "
        "text)",
    )
    return parser


def run(options: argparse.Namespace) -> int:
    """Run `filmtui search`."""
    shelf = open_shelf(options.dir, options)
    if options.format == "jsonl":
        exports = shelf.quote_exports(options.query)
        shown = len(exports)
        folder = shelf.path_of("")  # DIR/: each path is this and the relative one, joined
        data = b"".join(jsonl_line(folder + row.path, row) for row in exports)
    else:
        rows = shelf.quotes(options.query)
        shown = len(rows)
        data = "".join(_text(row) for row in rows).encode("utf-8")
    # As for `ls` and `export DIR`: nothing found while some files are bad is exit 2, since
    # what was asked for may be in them.
    return finish(shelf, shown, write_stdout(data))


def jsonl_line(path: str, row: QuoteExport) -> bytes:
    """One quote as a JSON line, led by its film's title, year and file path.

    The head is what `json.dumps({"title": …, "year": …, "path": …}, ensure_ascii=False,
    separators=(",", ":"))` writes, built with the string encoder json.dumps uses (without
    a dict and an encoder per line: thousands of lines are written), then made
    terminal-safe as the export is; the quote's stored export is terminal-safe already."""
    year = "null" if row.year is None else row.year
    title, path = encode_basestring(row.title), encode_basestring(path)
    head = f'{{"title":{title},"year":{year},"path":{path},'.encode()
    return b"%b%b\n" % (escape_unsafe(head), row.export[1:].encode())


def _text(row: QuoteRow) -> str:
    """One quote as a line for people, headed as the film screen heads it:
    `Title (Year) · Publication · Critic · region: UK · 2008-05-01: text`."""
    from filmtui.attribution import SEPARATOR, attribution_text
    from filmtui.sanitize import display_text

    head = row.title if row.year is None else f"{row.title} ({row.year})"
    line = f"{head}{SEPARATOR}{attribution_text(row)}: {row.text}"
    return display_text(line).replace("\n", " ") + "\n"
