"""The film query, in the style of beets' queries: `ls --query` and the shelf's filter.

Bare words match the title, original title, directors, cast and genres; `title:`,
`director:`, `cast:`, `genre:`, `language:`, `rating:` and `country:` scope a word to one
field; `year:` and `runtime:` take a number or a range (`2000..2010`, `2000..`, `..100`);
`"two words"` is a phrase and `-term` negates. Case, accents and kinds of space are ignored
with the quote matcher's `fold`, and every term must hold. No query string makes it raise:
an unknown scope, or a number scope without a number, is matched as the text typed.

`FilmQuery.matches` is the reference meaning; the shelf index answers the same query in SQL
(`FilmQuery.sql`) over the same folded text (`haystacks`), and a property test keeps the two
equal. No library parses this query language, so it is written here. This module does not
import textual.
"""

from __future__ import annotations

import re

from filmtui.folding import fold
from filmtui.query_tokens import query_problem, scope_hint, tokens

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from filmtui.model import Film

#: Query prefixes and the field each scopes a word to.
SCOPES: dict[str, str] = {
    "title": "title",
    "director": "directors",
    "cast": "cast",
    "genre": "genres",
    "language": "languages",
    "rating": "rating",
    "country": "countries",
}
#: Fields that hold folded text, in the order of the index's columns.
TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "directors",
    "cast",
    "genres",
    "languages",
    "rating",
    "countries",
)
#: What a bare word is matched against.
BARE_FIELDS: tuple[str, ...] = ("title", "directors", "cast", "genres")
#: Scopes that take a number or a range.
NUMBER_SCOPES: tuple[str, ...] = ("year", "runtime")
#: Joins the folded values of one field: folding turns every newline into a space, and no
#: term holds one, so a term never matches across two values.
SEPARATOR = "\n"

_TOKEN = re.compile(
    r'(?P<negated>-(?=\S))?(?:(?P<scope>[^\W\d_]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>\S+))'
)
_RANGE = re.compile(r"(?P<low>\d{1,9})?(?P<dots>\.\.)?(?P<high>\d{1,9})?")
_SPACES = re.compile(" {2,}")


class TextTerm:
    """Folded text that must (or, negated, must not) occur in one of `fields`."""

    __slots__ = ("fields", "needle", "negated")

    def __init__(self, needle: str, fields: tuple[str, ...], negated: bool) -> None:
        """A term; `needle` is folded words joined by single spaces."""
        self.needle = needle
        self.fields = fields
        self.negated = negated

    def __repr__(self) -> str:
        """For test failures."""
        sign = "-" if self.negated else ""
        return f"TextTerm({sign}{self.needle!r} in {'/'.join(self.fields)})"

    def holds(self, haystacks: dict[str, str]) -> bool:
        """Whether the term holds for a film's folded fields."""
        found = any(self.needle in haystacks[field] for field in self.fields)
        return found != self.negated

    def sql(self) -> tuple[str, list[Any]]:
        """The term as an SQL condition over the index's `f_<field>` columns."""
        found = " OR ".join(f"instr(f_{field}, ?) > 0" for field in self.fields)
        return f"{'NOT ' if self.negated else ''}({found})", [self.needle] * len(self.fields)


class RangeTerm:
    """A number field within `low`..`high` (either end open), or, negated, not."""

    __slots__ = ("field", "high", "low", "negated")

    def __init__(self, field: str, low: int | None, high: int | None, negated: bool) -> None:
        """A range term; a film without the number is never in the range."""
        self.field = field
        self.low = low
        self.high = high
        self.negated = negated

    def __repr__(self) -> str:
        """For test failures."""
        sign = "-" if self.negated else ""
        return f"RangeTerm({sign}{self.field}:{self.low}..{self.high})"

    def holds_for(self, value: int | None) -> bool:
        """Whether the term holds for a film whose field is `value`."""
        inside = (
            value is not None
            and (self.low is None or value >= self.low)
            and (self.high is None or value <= self.high)
        )
        return inside != self.negated

    def sql(self) -> tuple[str, list[Any]]:
        """The term as an SQL condition (false, never NULL, for a missing number)."""
        parts, params = [f"{self.field} IS NOT NULL"], []
        if self.low is not None:
            parts.append(f"{self.field} >= ?")
            params.append(self.low)
        if self.high is not None:
            parts.append(f"{self.field} <= ?")
            params.append(self.high)
        return f"{'NOT ' if self.negated else ''}({' AND '.join(parts)})", params


Term = TextTerm | RangeTerm


class FilmQuery:
    """A parsed film query: the terms that must all hold."""

    __slots__ = ("terms",)

    def __init__(self, terms: tuple[Term, ...]) -> None:
        """A query of `terms`."""
        self.terms = terms

    def __repr__(self) -> str:
        """For test failures."""
        return f"FilmQuery({list(self.terms)!r})"

    @property
    def is_empty(self) -> bool:
        """True when the query matches every film."""
        return not self.terms

    def matches(self, film: Film) -> bool:
        """Whether `film` matches: the reference the shelf index must agree with."""
        haystacks = film_haystacks(film)
        numbers = film_numbers(film)
        return all(
            term.holds(haystacks)
            if isinstance(term, TextTerm)
            else term.holds_for(numbers[term.field])
            for term in self.terms
        )

    def sql(self) -> tuple[str, list[Any]]:
        """The query as one SQL condition (`1` when empty) and its parameters."""
        if not self.terms:
            return "1", []
        conditions, params = [], []
        for term in self.terms:
            condition, more = term.sql()
            conditions.append(condition)
            params.extend(more)
        return " AND ".join(conditions), params


def film_query_hint(text: str) -> str | None:
    """The command line's hint for a mistyped scope in a film query the live filter
    reads leniently (`directr:klap`: `did you mean director:?`), or None."""
    return scope_hint(text, _TOKEN, (*SCOPES, *NUMBER_SCOPES))


def film_query_problem(text: str) -> str | None:
    """What is wrong with a film query given on the command line, or None: besides an
    unknown scope or an unclosed quote, a number scope without a number or range."""
    problem = query_problem(text, _TOKEN, (*SCOPES, *NUMBER_SCOPES))
    if problem:
        return problem
    for found in tokens(text, _TOKEN):
        scope = fold(found["scope"]) if found["scope"] else None
        bare = found["word"] or ""
        if not scope and bare.endswith(":") and fold(bare[:-1]) in (*SCOPES, *NUMBER_SCOPES):
            return f"{found[0]!r} has nothing after the colon; write what {bare} should match"
        if scope not in NUMBER_SCOPES:
            continue
        value = found["phrase"] if found["phrase"] is not None else found["word"]
        numbers = _RANGE.fullmatch(value)
        example = f"{scope}:2001, {scope}:2000..2010, {scope}:2000.. or {scope}:..2010"
        if "runtime" == scope:
            example = "runtime:90, runtime:80..120, runtime:..100 or runtime:150.."
        if not numbers or not (numbers["low"] or numbers["high"]):
            return f"{found[0]!r}: {scope}: takes a whole number or a range, as {example}"
        if numbers["low"] and numbers["high"] and int(numbers["low"]) > int(numbers["high"]):
            return (
                f"{found[0]!r}: the range runs backwards; "
                f"write the smaller number first ({scope}:{numbers['high']}..{numbers['low']})"
            )
    return None


def parse_film_query(text: str) -> FilmQuery:
    """Parse what the user typed; never raises, ignores empty or half-typed parts."""
    return FilmQuery(tuple(term for found in tokens(text, _TOKEN) for term in _terms_of(found)))


def _terms_of(token: re.Match[str]) -> list[Term]:
    """Turn one token into terms: a range, a phrase, or one term per word."""
    negated = token["negated"] is not None
    scope, phrase, word = token["scope"], token["phrase"], token["word"]
    value = phrase if phrase is not None else word
    if not scope and value.endswith(":") and fold(value[:-1]) in (*SCOPES, *NUMBER_SCOPES):
        return []  # `director:` still being typed
    folded_scope = fold(scope) if scope else None
    if folded_scope in NUMBER_SCOPES:
        if value == "":
            return []  # `year:` still being typed
        found = _RANGE.fullmatch(value)
        if found and (found["low"] or found["high"]):
            low = int(found["low"]) if found["low"] else None
            high = int(found["high"]) if found["high"] else None
            if not found["dots"]:
                high = low
            return [RangeTerm(folded_scope, low, high, negated)]
    fields = (SCOPES[folded_scope],) if folded_scope in SCOPES else BARE_FIELDS
    if scope and folded_scope not in SCOPES:
        value = f"{scope}:{value}"  # not a text scope: match what was typed
    elif value == "" or (not scope and value == "-"):
        return []  # `director:`, `-` or `""` still being typed
    words = fold(value).split()
    if not words:
        return []
    if phrase is not None or negated:
        return [TextTerm(" ".join(words), fields, negated)]
    return [TextTerm(w, fields, negated) for w in words]


def fold_values(values: list[str]) -> str:
    """Fold a field's values into one haystack, runs of spaces made one."""
    return SEPARATOR.join(_one_space(fold(value)) for value in values)


def _one_space(folded: str) -> str:
    """Folded text with runs of spaces made one (most text has none: skip the regex)."""
    return _SPACES.sub(" ", folded) if "  " in folded else folded


def film_values(film: Film) -> dict[str, list[str]]:
    """The text of each query field of a record (fields the model lacks count as empty)."""
    original = getattr(film, "original_title", None)
    credits = film.credits
    return {
        "title": [film.title] if original is None else [film.title, original],
        "directors": [director.name for director in credits.directors],
        "cast": [member.name for member in credits.cast],
        "genres": list(film.genres),
        "languages": list(film.languages),
        "rating": [film.rating.classification] if film.rating else [],
        "countries": list(getattr(film, "countries", None) or []),
    }


def film_haystacks(film: Film) -> dict[str, str]:
    """The folded text of each query field of a record, as the index stores it."""
    return {field: fold_values(values) for field, values in film_values(film).items()}


def film_numbers(film: Film) -> dict[str, int | None]:
    """The number fields of a record (`runtime` is None until the model has it)."""
    return {"year": film.year, "runtime": getattr(film, "runtime", None)}
