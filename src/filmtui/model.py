"""The film record, declared once.

Each record class lists its fields in `FIELDS`. That one declaration drives validation
(strict, with exact field paths in errors), the JSON encoding (keys in declaration order,
which is the documented export order) and the JSON Schema of `filmtui schema`.

The layer is deliberately small and imports nothing heavy (no typing, dataclasses or
third-party validators): `filmtui export` on a small record must cost little more than
starting Python, parsing TOML and writing JSON. This module does not import textual.
"""

from __future__ import annotations

import datetime as dt
import re

TYPE_CHECKING = False  # `typing` costs milliseconds at start-up; only checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar

    from typing_extensions import Self

    Path = tuple[Any, ...]


SCHEMA_VERSION = 1
MISSING: Any = object()
#: Conversions of one record class before it gets a compiled converter.
COMPILE_AFTER = 64


class ValidationError(Exception):
    """Raw data does not fit the model; `path` says where (``quotes[3].text``)."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = render_path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


# A path is built as linked tuples, (parent, key), and only rendered when there is an
# error: formatting "quotes[41234].text" for every field of every quote would cost more
# than the checks themselves. () is the top; (parent path, field name or list index) below.


def render_path(path: Path) -> str:
    """``(((), "quotes"), 3), "text")`` as ``quotes[3].text``."""
    keys: list[str | int] = []
    while path:
        path, key = path
        keys.append(key)
    text = ""
    for key in reversed(keys):
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text = f"{text}.{key}" if text else key
    return text


class WrongType(Exception):
    """Raised by `Kind.check` when a value is of the wrong type; the caller, which knows
    whether the field may be null, turns it into the message."""


def type_name(value: object) -> str:
    """The JSON/TOML name of a parsed value's type, as error messages use it."""
    names = {
        str: "str", int: "int", float: "float", bool: "bool", list: "array", dict: "object",
        type(None): "null", dt.date: "date", dt.datetime: "datetime", dt.time: "time",
    }  # fmt: skip
    return names.get(type(value), type(value).__name__)


# ------------------------------------------------------------------------------- kinds


class Kind:
    """What a field may hold: checks raw values and describes itself in JSON Schema."""

    label = "value"

    def check(self, value: Any, path: Path) -> Any:
        """Return the value as the model holds it, or raise ValidationError."""
        raise NotImplementedError

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """This kind as JSON Schema; record kinds add themselves to `defs`."""
        raise NotImplementedError

    def wrong(self, value: Any, path: Path, nullable: bool = False) -> ValidationError:
        """The error for a value of the wrong type."""
        expected = f"{self.label} | null" if nullable else self.label
        return ValidationError(path, f"expected {expected}, got {type_name(value)}")


class Text(Kind):
    """A string, optionally with a minimum length."""

    label = "str"

    def __init__(self, min_length: int = 0) -> None:
        self.min_length = min_length

    def check(self, value: Any, path: Path) -> Any:
        """Accept a str of at least `min_length` characters."""
        if type(value) is not str:
            raise WrongType
        if len(value) < self.min_length:
            raise ValidationError(path, f"expected str of length >= {self.min_length}")
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """`{"type": "string"}`, with minLength when set."""
        if self.min_length:
            return {"type": "string", "minLength": self.min_length}
        return {"type": "string"}


class Integer(Kind):
    """An integer (never a bool) within bounds."""

    label = "int"

    def __init__(self, ge: int, le: int) -> None:
        self.ge, self.le = ge, le

    def check(self, value: Any, path: Path) -> Any:
        """Accept an int from `ge` to `le`."""
        if type(value) is not int:
            raise WrongType
        if value < self.ge:
            raise ValidationError(path, f"expected int >= {self.ge}")
        if value > self.le:
            raise ValidationError(path, f"expected int <= {self.le}")
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """An integer with its bounds."""
        return {"type": "integer", "minimum": self.ge, "maximum": self.le}


class Exactly(Kind):
    """One allowed value, such as the schema version."""

    def __init__(self, value: int) -> None:
        self.value = value
        self.label = str(value)

    def check(self, value: Any, path: Path) -> Any:
        """Accept only the one value (`True` is not `1`)."""
        if type(value) is not type(self.value) or value != self.value:
            shown = value if type(value) is int else type_name(value)
            raise ValidationError(path, f"expected {self.value}, got {shown}")
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """`{"const": value}`."""
        return {"const": self.value}


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?\Z"
)


class Moment(Kind):
    """A date or a date-time: a TOML value, or its RFC 3339 string from JSON."""

    def __init__(
        self, moment: type[dt.date], label: str, pattern: re.Pattern[str], form: str, hint: str
    ) -> None:
        self.moment = moment  # dt.date or dt.datetime (a datetime is not accepted as a date)
        self.label = label
        self.pattern = pattern
        self.form = form  # the JSON Schema format
        self.hint = hint

    def check(self, value: Any, path: Path) -> Any:
        """Accept a value of exactly this type, or an RFC 3339 string of it."""
        if type(value) is self.moment:
            return value
        if type(value) is str:
            if self.pattern.match(value):
                text = value[:-1] + "+00:00" if value[-1] in "Zz" else value
                try:
                    return self.moment.fromisoformat(text)
                except ValueError:
                    pass
            raise ValidationError(path, f"invalid RFC 3339 {self.hint}")
        raise WrongType

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """A string in date or date-time format."""
        return {"type": "string", "format": self.form}


DATE = Moment(dt.date, "date", _DATE, "date", "date (expected YYYY-MM-DD)")
DATETIME = Moment(dt.datetime, "datetime", _DATETIME, "date-time", "date-time")


class ListOf(Kind):
    """A list whose items are all of one kind."""

    label = "array"

    def __init__(self, item: Kind) -> None:
        self.item = item

    def check(self, value: Any, path: Path) -> Any:
        """Accept a list, checking every item."""
        if type(value) is not list:
            raise WrongType
        if isinstance(self.item, Nested):
            # Lists of records (100,000 quotes) go straight to the generated converter,
            # which itself reports a non-table item as "expected object".
            convert = self.item.record.convert
            return [convert(item, (path, index)) for index, item in enumerate(value)]
        check = self.item.check
        items = []
        for index, item in enumerate(value):
            try:
                items.append(check(item, (path, index)))
            except WrongType:
                raise self.item.wrong(item, (path, index)) from None
        return items

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """An array of the item kind."""
        return {"type": "array", "items": self.item.schema(defs)}


class Nested(Kind):
    """A table of another record class."""

    label = "object"

    def __init__(self, record: Callable[[], type[Record]]) -> None:
        self._record = record  # a callable, so classes can refer to ones declared later

    @property
    def record(self) -> type[Record]:
        """The record class this kind holds."""
        return self._record()

    def check(self, value: Any, path: Path) -> Any:
        """Accept a table that converts to the record class."""
        if type(value) is not dict:
            raise WrongType
        return self.record.convert(value, path)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """A reference to the record's definition."""
        return self.record.schema_ref(defs)


class Field:
    """One field of a record: its name, kind, and whether it may be absent or null."""

    __slots__ = ("default", "kind", "name", "nullable", "required")

    def __init__(
        self,
        name: str,
        kind: Kind,
        *,
        required: bool = False,
        nullable: bool = False,
        default: Callable[[], Any] | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.required = required
        self.nullable = nullable
        # Absent optional fields become None, or a fresh value from `default` ([] …).
        self.default = default


# ------------------------------------------------------------------------------ records


class _RecordType(type):
    """Gives each record class `__slots__` named after its FIELDS."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
        fields = namespace.get("FIELDS", ())
        namespace["__slots__"] = tuple(field.name for field in fields)
        namespace["NAMES"] = frozenset(field.name for field in fields)
        return super().__new__(mcls, name, bases, namespace)


class Record(metaclass=_RecordType):
    """Base of record classes: keyword construction, equality, repr and conversion."""

    FIELDS: ClassVar[tuple[Field, ...]] = ()
    NAMES: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, **values: Any) -> None:
        for field in self.FIELDS:
            value = values.pop(field.name, MISSING)
            if value is MISSING:
                if field.required:
                    raise TypeError(f"{type(self).__name__} needs {field.name}=")
                value = field.default() if field.default else None
            object.__setattr__(self, field.name, value)
        if values:
            raise TypeError(f"{type(self).__name__} has no field {next(iter(values))!r}")

    def _values(self) -> tuple[Any, ...]:
        """The field values, in declaration order."""
        return tuple(getattr(self, field.name) for field in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined,unused-ignore]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.FIELDS)
        return f"{type(self).__name__}({inner})"

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        values = {field.name: getattr(self, field.name) for field in self.FIELDS}
        return type(self)(**{**values, **changes})

    @classmethod
    def convert(cls, raw: Any, path: Path = ()) -> Self:
        """Validate parsed TOML/JSON data strictly and build the record from it."""
        converter = cls.__dict__.get("_converter")
        if converter is not None:
            return converter(raw, path)  # type: ignore[no-any-return]
        # Compiling a converter costs more than checking a few records, so a class gets
        # one only once it has been converted COMPILE_AFTER times (as quotes will be).
        count = cls.__dict__.get("_converted", 0) + 1
        type.__setattr__(cls, "_converted", count)
        if count >= COMPILE_AFTER:
            type.__setattr__(cls, "_converter", _compile_converter(cls))
        return cls._convert_slowly(raw, path)

    @classmethod
    def _convert_slowly(cls, raw: Any, path: Path) -> Self:
        """`convert` as a plain loop over FIELDS: what `_compile_converter` generates."""
        if type(raw) is not dict:
            raise ValidationError(path, f"expected object, got {type_name(raw)}")
        if not cls.NAMES.issuperset(raw):
            _unknown_field(cls, raw, path)
        record = object.__new__(cls)
        for field in cls.FIELDS:
            value = raw.get(field.name, MISSING)
            if value is MISSING:
                if field.required:
                    raise ValidationError((path, field.name), "required field is missing")
                value = field.default() if field.default else None
            elif value is None:
                if not field.nullable:
                    raise field.kind.wrong(None, (path, field.name))
            else:
                value = _check_field(field, value, path)
            object.__setattr__(record, field.name, value)
        return record

    @classmethod
    def columns_converter(cls) -> Callable[[Any, Path, tuple[list[Any], ...]], None]:
        """``convert(raw, path, columns)``: check `raw` exactly as `convert` does, but append
        its field values to `columns` (one list per field) instead of building a record.
        For sending many records between processes without creating them twice."""
        converter = cls.__dict__.get("_columns_converter")
        if converter is None:
            converter = _compile_converter(cls, into_columns=True)
            type.__setattr__(cls, "_columns_converter", converter)
        return converter

    @classmethod
    def maker(cls) -> Callable[..., Self]:
        """A fast positional constructor, ``make(value0, value1, …)`` in FIELDS order, for
        rebuilding many already-validated records (as the loader process sends them)."""
        maker = cls.__dict__.get("_maker")
        if maker is None:
            names = [field.name for field in cls.FIELDS]
            arguments = ", ".join(f"value{index}" for index in range(len(names)))
            body = "".join(f"    record.{name} = value{i}\n" for i, name in enumerate(names))
            source = f"def make({arguments}):\n    record = new(cls)\n{body}    return record\n"
            scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
            exec(source, scope)  # code built only from our own FIELDS
            maker = scope["make"]
            type.__setattr__(cls, "_maker", maker)
        return maker  # type: ignore[no-any-return]

    @classmethod
    def schema_ref(cls, defs: dict[str, Any]) -> dict[str, Any]:
        """Add this class's JSON Schema to `defs` (once) and return a reference to it."""
        if cls.__name__ not in defs:
            defs[cls.__name__] = {}  # placeholder first: records may refer to each other
            properties: dict[str, Any] = {}
            for field in cls.FIELDS:
                schema = field.kind.schema(defs)
                if field.nullable:
                    schema = {"anyOf": [schema, {"type": "null"}]}
                properties[field.name] = schema
            defs[cls.__name__] = {
                "title": cls.__name__,
                "description": (cls.__doc__ or "").strip().split("\n")[0],
                "type": "object",
                "properties": properties,
                "required": [field.name for field in cls.FIELDS if field.required],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{cls.__name__}"}


def _unknown_field(record_type: type[Record], raw: dict[str, Any], path: Path) -> None:
    """Raise the error for the first key of `raw` that the record does not have."""
    unknown = next(key for key in raw if key not in record_type.NAMES)
    raise ValidationError((path, unknown), "unknown field")


def _check_field(field: Field, value: Any, path: Path) -> Any:
    """Check a present, non-null value of a field, naming the field in any error."""
    try:
        return field.kind.check(value, (path, field.name))
    except WrongType:
        raise field.kind.wrong(value, (path, field.name), field.nullable) from None


def _compile_converter(record_type: type[Record], into_columns: bool = False) -> Callable[..., Any]:
    """Generate the `convert` function of one record class from its FIELDS.

    Like dataclasses' generated `__init__`, this inlines what the generic loop would look
    up per field, so checking 100,000 quotes costs a fraction of parsing them. Strings of
    the right type and length take a fast path; everything else goes through the kind.

    With `into_columns`, the function is ``convert(raw, path, columns)`` and appends each
    field's value to its list in `columns` instead of building a record.
    """
    scope: dict[str, Any] = {
        "record_type": record_type,
        "new": object.__new__,
        "MISSING": MISSING,
        "ValidationError": ValidationError,
        "type_name": type_name,
        "unknown_field": _unknown_field,
        "check_field": _check_field,
        "names": record_type.NAMES,
    }
    lines = [
        "def convert(raw, path, columns=None):" if into_columns else "def convert(raw, path):",
        "    if type(raw) is not dict:",
        "        raise ValidationError(path, f'expected object, got {type_name(raw)}')",
        "    if not names.issuperset(raw):",
        "        unknown_field(record_type, raw, path)",
        "    record = new(record_type)" if not into_columns else "    pass",
    ]
    for index, field in enumerate(record_type.FIELDS):
        name, value = field.name, f"value{index}"
        scope[f"field{index}"] = field
        scope[f"default{index}"] = field.default
        lines.append(f"    {value} = raw.get({name!r}, MISSING)")
        lines.append(f"    if {value} is MISSING:")
        if field.required:
            lines.append(
                f"        raise ValidationError((path, {name!r}), 'required field is missing')"
            )
        else:
            lines.append(
                f"        {value} = default{index}()"
                if field.default
                else f"        {value} = None"
            )
        lines.append(f"    elif {value} is None:")
        if field.nullable:
            lines.append("        pass")
        else:
            lines.append(f"        raise field{index}.kind.wrong(None, (path, {name!r}))")
        if isinstance(field.kind, Text):
            condition = f"type({value}) is not str"
            if field.kind.min_length:
                condition += f" or len({value}) < {field.kind.min_length}"
            lines.append(f"    elif {condition}:")
        else:
            lines.append("    else:")
        lines.append(f"        {value} = check_field(field{index}, {value}, path)")
        if into_columns:
            lines.append(f"    columns[{index}].append({value})")
        else:
            lines.append(f"    record.{name} = {value}")
    lines.append("    return None" if into_columns else "    return record")
    exec("\n".join(lines), scope)  # code built only from our own FIELDS
    return scope["convert"]  # type: ignore[no-any-return]


# ------------------------------------------------------------------------- the record

NON_EMPTY = Text(min_length=1)
TEXT = Text()


class Director(Record):
    """A director and the titles the listing says they are known for."""

    FIELDS = (
        Field("name", NON_EMPTY, required=True),
        Field("known_for", ListOf(NON_EMPTY), default=list),
    )
    name: str
    known_for: list[str]


class CastMember(Record):
    """A performer and, where the listing describes it, the part they play."""

    FIELDS = (
        Field("name", NON_EMPTY, required=True),
        Field("role", TEXT, nullable=True),
    )
    name: str
    role: str | None


class Credits(Record):
    """Who made the film and who is in it."""

    FIELDS = (
        Field("directors", ListOf(Nested(lambda: Director)), default=list),
        Field("cast", ListOf(Nested(lambda: CastMember)), default=list),
    )
    directors: list[Director]
    cast: list[CastMember]


class Rating(Record):
    """A classification such as `M`, its advisory note and the rating system it belongs to."""

    FIELDS = (
        Field("classification", NON_EMPTY, required=True),
        Field("advisory", TEXT, nullable=True),
        Field("system", TEXT, nullable=True),
    )
    classification: str
    advisory: str | None
    system: str | None


class OfficialSite(Record):
    """A link to the film's official site; a listing may give only the label."""

    FIELDS = (
        Field("label", NON_EMPTY, required=True),
        Field("url", TEXT, nullable=True),
    )
    label: str
    url: str | None


class ListingReview(Record):
    """The listing's own review: not a critic quote and attributed to no publication."""

    FIELDS = (Field("text", NON_EMPTY, required=True),)
    text: str


class Quote(Record):
    """A critic quote, attributed to a publication and optionally its region."""

    FIELDS = (
        Field("publication", NON_EMPTY, required=True),
        Field("region", TEXT, nullable=True),
        Field("text", NON_EMPTY, required=True),
        Field("date", DATE, nullable=True),
    )
    publication: str
    region: str | None
    text: str
    date: dt.date | None


class Film(Record):
    """A whole film record. Field order here is the export's key order."""

    FIELDS = (
        Field("schema_version", Exactly(SCHEMA_VERSION), default=lambda: SCHEMA_VERSION),
        Field("title", NON_EMPTY, required=True),
        Field("year", Integer(ge=1870, le=2200), nullable=True),
        Field("availability", TEXT, nullable=True),
        Field("genres", ListOf(NON_EMPTY), default=list),
        Field("synopsis", TEXT, nullable=True),
        Field("credits", Nested(lambda: Credits), default=Credits),
        Field("rating", Nested(lambda: Rating), nullable=True),
        Field("languages", ListOf(NON_EMPTY), default=list),
        Field("subtitles", ListOf(NON_EMPTY), default=list),
        Field("official_site", Nested(lambda: OfficialSite), nullable=True),
        Field("listing_review", Nested(lambda: ListingReview), nullable=True),
        Field("updated", DATETIME, nullable=True),
        # Last, so that a loader can check the rest first and then the quotes in chunks
        # with the same first error (and the big array ends the export).
        Field("quotes", ListOf(Nested(lambda: Quote)), default=list),
    )
    schema_version: int
    title: str
    year: int | None
    availability: str | None
    genres: list[str]
    synopsis: str | None
    credits: Credits
    rating: Rating | None
    languages: list[str]
    subtitles: list[str]
    official_site: OfficialSite | None
    listing_review: ListingReview | None
    updated: dt.datetime | None
    quotes: list[Quote]
