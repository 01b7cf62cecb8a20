"""Splitting a query into tokens, and telling a script what is wrong with one: shared by
the quote query (filmtui.matching) and the film query (filmtui.filmquery).
This module does not import textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from filmtui.folding import fold


def query_problem(text: str, token: re.Pattern[str], scopes: Iterable[str]) -> str | None:
    """What is wrong with a query a script passed (`--query`), or None.

    The live filter reads half-typed queries leniently; a command line must not turn a
    typo into "no match": an unknown scope or an unclosed quote is an error here.
    """
    known = sorted(set(scopes))
    for found in tokens(text, token):
        scope = found["scope"]
        if scope and fold(scope) not in known:
            nearest = nearest_scope(scope, known)
            hint = f"did you mean {nearest}:? " if nearest else ""
            return (
                f"unknown scope {scope}: in {found[0]!r}; {hint}known scopes: "
                + ", ".join(f"{name}:" for name in known)
                + '; to search for the text as written, put it in "quotes"'
            )
        if found["phrase"] is not None and found[0].count('"') < 2:
            return f'unclosed quote in {found[0]!r}: end the phrase with "'
    return None


def scope_hint(text: str, token: re.Pattern[str], scopes: Iterable[str]) -> str | None:
    """For the live filter, which reads an unknown scope as text: the command line's hint
    for the first unknown scope near a known one (`did you mean director:?`), or None."""
    known = sorted(set(scopes))
    for found in tokens(text, token):
        scope = found["scope"]
        nearest = nearest_scope(scope, known) if scope and fold(scope) not in known else None
        if nearest:
            return f"did you mean {nearest}:?"
    return None


def nearest_scope(scope: str, known: list[str]) -> str | None:
    """The known scope nearest to an unknown one, if any is near."""
    import difflib  # only to word a hint

    nearest = difflib.get_close_matches(fold(scope), known, n=1, cutoff=0.6)
    return nearest[0] if nearest else None


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
