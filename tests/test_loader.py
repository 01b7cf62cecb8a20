"""Strict loading: every bad record is one located error; good records load exactly."""

from __future__ import annotations

import errno
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
        ('title = "x"\ntitle = "y"\n', ":2:"),
        ("title = 1\n", ": title: expected str, got int"),
        ('title = "x"\nyear = "2008"\n', ": year: expected int | null, got str"),
        (
            'title = "x"\n[[quotes]]\npublication = "V"\ntext = 5\n',
            ": quotes[0].text: expected str, got int",
        ),
        (
            'title = "x"\n[[quotes]]\ntext = "t"\n',
            ": quotes[0].publication: required field is missing",
        ),
        (
            'title = "x"\n[[quotes]]\npublication = "V"\ntext = "t"\nsource = "typo"\n',
            ": quotes[0].source: unknown field",
        ),
        ('titel = "x"\n', ": titel: unknown field"),
        ('genres = ["x"]\n', ": title: required field is missing"),
        ('title = ""\n', ": title: expected str of length >= 1"),
        ('title = "x"\nschema_version = 2\n', ": schema_version: expected 1, got 2"),
        (
            'title = "x"\n[rating]\nclassification = "M"\nsytem = "NZ"\n',
            ": rating.sytem: unknown field",
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
        ('{"title": "a",}', ":1:15: expecting property name"),
        ('{"title": "a", "title": "b"}', ': duplicate key "title"'),
        ('{"title": "a", "year": NaN}', ": not valid JSON: NaN"),
        ('{"title": "a"} trailing', ":1:16: extra data"),
        (
            '{"title": "a", "quotes": [{"publication": "p"}]}',
            ": quotes[0].text: required field is missing",
        ),
    ],
)
def test_bad_json_exports(write_record: Callable[..., Path], content: str, expected: str) -> None:
    """A broken JSON record is located like a TOML one."""
    assert expected in error_of(write_record(content, name="bad.json"))


def test_loads_names_the_source() -> None:
    """`loads` uses the given name in its messages."""
    with pytest.raises(RecordError, match=r"^inline: title: "):
        loads(b"title = 3", name="inline")


def test_compiled_and_plain_conversion_agree(write_record: Callable[..., Path]) -> None:
    """Past COMPILE_AFTER quotes, conversion switches to a compiled converter: records
    and error messages must be the same either way."""
    from filmtui.model import COMPILE_AFTER

    count = COMPILE_AFTER * 3
    quotes = "".join(
        f'[[quotes]]\npublication = "P{i}"\nregion = "R"\ntext = "quote {i}"\n'
        for i in range(count)
    )
    film = load(write_record(f'title = "Many"\n{quotes}'))
    assert [quote.text for quote in film.quotes] == [f"quote {i}" for i in range(count)]
    assert film.quotes[-1].region == "R" and film.quotes[-1].date is None
    for bad, message in [
        ("text = 3", "expected str, got int"),
        ('text = ""', "expected str of length >= 1"),
        ('text = "t"\nsource = "x"', "unknown field"),
        ('text = "t"\ndate = "soon"', "invalid RFC 3339 date"),
        ("region = 1\ntext = 't'", "expected str | null, got int"),
    ]:
        path = write_record(f'title = "Many"\n{quotes}[[quotes]]\npublication = "Z"\n{bad}\n')
        with pytest.raises(RecordError) as caught:
            load(path)
        assert f": quotes[{count}]." in str(caught.value) and message in str(caught.value)
        early = write_record(f'title = "Few"\n[[quotes]]\npublication = "Z"\n{bad}\n', "few.toml")
        with pytest.raises(RecordError) as caught_early:
            load(early)
        assert str(caught_early.value).split(": ", 1)[1].replace("quotes[0]", "quotes[N]") == (
            str(caught.value).split(": ", 1)[1].replace(f"quotes[{count}]", "quotes[N]")
        )
