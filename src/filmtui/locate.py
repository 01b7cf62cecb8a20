"""Where a field of a parsed record is in its source text, for error messages.

Neither tomli nor msgspec reports positions for parsed values, so this module finds them
again from a field's path (``("quotes", 4, "source")``): a line-by-line scan of TOML
(headers, keys, and enough of values to skip multi-line strings and arrays) and a token
scan of JSON, following inline arrays and tables down to the item or key. Written by hand
because no maintained TOML parser keeps positions; it runs only once loading has failed.
This module does not import textual or rich.
"""

from __future__ import annotations

import re
from typing import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

Path = tuple[str | int, ...]


class Place(NamedTuple):
    """A located key: its line, the columns of the key and of its value (1-based), and
    the table header it sits under (``[[credits.cast]]``, its line), if any."""

    line: int
    key_col: int
    value_col: int
    table: tuple[str, int] | None = None


_BARE = r"[A-Za-z0-9_-]+"
_PART = rf'(?:{_BARE}|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
_DOTTED = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"
_HEADER = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]\]?")
_KEY = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=[ \t]*")
_PARTS = re.compile(_PART)
# What matters inside a value: strings (to skip), comments, brackets.
_VALUE_TOKEN = re.compile(r'"""|\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#|[\[\]{}]')


def _key_parts(dotted: str) -> tuple[str, ...]:
    """``a."b.c".d`` as ``("a", "b.c", "d")`` (escapes in quoted keys are rare; kept)."""
    return tuple(part.strip("\"'") for part in _PARTS.findall(dotted))


def _scan_value(text: str, pos: int, depth: int) -> tuple[int, str | None]:
    """Scan a value from `pos` to the end of its line: the bracket depth after it, and
    the multi-line string delimiter left open, if any."""
    while found := _VALUE_TOKEN.search(text, pos):
        token = found[0]
        if token in ('"""', "'''"):
            close = text.find(token, found.end())
            if close < 0:
                return depth, token
            pos = close + 3
            continue
        if token == "#":
            return depth, None
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
        pos = found.end()
    return depth, None


class _Entry(NamedTuple):
    """A table header or a key line of TOML, with the path it defines."""

    path: Path
    place: Place
    is_header: bool


def _toml_entries(text: str) -> Iterator[_Entry]:
    """Every header and key of TOML `text`, in order, skipping what is inside values."""
    table: Path = ()
    header: tuple[str, int] | None = None
    arrays: dict[Path, int] = {}  # [[array]] paths and how many tables each has so far
    depth, open_string = 0, None
    for number, line in enumerate(text.splitlines(), 1):
        if open_string is not None:
            close = line.find(open_string)
            if close >= 0:
                depth, open_string = _scan_value(line, close + 3, depth)
        elif depth > 0:
            depth, open_string = _scan_value(line, 0, depth)
        elif found := _HEADER.match(line):
            keys = _key_parts(found[2])
            if found[1] == "[[":
                full = _resolve(arrays, keys[:-1]) + keys[-1:]
                arrays[full] = arrays.get(full, 0) + 1
                table = (*full, arrays[full] - 1)
            else:
                table = _resolve(arrays, keys)
            header = (line[found.start(1) : found.end()].strip(), number)
            yield _Entry(table, Place(number, found.start(1) + 1, found.start(1) + 1, header), True)
        elif found := _KEY.match(line):
            place = Place(number, found.start(1) + 1, found.end() + 1, header)
            yield _Entry((*table, *_key_parts(found[1])), place, False)
            depth, open_string = _scan_value(line, found.end(), 0)


def locate_toml(text: str, target: Path) -> Place | None:
    """The place of `target` in TOML `text`, or of its deepest part that is written there
    (a missing key gives its table's header or inline table)."""
    best: _Entry | None = None
    for entry in _toml_entries(text):
        if target[: len(entry.path)] == entry.path:
            best = entry
            if entry.path == target:
                break
    if best is None or best.is_header or best.path == target:
        return None if best is None else best.place
    line_start = _line_offset(text, best.place.line)
    start = line_start + best.place.value_col - 1
    key, value = _descend(text, start, target[len(best.path) :])
    if key == start:
        return best.place
    line, key_col = _line_col(text, key)
    value_col = _line_col(text, value)[1] if text.count("\n", key, value) == 0 else key_col
    return Place(line, key_col, value_col, best.place.table)


_SPACE = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_STRING = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""\"{0,2}|\'\'\'[\s\S]*?\'\'\'\'{0,2}'
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\''
)
_SCALAR = re.compile(r"[^,\]}\n#]*")


def _descend(text: str, pos: int, rest: Path) -> tuple[int, int]:
    """Follow `rest` into the inline value (arrays, inline tables) at `pos`: the offsets
    of the deepest key (or array item) reached and of its value."""
    key = value = pos
    while rest:
        step = rest[0]
        if isinstance(step, int) and text.startswith("[", pos):
            item = _nth_item(text, pos + 1, step)
            if item is None:
                break
            key = value = pos = item
            rest = rest[1:]
        elif isinstance(step, str) and text.startswith("{", pos):
            found = _inline_key(text, pos + 1, rest)
            if found is None:
                break
            key, pos, size = found
            value = pos
            rest = rest[size:]
        else:
            break
    return key, value


def _nth_item(text: str, pos: int, index: int) -> int | None:
    """The offset of item `index` of the inline array whose items begin at `pos`."""
    pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
    for _ in range(index):
        if text.startswith("]", pos):
            return None
        pos = _SPACE.match(text, _skip_value(text, pos)).end()  # type: ignore[union-attr]
        if not text.startswith(",", pos):
            return None
        pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    return None if text.startswith("]", pos) else pos


def _inline_key(text: str, pos: int, rest: Path) -> tuple[int, int, int] | None:
    """In the inline table whose pairs begin at `pos`, the key that starts `rest`: its
    offset, its value's offset and how many parts of `rest` it names."""
    while found := _KEY.match(text, _SPACE.match(text, pos).end()):  # type: ignore[union-attr]
        parts = _key_parts(found[1])
        if tuple(rest[: len(parts)]) == parts:
            return found.start(1), found.end(), len(parts)
        pos = _SPACE.match(text, _skip_value(text, found.end())).end()  # type: ignore[union-attr]
        if not text.startswith(",", pos):
            return None
        pos += 1
    return None


def _skip_value(text: str, pos: int) -> int:
    """The offset just past the TOML value at `pos`."""
    if found := _STRING.match(text, pos):
        return found.end()
    if text.startswith(("[", "{"), pos):
        depth = 0
        while found := _VALUE_TOKEN.search(text, pos):
            token = found[0]
            if token in ('"""', "'''"):
                closed = _STRING.match(text, found.start())
                pos = closed.end() if closed else len(text)
                continue
            if token == "#":
                pos = text.find("\n", found.end())
                pos = len(text) if pos < 0 else pos
                continue
            pos = found.end()
            if token in "[{":
                depth += 1
            elif token in "]}":
                depth -= 1
                if depth == 0:
                    return pos
        return len(text)
    return pos + len(_SCALAR.match(text, pos)[0].rstrip())  # type: ignore[index]


def _line_offset(text: str, line: int) -> int:
    """The offset where 1-based `line` begins."""
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos


def first_definition(text: str, line: int) -> tuple[str, int, int] | None:
    """For the header or key on `line` that TOML refused as a repeat: its name as
    written (``title``, ``[rating]``), the line where it (or the value it would go
    inside) was first set, and its column."""
    seen: dict[Path, int] = {}
    for entry in _toml_entries(text):
        if entry.place.line == line:
            for size in range(len(entry.path), 0, -1):
                if entry.path[:size] in seen:
                    if entry.is_header and entry.place.table:
                        written = entry.place.table[0]
                    else:
                        source = text.splitlines()[line - 1][entry.place.key_col - 1 :]
                        written = source.split("=")[0].strip()
                    return written, seen[entry.path[:size]], entry.place.key_col
            return None
        seen.setdefault(entry.path, entry.place.line)
    return None


_UNCLOSED_LITERAL = re.compile(r"'[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"|#.*|(')")


def open_literal_string(text: str) -> tuple[int, int] | None:
    """The end (line, column) of the first key line whose value opens a 'literal string'
    and does not close it on that line; None if there is none."""
    lines = text.splitlines()
    for entry in _toml_entries(text):
        if not entry.is_header:
            line = lines[entry.place.line - 1]
            value = line[entry.place.value_col - 1 :]
            if not value.startswith("'''") and any(
                found[1] for found in _UNCLOSED_LITERAL.finditer(value)
            ):
                return entry.place.line, len(line) + 1
    return None


def _resolve(arrays: dict[Path, int], keys: tuple[str, ...]) -> Path:
    """A header's keys as a path, with the index of the latest table of each [[array]]
    it passes through (``[quotes.extra]`` belongs to the last ``[[quotes]]``)."""
    path: Path = ()
    for key in keys:
        path = (*path, key)
        if path in arrays:
            path = (*path, arrays[path] - 1)
    return path


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


def locate_json(text: str, target: Path) -> Place | None:
    """The place of `target` in JSON `text` (its key, and its value where that is an
    object, array or string), or of its deepest part that is there."""
    import json

    # One frame per open container: [is_object, key or index, expecting a key].
    stack: list[list[object]] = []
    best: Place | None = None
    key_place: tuple[int, int] | None = None
    for found in _JSON_TOKEN.finditer(text):
        token, start = found[0], found.start()
        top = stack[-1] if stack else None
        if token == ":":
            assert top is not None
            top[2] = False
        elif token == ",":
            assert top is not None
            if top[0]:
                top[2] = True
            else:
                top[1] = int(top[1]) + 1  # type: ignore[call-overload]
        elif token in "}]":
            stack.pop()
        elif token[0] == '"' and top is not None and top[0] and top[2]:
            top[1] = json.loads(token)
            path = tuple(frame[1] for frame in stack)
            if target[: len(path)] == path:
                line, col = _line_col(text, start)
                best = Place(line, col, col)
                key_place = (line, col)
        else:  # a value that is an object, an array or a string
            path = tuple(frame[1] for frame in stack)
            if target[: len(path)] == path and path:
                line, col = _line_col(text, start)
                after_key = top is not None and top[0] and key_place and key_place[0] == line
                key_line, key_col = key_place if after_key else (line, col)  # type: ignore[misc]
                best = Place(key_line, key_col, col)
                if path == target:
                    return best
            if token in "{[":
                stack.append([token == "{", 0, token == "{"])
    return best


def repeated_json_key(text: str) -> tuple[str, int, int, int] | None:
    """The first key that an object in JSON `text` repeats, as written (quoted), its line
    and column, and the line where the object first had it; None if none is repeated."""
    import json

    # One frame per open container: the keys so far (None for an array), expecting a key.
    stack: list[tuple[dict[str, int] | None, list[bool]]] = []
    for found in _JSON_TOKEN.finditer(text):
        token, start = found[0], found.start()
        if token in "{[":
            stack.append(({} if token == "{" else None, [token == "{"]))
        elif token in "}]":
            stack.pop()
        elif token in ":,":
            stack[-1][1][0] = token == "," and stack[-1][0] is not None
        elif stack and stack[-1][0] is not None and stack[-1][1][0]:
            keys, key = stack[-1][0], json.loads(token)
            if key in keys:
                line, col = _line_col(text, start)
                return token, line, col, _line_col(text, keys[key])[0]
            keys[key] = start
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
