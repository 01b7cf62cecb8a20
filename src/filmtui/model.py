"""The film record, declared once.

These structs are the single source of truth for what a record may hold: loading validates
against them (with exact field paths in errors), the export encodes them (fields in
declaration order, which is the documented key order), and `filmtui schema` derives the
JSON Schema from them. This module does not import textual.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

SCHEMA_VERSION = 1

NonEmptyStr = Annotated[str, msgspec.Meta(min_length=1)]
Year = Annotated[int, msgspec.Meta(ge=1870, le=2200)]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Base for record parts: unknown keys are errors, every field is named on creation."""


class Director(_Strict, kw_only=True):
    """A director and the titles the listing says they are known for."""

    name: NonEmptyStr
    known_for: list[NonEmptyStr] = []


class CastMember(_Strict, kw_only=True):
    """A performer and, where the listing describes it, the part they play."""

    name: NonEmptyStr
    role: str | None = None


class Credits(_Strict, kw_only=True):
    """Who made the film and who is in it."""

    directors: list[Director] = []
    cast: list[CastMember] = []


class Rating(_Strict, kw_only=True):
    """A classification such as `M`, its advisory note and the rating system it belongs to."""

    classification: NonEmptyStr
    advisory: str | None = None
    system: str | None = None


class OfficialSite(_Strict, kw_only=True):
    """A link to the film's official site; a listing may give only the label."""

    label: NonEmptyStr
    url: str | None = None


class ListingReview(_Strict, kw_only=True):
    """The listing's own review: not a critic quote and attributed to no publication."""

    text: NonEmptyStr


class Quote(_Strict, kw_only=True):
    """A critic quote, attributed to a publication and optionally its region."""

    publication: NonEmptyStr
    region: str | None = None
    text: NonEmptyStr
    date: dt.date | None = None


class Film(_Strict, kw_only=True):
    """A whole film record. Field order here is the export's key order."""

    schema_version: Literal[1] = SCHEMA_VERSION
    title: NonEmptyStr
    year: Year | None = None
    availability: str | None = None
    genres: list[NonEmptyStr] = []
    synopsis: str | None = None
    credits: Credits = Credits()
    rating: Rating | None = None
    languages: list[NonEmptyStr] = []
    subtitles: list[NonEmptyStr] = []
    official_site: OfficialSite | None = None
    listing_review: ListingReview | None = None
    quotes: list[Quote] = []
    updated: dt.datetime | None = None
