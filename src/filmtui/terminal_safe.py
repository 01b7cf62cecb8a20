"""JSON made safe to `cat` into a terminal: what JSON allows raw, written as escapes.

Apart from the export (which uses it) so that `filmtui search` on a warm shelf index,
whose stored exports are already safe, can escape the few fields it adds without
importing msgspec. The same characters are matched in JSON bytes (the export, as msgspec
writes it) and in JSON text (what `search` adds). This module does not import textual.
"""

from __future__ import annotations

import re

# msgspec and json escape the C0 controls; these they write raw (in _UNSAFE as their UTF-8
# bytes, in _UNSAFE_TEXT as characters): DEL, C1 controls, ALM, LRM/RLM, bidi
# embeddings/overrides (U+202A-202E) and isolates (U+2066-2069). The multi-byte forms
# cannot match inside other characters: UTF-8 lead bytes never occur as continuation bytes.
_UNSAFE = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
_UNSAFE_TEXT = re.compile(r"[\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_unsafe(data: bytes) -> bytes:
    """Write terminal-unsafe characters that JSON allows raw as `\\uXXXX` escapes."""
    return _UNSAFE.sub(lambda found: b"\\u%04x" % ord(found[0].decode()), data)


def escape_unsafe_text(text: str) -> str:
    """As `escape_unsafe`, for JSON text."""
    return _UNSAFE_TEXT.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
