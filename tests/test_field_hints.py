"""An unknown key that is a field in another part of the record (or close to one) is
pointed there, in the one-line error the command line prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RunCli

FARGO = 'title = "Fargo"\nyear = 1996\n'


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            FARGO + 'directorz = ["Joel Coen"]\n',
            ":3:1: directorz: unknown field; did you mean credits.directors?",
        ),
        (
            FARGO + 'directors = ["Joel Coen"]\n',
            ":3:1: directors: unknown field; did you mean credits.directors?",
        ),
        (
            FARGO + 'actors = ["Frances McDormand"]\n',
            ":3:1: actors: unknown field; did you mean credits.cast?",
        ),
        (
            FARGO + '[credits]\ndirectors = ["Joel Coen"]\nclassification = "R"\n',
            ":5:1: credits.classification: unknown field; did you mean rating.classification?",
        ),
        (
            FARGO + '[official_site]\nlabel = "Official Site"\ncritic = "Roger Ebert"\n',
            ":5:1: official_site.critic: unknown field; did you mean quotes[].critic?",
        ),
        (
            FARGO + 'name = "Joel Coen"\n',
            ":3:1: name: unknown field; "
            "did you mean credits.directors[].name or credits.cast[].name?",
        ),
        # Still the nearest name where the key is, when there is one as near.
        (FARGO + 'synopis = "…"\n', ":3:1: synopis: unknown field; did you mean synopsis?"),
        (
            FARGO + '[credits]\nactors = ["Frances McDormand"]\n',
            ":4:1: credits.actors: unknown field; did you mean cast?",
        ),
    ],
)
def test_a_misplaced_field_is_pointed_to(
    run_cli: RunCli, tmp_path: Path, record: str, expected: str
) -> None:
    """One line on stderr: file, line and column, the field, and where it belongs;
    exit status 2, nothing on stdout."""
    (tmp_path / "fargo.toml").write_text(record, encoding="utf-8")
    result = run_cli("export", "fargo.toml")
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == f"filmtui: fargo.toml{expected}\n"


def test_a_field_of_the_film_inside_an_object_says_where_it_goes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """In a JSON export, a film field put in a nested object is sent to the top level."""
    (tmp_path / "fargo.json").write_text(
        '{"title": "Fargo",\n "credits": {"year": 1996}}\n', encoding="utf-8"
    )
    result = run_cli("export", "fargo.json")
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == (
        "filmtui: fargo.json:2:14: credits.year: unknown field; "
        "year is a field of the film itself: set it at the top level\n"
    )
