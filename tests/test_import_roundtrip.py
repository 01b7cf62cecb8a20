"""Property tests: the TOML writer against a real TOML parser, and listings generated from
records importing back to the same records."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from filmtui import toml_writer
from filmtui.importer import import_listing
from filmtui.loader import loads

# ------------------------------------------------------------------------ TOML writer

keys = st.text(st.characters(codec="utf-8"), min_size=1, max_size=8)
any_text = st.text(st.characters(codec="utf-8"), max_size=30)
scalars = (
    any_text
    | st.integers(-(2**63), 2**63 - 1)
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
)
values = scalars | st.lists(scalars, max_size=4)
tables = st.recursive(
    st.dictionaries(keys, values, max_size=4),
    lambda inner: st.dictionaries(
        keys, values | inner | st.lists(inner, min_size=1, max_size=3), max_size=4
    ),
    max_leaves=12,
)
HIDDEN = {"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn"}


@given(tables)
@settings(max_examples=300)
def test_writer_output_parses_back_to_the_same_data(data: dict[str, Any]) -> None:
    """Whatever the keys and strings hold, tomli reads back exactly what was written."""
    text = toml_writer.dumps(data)
    assert tomli.loads(text) == data


@given(tables)
def test_writer_output_shows_no_hidden_characters(data: dict[str, Any]) -> None:
    """Every character one cannot see is an escape; only line breaks stay raw."""
    for char in toml_writer.dumps(data):
        assert char in "\n " or unicodedata.category(char) not in HIDDEN, repr(char)


def test_writer_layout() -> None:
    """One-line arrays, [table] and [[array of tables]] headers, multi-line text."""
    data = {
        "n": 1,
        "tags": ["a", "b"],
        "when": dt.date(2008, 2, 20),
        "credits": {"directors": [{"name": "A"}, {"name": "B"}]},
        "rating": {"classification": "M", "advisory": None},
        "review": {"text": 'one "q"\n\ntwo"'},
    }
    assert toml_writer.dumps(data, {"rating": "Why."}) == (
        'n = 1\ntags = ["a", "b"]\nwhen = 2008-02-20\n\n'
        '[[credits.directors]]\nname = "A"\n\n[[credits.directors]]\nname = "B"\n\n'
        '# Why.\n[rating]\nclassification = "M"\n\n'
        '[review]\ntext = """\none "q"\n\ntwo\\""""\n'
    )


def test_long_arrays_break_over_lines() -> None:
    """An array too long for one line gets one item a line."""
    text = toml_writer.dumps({"a": ["x" * 60, "y" * 60]})
    assert text == f'a = [\n    "{"x" * 60}",\n    "{"y" * 60}",\n]\n'


# ----------------------------------------------------- generated listings round-trip

letters = st.sampled_from("abcdefghijklmnopqrstuvwxyzéèçüñ")
word = st.text(letters, min_size=1, max_size=8)
capitalised = word.map(lambda w: w[0].upper() + w[1:])
spaces = st.sampled_from([" ", " ", "\u00a0"])


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """A paragraph: capitalised words, some joined by no-break spaces, and a full stop."""
    words = [draw(capitalised), *draw(st.lists(word | capitalised, min_size=2, max_size=25))]
    text = words[0]
    for item in words[1:]:
        text += draw(spaces) + item
    return text + draw(st.sampled_from([".", "!", "?", '."', "…"]))


names = st.lists(capitalised, min_size=1, max_size=3).map(" ".join)
# A bracket inside a publication's name, but not at its end, where it is the region.
publication = st.tuples(names, st.sampled_from(["", "[&] ", "[The] "]), names).map(
    lambda parts: parts[1] + parts[0] if parts[1] else parts[0]
) | st.tuples(names, names).map(lambda parts: f"{parts[0]} [&] {parts[1]}")


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A record holding only what a listing can say, in the importer's key order."""
    record: dict[str, Any] = {"schema_version": 0, "title": "Film"}
    if draw(st.booleans()):
        record["availability"] = draw(names)
    record["genres"] = draw(st.lists(capitalised, min_size=1, max_size=3))
    if draw(st.booleans()):
        record["synopsis"] = "\n\n".join(draw(st.lists(sentence(), min_size=1, max_size=2)))
    titles = st.lists(names.map(lambda n: n + "'s"), max_size=3)
    directors = st.builds(lambda n, k: {"name": n, "known_for": k}, names, titles)
    record["credits"] = {"directors": draw(st.lists(directors, max_size=3))}
    if draw(st.booleans()):
        rating = {"classification": draw(st.sampled_from(["M", "R16", "PG-13", "G"]))}
        if draw(st.booleans()):
            rating["advisory"] = " ".join(draw(st.lists(word, min_size=1, max_size=4)))
        record["rating"] = rating
    record["languages"] = draw(st.lists(capitalised, min_size=1, max_size=3))
    record["subtitles"] = draw(st.lists(capitalised, max_size=2))
    if draw(st.booleans()):
        record["official_site"] = {"label": "Official Site"}
    review = draw(st.lists(sentence(), max_size=3))
    if review:
        record["listing_review"] = {"text": "\n\n".join(review)}
    quotes = []
    for _ in range(draw(st.integers(0, 4))):
        quote = {"publication": draw(publication)}
        if draw(st.booleans()):
            quote["region"] = draw(names)
        quote["text"] = draw(sentence())
        quotes.append(quote)
    record["quotes"] = quotes
    return record


def listing(record: dict[str, Any], newline: str, gap: str) -> str:
    """The listing text a site would show for a record (the layout of the seed)."""
    lines = [record.get("availability", "")]
    lines += [record.get("synopsis", ""), "", "Directed by"]
    for director in record["credits"]["directors"]:
        known = ", ".join(f"'{title}'" for title in director["known_for"])
        lines.append(f"  • {director['name']}({known})")
    lines.append(", ".join(record["genres"]))
    if "rating" in record:
        rating = record["rating"]
        lines.append(f"Rating: {rating['classification']} {rating.get('advisory', '')}")
    spoken = " and ".join(record["languages"])
    subtitles = " and ".join(record["subtitles"])
    lines.append(f"{spoken}, with {subtitles} subtitles" if subtitles else spoken)
    if "official_site" in record:
        lines.append("Official Site")
    if "listing_review" in record:
        lines.append(record["listing_review"]["text"])
    for quote in record["quotes"]:
        region = f" [{quote['region']}]" if "region" in quote else ""
        lines += [quote["publication"] + region + gap, quote["text"]]
    return (newline + newline).join(lines).replace("\n", newline)


@given(records(), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "\n"]))
@settings(max_examples=200, deadline=None)
def test_generated_listings_import_to_their_records(
    record: dict[str, Any], newline: str, gap: str
) -> None:
    """Write a record as a listing, import it: the same record, loading strictly."""
    text = listing(record, newline, gap.replace("\n", newline))
    imported, toml = import_listing(text.encode(), title="Film")
    expected = {k: v for k, v in record.items() if k != "schema_version"}
    assert {k: v for k, v in imported.items() if k != "schema_version"} == expected
    film = loads(toml.encode())
    assert [q.publication for q in film.quotes] == [q["publication"] for q in record["quotes"]]
