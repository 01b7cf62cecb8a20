"""The one-line messages for records that fail to parse or validate.

Each function takes what the parser said and the record's text, and returns the line the
user sees: ``FILE:LINE:COL: message``, worded the same on every Python and parser version.
The loader imports this module only once something has failed, so a good record never
pays for it (nor for `filmtui.locate` and `filmtui.extremes`, which it uses). Schema
errors are worded by `filmtui.locate.describe`.
"""

from __future__ import annotations

import re
import sys

import tomli

from filmtui.extremes import NESTING_LIMIT, Place, too_long_integer
from filmtui.extremes import too_deep as find_too_deep
from filmtui.locate import first_definition, repeated_json_key


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


def _where(place: Place | None) -> str:
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
