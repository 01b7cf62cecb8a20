"""One record file turned into the rows the shelf index stores; runs in worker processes.

`read_record` loads a file with the strict loader and returns plain tuples (cheap to send
between processes): the film's display and search columns, its JSON export, and one row
per quote. A bad file gives its one-line error instead. This module does not import
textual.
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache

from filmtui.export import export_json, export_jsonl
from filmtui.filmquery import TEXT_FIELDS, film_haystacks, fold_values
from filmtui.folding import fold
from filmtui.loader import DEFAULT_MAX_BYTES, RecordError, load
from filmtui.shelf.scan import content_digest, is_coarse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from filmtui.model import Film

#: The film columns `read_record` fills, in order (after path, stamp and error); the film's
#: export follows them, kept in a table of its own so that scanning films stays cheap.
FILM_COLUMNS: tuple[str, ...] = (
    "title",
    "year",
    "runtime",
    "directors",
    "rating",
    "quote_count",
    "sort_title",
    *(f"f_{field}" for field in TEXT_FIELDS),
)
_DIGITS = re.compile(r"[0-9]+")
_DIGITS_WIDTH = 20  # wider than any number a title holds (longer runs sort as text)
#: The quote columns, in order (after the quote's and the film's ids): what is shown, then
#: the folded text the quote query searches, kept in a narrow table of its own (the search
#: reads many rows, the list only a page).
QUOTE_COLUMNS: tuple[str, ...] = (
    "position", "publication", "critic", "region", "date", "text", "export",
)  # fmt: skip
SEARCH_COLUMNS: tuple[str, ...] = ("position", "f_publication", "f_critic", "f_region", "f_text")

if TYPE_CHECKING:
    #: (relative path, size, mtime_ns, digest, error, film columns or None, quote rows)
    Parsed = tuple[
        str, int, int, bytes | None, str | None, tuple[Any, ...] | None, list[tuple[Any, ...]]
    ]


def read_record(
    root: str, relative: str, size: int, mtime_ns: int, max_bytes: int = DEFAULT_MAX_BYTES
) -> Parsed:
    """Load one record of the shelf at `root` into index rows (or its error)."""
    path = os.path.join(root, relative)
    if _is_pipe(path):  # the loader would wait seconds for a writer (for `<(command)`)
        error = f"{path}: is a pipe (FIFO), not a record file; a shelf reads files only"
        return relative, size, mtime_ns, None, error, None, []
    digest = content_digest(path) if is_coarse(mtime_ns) else None
    try:
        film = load(path, max_bytes=max_bytes)
    except RecordError as error:
        return relative, size, mtime_ns, digest, str(error), None, []
    return relative, size, mtime_ns, digest, None, film_columns(film), quote_rows(film)


def _is_pipe(path: str) -> bool:
    """Whether `path` is a FIFO (one that cannot be stat-ed is left to the loader)."""
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


def film_columns(film: Film) -> tuple[Any, ...]:
    """The index's columns for one film, in FILM_COLUMNS order, then its export."""
    haystacks = film_haystacks(film)
    return (
        film.title,
        film.year,
        getattr(film, "runtime", None),
        ", ".join(director.name for director in film.credits.directors),
        film.rating.classification if film.rating else None,
        len(film.quotes),
        sort_key(film.title),
        *(haystacks[field] for field in TEXT_FIELDS),
        export_json(film, compact=True).decode("utf-8").rstrip("\n"),
    )


def quote_rows(film: Film) -> list[tuple[Any, ...]]:
    """The index's rows for a film's quotes: QUOTE_COLUMNS, then the folded text
    the quote matcher compares (runs of spaces made one, which no term can tell apart)."""
    exports = export_jsonl(film).decode("utf-8").split("\n")
    return [
        (
            position,
            quote.publication,
            quote.critic,
            quote.region,
            quote.date.isoformat() if quote.date else None,
            quote.text,
            exports[position],
            _fold_repeated(quote.publication),
            _fold_repeated(quote.critic or ""),
            _fold_repeated(quote.region or ""),
            fold_values([quote.text]),
        )
        for position, quote in enumerate(film.quotes)
    ]


def sort_key(title: str) -> str:
    """A title as the shelf sorts it: folded, each run of digits padded so that numbers
    sort by value (`Part 2` before `Part 10`, `12 Angry Men` before `2001`)."""
    return _DIGITS.sub(lambda digits: digits[0].rjust(_DIGITS_WIDTH, "0"), fold(title))


@lru_cache(maxsize=4096)
def _fold_repeated(value: str) -> str:
    """A publication's, critic's or region's folded text: the same few recur across a
    shelf."""
    return fold_values([value])
