"""The SQL the shelf index is read with: orders, pages from either end, and the film and
quote queries as conditions (the trigram index's candidates, then the matcher's exact
test, so answers equal the shared matcher's). This module does not import textual.
"""

from __future__ import annotations

from filmtui.filmquery import FilmQuery, parse_film_query
from filmtui.matching import BARE_FIELDS, Query, parse_query

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Film orders: the browser's `s` cycles through them in this order. Films without a year
#: come after those with one. Each is read from an index of its own (store.py).
SORTS: dict[str, str] = {
    "title": "sort_title, year, path",
    "year": "year IS NULL, year, sort_title, path",
    "quotes": "quote_count DESC, sort_title, year, path",
    "changed": "mtime_ns DESC, path",
}
#: The quotes' order: by film (title, year, path), then as in the record.
QUOTE_ORDER = "f.sort_title, f.year, f.path, s.position"
_FTS_MIN = 3  # the trigram index can look up needles of three characters or more
_FTS_MAX_GRAMS = 12  # a long needle is looked up by this many of its trigrams


def walks(end: int, total: int, rows: int) -> bool:
    """Whether the rows up to `end` of the `total` that match, among `rows`, are cheaper
    found by walking the order's index, testing each row until `end` matched (about
    `end * rows / total` of them), than from the trigram index, which tests every candidate
    (at least `total`) and then sorts them: the first pages of a query most rows match
    walk, the pages of a rare one use the index. Either way the rows are the same."""
    return end * rows <= total * total


def from_the_end(order: str, offset: int, limit: int, total: int) -> tuple[str, int, int]:
    """How to read the page at `offset` of `total` rows from the end: the reversed order,
    its offset and limit (the page comes out reversed). An OFFSET walks the rows it skips,
    so a page near the end (`G`) would otherwise walk nearly all of them."""
    end = min(offset + limit, total)
    return reverse_order(order), total - end, max(0, end - offset)


def reverse_order(order: str) -> str:
    """An SQL ORDER BY list in the opposite direction (NULLs, first ascending in SQLite,
    come last descending: the exact reverse)."""
    keys = []
    for key in order.split(", "):
        keys.append(key.removesuffix(" DESC") if key.endswith(" DESC") else f"{key} DESC")
    return ", ".join(keys)


def film_query(query: str | FilmQuery) -> FilmQuery:
    """A parsed film query."""
    return parse_film_query(query) if isinstance(query, str) else query


def quote_condition(query: str | Query, prefilter: bool = True) -> tuple[str, list[Any]]:
    """The quote query as an SQL condition on `quote_search s`. With `prefilter`, the
    matching ids are found first and the order's index is not walked: candidates from the
    trigram index for the terms that must occur, then the exact test on each, or without
    such terms the exact test on every quote (a scan of the narrow table, where walking
    the order would read each quote's row in turn: four times slower when few match)."""
    condition, params, match = quote_test(query)
    if not prefilter:
        return condition, params
    if match is not None:
        subquery = "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?"
        return f"{condition} AND (s.id IN ({subquery}))", [*params, match]
    return f"s.id IN (SELECT s.id FROM quote_search s WHERE {condition})", params


def quote_test(query: str | Query) -> tuple[str, list[Any], str | None]:
    """The matcher's exact test as an SQL condition on `quote_search s` (a substring of
    the folded field, or for a negated term its absence) and its parameters; and the
    trigram index's MATCH for the terms that must occur (None when there is none)."""
    parsed = parse_query(query) if isinstance(query, str) else query
    conditions, params, grams = ["1"], [], []
    for term in parsed.terms:
        fields = [term.field] if term.field else BARE_FIELDS
        found = " OR ".join(f"instr(s.f_{field}, ?) > 0" for field in fields)
        conditions.append(f"NOT ({found})" if term.negated else found)
        params.extend([term.needle] * len(fields))
        if not term.negated:
            grams.extend(trigrams(term.needle))
    match = " AND ".join(f'"{gram}"' for gram in dict.fromkeys(grams)) if grams else None
    return " AND ".join(f"({c})" for c in conditions), params, match


def trigrams(needle: str) -> list[str]:
    """Trigrams of `needle` that every text holding it holds too, quoted for FTS5.

    The index keeps no positions (detail=none, a third of the build time), so it cannot
    answer a phrase: a needle is looked up as some of its trigrams, in any column, and the
    exact test does the rest. A needle shorter than a trigram is left to the exact test
    alone. (Folded text holds no NUL, which FTS5 would read as the end: see folding.py.)
    """
    if len(needle) < _FTS_MIN:
        return []
    grams = list(dict.fromkeys(needle[i : i + 3] for i in range(len(needle) - 2)))
    if len(grams) > _FTS_MAX_GRAMS:
        step = len(grams) / _FTS_MAX_GRAMS
        grams = [grams[int(i * step)] for i in range(_FTS_MAX_GRAMS)]
    return [gram.replace('"', '""') for gram in grams]
