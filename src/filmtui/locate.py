"""Where a field of a parsed record is in its source text, for error messages.

Neither tomli nor msgspec reports positions for parsed values, so this module finds them
again from a field's path (``("quotes", 4, "source")``): a line-by-line scan of TOML
(headers, keys, and enough of values to skip multi-line strings and arrays) and a token
scan of JSON. Written by hand because no maintained TOML parser keeps positions; it runs
only once loading has failed. It also names places as a person counts them (`the 5th
[[quotes]]`). This module does not import textual or rich.
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
    (a missing key gives its table's header; an item of an inline array, the array)."""
    best: Place | None = None
    for entry in _toml_entries(text):
        if target[: len(entry.path)] == entry.path:
            best = entry.place
            if entry.path == target:
                break
    return best


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


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st…"""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def counted(path: Path, toml: bool) -> str | None:
    """The last list item on `path` as a person counts it: ``the 5th [[quotes]]`` (a TOML
    table of an array), ``the 2nd item of genres``; None if the path has no item."""
    indices = [i for i, key in enumerate(path) if isinstance(key, int)]
    if not indices:
        return None
    at = indices[-1]
    index = path[at]
    assert isinstance(index, int)
    keys = [key for key in path[:at] if isinstance(key, str)]
    if toml and at + 1 < len(path) and len(keys) == at:
        return f"the {ordinal(index + 1)} [[{'.'.join(keys)}]]"
    from filmtui.model import render_path

    return f"the {ordinal(index + 1)} item of {render_path(path[:at])}"


#: Keys people write for a field under another name.
ALIASES = {"source": "publication", "author": "critic", "reviewer": "critic", "link": "url"}


def describe(name: str, text: str, path: Path, message: str) -> str:
    """One line for a record that does not fit the model: ``FILE:LINE:COL: where: what``,
    with the place counted as a person counts it and, for an unknown key, the nearest
    known one."""
    toml = not text.lstrip().startswith("{")
    place = locate_toml(text, path) if toml else locate_json(text, path)
    about_key = message in ("unknown field", "required field is missing")
    line, col = (
        (1, 1) if place is None else (place.line, place.key_col if about_key else place.value_col)
    )
    from filmtui.model import render_path

    where = render_path(path)
    human = counted(path, toml)
    if human:
        where += f" ({human})"
    if message == "unknown field" and isinstance(path[-1], str):
        message += _unknown_hint(path, place if toml else None)
    elif message == "required field is missing":
        message += f"; add {path[-1]} = …" if toml else f'; add "{path[-1]}": …'

    return (
        f"{name}:{line}:{col}: {where}: {message}" if where else f"{name}:{line}:{col}: {message}"
    )


def _unknown_hint(path: Path, place: Place | None) -> str:
    """What an unknown key probably meant: a field of the film written after a table
    header (TOML puts it in that table), or the nearest known key."""
    import difflib

    from filmtui.model import Film

    key = path[-1]
    assert isinstance(key, str)
    if len(path) > 1 and key in Film.__struct_fields__ and place and place.table:
        header, line = place.table
        return (
            f"; {key} belongs to the film, but TOML puts it in the {header} table begun "
            f"on line {line}: move it above the first [table] header"
        )
    known = _fields_at(path[:-1])
    if ALIASES.get(key) in known:
        return f"; did you mean {ALIASES[key]}?"
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else f" (known: {', '.join(known)})"


def _fields_at(path: Path) -> tuple[str, ...]:
    """The field names of the record at `path` (list indices skipped)."""

    import msgspec

    from filmtui.model import Film

    kind: object = Film
    for key in path:
        if isinstance(key, int):
            continue
        fields = {field.name: field.type for field in msgspec.structs.fields(kind)}  # type: ignore[arg-type]
        kind = _record_type(fields.get(key))
        if kind is None:
            return ()
    return tuple(kind.__struct_fields__)  # type: ignore[attr-defined]


def _record_type(kind: object) -> object:
    """The Struct class inside a field type (``list[Quote]``, ``Rating | None``), if any."""
    import typing

    import msgspec

    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return kind
    for argument in typing.get_args(kind):
        if (found := _record_type(argument)) is not None:
            return found
    return None
