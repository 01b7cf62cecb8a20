"""Strict loading: every bad record is one located error; good records load exactly."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from filmtui.export import export_json
from filmtui.loader import RecordError, load, loads
from filmtui.model import Film

GOOD = 'title = "Paris"\n[[quotes]]\npublication = "Variety"\ntext = "Gallic helmer"\n'


def error_of(path: Path, **kwargs: int) -> str:
    """Load `path`, expecting failure, and return the one-line message."""
    with pytest.raises(RecordError) as caught:
        load(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('title = "x', ":1:11: unterminated string"),
        ('title = "x"\ntitle = "y"\n', ":2:1: title is set twice (first on line 1)"),
        (
            'title = "x"\n[rating]\nclassification = "M"\n[rating]\n',
            ":4:1: table [rating] is declared twice (first on line 2)",
        ),
        ("title = 1\n", ":1:9: title: expected a string, got an integer"),
        ('title = "x"\nyear = "2008"\n', ":2:8: year: expected an integer, got a string"),
        (
            'title = "x"\n[[quotes]]\npublication = "V"\ntext = 5\n',
            ":4:8: quotes[0].text (the 1st [[quotes]]): expected a string, got an integer",
        ),
        (
            'title = "x"\n[[quotes]]\ntext = "t"\n',
            ":2:1: quotes[0].publication (the 1st [[quotes]]): required field is missing",
        ),
        (
            'title = "x"\n'
            + '[[quotes]]\npublication = "V"\ntext = "t"\n' * 4
            + 'source = "typo"\n',
            ":14:1: quotes[3].source (the 4th [[quotes]]): unknown field; "
            "did you mean publication?",
        ),
        ('titel = "x"\n', ":1:1: titel: unknown field; did you mean title?"),
        ('title = "x"\nsynopis = "s"\n', ":2:1: synopis: unknown field; did you mean synopsis?"),
        ('genres = ["x"]\n', ":1:1: title: required field is missing"),
        ('title = ""\n', ":1:9: title: expected a non-empty string"),
        ('title = "x"\nschema_version = 3\n', ":2:18: schema_version: expected 2 (or 1), got 3"),
        (
            'title = "x"\n[rating]\nclassification = "M"\nsytem = "NZ"\n',
            ":4:1: rating.sytem: unknown field; did you mean system?",
        ),
        (
            'title = "x"\nquotes = [ {publication = "X", text = "a"},\n  {publication = "Y",\n'
            '   txt = "b"} ]\n',
            ":4:4: quotes[1].txt (the 2nd item of quotes): unknown field; did you mean text?",
        ),
        (
            'title = "x"\n[credits]\ncast = [ "A",\n  { name = "B",\n    role = 3 } ]\n',
            ":5:12: credits.cast[1].role (the 2nd item of credits.cast): "
            "expected a string, got an integer",
        ),
        (
            'title = "x"\ncredits.cast = ["A", "B", 7]\n',
            ":2:27: credits.cast[2] (the 3rd item of credits.cast): "
            "expected a table, got an integer",
        ),
        (
            'title = "x"\nquotes = [ # a ] and { in a comment\n {publication = "X", text = """a\n'
            ' ]}"""}, {publication = "p", text = 5}]\n',
            ":4:37: quotes[1].text (the 2nd item of quotes): expected a string, got an integer",
        ),
        ('title = "x"\nyear = 1200\n', ":2:8: year: expected an integer from 1870 to 2200"),
        ('title = "x"\nruntime = 0\n', ":2:11: runtime: expected an integer from 1 to 100000"),
        ('title = "x"\nrating = 5\n', ":2:10: rating: expected a table, got an integer"),
        (
            'title = "x"\nquotes = []\n[[quotes]]\n',
            ":3:1: [[quotes]] adds to a value set whole on line 2; "
            "write it one way: all in that value, or all in tables",
        ),
        (
            'title = "x"\ncast = { name = "a", name = "b" }\n',
            ":2:32: name is set twice in this inline table; set each key once",
        ),
        (
            'title = "x\nyear = 2000\n',
            ':1:11: string not closed at the end of the line; end it with " '
            '(text over several lines goes between """ and """)',
        ),
        (
            "synopsis = '''it's\nlong'''\ntitle = 'x\nyear = 2000\n",
            ":3:11: string not closed at the end of the line; end it with ' "
            "(text over several lines goes between ''' and ''')",
        ),
        (
            'title = "a\x01b"\n',
            ":1:11: control character U+0001 is not allowed here; "
            "inside a string, write it as \\u0001",
        ),
        (
            'title = "x"\n[[credits.cast]]\nname = "A"\nquotes = []\n',
            ":4:1: credits.cast[0].quotes (the 1st [[credits.cast]]): unknown field; quotes "
            "belongs to the film, but TOML puts it in the [[credits.cast]] table begun on line 2",
        ),
    ],
)
def test_bad_records_name_the_place(
    write_record: Callable[..., Path], content: str, expected: str
) -> None:
    """Syntax errors give line and column; schema errors give the field path."""
    assert expected in error_of(write_record(content))


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is one line, not a traceback."""
    assert error_of(tmp_path / "nope.toml").endswith(": no such file")


def test_directory(tmp_path: Path) -> None:
    """A directory is refused."""
    assert "is a directory" in error_of(tmp_path)


def test_unreadable_file(
    write_record: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file we may not read says so (simulated: CI runs as root, who may read anything)."""
    path = write_record(GOOD)

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr("filmtui.loader.os.open", refuse)
    assert error_of(path).endswith(": permission denied")


def test_not_utf8(write_record: Callable[..., Path]) -> None:
    """Invalid UTF-8 names the line, column and byte."""
    path = write_record(b'title = "ok"\ntitle2 = "\xff"\n')
    assert error_of(path).endswith(":2:11: not valid UTF-8 (byte 0xff)")


def test_size_cap(write_record: Callable[..., Path]) -> None:
    """A file over the cap names the cap and the flag that raises it."""
    path = write_record(GOOD + "# " + "x" * 2000 + "\n")
    message = error_of(path, max_bytes=1024)
    assert "over the 1 KB limit" in message and "--max-size" in message
    assert load(path, max_bytes=4096).title == "Paris"


def test_good_record_loads(write_record: Callable[..., Path]) -> None:
    """Optional fields default; given fields are kept exactly."""
    film = load(write_record(GOOD))
    assert film.title == "Paris"
    assert film.quotes[0].publication == "Variety"
    assert film.quotes[0].region is None
    assert film.rating is None


def test_json_export_loads_back(film: Film, write_record: Callable[..., Path]) -> None:
    """`load` reads the project's own JSON export and gets the same record."""
    path = write_record(export_json(film), name="film.json")
    assert load(path) == film


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"title": "a",}', ":1:15: trailing comma in object"),
        ('{"title": "a", "title": "b"}', ':1:16: duplicate key "title" (first on line 1)'),
        ('{"title": "a", "year": NaN}', ":1:24: invalid character"),
        ('{"title": "a", "x": {"k": 1, "k": 2}}', ':1:30: duplicate key "k"'),
        ('{"title": "a:b", "quotes": [{"text": "\\":", "text": "b"}]}', ': duplicate key "text"'),
        ('{"title": "a"} trailing', ":1:16: trailing characters"),
        (
            '{"title": "a",\n "quotes": [{"publication": "p"}]}',
            ":2:13: quotes[0].text (the 1st item of quotes): required field is missing",
        ),
        (
            '{"title": "a", "year": "2001"}',
            ":1:24: year: expected an integer or null, got a string",
        ),
        (
            '{"title": "a", "year": ' + "9" * 4301 + "}",
            ":1:24: year: an integer has more than 4300 digits",
        ),
        (
            '{"title": "a", "rating": {"classification": "M", "sytem": "NZ"}}',
            ":1:50: rating.sytem: unknown field; did you mean system?",
        ),
    ],
)
def test_bad_json_exports(write_record: Callable[..., Path], content: str, expected: str) -> None:
    """A broken JSON record is located like a TOML one."""
    assert expected in error_of(write_record(content, name="bad.json"))


def test_loads_names_the_source() -> None:
    """`loads` uses the given name in its messages."""
    with pytest.raises(RecordError, match=r"^inline:1:9: title: "):
        loads(b"title = 3", name="inline")


def test_real_film_fields_and_name_shorthand(write_record: Callable[..., Path]) -> None:
    """Original title, runtime, countries, critics, review links; plain names for people."""
    film = load(
        write_record(
            'title = "Faces Places"\noriginal_title = "Visages Villages"\nruntime = 94\n'
            'countries = ["France"]\n[credits]\ndirectors = ["Agnès Varda", "JR"]\n'
            'cast = ["Agnès Varda", { name = "JR", role = "himself" }]\n'
            '[[quotes]]\npublication = "The Guardian"\ncritic = "Peter Bradshaw"\n'
            'text = "A delight"\nurl = "https://example.org/review"\n'
        )
    )
    assert (film.original_title, film.runtime, film.countries) == (
        "Visages Villages",
        94,
        ["France"],
    )
    assert [d.name for d in film.credits.directors] == ["Agnès Varda", "JR"]
    assert [(c.name, c.role) for c in film.credits.cast] == [
        ("Agnès Varda", None),
        ("JR", "himself"),
    ]
    assert (film.quotes[0].critic, film.quotes[0].url) == (
        "Peter Bradshaw",
        "https://example.org/review",
    )
    exported = json.loads(export_json(film))
    assert exported["credits"]["directors"][1] == {"name": "JR", "known_for": []}


@pytest.mark.parametrize(
    ("content", "name"),
    [
        ('title = "x"\nupdated = 2023-03-13T09:00:00\n', "r.toml"),
        ('{"title": "x", "updated": "2023-03-13T09:00:00"}', "r.json"),
    ],
)
def test_updated_without_offset_is_refused(
    write_record: Callable[..., Path], content: str, name: str
) -> None:
    """A date-time without an offset does not say when it was: the message asks for one."""
    assert ": updated: a date-time needs an offset" in error_of(write_record(content, name))


def test_updated_date_or_offset_datetime(write_record: Callable[..., Path]) -> None:
    """A date stays a date; an offset date-time keeps its offset, in TOML and JSON."""
    day = load(write_record('title = "x"\nupdated = 2023-03-13\n'))
    assert json.loads(export_json(day))["updated"] == "2023-03-13"
    moment = load(write_record('title = "x"\nupdated = 2023-03-13T09:00:00+01:00\n'))
    assert json.loads(export_json(moment))["updated"] == "2023-03-13T09:00:00+01:00"
    assert load(write_record(export_json(moment), "m.json")) == moment


def test_version_1_records_and_exports_load_as_version_2(
    write_record: Callable[..., Path],
) -> None:
    """schema_version 1 still loads; the export then says 2."""
    film = load(write_record('schema_version = 1\ntitle = "x"\n'))
    assert film.schema_version == 2
    old_export = '{"schema_version": 1, "title": "x", "year": null, "quotes": []}'
    assert load(write_record(old_export, "old.json")) == film


def test_updated_fractions_of_any_length(write_record: Callable[..., Path]) -> None:
    """RFC 3339 allows any number of fraction digits (Python 3.10 reads only 3 or 6)."""
    film = load(write_record('{"title": "x", "updated": "2023-03-13T09:00:00.5Z"}', "u.json"))
    assert json.loads(export_json(film))["updated"] == "2023-03-13T09:00:00.500000Z"
