"""JSON export of a film record, and the JSON Schema that describes it.

Keys come in the model's declaration order, `schema_version` first; absent values are
`null` or `[]`. The output is UTF-8 and keeps every string exactly, but writes ESC and the
other C0 controls, DEL, C1 controls and bidi controls as ``\\u`` escapes, so `cat`-ing an
export into a terminal is safe. Dates are RFC 3339 strings. This module does not import
textual.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from json.encoder import encode_basestring  # the C encoder where available

from filmtui.model import Exactly, Film, Integer, Moment, Record, Text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from filmtui.model import Quote


# The C0 controls are escaped by the JSON encoder itself; these it leaves raw: DEL, C1
# controls, ALM, LRM/RLM, bidi embeddings/overrides (U+202A-202E) and isolates (U+2066-2069).
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SCALAR_KINDS = (Text, Integer, Exactly, Moment)


def _escape_unsafe(text: str) -> str:
    """Write terminal-unsafe characters that JSON allows raw as `\\uXXXX` escapes."""
    return _UNSAFE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def to_builtins(value: Any) -> Any:
    """A record as plain dicts, lists and strings, ready for `json.dumps`."""
    if isinstance(value, Record):
        return {field.name: to_builtins(getattr(value, field.name)) for field in value.FIELDS}
    if type(value) is list:
        return [to_builtins(item) for item in value]
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    return value


def _scalar(value: Any) -> str:
    """One JSON scalar."""
    if type(value) is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"'
    return json.dumps(value)


_templates: dict[tuple[type[Record], str], str | None] = {}


def _template(record_type: type[Record], indent: str) -> str | None:
    """A %-template for records whose fields are all scalars (quotes, ratings…), so that
    100,000 quotes are written without a call per key; None for other records."""
    key = (record_type, indent)
    if key not in _templates:
        flat = all(isinstance(field.kind, _SCALAR_KINDS) for field in record_type.FIELDS)
        inner = indent + "  "
        lines = ",\n".join(f'{inner}"{field.name}": %s' for field in record_type.FIELDS)
        _templates[key] = f"{{\n{lines}\n{indent}}}" if flat else None
    return _templates[key]


def _pretty(value: Any, indent: str) -> str:
    """JSON for `value`, indented by two spaces per level."""
    if isinstance(value, Record):
        template = _template(type(value), indent)
        if template is not None:
            return template % tuple(_scalar(getattr(value, f.name)) for f in value.FIELDS)
        inner = indent + "  "
        items = ",\n".join(
            f'{inner}"{field.name}": {_pretty(getattr(value, field.name), inner)}'
            for field in value.FIELDS
        )
        return f"{{\n{items}\n{indent}}}"
    if type(value) is list:
        if not value:
            return "[]"
        inner = indent + "  "
        items = ",\n".join(inner + _pretty(item, inner) for item in value)
        return f"[\n{items}\n{indent}]"
    return _scalar(value)


def _compact(value: Any) -> str:
    """JSON for `value` on one line."""
    return json.dumps(to_builtins(value), ensure_ascii=False, separators=(",", ":"))


def with_quotes(film: Film, quotes: Sequence[Quote]) -> Film:
    """Return the record with its quote list replaced (for filtered or sorted views)."""
    return film.replace(quotes=list(quotes))


def export_json(film: Film, *, compact: bool = False) -> bytes:
    """Encode the whole record as JSON, indented unless `compact`, ending in a newline."""
    text = _compact(film) if compact else _pretty(film, "")
    return (_escape_unsafe(text) + "\n").encode("utf-8")


def export_jsonl(film: Film) -> bytes:
    """Encode one quote per line, for `jq -c` and `grep`."""
    text = "".join(_compact(quote) + "\n" for quote in film.quotes)
    return _escape_unsafe(text).encode("utf-8")


def schema_json() -> bytes:
    """Return the JSON Schema of the export, indented, ending in a newline."""
    defs: dict[str, Any] = {}
    reference = Film.schema_ref(defs)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "filmtui film record",
        **reference,
        "$defs": defs,
    }
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
