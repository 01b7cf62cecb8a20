"""The one-line message for a record that parses but does not fit the model.

``FILE:LINE:COL: where: what``: the place found again in the text (`filmtui.locate`),
counted as a person counts it (`the 5th [[quotes]]`, `the 2nd item of genres`), types
named as TOML or JSON name them (a table, an integer; TOML has no null), a number's whole
range, and for an unknown key the nearest known one. The loader imports this module only
once validation has failed. This module does not import textual or rich.
"""

from __future__ import annotations

import re

from filmtui.locate import Path, Place, locate_json, locate_toml


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st…"""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def counted(path: Path, toml_text: str | None) -> str | None:
    """The last list item on `path` as a person counts it: ``the 5th [[quotes]]`` where
    the TOML `toml_text` writes that array as tables, else ``the 2nd item of genres``;
    None if the path has no item."""
    indices = [i for i, key in enumerate(path) if isinstance(key, int)]
    if not indices:
        return None
    at = indices[-1]
    index = path[at]
    assert isinstance(index, int)
    keys = [key for key in path[:at] if isinstance(key, str)]
    if toml_text is not None and len(keys) == at:
        dotted = r"[ \t]*\.[ \t]*".join(re.escape(key) for key in keys)
        if re.search(rf"^[ \t]*\[\[[ \t]*{dotted}[ \t]*\]\]", toml_text, re.MULTILINE):
            return f"the {ordinal(index + 1)} [[{'.'.join(keys)}]]"
    from filmtui.model import render_path

    return f"the {ordinal(index + 1)} item of {render_path(path[:at])}"


#: Keys people write for a field under another name.
ALIASES = {
    "source": "publication", "author": "critic", "reviewer": "critic", "link": "url",
    "actor": "cast", "actors": "cast",
}  # fmt: skip


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
    human = counted(path, text if toml else None)
    if human:
        where += f" ({human})"
    message = _in_terms(message, path, toml)
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
    here = tuple(step for step in path[:-1] if isinstance(step, str))
    elsewhere = [(name, where) for name, where, parent in _schema_fields() if parent != here]
    meant = {key, ALIASES.get(key)}
    exact = [where for name, where in elsewhere if name in meant]
    if exact:
        return _elsewhere_hint(exact)
    # The nearest name, here or elsewhere in the record; on a tie, the one here.
    near = max(known, key=lambda name: _likeness(key, name), default="")
    far = max((name for name, _ in elsewhere), key=lambda name: _likeness(key, name))
    if max(_likeness(key, near), _likeness(key, far)) < 0.6:
        return f" (known: {', '.join(known)})"
    if _likeness(key, near) >= _likeness(key, far):
        return f"; did you mean {near}?"
    return _elsewhere_hint([where for name, where in elsewhere if name == far])


def _likeness(key: str, name: str) -> float:
    """How alike two field names are, 0 to 1 (difflib's ratio, as get_close_matches)."""
    import difflib

    return difflib.SequenceMatcher(None, key, name).ratio()


def _elsewhere_hint(places: list[str]) -> str:
    """The hint for a key that is a field in another part of the record: its full path
    (``credits.directors``, ``quotes[].critic``), or, for a field of the film itself
    written inside a table, where it goes."""
    if places[0].count(".") == 0 and "[" not in places[0]:
        return f"; {places[0]} is a field of the film itself: set it at the top level"
    return f"; did you mean {' or '.join(places)}?"


def _schema_fields() -> list[tuple[str, str, tuple[str, ...]]]:
    """Every field of the model, at every depth: its name, its path as a person writes
    it (``credits.directors``, ``quotes[].critic``) and the names of its parents."""
    import msgspec

    from filmtui.model import Film

    found: list[tuple[str, str, tuple[str, ...]]] = []

    def walk(kind: object, prefix: str, parents: tuple[str, ...]) -> None:
        """Add the fields of the Struct `kind`, then those of the records inside them."""
        for field in msgspec.structs.fields(kind):  # type: ignore[arg-type]
            where = prefix + field.name
            found.append((field.name, where, parents))
            inner = _record_type(field.type)
            if inner is not None:
                each = "[]." if _is_list(field.type) else "."
                walk(inner, where + each, (*parents, field.name))

    walk(Film, "", ())
    return found


def _is_list(kind: object) -> bool:
    """Whether a field type is (or may be) a list: ``list[Quote]``."""
    import typing

    if typing.get_origin(kind) is list:
        return True
    return any(_is_list(argument) for argument in typing.get_args(kind))


def _fields_at(path: Path) -> tuple[str, ...]:
    """The field names of the record at `path` (list indices skipped)."""
    from filmtui.model import Film

    kind = _record_type(_field_type(path)) if path else Film
    return tuple(kind.__struct_fields__) if kind is not None else ()  # type: ignore[attr-defined]


def _field_type(path: Path) -> object:
    """The declared type of the field at `path` (list indices skipped), None if the model
    has no such field."""
    import msgspec

    from filmtui.model import Film

    kind: object = Film
    declared: object = None
    for key in path:
        if isinstance(key, int):
            continue
        if kind is None:
            return None
        fields = {field.name: field.type for field in msgspec.structs.fields(kind)}  # type: ignore[arg-type]
        declared = fields.get(key)
        kind = _record_type(declared)
    return declared


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


_TOML_TYPES = {
    "str": "a string", "int": "an integer", "float": "a number", "bool": "true or false",
    "array": "an array", "object": "a table", "date": "a date", "datetime": "a date-time",
    "time": "a time", "null": "nothing",
}  # fmt: skip
_JSON_TYPES = {**_TOML_TYPES, "object": "an object", "null": "null"}
_EXPECTED = re.compile(r"expected ([\w |]+?)(?:, got (\w+)| (of length|[<>]=?) (.*))?")


def _in_terms(message: str, path: Path, toml: bool) -> str:
    """msgspec's ``expected str | null, got int`` in the words of the record's format:
    ``expected a string, got an integer`` (TOML has no null: a key left out is one),
    with a number's whole range and a non-empty string said plainly."""
    found = _EXPECTED.fullmatch(message)
    if found is None:
        return message
    names = _TOML_TYPES if toml else _JSON_TYPES
    kinds = [kind.strip() for kind in found[1].split("|")]
    if toml and len(kinds) > 1:
        kinds = [kind for kind in kinds if kind != "null"]
    if any(kind not in names for kind in kinds):
        return message
    expected = " or ".join(names[kind] for kind in kinds)
    if found[2]:
        return f"expected {expected}, got {names.get(found[2], found[2])}"
    if found[3] == "of length" and found[4] == ">= 1":
        return f"expected a non-empty {expected.removeprefix('a ')}"
    if found[3] and found[3] != "of length":
        return f"expected {expected} {_range(path) or f'{found[3]} {found[4]}'}"
    return f"expected {expected}" + (f" {found[3]} {found[4]}" if found[3] else "")


def _range(path: Path) -> str | None:
    """An integer field's bounds from the model: ``from 1870 to 2200``, ``of at least 1``."""
    import msgspec

    declared = _field_type(path)
    info = None if declared is None else msgspec.inspect.type_info(declared)
    for option in getattr(info, "types", (info,)):
        if not isinstance(option, msgspec.inspect.IntType):
            continue
        low = option.ge if option.gt is None else option.gt + 1
        high = option.le if option.lt is None else option.lt - 1
        if low is not None and high is not None:
            return f"from {low} to {high}"
        if low is not None:
            return f"of at least {low}"
        if high is not None:
            return f"of at most {high}"
    return None
