"""JSON export of a film record, and the JSON Schema that describes it.

msgspec writes both: keys in the model's declaration order, `schema_version` first;
absent values are `null` or `[]`. The output is UTF-8 and keeps every string exactly, but
ESC and the other C0 controls, DEL, C1 controls and bidi controls are ``\\u`` escapes, so
`cat`-ing an export into a terminal is safe. Dates are RFC 3339 strings. This module does
not import textual or rich.
"""

from __future__ import annotations

from typing import Any

import msgspec

from filmtui.model import Film
from filmtui.terminal_safe import escape_unsafe as escape_unsafe  # re-exported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from filmtui.model import Quote

_encoder = msgspec.json.Encoder()
# Validators need not check formats; these patterns say the essentials anyway: a date is
# YYYY-MM-DD, and a date-time ends in its offset.
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_OFFSET_PATTERN = r"(?:[Zz]|[+-]\d{2}:\d{2})$"


def with_quotes(film: Film, quotes: Sequence[Quote]) -> Film:
    """Return the record with its quote list replaced (for filtered or sorted views)."""
    return film.replace(quotes=list(quotes))


def export_json(film: Film, *, compact: bool = False) -> bytes:
    """Encode the whole record as JSON, indented unless `compact`, ending in a newline."""
    data = _encoder.encode(film)
    if not compact:
        data = msgspec.json.format(data, indent=2)
    return escape_unsafe(data) + b"\n"


def export_jsonl(film: Film) -> bytes:
    """Encode one quote per line, for `jq -c` and `grep`."""
    return escape_unsafe(_encoder.encode_lines(film.quotes))


def schema() -> dict[str, Any]:
    """The JSON Schema of the export (and of the JSON records the loader reads)."""
    generated = msgspec.json.schema(Film)
    defs = generated["$defs"]
    # msgspec cannot type "a date or a date-time with offset" (see filmtui.model).
    defs["Film"]["properties"]["updated"] = {
        "anyOf": [
            {"type": "string", "format": "date", "pattern": _DATE_PATTERN},
            {"type": "string", "format": "date-time", "pattern": _OFFSET_PATTERN},
            {"type": "null"},
        ],
        "default": None,
    }
    defs["Quote"]["properties"]["date"]["anyOf"][0]["pattern"] = _DATE_PATTERN
    # Plain names are shorthand for {"name": …} on input (the export writes objects).
    for key in ("directors", "cast"):
        items = defs["Credits"]["properties"][key]["items"]
        items["anyOf"] = [{"type": "string", "minLength": 1}, {"$ref": items.pop("$ref")}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "filmtui film record",
        **generated,
    }


def schema_json() -> bytes:
    """Return the JSON Schema of the export, indented, ending in a newline."""
    return msgspec.json.format(_encoder.encode(schema()), indent=2) + b"\n"
