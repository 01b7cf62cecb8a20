"""Strict loading of film records from TOML, or from filmtui's own JSON export.

Every way a record can be bad ends in one `RecordError` whose message is a single line
naming the file and the place: ``FILE:LINE:COL: message`` for syntax, ``FILE: field.path:
message`` for the schema. Nothing is coerced, dropped or half-loaded. This module does not
import textual.
"""

from __future__ import annotations

import os

import msgspec
import tomli

from filmtui.errors import RecordError as RecordError  # re-exported, as it always was
from filmtui.model import Film, Quote, ValidationError, convert, film_from_builtins
from filmtui.source import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported
from filmtui.source import MIB as MIB  # re-exported: the CLI sizes --max-size with it
from filmtui.source import STDIN, SourceError, read_source, source_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

_BOM = "\ufeff"


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
        raise RecordError(_schema_error(path, source, error)) from None


def loads(data: bytes, *, name: str = "<record>") -> Film:
    """Parse and validate record bytes; `name` is used in error messages."""
    return _validate(_parse(_decode(data, name), name), name, lambda: _decode(data, name))


def _decode(data: bytes, name: str) -> str:
    """UTF-8 bytes as text, without a leading byte-order mark."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        from filmtui.parse_errors import line_col

        line, col = line_col(data, error.start)
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


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML text, turning every parser failure into a located `RecordError`."""
    try:
        return tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError, ValueError) as failure:
        from filmtui import parse_errors  # only a failure needs it: a good record skips it

        raise RecordError(parse_errors.toml_failure(name, text, failure)) from None


def _parse_json(text: str, name: str) -> dict[str, Any]:
    """Parse a JSON export strictly: no duplicate keys, no NaN or Infinity."""
    try:
        parsed = msgspec.json.decode(text)
    except (msgspec.DecodeError, RecursionError) as failure:
        from filmtui import parse_errors

        raise RecordError(parse_errors.json_failure(name, text, failure)) from None
    if _has_repeated_keys(parsed, text):
        from filmtui import parse_errors

        repeated = parse_errors.duplicate_key(name, text)
        if repeated is not None:  # None when the count was off only by an escaped ':'
            raise RecordError(repeated)
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


def _validate(raw: dict[str, Any], name: str, source: Callable[[], str]) -> Film:
    """Check parsed data against the model; on failure, read the text again (`source`)
    to say where the offending key is."""
    try:
        return film_from_builtins(raw)
    except ValidationError as error:
        raise RecordError(_schema_error(name, source, error)) from None
    except RecursionError:
        from filmtui import parse_errors

        text = source()
        raise RecordError(parse_errors.too_deep(name, text, toml=not _is_json(text))) from None


def _schema_error(name: str, source: Callable[[], str], error: ValidationError) -> str:
    """The one-line message for a schema error, located in the record's text."""
    from filmtui.schema_errors import describe  # only a failure needs it

    try:
        text = source()
    except RecordError:  # the file changed or vanished since it was parsed
        return f"{name}: {error}"
    return describe(name, text, error.path, error.message)
