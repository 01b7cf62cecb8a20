"""The quote matcher shared by `filmtui export --query` and the browser's filter.

Matching is case- and accent-insensitive ("cedric" finds "Cédric"), treats every kind of
space alike, and requires every word of the query, in any order. A word may be scoped to a
field (``source:variety``, ``critic:ebert``, ``region:usa``, ``text:helmer``) and ``"two
words"`` is a phrase; a bare word matches any of those fields. ``-term`` negates a word, a
phrase or a scoped word (``-variety``, ``-"comfort zone"``, ``-region:uk``): the quote must
not match it, as in the film query. No query string makes it raise. This module does not
import textual.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.model import Quote

Span = tuple[int, int]

#: Query prefixes and the quote field each one scopes a word to.
SCOPES: dict[str, str] = {
    "source": "publication",
    "publication": "publication",
    "critic": "critic",
    "region": "region",
    "text": "text",
}
FIELDS: tuple[str, ...] = ("publication", "critic", "region", "text")
#: The fields a bare word may match, the text first (where most matches are).
BARE_FIELDS: tuple[str, ...] = ("text", "publication", "critic", "region")
_CHUNK = 16384  # quotes checked between looks at the cancel flag


class _FoldTable(dict[int, str]):
    """Maps a code point to its folded form, computing each one on first use."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace():
            folded = " "
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        self[code] = folded
        return folded


_FOLD = _FoldTable()
_ASCII_SPACES = str.maketrans({c: " " for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"})


#: The table's Latin-1 part as a plain dict, which `str.translate` reads faster; filled on
#: first use (a few milliseconds, which a command that folds no text need not pay).
_LATIN_1: dict[int, str] = {}


def _latin_1() -> dict[int, str]:
    """The Latin-1 table, filled."""
    if not _LATIN_1:
        _LATIN_1.update({code: _FOLD[code] for code in range(256)})
    return _LATIN_1


def fold(text: str) -> str:
    """Fold text for matching: lower case, accents removed, every space a plain space."""
    if text.isascii():
        return text.lower().translate(_ASCII_SPACES)
    try:
        text.encode("latin-1")  # most accented text is: a C-speed check
    except UnicodeEncodeError:
        return text.translate(_FOLD)
    return text.translate(_LATIN_1 or _latin_1())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold text and return, for each folded character, the index of its source character.

    The list has one extra entry, ``len(text)``, so a folded span ``(a, b)`` maps back to
    the original span ``(offsets[a], offsets[b])``; marks that fold to nothing after a
    matched letter are included in the original span.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _FOLD[ord(char)]
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    offsets.append(len(text))
    return "".join(pieces), offsets


@dataclass(frozen=True)
class Term:
    """One word or phrase of a query, already folded, that must (or, negated, must not)
    match."""

    needle: str  # folded words joined by single spaces
    field: str | None  # a quote field, or None for any of them
    phrase: bool
    negated: bool = False

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """A regex for this term in folded text; a phrase allows runs of spaces."""
        return re.compile(" +".join(re.escape(word) for word in self.needle.split(" ")))

    def implies(self, other: Term) -> bool:
        """True when every quote this term keeps is kept by `other` too."""
        if self.negated != other.negated:
            return False
        if self.negated:  # lacking `self` implies lacking `other` when `other` finds more
            return other._finds_within(self)
        return self._finds_within(other)

    def _finds_within(self, other: Term) -> bool:
        """True when every text containing this (unnegated) term contains `other`."""
        same_field = other.field is None or other.field == self.field
        return same_field and other.needle in self.needle and (self.phrase or not other.phrase)


@dataclass(frozen=True)
class Query:
    """A parsed query: the terms that must all hold."""

    terms: tuple[Term, ...]

    @property
    def shown_terms(self) -> tuple[Term, ...]:
        """The terms a match shows (highlights): the unnegated ones."""
        return tuple(term for term in self.terms if not term.negated)

    @property
    def is_empty(self) -> bool:
        """True when the query matches every quote."""
        return not self.terms

    def narrows(self, previous: Query) -> bool:
        """True when this query's matches are a subset of `previous`'s."""
        return all(any(new.implies(old) for new in self.terms) for old in previous.terms)


_TOKEN = re.compile(
    r'(?P<negated>-(?=\S))?(?:(?P<scope>[^\W\d_]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>\S+))'
)


def parse_query(text: str) -> Query:
    """Parse what the user typed into terms; never raises, ignores empty parts."""
    return Query(tuple(term for found in tokens(text, _TOKEN) for term in _terms_of(found)))


def query_problem(text: str, token: re.Pattern[str], scopes: Iterable[str]) -> str | None:
    """What is wrong with a query a script passed (`--query`), or None.

    The live filter reads half-typed queries leniently; a command line must not turn a
    typo into "no match": an unknown scope or an unclosed quote is an error here.
    """
    known = sorted(set(scopes))
    for found in tokens(text, token):
        scope = found["scope"]
        if scope and fold(scope) not in known:
            import difflib  # only to word this error

            nearest = difflib.get_close_matches(fold(scope), known, n=1, cutoff=0.6)
            hint = f"did you mean {nearest[0]}:? " if nearest else ""
            return (
                f"unknown scope {scope}: in {found[0]!r}; {hint}known scopes: "
                + ", ".join(f"{name}:" for name in known)
                + '; to search for the text as written, put it in "quotes"'
            )
        if found["phrase"] is not None and found[0].count('"') < 2:
            return f'unclosed quote in {found[0]!r}: end the phrase with "'
    return None


def quote_query_problem(text: str) -> str | None:
    """What is wrong with a quote query given on the command line, or None."""
    return query_problem(text, _TOKEN, SCOPES)


def tokens(text: str, token: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Split a query into the matches of `token` between spaces; `token` must match at
    any non-space character (the film query shares this)."""
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        found = token.match(text, position)
        assert found is not None  # `\S+` matches at any non-space position
        position = found.end()
        yield found


def _terms_of(token: re.Match[str]) -> list[Term]:
    """Turn one token of a query into terms: a phrase is one term, words one each; a
    negated token is one term (the quote must lack the whole of it)."""
    negated = token["negated"] is not None
    scope, phrase, word = token["scope"], token["phrase"], token["word"]
    field = SCOPES.get(fold(scope)) if scope else None
    if scope and field is None:
        word = f"{scope}:{word if phrase is None else phrase}"  # not a scope: match as typed
        phrase = None
    if phrase is None and field is None and word.endswith(":") and fold(word[:-1]) in SCOPES:
        return []  # a scope still being typed, like `source:`
    if phrase is None and field is None and word == "-":
        return []  # `-` or `--`: a negation still being typed
    words = fold(phrase if phrase is not None else word).split()
    if (phrase is not None or negated) and len(words) > 1:
        return [Term(" ".join(words), field, phrase=True, negated=negated)]
    return [Term(w, field, phrase=False, negated=negated) for w in words]


class QuoteIndex:
    """Folded search text for a list of quotes, built once and reused per keystroke."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self._quotes = quotes
        self._haystacks: dict[str, list[str]] | None = None
        self._last: tuple[Query, list[int]] | None = None
        # The browser folds in the background; a search that arrives meanwhile waits for
        # that fold instead of doing it a second time.
        self._building = threading.Lock()

    def build(self) -> None:
        """Fold every quote now (otherwise done on the first search); thread-safe."""
        with self._building:
            if self._haystacks is not None:
                return
            self._haystacks = {
                "publication": _fold_all(quote.publication for quote in self._quotes),
                "critic": _fold_all(quote.critic or "" for quote in self._quotes),
                "region": _fold_all(quote.region or "" for quote in self._quotes),
                "text": [fold(quote.text) for quote in self._quotes],
            }

    def search(
        self, query: Query | str, cancelled: Callable[[], bool] | None = None
    ) -> list[int] | None:
        """Return the indices of matching quotes in listing order.

        Returns None only if `cancelled` reported True part-way through. When the query
        narrows the previous one, only the previous matches are checked.
        """
        if isinstance(query, str):
            query = parse_query(query)
        if query.is_empty:
            return list(range(len(self._quotes)))
        self.build()
        assert self._haystacks is not None
        candidates: Iterable[int] = range(len(self._quotes))
        if self._last is not None and query.narrows(self._last[0]):
            candidates = self._last[1]
        # Words that must occur first (the longest narrows most), then those that must not.
        for term in sorted(query.terms, key=lambda t: (t.negated, -len(t.needle))):
            fields = [term.field] if term.field else BARE_FIELDS
            haystacks = [self._haystacks[field] for field in fields]
            checked = list(candidates)
            kept = self._filter(term, haystacks, checked, cancelled)
            if kept is None:
                return None
            if term.negated:
                found = set(kept)
                kept = [i for i in checked if i not in found]
            candidates = kept
        result = list(candidates)
        self._last = (query, result)
        return result

    @staticmethod
    def _filter(
        term: Term,
        haystacks: list[list[str]],
        candidates: list[int],
        cancelled: Callable[[], bool] | None,
    ) -> list[int] | None:
        """Keep the candidates where any of the haystacks matches `term`, in chunks that
        can be cancelled."""
        kept: list[int] = []
        needle = term.needle
        search = term.pattern.search
        for start in range(0, len(candidates), _CHUNK):
            if cancelled is not None and cancelled():
                return None
            chunk = candidates[start : start + _CHUNK]
            if len(haystacks) == 1:
                (one,) = haystacks
                if term.phrase:
                    kept.extend(i for i in chunk if search(one[i]))
                else:
                    kept.extend(i for i in chunk if needle in one[i])
            else:  # any field (BARE_FIELDS): the text first, where most matches are
                text, publication, critic, region = haystacks
                if term.phrase:
                    kept.extend(
                        i
                        for i in chunk
                        if search(text[i])
                        or search(publication[i])
                        or search(critic[i])
                        or search(region[i])
                    )
                else:
                    kept.extend(
                        i
                        for i in chunk
                        if needle in text[i]
                        or needle in publication[i]
                        or needle in critic[i]
                        or needle in region[i]
                    )
        return kept


def _fold_all(values: Iterable[str]) -> list[str]:
    """Fold many strings, folding each distinct value once and sharing the result."""
    folded: dict[str, str] = {}
    return [
        folded[value] if value in folded else folded.setdefault(value, fold(value))
        for value in values
    ]


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
        found = _spans_in(value, terms)
        if found:
            spans[field] = found
    return spans


def _spans_in(value: str, terms: Iterable[Term]) -> list[Span]:
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
