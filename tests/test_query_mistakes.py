"""A query given on the command line with a typo is an error, never a silent no-match."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RunCli
from hypothesis import given
from hypothesis import strategies as st

from filmtui.filmquery import film_query_problem
from filmtui.loader import default_record_path
from filmtui.matching import quote_query_problem


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sourc:variety", "did you mean source:?"),
        ("regon:usa", "did you mean region:?"),
        ("zzz:usa", 'put it in "quotes"'),
        ('"comfort zone', "unclosed quote"),
        ('text:"', "unclosed quote"),
    ],
)
def test_quote_query_mistakes_are_named(query: str, expected: str) -> None:
    """Unknown scopes get the nearest one; an unclosed phrase says how to close it."""
    problem = quote_query_problem(query)
    assert problem is not None and expected in problem


@pytest.mark.parametrize(
    "query", ["", "helmer city", '"comfort zone"', "source:variety", 'text:""', '"http://x"']
)
def test_good_quote_queries_pass(query: str) -> None:
    """What the README documents is accepted."""
    assert quote_query_problem(query) is None


def test_film_query_mistakes() -> None:
    """The film query knows its own scopes, number scopes included."""
    assert "did you mean director:?" in (film_query_problem("directr:coen") or "")
    assert film_query_problem("director:coen year:2000..2010 -genre:horror") is None
    assert "unclosed quote" in (film_query_problem('-title:"no') or "")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year:abc", "year: takes a whole number or a range, as year:2001"),
        ("runtime:1.5", "runtime: takes a whole number or a range, as runtime:90"),
        ("year:2010..2000", "the range runs backwards; write the smaller number first"),
        ("year:", "'year:' has nothing after the colon"),
        ("-director:", "'-director:' has nothing after the colon"),
    ],
)
def test_film_query_numbers_and_empty_scopes(query: str, expected: str) -> None:
    """A number scope takes a number or a range, smaller first; a scope needs a value."""
    assert expected in (film_query_problem(query) or "")


@pytest.mark.parametrize(
    "query", ["year:2001", "year:2000..2010", "year:2000..", "-runtime:..100", "year:2001..2001"]
)
def test_film_query_numbers_the_readme_shows_pass(query: str) -> None:
    """Every number form the README documents is accepted."""
    assert film_query_problem(query) is None


@given(
    st.sampled_from(["year", "runtime"]),
    st.integers(0, 10**9 - 1),
    st.integers(0, 10**9 - 1),
)
def test_a_range_is_refused_exactly_when_it_runs_backwards(scope: str, low: int, high: int) -> None:
    """`scope:low..high` is an error if and only if low > high."""
    problem = film_query_problem(f"{scope}:{low}..{high}")
    assert (problem is not None) == (low > high)


@given(st.text())
def test_the_checks_never_raise(text: str) -> None:
    """Any text at all gets an answer, not an exception."""
    quote_query_problem(text)
    film_query_problem(text)


def test_cli_refuses_a_mistyped_scope(run_cli: RunCli, tmp_path: Path) -> None:
    """export, search and ls exit 2 with one line naming the mistake; good queries work."""
    for args in (
        ["export", "--query", "sourc:variety"],
        ["export", "--query", '"unclosed'],
        ["--query", "sourc:variety"],  # the browser refuses it before looking for a terminal
        ["serve", "--query", '"unclosed'],
    ):
        result = run_cli(*args)
        assert result.returncode == 2 and result.stdout == b""
        assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"did you mean source:?" in run_cli("export", "-q", "sourc:variety").stderr
    browse = run_cli("-q", "sourc:variety").stderr.decode()
    assert browse.startswith("filmtui: argument -q/--query: unknown scope sourc:")
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    shutil.copy(default_record_path(), shelf / "paris.toml")
    index = ["--index", str(tmp_path / "index.sqlite")]
    searched = run_cli("search", "regon:usa", shelf, *index)
    assert searched.returncode == 2 and b"did you mean region:?" in searched.stderr
    browsed = run_cli(shelf, "--query", "directr:klapisch", *index)
    assert browsed.returncode == 2 and b"did you mean director:?" in browsed.stderr
    listed = run_cli("ls", shelf, "--query", "directr:klapisch", *index)
    assert listed.returncode == 2 and b"did you mean director:?" in listed.stderr
    good = run_cli("ls", shelf, "--query", "director:klapisch", "--format", "text", *index)
    assert good.returncode == 0 and b"Paris" in good.stdout
