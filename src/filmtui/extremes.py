"""Where a record goes past what its parser can hold: values nested too deeply, or an
integer with more digits than Python converts.

Python's parsers only say that it happened (a `RecursionError`, a `ValueError`, msgspec's
"Integer value out of range"), never where. These functions find the place again in the
text, so that the error can name its line, column and key as every other error does.
They run only after a parse has failed, so a regular-expression scan is fast enough, and
no parser library reports positions for these cases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

NESTING_LIMIT = 64
"""Brackets deeper than this are reported; a valid record nests lists and tables at most
4 deep, and the parsers give up at several hundred."""

_TOML_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_TOML_TOKENS = re.compile(
    rf"(?P<key>{_TOML_KEY_PART}(?:\s*\.\s*{_TOML_KEY_PART})*)(?=[ \t]*=)"
    r'|"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""'  # multi-line basic string
    r"|'''[\s\S]*?'''"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string (also a quoted key)
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|(?P<open>[\[{])|(?P<close>[\]}])"
    r"|(?P<number>[+-]?[0-9][0-9_]*)"
)
_JSON_TOKENS = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*")(?=\s*:)'
    r'|"(?:[^"\\]|\\.)*"'
    r"|(?P<open>[\[{])|(?P<close>[\]}])"
    r"|(?P<number>-?[0-9]+)"
)


class KeyPlace(NamedTuple):
    """Where a problem is: 1-based line and column, and the key it belongs to, if any."""

    line: int
    column: int
    key: str | None


def _tokens(text: str, toml: bool) -> Iterator[re.Match[str]]:
    """The structural tokens of `text`, with strings and comments skipped over whole."""
    pattern = _TOML_TOKENS if toml else _JSON_TOKENS
    for token in pattern.finditer(text):
        if token.lastgroup is not None:
            yield token


def _place(text: str, offset: int, key: str | None) -> KeyPlace:
    """The line and column of `offset` in `text`, with `key`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return KeyPlace(text.count("\n", 0, offset) + 1, offset - line_start + 1, key)


def _key_name(token: re.Match[str], toml: bool) -> str:
    """A key as a person wrote it, without JSON's quotes or TOML's spaces around dots."""
    written = token["key"]
    if toml:
        return re.sub(r"\s*\.\s*", ".", written)
    return written[1:-1]


def too_deep(text: str, toml: bool) -> KeyPlace | None:
    """The key whose value nests brackets past `NESTING_LIMIT`, or None if nothing does."""
    depth = 0
    key: re.Match[str] | None = None
    for token in _tokens(text, toml):
        kind = token.lastgroup
        if kind == "key":
            key = token
        elif kind == "open":
            depth += 1
            if depth > NESTING_LIMIT:
                if key is None:
                    return _place(text, token.start(), None)
                return _place(text, key.start(), _key_name(key, toml))
        elif kind == "close":
            depth = max(depth - 1, 0)
    return None


def too_long_integer(text: str, toml: bool, max_digits: int) -> KeyPlace | None:
    """The first integer with more than `max_digits` digits, or None if there is none."""
    key: re.Match[str] | None = None
    for token in _tokens(text, toml):
        if token.lastgroup == "key":
            key = token
        elif token.lastgroup == "number":
            digits = sum(char.isdigit() for char in token["number"])
            if digits > max_digits:
                name = _key_name(key, toml) if key is not None else None
                return _place(text, token.start(), name)
    return None
