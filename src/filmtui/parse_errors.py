"""The one-line messages for records that TOML or JSON cannot parse.

Each function takes what the parser said and the record's text, and returns the line the
user sees: ``FILE:LINE:COL: message``, with the fix, worded the same on every Python and
parser version. The loader imports this module only once parsing has failed, so a good
record never pays for it (nor for `filmtui.locate` and `filmtui.extremes`). Records that
parse but do not fit the model are worded by `filmtui.schema_errors`.
"""

from __future__ import annotations

import re
import sys

import tomli

from filmtui.extremes import NESTING_LIMIT, KeyPlace, too_long_integer
from filmtui.extremes import too_deep as find_too_deep
from filmtui.locate import (
    first_definition,
    open_literal_string,
    repeated_json_key,
)


def line_col(data: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of a byte offset."""
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def toml_failure(name: str, text: str, failure: Exception) -> str:
    """The message for anything tomli raised on `text`."""
    if isinstance(failure, tomli.TOMLDecodeError):
        line, col, message = _toml_error_parts(failure)
        if message.startswith(("cannot overwrite a value", "cannot declare")):
            line, col, message = _explain_repeat(text, line, col, message)
        elif message.startswith("cannot mutate immutable namespace"):
            line, col, message = _explain_fixed(text, line, col, message)
        elif message == 'expected "\'"' and (found := open_literal_string(text)):
            line, col = found  # tomli reports the end of the document
            message = _plain_toml(
                text.splitlines()[line - 1 : line], col, "illegal character '\\n'"
            )
        else:
            message = _plain_toml(text.splitlines()[line - 1 : line] or [""], col, message)
        return f"{name}:{line}:{col}: {message}"
    if isinstance(failure, RecursionError):
        return too_deep(name, text, toml=True)
    if "integer string conversion" in str(failure):
        # Python words this differently from version to version: say it ourselves.
        return _too_long_integer(name, text, toml=True)
    return f"{name}: {_first_clause(str(failure))}"


def json_failure(name: str, text: str, failure: Exception) -> str:
    """The message for anything msgspec raised on `text`."""
    if isinstance(failure, RecursionError):
        return too_deep(name, text, toml=False)
    if str(failure).startswith("Integer value out of range"):
        return _too_long_integer(name, text, toml=False)
    found = re.fullmatch(r"(?:JSON is malformed: )?(.*?)(?: \(byte (\d+)\))?", str(failure))
    assert found is not None  # the pattern matches any text
    data = text.encode("utf-8")
    offset = int(found[2]) if found[2] else len(data)
    if found[1] == "trailing characters":
        offset -= 1  # msgspec counts past the first of them
    line, col = line_col(data, offset)
    return f"{name}:{line}:{col}: {_lower_first(found[1])}"


def duplicate_key(name: str, text: str) -> str | None:
    """The message for a key that `text` repeats, naming it and both places (None if it
    repeats none)."""
    found = repeated_json_key(text)
    if found is None:
        return None
    key, line, col, first = found
    return f"{name}:{line}:{col}: duplicate key {key} (first on line {first}); give each key once"


def too_deep(name: str, text: str, toml: bool) -> str:
    """The message for values nested deeper than the parser goes, at the key doing it."""
    problem = (
        f"lists or tables nested more than {NESTING_LIMIT} deep; "
        "a film record needs only a few levels"
    )
    return f"{name}:{_where(find_too_deep(text, toml))}{problem}"


def _too_long_integer(name: str, text: str, toml: bool) -> str:
    """The message for an integer past Python's digit limit, at the number itself."""
    limit = sys.get_int_max_str_digits()
    problem = (
        f"an integer has more than {limit} digits; "
        "write the number as it really is (years and runtimes are small)"
    )
    return f"{name}:{_where(too_long_integer(text, toml, limit))}{problem}"


def _where(place: KeyPlace | None) -> str:
    """`LINE:COL: key: ` for a found place (the key only if known), else a lone space."""
    if place is None:
        return " "
    key = f" {place.key}:" if place.key is not None else ""
    return f"{place.line}:{place.column}:{key} "


def _explain_repeat(text: str, line: int, col: int, message: str) -> tuple[int, int, str]:
    """tomli's "cannot overwrite a value" and "cannot declare ('rating',) twice", said
    with the key or table as written and the line where it was first set."""
    found = first_definition(text, line)
    if found is None:  # not found again: at least do not show a Python tuple
        return line, col, re.sub(r"\('([^)]*?)',?\)", lambda m: m[1].replace("', '", "."), message)
    written, first, key_col = found
    if written.startswith("["):
        return (
            line,
            key_col,
            f"table {written} is declared twice (first on line {first}); declare each table once",
        )
    return line, key_col, f"{written} is set twice (first on line {first}); set each key once"


def _explain_fixed(text: str, line: int, col: int, message: str) -> tuple[int, int, str]:
    """tomli's "cannot mutate immutable namespace ('quotes',)": a table or key that would
    add to a value already written whole (``quotes = []`` and then ``[[quotes]]``)."""
    found = first_definition(text, line)
    if found is None:
        return _explain_repeat(text, line, col, message)
    written, first, key_col = found
    return (
        line,
        key_col,
        f"{written} adds to a value set whole on line {first}; "
        "write it one way: all in that value, or all in tables",
    )


_QUOTES_BEFORE = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*|(["\'])')


def _plain_toml(lines: list[str], col: int, message: str) -> str:
    """tomli's terse messages said with the fix: a string left open at the end of its
    line, a control character, a key twice in one inline table."""
    if found := re.fullmatch(r"illegal character '\\x([0-9a-f]{2})'", message):
        code = int(found[1], 16)
        return (
            f"control character U+{code:04X} is not allowed here; "
            f"inside a string, write it as \\u{code:04X}"
        )
    if message == "illegal character '\\n'":
        opened = [quote for quote in _QUOTES_BEFORE.findall(lines[0][: col - 1]) if quote]
        if opened:
            return _not_closed(opened[0])
    if found := re.fullmatch(r"duplicate inline table key '(.*)'", message):
        return f"{found[1]} is set twice in this inline table; set each key once"
    return message


def _not_closed(quote: str) -> str:
    """The message for a string whose closing `quote` is missing on its line."""
    return (
        f"string not closed at the end of the line; end it with {quote} "
        f"(text over several lines goes between {quote * 3} and {quote * 3})"
    )


def _toml_error_parts(error: tomli.TOMLDecodeError) -> tuple[int, int, str]:
    """Return line, column and bare message of a TOML error (tomli 2.0 lacks attributes)."""
    lineno = getattr(error, "lineno", None)
    colno = getattr(error, "colno", None)
    msg = getattr(error, "msg", None)
    if lineno is not None and colno is not None and msg is not None:
        return lineno, colno, _lower_first(msg)
    found = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(error))
    if found:
        return int(found[2]), int(found[3]), _lower_first(found[1])
    return 1, 1, _lower_first(str(error))


def _lower_first(text: str) -> str:
    """Lower-case the first letter, so messages read on after a colon."""
    return text[:1].lower() + text[1:]


def _first_clause(text: str) -> str:
    """Keep the first clause of a long Python error message."""
    return _lower_first(text.split(";")[0])
