"""Pretty, ordered TOML for film records, in the bundled record's layout.

Written by hand because the TOML writers at hand do not produce that layout: tomli-w
always breaks arrays over several lines, turns short arrays of tables into inline tables
and escapes only what TOML requires; tomlkit writes invisible characters raw as well. A
record written here reads like data/film.toml:

- keys in the order given; a table's plain values first, then its tables;
- short arrays of strings on one line (``genres = ["Comedy", "Drama"]``);
- nested tables as ``[rating]`` and arrays of tables as ``[[quotes]]`` (a table holding
  only tables, such as ``credits``, gets no header of its own);
- text with line breaks as a multi-line string, so paragraphs stay readable;
- characters one cannot see or that can rewrite a terminal written as ``\\u`` escapes:
  no-break and other unusual spaces (``\\u00A0``), controls (C0, DEL, C1), format
  characters such as bidi overrides and zero-width spaces, and line/paragraph separators.

`None` values are left out (TOML has no null). This module does not import textual.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\\": "\\\\"}
#: Unicode categories written escaped: controls, format characters (bidi, zero-width),
#: separators other than the plain space, and unassigned or private code points.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn", "Cs"})
#: Arrays of strings longer than this are written one item a line.
MAX_INLINE = 100


class TomlWriteError(ValueError):
    """A value TOML (or this writer) cannot represent, such as a float NaN."""


def _escape_char(char: str) -> str:
    """One character as it appears inside a basic string."""
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    if char == " " or unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _escape(text: str, multiline: bool) -> str:
    """The body of a basic string: quotes and hidden characters escaped."""
    out = []
    for index, char in enumerate(text):
        if char == '"':
            # On one line every quote is escaped; in a multi-line string only those that
            # could join others into a closing delimiter.
            if not multiline or index + 1 == len(text) or text[index + 1] == '"':
                out.append('\\"')
            else:
                out.append(char)
        elif char == "\n" and multiline:
            out.append(char)
        else:
            out.append(_escape_char(char))
    return "".join(out)


def string(text: str) -> str:
    """A TOML string: multi-line when it holds line breaks, otherwise on one line."""
    if "\n" in text:
        return '"""\n' + _escape(text, multiline=True) + '"""'
    return '"' + _escape(text, multiline=False) + '"'


def key(name: str) -> str:
    """A key, bare when TOML allows it, quoted otherwise."""
    return name if _BARE_KEY.match(name) else '"' + _escape(name, multiline=False) + '"'


def value(item: Any) -> str:
    """A TOML value (not a table) on the right of ``key =``."""
    if type(item) is str:
        return string(item)
    if type(item) is bool:
        return "true" if item else "false"
    if type(item) is int:
        return str(item)
    if type(item) is float:
        if item != item or item in (float("inf"), float("-inf")):
            raise TomlWriteError(f"cannot write {item!r} in a film record")
        return repr(item)
    if isinstance(item, (dt.date, dt.time)):  # datetime is a date too
        return item.isoformat()
    if isinstance(item, (list, tuple)):
        items = [value(element) for element in item]
        inline = "[" + ", ".join(items) + "]"
        if len(inline) <= MAX_INLINE and "\n" not in inline:
            return inline
        return "[\n" + "".join(f"    {element},\n" for element in items) + "]"
    if isinstance(item, dict):
        pairs = ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items() if v is not None)
        return "{ " + pairs + " }" if pairs else "{}"
    raise TomlWriteError(f"cannot write a {type(item).__name__} as TOML")


def _is_table_array(item: Any) -> bool:
    """A non-empty list whose items are all tables: written as ``[[name]]``."""
    return isinstance(item, list) and bool(item) and all(isinstance(x, dict) for x in item)


def _table(
    data: Mapping[str, Any], path: list[str], header: str, comments: Mapping[str, str]
) -> list[str]:
    """The lines of one table: its header (if any), plain values, then sub-tables."""
    plain = [(k, v) for k, v in data.items() if v is not None and not _is_sub_table(v)]
    nested = [(k, v) for k, v in data.items() if v is not None and _is_sub_table(v)]
    lines: list[str] = []
    if header and (plain or not nested or header.startswith("[[")):
        lines += ["", *_comment(comments, path), header]
    lines += [f"{key(k)} = {value(v)}" for k, v in plain]
    for name, sub in nested:
        sub_path = [*path, name]
        dotted = ".".join(key(part) for part in sub_path)
        if isinstance(sub, dict):
            lines += _table(sub, sub_path, f"[{dotted}]", comments)
            continue
        for index, element in enumerate(sub):
            quiet = comments if index == 0 else {}
            lines += _table(element, sub_path, f"[[{dotted}]]", quiet)
    return lines


def _is_sub_table(item: Any) -> bool:
    """Whether a value is written under its own header rather than as ``key = value``."""
    return isinstance(item, dict) or _is_table_array(item)


def _comment(comments: Mapping[str, str], path: list[str]) -> list[str]:
    """The comment lines to put above the table at `path`, if any."""
    text = comments.get(".".join(path))
    return [f"# {line}" for line in text.splitlines()] if text else []


def dumps(data: Mapping[str, Any], comments: Mapping[str, str] | None = None) -> str:
    """`data` as TOML text. `comments` maps a dotted table name (``"quotes"``) to a comment
    written above its (first) header; the key ``""`` is a comment at the very top."""
    comments = comments or {}
    lines = _comment(comments, [""]) if "" in comments else []
    lines += _table(data, [], "", comments)
    return "\n".join(lines).lstrip("\n") + "\n"
