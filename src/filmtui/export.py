"""JSON export of a film record, and the JSON Schema that describes it.

Keys come in the model's declaration order, `schema_version` first. The output is UTF-8 and
keeps every string exactly, but writes ESC and the other C0 controls, DEL, C1 controls and
bidi controls as ``\\u`` escapes, so `cat`-ing an export into a terminal is safe. This
module does not import textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from filmtui.model import Film, Quote

# UTF-8 encodings of DEL, C1 controls (U+0080-009F), ALM (U+061C), LRM/RLM (U+200E-200F),
# bidi embeddings and overrides (U+202A-202E) and isolates (U+2066-2069). msgspec already
# escapes C0 controls, ESC included. In JSON text these can only occur inside strings.
_UNSAFE_UTF8 = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
_ENCODER = msgspec.json.Encoder()


def _escape_unsafe(data: bytes) -> bytes:
    """Replace raw terminal-unsafe characters in encoded JSON with `\\uXXXX` escapes."""
    return _UNSAFE_UTF8.sub(lambda found: b"\\u%04x" % ord(found[0].decode("utf-8")), data)


def with_quotes(film: Film, quotes: Sequence[Quote]) -> Film:
    """Return the record with its quote list replaced (for filtered or sorted views)."""
    return msgspec.structs.replace(film, quotes=list(quotes))


def export_json(film: Film, *, compact: bool = False) -> bytes:
    """Encode the whole record as JSON, indented unless `compact`, ending in a newline."""
    data = _ENCODER.encode(film)
    if not compact:
        data = msgspec.json.format(data, indent=2)
    return _escape_unsafe(data) + b"\n"


def export_jsonl(film: Film) -> bytes:
    """Encode one quote per line, for `jq -c` and `grep`."""
    lines = [_ENCODER.encode(quote) for quote in film.quotes]
    return _escape_unsafe(b"".join(line + b"\n" for line in lines))


def schema_json() -> bytes:
    """Return the JSON Schema of the export, indented, ending in a newline."""
    schema = msgspec.json.schema(Film)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "filmtui film record"
    return msgspec.json.format(_ENCODER.encode(schema), indent=2) + b"\n"
