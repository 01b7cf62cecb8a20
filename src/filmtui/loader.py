"""Strict loading of film records from TOML, or from filmtui's own JSON export.

Every way a record can be bad ends in one `RecordError` whose message is a single line
naming the file and the place: ``FILE:LINE:COL: message`` for syntax, ``FILE: field.path:
message`` for the schema. Nothing is coerced, dropped or half-loaded. This module does not
import textual.
"""

from __future__ import annotations

import os
import re
import sys

import msgspec
import tomli

from filmtui.extremes import NESTING_LIMIT, Place, too_deep, too_long_integer
from filmtui.locate import describe, first_definition, repeated_json_key
from filmtui.model import Film, Quote, ValidationError, convert, film_from_builtins
from filmtui.source import MIB as MIB  # re-exported: the CLI sizes --max-size with it
from filmtui.source import STDIN, SourceError, read_source, source_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

DEFAULT_MAX_BYTES = 64 * MIB
_BOM = "\ufeff"


class RecordError(Exception):
    """A record could not be loaded; `str(error)` is the one line to show the user."""


def default_record_path() -> str:
    """Return the path of the record that ships inside the package."""
    return os.path.join(os.path.dirname(__file__), "data", "film.toml")


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Film:
    """Load and validate the record at `path` (TOML, or a JSON export).

    Raises `RecordError` for anything from a missing file to a wrong field type.
    """
    name = source_name(path)
    # The bytes are dropped as soon as they are decoded, and the text once parsed: on a
    # big record each is as large as the file.
    text, again = _read_text(path, name, max_bytes)
    raw = _parse(text, name)
    del text
    return _validate(raw, name, again)


def load_in_chunks(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, chunk_size: int = 10_000
) -> Iterator[Film | list[Quote]]:
    """Load a record as `load` does, yielding it in validated parts: first the record
    without its quotes, then its quotes `chunk_size` at a time.

    A consumer in another process can rebuild one part while the next is checked. Errors
    are those `load` gives, raised as the part holding them is reached.
    """
    text, source = _read_text(path, path, max_bytes)
    raw = _parse(text, path)
    del text
    quotes = raw.pop("quotes", [])
    yield _validate(raw, path, source)
    try:
        if type(quotes) is not list:
            convert(quotes, list[Quote], ("quotes", 0))  # raises, worded as `load` words it
        for start in range(0, len(quotes), chunk_size):
            yield convert(quotes[start : start + chunk_size], list[Quote], ("quotes", start))
    except ValidationError as error:
        raise RecordError(_describe(path, source, error)) from None


def loads(data: bytes, *, name: str = "<record>") -> Film:
    """Parse and validate record bytes; `name` is used in error messages."""
    return _validate(_parse(_decode(data, name), name), name, lambda: _decode(data, name))


def _decode(data: bytes, name: str) -> str:
    """UTF-8 bytes as text, without a leading byte-order mark."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _line_col(data, error.start)
        bad = data[error.start : error.start + 1].hex()
        raise RecordError(f"{name}:{line}:{col}: not valid UTF-8 (byte 0x{bad})") from None
    return text.removeprefix(_BOM)


def _parse(text: str, name: str) -> dict[str, Any]:
    """Parse a record's text: JSON if it is an object (an export), TOML otherwise."""
    if _is_json(text):
        return _parse_json(text, name)
    return _parse_toml(text, name)


def _is_json(text: str) -> bool:
    """Whether a record's text is JSON (an export is an object); TOML otherwise."""
    return text.lstrip().startswith("{")


def _read_text(
    path: str | os.PathLike[str], name: str, max_bytes: int
) -> tuple[str, Callable[[], str]]:
    """The record's text, and how to get it again to locate an error: a file is read
    again (so its text need not be kept meanwhile); the bytes of stdin or a pipe are kept."""
    data = _read(path, max_bytes)
    if os.fspath(path) != STDIN and os.path.isfile(path):
        return _decode(data, name), lambda: _decode(_read(path, max_bytes), name)
    return _decode(data, name), lambda: _decode(data, name)


def _read(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """A record's bytes from a file, `-` (stdin) or a pipe (see filmtui.source)."""
    try:
        return read_source(path, max_bytes)
    except SourceError as error:
        raise RecordError(str(error)) from None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of a byte offset."""
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML text, turning every parser failure into a located `RecordError`."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        line, col, message = _toml_error_parts(error)
        if message.startswith(("cannot overwrite a value", "cannot declare")):
            line, col, message = _explain_repeat(text, line, col, message)
        raise RecordError(f"{name}:{line}:{col}: {message}") from None
    except RecursionError:
        raise _too_deep(text, name, toml=True) from None
    except ValueError as error:
        if "integer string conversion" in str(error):
            # Python words this differently from version to version: say it ourselves.
            raise _too_long_integer(text, name, toml=True) from None
        raise RecordError(f"{name}: {_first_clause(str(error))}") from None


def _too_deep(text: str, name: str, toml: bool) -> RecordError:
    """The error for values nested deeper than the parser goes, at the key that does it."""
    place = too_deep(text, toml)
    problem = (
        f"lists or tables nested more than {NESTING_LIMIT} deep; "
        "a film record needs only a few levels"
    )
    return RecordError(f"{name}:{_where(place)}{problem}")


def _too_long_integer(text: str, name: str, toml: bool) -> RecordError:
    """The error for an integer past Python's digit limit, at the number itself."""
    limit = sys.get_int_max_str_digits()
    place = too_long_integer(text, toml, limit)
    problem = (
        f"an integer has more than {limit} digits; "
        "write the number as it really is (years and runtimes are small)"
    )
    return RecordError(f"{name}:{_where(place)}{problem}")


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
            (f"table {written} is declared twice (first on line {first}); declare each table once"),
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


def _parse_json(text: str, name: str) -> dict[str, Any]:
    """Parse a JSON export strictly: no duplicate keys, no NaN or Infinity."""
    try:
        parsed = msgspec.json.decode(text)
    except msgspec.DecodeError as error:
        if str(error).startswith("Integer value out of range"):
            raise _too_long_integer(text, name, toml=False) from None
        found = re.fullmatch(r"(?:JSON is malformed: )?(.*?)(?: \(byte (\d+)\))?", str(error))
        assert found is not None  # the pattern matches any text
        data = text.encode("utf-8")
        offset = int(found[2]) if found[2] else len(data)
        if found[1] == "trailing characters":
            offset -= 1  # msgspec counts past the first of them
        line, col = _line_col(data, offset)
        raise RecordError(f"{name}:{line}:{col}: {_lower_first(found[1])}") from None
    except RecursionError:
        raise _too_deep(text, name, toml=False) from None
    if _has_repeated_keys(parsed, text):
        _name_duplicate_key(text, name)
    return parsed  # type: ignore[no-any-return]


def _has_repeated_keys(parsed: Any, text: str) -> bool:
    """Whether `text` may repeat a key, which msgspec (like most parsers) silently drops.

    Written back compactly, the parsed data has one ':' per key kept plus those inside
    strings; the text has one per key written plus those inside strings, some perhaps
    escaped (counted too, even where the backslash is itself escaped). A dropped key can
    only make the first count smaller; anything else (an escape) sends the text to the
    exact check, never past it. Two C-speed passes instead of a parser in Python.
    """
    kept = msgspec.json.encode(parsed).count(b":")
    written = text.count(":") + text.count("\\u003a") + text.count("\\u003A")
    return kept != written


def _name_duplicate_key(text: str, name: str) -> None:
    """Raise the error for a key that `text` repeats, naming it and both places (if it
    repeats none, as when a ':' was escaped, return)."""
    found = repeated_json_key(text)
    if found is not None:
        key, line, col, first = found
        raise RecordError(
            f"{name}:{line}:{col}: duplicate key {key} (first on line {first}); give each key once"
        )


def _validate(raw: dict[str, Any], name: str, source: Callable[[], str]) -> Film:
    """Check parsed data against the model; on failure, read the text again (`source`)
    to say where the offending key is."""
    try:
        return film_from_builtins(raw)
    except ValidationError as error:
        raise RecordError(_describe(name, source, error)) from None
    except RecursionError:
        text = source()
        raise _too_deep(text, name, toml=not _is_json(text)) from None


def _describe(name: str, source: Callable[[], str], error: ValidationError) -> str:
    """The one-line message for a schema error, located in the record's text."""
    try:
        text = source()
    except RecordError:  # the file changed or vanished since it was parsed
        return f"{name}: {error}"
    return describe(name, text, error.path, error.message)


def _lower_first(text: str) -> str:
    """Lower-case the first letter, so messages read on after a colon."""
    return text[:1].lower() + text[1:]


def _first_clause(text: str) -> str:
    """Keep the first clause of a long Python error message."""
    return _lower_first(text.split(";")[0])
