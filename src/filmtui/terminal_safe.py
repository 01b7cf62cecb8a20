"""JSON bytes made safe to `cat` into a terminal: what JSON allows raw, written as escapes.

Apart from the export (which uses it) so that `filmtui search` on a warm shelf index,
whose stored exports are already safe, can escape the few fields it adds without
importing msgspec. This module does not import textual.
"""

from __future__ import annotations

import re

# msgspec and json escape the C0 controls; these they write raw, shown here as their UTF-8
# bytes: DEL, C1 controls, ALM, LRM/RLM, bidi embeddings/overrides (U+202A-202E) and
# isolates (U+2066-2069). The multi-byte forms cannot match inside other characters: UTF-8
# lead bytes never occur as continuation bytes.
_UNSAFE = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def escape_unsafe(data: bytes) -> bytes:
    """Write terminal-unsafe characters that JSON allows raw as `\\uXXXX` escapes."""
    return _UNSAFE.sub(lambda found: b"\\u%04x" % ord(found[0].decode()), data)
