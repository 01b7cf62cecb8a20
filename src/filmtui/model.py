"""The film record: msgspec Structs, declared once.

The declarations are the validation (strict `msgspec.convert`), the JSON encoding (keys
in declaration order, which is the documented export order) and the JSON Schema of
`filmtui schema`. What msgspec cannot say in a type is done in `film_from_builtins`, the
one way in for parsed data:

- `updated` is a date *or* a date-time with an offset: msgspec unions hold one date-like
  type, so it is checked here, and a date-time without an offset is refused;
- `credits.directors` and `credits.cast` accept plain names as shorthand;
- records of schema version 1 (a subset of version 2) load as version 2.

This module does not import textual or rich.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Final, Literal

import msgspec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing_extensions import Self

SCHEMA_VERSION: Final = 2
#: Versions the loader reads; each loads as SCHEMA_VERSION.
READABLE_VERSIONS = (1, 2)

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    # Subclasses repeat frozen=True for type checkers, and kw_only where a required field
    # follows optional ones (it applies only to the fields of the class that says it).
    """Base of the record classes: immutable, keyword-built, strict about unknown keys."""

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        return msgspec.structs.replace(self, **changes)


class Director(Record, frozen=True):
    """A director and the titles the listing says they are known for."""

    name: NonEmpty
    known_for: list[NonEmpty] = []


class CastMember(Record, frozen=True):
    """A performer and, where the listing describes it, the part they play."""

    name: NonEmpty
    role: str | None = None


class Credits(Record, frozen=True):
    """Who made the film and who is in it (plain names are accepted as shorthand)."""

    directors: list[Director] = []
    cast: list[CastMember] = []


class Rating(Record, frozen=True):
    """A classification such as `M`, its advisory note and the rating system it belongs to."""

    classification: NonEmpty
    advisory: str | None = None
    system: str | None = None


class OfficialSite(Record, frozen=True):
    """A link to the film's official site; a listing may give only the label."""

    label: NonEmpty
    url: str | None = None


class ListingReview(Record, frozen=True):
    """The listing's own review: not a critic quote and attributed to no publication."""

    text: NonEmpty


# gc=False: a quote holds only strings and a date, so it can never be part of a cycle, and
# 100,000 of them then cost the garbage collector nothing.
class Quote(Record, frozen=True, gc=False, kw_only=True):
    """A critic quote: the publication, the critic who wrote it, and where to read it."""

    publication: NonEmpty
    critic: NonEmpty | None = None
    region: str | None = None
    text: NonEmpty
    date: dt.date | None = None
    url: NonEmpty | None = None


class Film(Record, frozen=True, kw_only=True):
    """A whole film record. Field order here is the export's key order."""

    schema_version: Literal[1, 2] = SCHEMA_VERSION
    title: NonEmpty
    original_title: NonEmpty | None = None
    year: Annotated[int, msgspec.Meta(ge=1870, le=2200)] | None = None
    runtime: Annotated[int, msgspec.Meta(gt=0, le=100_000)] | None = None
    availability: str | None = None
    genres: list[NonEmpty] = []
    countries: list[NonEmpty] = []
    synopsis: str | None = None
    credits: Credits = Credits()
    rating: Rating | None = None
    languages: list[NonEmpty] = []
    subtitles: list[NonEmpty] = []
    official_site: OfficialSite | None = None
    listing_review: ListingReview | None = None
    # A date, or a date-time with an offset (checked by film_from_builtins; the schema says
    # so too). Typed as the date both are.
    updated: dt.date | None = None
    # Last, so that a loader can check the rest first and then the quotes in chunks with
    # the same first error (and the big array ends the export).
    quotes: list[Quote] = []


# ------------------------------------------------------------------------ conversion

Path = tuple[str | int, ...]


class ValidationError(Exception):
    """Raw data does not fit the model; `path` says where, as keys and list indices."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message
        where = render_path(path)
        super().__init__(f"{where}: {message}" if where else message)


def render_path(path: Path) -> str:
    """``("quotes", 3, "text")`` as ``quotes[3].text``."""
    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text = f"{text}.{key}" if text else key
    return text


def film_from_builtins(raw: dict[str, Any]) -> Film:
    """Validate parsed TOML/JSON data strictly and build the record (`raw` is consumed)."""
    raw = _prepare(raw)
    updated = raw.pop("updated", None)
    updated = None if updated is None else check_updated(updated)
    film: Film = convert(raw, Film)
    return film if updated is None else film.replace(updated=updated)


def convert(raw: Any, kind: Any, base: Path = ()) -> Any:
    """`msgspec.convert` in strict mode, its errors as ValidationError below `base`."""
    try:
        return msgspec.convert(raw, kind, strict=True)
    except msgspec.ValidationError as error:
        path, message = _translate(str(error))
        raise ValidationError(_rebase(base, path), message) from None


def _prepare(raw: dict[str, Any]) -> dict[str, Any]:
    """Do what types cannot: the version and the name shorthand (see the module)."""
    if type(raw) is not dict:
        raise ValidationError((), f"expected object, got {_type_name(raw)}")
    version = raw.get("schema_version")
    if type(version) is int and version in READABLE_VERSIONS:
        raw["schema_version"] = SCHEMA_VERSION
    credits = raw.get("credits")
    if type(credits) is dict:
        for key in ("directors", "cast"):
            people = credits.get(key)
            if type(people) is list:
                credits[key] = [{"name": p} if type(p) is str else p for p in people]
    return raw


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?\Z")
NEEDS_OFFSET = (
    "a date-time needs an offset, such as 2023-03-13T09:00:00+01:00 or "
    "2023-03-13T08:00:00Z (or give only the date: 2023-03-13)"
)


def check_updated(value: Any) -> dt.date:
    """`updated` as a date or an offset date-time (TOML values, or RFC 3339 strings)."""
    path: Path = ("updated",)
    if type(value) is str:
        if _DATE.match(value):
            moment: Any = _parse_moment(dt.date, value)
        elif found := _DATETIME.match(value):
            if not found[2]:
                raise ValidationError(path, NEEDS_OFFSET)
            # Python 3.10 reads neither "Z" nor fractions of other than 3 or 6 digits.
            offset = "+00:00" if found[2] in "Zz" else found[2]
            fraction = f".{(found[1] or '.')[1:]:0<6.6}" if found[1] else ""
            moment = _parse_moment(dt.datetime, value[:19] + fraction + offset)
        else:
            moment = None
        if moment is None:
            raise ValidationError(path, "invalid RFC 3339 date or date-time")
        value = moment
    if type(value) is dt.datetime and value.tzinfo is None:
        raise ValidationError(path, NEEDS_OFFSET)
    if type(value) not in (dt.date, dt.datetime):
        raise ValidationError(path, f"expected date | datetime | null, got {_type_name(value)}")
    return value  # type: ignore[no-any-return]


def _parse_moment(kind: type[dt.date], text: str) -> dt.date | None:
    """A date or date-time from its ISO text, or None if the calendar refuses it."""
    try:
        return kind.fromisoformat(text)
    except ValueError:
        return None


def _type_name(value: object) -> str:
    """The JSON/TOML name of a parsed value's type, as msgspec's messages name them."""
    names = {
        str: "str", int: "int", float: "float", bool: "bool", list: "array", dict: "object",
        type(None): "null", dt.date: "date", dt.datetime: "datetime", dt.time: "time",
    }  # fmt: skip
    return names.get(type(value), type(value).__name__)


_AT = re.compile(r"^(.*?)(?: - at `\$(.*)`)?$", re.DOTALL)
_KEY = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_FIELD = re.compile(r"^Object (missing required|contains unknown) field `(.*)`$", re.DOTALL)


def _translate(text: str) -> tuple[Path, str]:
    """msgspec's ``Expected `str`, got `int` - at `$.quotes[0].text``` as a path and
    the project's message wording."""
    found = _AT.match(text)
    assert found is not None  # the pattern matches any text
    message, where = found[1], found[2] or ""
    path: Path = tuple(key if key else int(index) for key, index in _KEY.findall(where))
    if field := _FIELD.match(message):
        path += (field[2],)
        message = "required field is missing" if field[1] == "missing required" else "unknown field"
    elif message.startswith("Invalid enum value") and path == ("schema_version",):
        message = f"expected 2 (or 1), got {message.rsplit(' ', 1)[1]}"
    elif message == "Invalid RFC3339 encoded date":
        message = "invalid RFC 3339 date (expected YYYY-MM-DD)"
    else:
        message = message.replace("`", "")
        message = message[:1].lower() + message[1:]
    return path, message


def _rebase(base: Path, path: Path) -> Path:
    """A path inside a chunk of a list as a path in the whole record: `base` is the list's
    path and the chunk's first index (``("quotes", 20000)``)."""
    if not base:
        return path
    *parent, start = base
    if path and isinstance(path[0], int) and isinstance(start, int):
        return (*parent, start + path[0], *path[1:])
    return (*parent, *path)
