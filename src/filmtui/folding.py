"""Folding text for matching: lower case, accents removed, every kind of space a plain
space. The quote query, the film query and the shelf index all compare folded text.
NUL folds to U+FFFD: SQLite's FTS5 reads text as C strings, so a NUL in the index's folded
text would hide what follows it from the search index (a needle folds the same way, so
matching is unchanged). This module does not import textual.
"""

from __future__ import annotations

import unicodedata


class _FoldTable(dict[int, str]):
    """Maps a code point to its folded form, computing each one on first use."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace():
            folded = " "
        elif char == "\x00":
            folded = _NUL
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        self[code] = folded
        return folded


_NUL = "\ufffd"  # what NUL folds to (see the module's docstring)
_FOLD = _FoldTable()
_ASCII_FOLD = str.maketrans({"\x00": _NUL, **{c: " " for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"}})


#: The table's Latin-1 part as a plain dict, which `str.translate` reads faster; filled on
#: first use (a few milliseconds, which a command that folds no text need not pay).
_LATIN_1: dict[int, str] = {}


def _latin_1() -> dict[int, str]:
    """The Latin-1 table, filled."""
    if not _LATIN_1:
        _LATIN_1.update({code: _FOLD[code] for code in range(256)})
    return _LATIN_1


def fold(text: str) -> str:
    """Fold text for matching: lower case, accents removed, every space a plain space."""
    if text.isascii():
        return text.lower().translate(_ASCII_FOLD)
    try:
        text.encode("latin-1")  # most accented text is: a C-speed check
    except UnicodeEncodeError:
        return text.translate(_FOLD)
    return text.translate(_LATIN_1 or _latin_1())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold text and return, for each folded character, the index of its source character.

    The list has one extra entry, ``len(text)``, so a folded span ``(a, b)`` maps back to
    the original span ``(offsets[a], offsets[b])``; marks that fold to nothing after a
    matched letter are included in the original span.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _FOLD[ord(char)]
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    offsets.append(len(text))
    return "".join(pieces), offsets
