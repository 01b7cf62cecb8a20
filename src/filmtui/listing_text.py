"""The text layer of a film listing: decoding, blocks of lines and their shapes.

The rules these implement are written down in `filmtui.importer`. This module does not
import textual.
"""

from __future__ import annotations

import re

_CLOSERS = "\"'\u201d\u2019»)]"
_FULL_STOPS = ".!?…:;,"
_SENTENCE_BREAK = re.compile(f"[.!?…][{re.escape(_CLOSERS)}]* +\\S")
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 10
PARAGRAPH_MIN_CHARS = 121
MAX_LISTING_BYTES = 16 * 1024 * 1024


class ListingError(Exception):
    """A listing could not be imported; `str(error)` is the one line to show the user."""


class Block:
    """A run of non-blank lines, with the 1-based number of its first line."""

    __slots__ = ("lines", "number")

    def __init__(self, number: int, lines: list[str]) -> None:
        self.number = number
        self.lines = lines

    @property
    def text(self) -> str:
        """The block's lines joined by line breaks."""
        return "\n".join(self.lines)


def decode(data: bytes, name: str) -> str:
    """The listing's text, or a ListingError for empty, binary or non-UTF-8 input."""
    if len(data) > MAX_LISTING_BYTES:
        raise ListingError(f"{name}: too large for a film listing ({len(data)} bytes)")
    if b"\x00" in data:
        raise ListingError(f"{name}: binary data, not a film listing's text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ListingError(
            f"{name}: not UTF-8 text (byte {error.start}); save the listing as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ListingError(f"{name}: empty file, not a film listing")
    return text


def blocks(text: str) -> list[Block]:
    """Split text into blocks of non-blank lines, each line trimmed of spaces and tabs."""
    found: list[Block] = []
    current: Block | None = None
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        if not line.strip():
            current = None
            continue
        if current is None:
            current = Block(number, [])
            found.append(current)
        current.lines.append(line.strip(" \t"))
    return found


def ends_sentence(line: str) -> bool:
    """Whether a line ends with a full stop, possibly inside closing quotes/brackets."""
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FULL_STOPS


def shape(block: Block) -> str:
    """`heading`, `paragraph` or `unclear` (rule 9)."""
    if len(block.lines) > 1:
        return "paragraph"
    line = block.lines[0]
    if ends_sentence(line) or len(line) >= PARAGRAPH_MIN_CHARS:
        return "paragraph"
    if (
        len(line) <= HEADING_MAX_CHARS
        and len(line.split()) <= HEADING_MAX_WORDS
        and not _SENTENCE_BREAK.search(line)
    ):
        return "heading"
    return "unclear"


class Lines:
    """A cursor over the lines of the blocks, for the line-by-line part of the listing."""

    def __init__(self, found: list[Block], name: str) -> None:
        self.items = [(b, i) for b in found for i in range(len(b.lines))]
        self.at = 0
        self.name = name

    def peek(self) -> str | None:
        """The next line, or None at the end."""
        if self.at == len(self.items):
            return None
        block, index = self.items[self.at]
        return block.lines[index]

    def number(self) -> int:
        """The line number of the next line (or of the last one, at the end)."""
        block, index = self.items[min(self.at, len(self.items) - 1)]
        return block.number + index

    def error(self, message: str) -> ListingError:
        """An error naming the next line."""
        return ListingError(f"{self.name}:{self.number()}: {message}")

    def rest(self) -> list[Block]:
        """The remaining lines as blocks (a block cut in two starts at the cut)."""
        rest: list[Block] = []
        for block, index in self.items[self.at :]:
            if index == 0 or not rest:
                rest.append(Block(block.number + index, []))
            rest[-1].lines.append(block.lines[index])
        return rest
