"""`filmtui import`: a film listing's plain text becomes a TOML record.

The record goes to stdout, or with `-o` to a file (or to DIR/<slug>.toml when `-o` names a
directory). A file is written whole or not at all: to a temporary file beside it, then
renamed; without `--force` an existing file is never replaced, even one created while
the import ran.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import tempfile

from filmtui.cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_WRITE_FAILED, Parser, say, write_stdout


def build_parser() -> Parser:
    """Build the parser for `filmtui import`."""
    parser = Parser(
        prog="filmtui import",
        description="Turn a film listing's plain text into a TOML record. The listing never "
        "names the film, so --title is needed. Text is kept verbatim; what cannot be placed "
        "is an error naming its line.",
        epilog="A listing reads, block by block: availability; synopsis; 'Directed by' and "
        "one '• Name('Known', 'For')' line per director; the genre line; 'Rating: CLASS "
        "advisory' (optional); the language line ('French and English, with English "
        "subtitles'); 'Official Site' (optional); the listing's own review (optional); "
        "then each quote as a 'Publication [Region]' heading followed by its paragraph. "
        "The full rules are in the docstring of filmtui/importer.py.",
    )
    parser.add_argument(
        "listing", metavar="LISTING", help="the listing's text file, or - for stdin"
    )
    parser.add_argument("-t", "--title", help="the film's title (the listing does not name it)")
    parser.add_argument("-y", "--year", type=int, help="the film's year of release")
    parser.add_argument(
        "--rating-system",
        metavar="SYSTEM",
        help='whose classification the listing\'s Rating line is (e.g. "New Zealand")',
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the record here instead of stdout; a directory gets <slug>.toml",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing FILE")
    return parser


def run(options: argparse.Namespace) -> int:
    """Run `filmtui import`."""
    from filmtui.importer import import_listing, slug
    from filmtui.listing_text import ListingError

    name = "<stdin>" if options.listing == "-" else options.listing
    if options.title is None:
        say(f"{name}: the listing does not name the film; give its title with --title TITLE")
        return EXIT_BAD_INPUT
    try:
        data = _read(options.listing, name)
        record, toml = import_listing(
            data,
            title=options.title,
            name=name,
            year=options.year,
            rating_system=options.rating_system,
        )
    except ListingError as error:
        say(str(error))
        return EXIT_BAD_INPUT
    if options.output is None:
        return write_stdout(toml.encode())
    target = options.output
    if os.path.isdir(target):
        target = os.path.join(target, slug(options.title, options.year) + ".toml")
    elif target.endswith(os.sep):
        say(f"{target}: no such directory")
        return EXIT_BAD_INPUT
    status = _write_file(target, toml.encode(), force=options.force)
    if status == EXIT_OK:
        quotes = len(record.get("quotes", []))
        review = "a review" if "listing_review" in record else "no review"
        say(f"wrote {target}: {quotes} quote{'s' * (quotes != 1)}, {review}")
    return status


def _read(listing: str, name: str) -> bytes:
    """The listing's bytes from a path or stdin; unreadable input is a ListingError."""
    from filmtui.listing_text import MAX_LISTING_BYTES, ListingError

    if listing == "-":
        return sys.stdin.buffer.read(MAX_LISTING_BYTES + 1)
    try:
        with open(listing, "rb") as file:
            return file.read(MAX_LISTING_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.EISDIR:
            reason = "is a directory, not a listing"
        raise ListingError(f"{name}: {reason}") from None


def _write_file(target: str, data: bytes, *, force: bool) -> int:
    """Write `data` to `target` atomically; refuse to replace a file unless `force`."""
    if not force and os.path.lexists(target):
        say(f"{target}: already exists; add --force to replace it")
        return EXIT_BAD_INPUT
    if os.path.isdir(target):
        say(f"{target}: is a directory")
        return EXIT_BAD_INPUT
    folder = os.path.dirname(target) or "."
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".filmtui-import-", suffix=".tmp")
    except OSError as error:
        say(f"cannot write {target}: {error.strerror or error}")
        return EXIT_WRITE_FAILED
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if force:
            os.replace(temporary, target)
        else:
            # link() fails if the name appeared meanwhile: a replace would clobber it.
            os.link(temporary, target)
    except FileExistsError:
        say(f"{target}: already exists; add --force to replace it")
        return EXIT_BAD_INPUT
    except OSError as error:
        say(f"cannot write {target}: {error.strerror or error}")
        return EXIT_WRITE_FAILED
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    return EXIT_OK
