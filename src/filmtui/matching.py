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
from collections.abc import Callable, Iterable, Sequence

from filmtui.folding import fold
from filmtui.query_tokens import query_problem, tokens

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.model import Quote

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


class Term:
    """One word or phrase of a query, already folded, that must (or, negated, must not)
    match. (A plain class, as in the film query: `dataclasses` would cost a warm `ls` its
    import.)"""

    __slots__ = ("_pattern", "field", "needle", "negated", "phrase")

    def __init__(self, needle: str, field: str | None, phrase: bool, negated: bool = False) -> None:
        """A term; `needle` is folded words joined by single spaces, `field` a quote field
        or None for any of them."""
        self.needle = needle
        self.field = field
        self.phrase = phrase
        self.negated = negated
        self._pattern: re.Pattern[str] | None = None

    def _key(self) -> tuple[str, str | None, bool, bool]:
        """What makes two terms the same."""
        return (self.needle, self.field, self.phrase, self.negated)

    def __eq__(self, other: object) -> bool:
        """Terms with the same needle, field and kind are equal."""
        return isinstance(other, Term) and self._key() == other._key()

    def __hash__(self) -> int:
        """As `__eq__`."""
        return hash(self._key())

    def __repr__(self) -> str:
        """For test failures."""
        return "Term(needle={!r}, field={!r}, phrase={!r}, negated={!r})".format(*self._key())

    @property
    def pattern(self) -> re.Pattern[str]:
        """A regex for this term in folded text; a phrase allows runs of spaces."""
        if self._pattern is None:
            words = self.needle.split(" ")
            self._pattern = re.compile(" +".join(re.escape(word) for word in words))
        return self._pattern

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


class Query:
    """A parsed query: the terms that must all hold."""

    __slots__ = ("terms",)

    def __init__(self, terms: tuple[Term, ...]) -> None:
        """A query of these terms."""
        self.terms = terms

    def __eq__(self, other: object) -> bool:
        """Queries of the same terms are equal."""
        return isinstance(other, Query) and self.terms == other.terms

    def __hash__(self) -> int:
        """As `__eq__`."""
        return hash(self.terms)

    def __repr__(self) -> str:
        """For test failures."""
        return f"Query(terms={self.terms!r})"

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


def quote_query_problem(text: str) -> str | None:
    """What is wrong with a quote query given on the command line, or None."""
    return query_problem(text, _TOKEN, SCOPES)


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
        # that fold instead of doing it a second time. (Imported here: the commands that
        # only parse a query need no threads.)
        import threading

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
