"""Hypothesis strategies for film records."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from filmtui.model import (
    CastMember,
    Credits,
    Director,
    Film,
    ListingReview,
    OfficialSite,
    Quote,
    Rating,
)

# All of Unicode but lone surrogates, which no UTF-8 file can hold.
any_text = st.text(st.characters(codec="utf-8"), max_size=40)
some_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)
maybe_text = st.none() | any_text
offsets = st.sampled_from(
    [
        dt.timezone.utc,
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
        dt.timezone(dt.timedelta(hours=-8)),
    ]
)
datetimes = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=dt.datetime(1000, 1, 1)),
    offsets,
)

maybe_some_text = st.none() | some_text
quotes = st.builds(
    Quote,
    publication=some_text,
    critic=maybe_some_text,
    region=maybe_text,
    text=some_text,
    date=st.none() | st.dates(min_value=dt.date(1000, 1, 1)),
    url=maybe_some_text,
)

films = st.builds(
    Film,
    title=some_text,
    original_title=maybe_some_text,
    year=st.none() | st.integers(1870, 2200),
    runtime=st.none() | st.integers(1, 100_000),
    availability=maybe_text,
    genres=st.lists(some_text, max_size=3),
    countries=st.lists(some_text, max_size=2),
    synopsis=maybe_text,
    credits=st.builds(
        Credits,
        directors=st.lists(
            st.builds(Director, name=some_text, known_for=st.lists(some_text, max_size=3)),
            max_size=2,
        ),
        cast=st.lists(st.builds(CastMember, name=some_text, role=maybe_text), max_size=3),
    ),
    rating=st.none()
    | st.builds(Rating, classification=some_text, advisory=maybe_text, system=maybe_text),
    languages=st.lists(some_text, max_size=3),
    subtitles=st.lists(some_text, max_size=2),
    official_site=st.none() | st.builds(OfficialSite, label=some_text, url=maybe_text),
    listing_review=st.none() | st.builds(ListingReview, text=some_text),
    quotes=st.lists(quotes, max_size=5),
    updated=st.none() | st.dates(min_value=dt.date(1000, 1, 1)) | datetimes,
)


def record_to_toml(record: Film) -> str:
    """Write a record as TOML (which has no null: absent values are left out)."""
    import msgspec
    import tomli_w

    def drop_none(value: object) -> object:
        if isinstance(value, dict):
            return {k: drop_none(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [drop_none(v) for v in value]
        return value

    def plain(value: object) -> object:
        """Records as dicts, keeping dates as dates (TOML has them)."""
        if isinstance(value, msgspec.Struct):
            return {f: plain(getattr(value, f)) for f in value.__struct_fields__}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    data = drop_none(plain(record))
    assert isinstance(data, dict)
    return tomli_w.dumps(data)
