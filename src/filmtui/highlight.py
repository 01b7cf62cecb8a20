"""What a quote query lights in a quote: the spans of original text its terms match.

Matches are found in folded text and mapped back to the original characters, so a match
on "cedric" lights "Cédric". This module does not import textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from filmtui.folding import fold, fold_with_offsets
from filmtui.matching import FIELDS, Query, QuoteIndex, Term, parse_query

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.model import Quote

Span = tuple[int, int]


def highlight_spans(quote: Quote, query: Query | str) -> dict[str, list[Span]]:
    """Return, per field, the sorted, merged spans of original text that the query matched
    (a negated term matches nothing there, so it lights nothing)."""
    if isinstance(query, str):
        query = parse_query(query)
    spans: dict[str, list[Span]] = {}
    for field in FIELDS:
        value = getattr(quote, field) or ""
        terms = [term for term in query.shown_terms if term.field in (None, field)]
        if not value or not terms:
            continue
        found = spans_in(value, terms)
        if found:
            spans[field] = found
    return spans


def spans_in(value: str, terms: Iterable[Term]) -> list[Span]:
    """Find every occurrence of every term in `value`, as merged original-text spans."""
    if value.isascii():
        folded, offsets = fold(value), None
    else:
        folded, offsets = fold_with_offsets(value)
    raw: list[Span] = []
    for term in terms:
        for found in term.pattern.finditer(folded):
            start, end = found.span()
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            if end > start:
                raw.append((start, end))
    return _merge(raw)


def _merge(spans: list[Span]) -> list[Span]:
    """Sort spans and join those that overlap or touch."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class QuoteMatch:
    """A quote that matched, by its position in the record, with spans to highlight."""

    index: int
    spans: dict[str, list[Span]]


def match_quotes(quotes: Sequence[Quote], query: str) -> list[QuoteMatch]:
    """Match `query` against `quotes`: which ones match, and what to highlight in each."""
    parsed = parse_query(query)
    indices = QuoteIndex(quotes).search(parsed)
    assert indices is not None  # nothing can cancel this search
    return [QuoteMatch(i, highlight_spans(quotes[i], parsed)) for i in indices]
