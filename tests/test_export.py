"""The JSON export: fixed key order, exact strings, safe bytes, schema-valid, lossless."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import films, record_to_toml

from filmtui.export import export_json, export_jsonl, schema_json, with_quotes
from filmtui.loader import RecordError, loads
from filmtui.model import Film, Quote

KEY_ORDER = [
    "schema_version",
    "title",
    "original_title",
    "year",
    "runtime",
    "availability",
    "genres",
    "countries",
    "synopsis",
    "credits",
    "rating",
    "languages",
    "subtitles",
    "official_site",
    "listing_review",
    "updated",
    "quotes",
]
SCHEMA = json.loads(schema_json())
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def test_keys_come_in_the_documented_order(film: Film) -> None:
    """`schema_version` first, then the documented order; absent values are null."""
    exported = json.loads(export_json(film))
    assert list(exported) == KEY_ORDER
    assert exported["schema_version"] == 2
    assert exported["year"] is None
    assert list(exported["quotes"][0]) == [
        "publication",
        "critic",
        "region",
        "text",
        "date",
        "url",
    ]


def test_export_validates_against_the_schema(film: Film) -> None:
    """The bundled record's export is valid under `filmtui schema`."""
    jsonschema.validate(json.loads(export_json(film)), SCHEMA)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_rejects_what_the_loader_rejects(film: Film) -> None:
    """Unknown keys and wrong types are invalid under the schema too."""
    exported = json.loads(export_json(film))
    exported["quotes"][0]["source"] = "typo"
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(exported)


def test_compact_and_pretty_hold_the_same_data(film: Film) -> None:
    """--compact only drops whitespace."""
    compact = export_json(film, compact=True)
    assert compact.count(b"\n") == 1 and compact.endswith(b"\n")
    assert json.loads(compact) == json.loads(export_json(film))


def test_jsonl_is_one_quote_per_line(film: Film) -> None:
    """Each line is one quote object."""
    lines = export_jsonl(film).decode().splitlines()
    assert [json.loads(line)["publication"] for line in lines] == [
        "Lumiere Reader",
        "Plume Noir",
        "Urban Cinefile",
        "Variety",
    ]


def test_terminal_controls_are_escaped_but_kept() -> None:
    """ESC, DEL, C1 and bidi controls are \\u escapes in the bytes, exact in the data."""
    hostile = "\x1b]2;PWNED\x1b\\ \x7f \x9b2J \u202e evil \u2066 x \u200f"
    film = Film(title=hostile, quotes=[Quote(publication="p", text=hostile)])
    data = export_json(film) + export_jsonl(film)
    for char in "\x1b\x7f\x9b\u202e\u2066\u200f":
        assert char.encode() not in data
    assert b"\\u001b" in data and b"\\u009b" in data and b"\\u202e" in data
    assert json.loads(export_json(film))["title"] == hostile
    assert loads(export_json(film)) == film


def test_with_quotes_replaces_only_the_quotes(film: Film) -> None:
    """A filtered view keeps everything else."""
    view = with_quotes(film, film.quotes[3:])
    assert view.quotes == film.quotes[3:]
    assert view.replace(quotes=film.quotes) == film


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(films)
def test_record_toml_load_export_load_is_the_identity(record: Film) -> None:
    """record → TOML → load → export → load gives back the record, and the same export."""
    toml = record_to_toml(record)
    from_toml = loads(toml.encode("utf-8"), name="generated.toml")
    assert from_toml == record
    exported = export_json(from_toml)
    from_json = loads(exported, name="export.json")
    assert from_json == record
    assert export_json(from_json) == exported
    jsonschema.validate(json.loads(exported), SCHEMA)


def _objects(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every JSON object inside `value`, with its path."""
    found: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(value, dict):
        found.append((path, value))
        for key, item in value.items():
            found += _objects(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _objects(item, (*path, index))
    return found


#: Values that are wrong for some fields and right for others: the loader and the schema
#: must agree on each. (A float with no fraction, such as 2008.0, is left out: JSON Schema
#: calls it an integer, and JSON cannot tell the two apart.)
NEAR_MISSES = [
    None, "", "x", 0, -1, 1869, 2008, 2201, 2008.5, True, [], ["x"], [1], {}, {"name": "x"},
    "2008-02-30", "2008-02-20", "20080220", "2023-03-13T09:00:00", "2023-03-13T09:00:00Z",
    "soon", 3, 1, 2,
]  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(films, st.data())
def test_schema_and_loader_agree_on_near_misses(record: Film, data: st.DataObject) -> None:
    """Change one key of a valid export (drop it, add an unknown one, or give it a value
    that is wrong for some field): `filmtui schema` rejects it exactly when the loader
    does."""
    exported = json.loads(export_json(record))
    path, target = data.draw(st.sampled_from(_objects(exported)))
    action = data.draw(st.sampled_from(["drop", "add", "set"]))
    if action == "drop" and target:
        del target[data.draw(st.sampled_from(sorted(target)))]
    elif action == "add":
        target[data.draw(st.sampled_from(["source", "synopis", "name", "x"]))] = "v"
    else:
        key = data.draw(st.sampled_from(sorted(target) or ["x"]))
        target[key] = data.draw(st.sampled_from(NEAR_MISSES))
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=FORMATS)
    schema_ok = validator.is_valid(exported)
    try:
        loads(json.dumps(exported).encode(), name="near-miss.json")
        loader_ok = True
    except RecordError:
        loader_ok = False
    event(f"loader {'accepts' if loader_ok else 'rejects'}")
    assert schema_ok == loader_ok, (path, exported)
