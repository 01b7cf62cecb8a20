"""The shelf commands as a user runs them: `ls`, `search`, `export DIR`, `filmtui DIR`."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import RunCli
from hypothesis import given
from hypothesis import strategies as st
from strategies import quotes
from test_shelf import make_shelf

from filmtui.cli.search import jsonl_line
from filmtui.loader import default_record_path
from filmtui.model import Film, Quote
from filmtui.shelf import QuoteExport
from filmtui.shelf.records import QUOTE_COLUMNS, quote_rows
from filmtui.terminal_safe import escape_unsafe


def test_ls_text_and_jsonl(run_cli: RunCli, tmp_path: Path) -> None:
    """One film a line; bad files on stderr with their count; exit 0 as films were shown."""
    root, index = make_shelf(tmp_path / "s"), tmp_path / "i.sqlite"
    result = run_cli("ls", root, "--index", index, "--format", "text")
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == [
        f"Paris {n} — Cedric Klapisch · M · 4 quotes" for n in range(3)
    ]
    assert result.stderr.decode().splitlines() == [
        f"filmtui: {root / 'bad.toml'}:1:9: title: expected a string, got an integer",
        "filmtui: 1 bad file on the shelf",
    ]
    lines = run_cli("ls", root, "--index", index, "--query=-title:1").stdout.splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Paris 0", "Paris 2"]


def test_a_pipe_on_a_shelf_is_a_bad_file_at_once(run_cli: RunCli, tmp_path: Path) -> None:
    """A FIFO named like a record is listed as a bad file, saying what it is, without
    waiting for a writer (a record given on the command line may be a pipe; a shelf's
    are files); the films are shown and the exit status is 0."""
    root, index = make_shelf(tmp_path / "s"), tmp_path / "i.sqlite"
    os.mkfifo(root / "fifo.toml")
    result = run_cli("ls", root, "--index", index, "--format", "text")
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 3
    assert result.stderr.decode().splitlines() == [
        f"filmtui: {root / 'bad.toml'}:1:9: title: expected a string, got an integer",
        f"filmtui: {root / 'fifo.toml'}: is a pipe (FIFO), not a record file; a shelf reads "
        "files only",
        "filmtui: 2 bad files on the shelf",
    ]


def test_ls_without_films_but_with_bad_files_fails(run_cli: RunCli, tmp_path: Path) -> None:
    """Nothing shown and a bad file: exit status 2."""
    root = make_shelf(tmp_path / "s", 0)
    result = run_cli("ls", root, "--index", tmp_path / "i.sqlite")
    assert result.returncode == 2 and result.stdout == b""


@pytest.mark.parametrize(
    "command",
    [
        ("ls", "DIR", "--query", "zzz"),
        ("export", "DIR", "--query", "zzz"),
        ("search", "zzz", "DIR"),
    ],
    ids=["ls", "export", "search"],
)
def test_nothing_found_with_bad_files_fails(
    run_cli: RunCli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Films on the shelf but nothing matched, and a file is bad: exit status 2 for every
    command (what was asked for may be in the bad file), with the bad file named."""
    root = make_shelf(tmp_path / "s", 2)
    arguments = [root if part == "DIR" else part for part in command]
    result = run_cli(*arguments, "--index", tmp_path / "i.sqlite")
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode().endswith("filmtui: 1 bad file on the shelf\n")


def test_an_empty_shelf_says_so(run_cli: RunCli, tmp_path: Path) -> None:
    """A directory with no records is not an error, but it is not silent either."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a record", encoding="utf-8")
    for command in ("ls", "export"):
        result = run_cli(command, tmp_path / "empty", "--index", tmp_path / "i.sqlite")
        assert (result.returncode, result.stdout) == (0, b"")
        assert result.stderr.decode() == (
            f"filmtui: {tmp_path / 'empty'}: no records on this shelf "
            "(files ending in .toml or .json)\n"
        )


def test_nothing_matched_on_a_clean_shelf_is_quiet_success(run_cli: RunCli, tmp_path: Path) -> None:
    """No film matched and no file is bad: exit 0, nothing said (the answer is "none")."""
    root = make_shelf(tmp_path / "s", 2)
    (root / "bad.toml").unlink()
    result = run_cli("ls", root, "--index", tmp_path / "i.sqlite", "--query", "zzz")
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


def test_export_dir_refuses_the_json_format(run_cli: RunCli, tmp_path: Path) -> None:
    """`--format json` cannot be one document for a shelf: refused, not silently JSONL."""
    root = make_shelf(tmp_path / "s", 1)
    result = run_cli("export", root, "--index", tmp_path / "i.sqlite", "--format", "json")
    assert result.returncode == 2 and result.stdout == b""
    assert b"a shelf is exported as JSON Lines" in result.stderr


def test_search_finds_quotes_with_their_film(run_cli: RunCli, tmp_path: Path) -> None:
    """JSON Lines of matching quotes, each with title, year and path."""
    root = make_shelf(tmp_path / "s", 2)
    result = run_cli("search", "source:variety", root, "--index", tmp_path / "i.sqlite")
    assert result.returncode == 0
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(q["title"], q["path"], q["publication"]) for q in found] == [
        ("Paris 0", str(root / "film0.toml"), "Variety"),
        ("Paris 1", str(root / "film1.toml"), "Variety"),
    ]
    assert list(found[0])[:3] == ["title", "year", "path"]


def test_export_dir_is_json_lines_in_a_stable_order(run_cli: RunCli, tmp_path: Path) -> None:
    """`filmtui export DIR` writes one film export a line, by title, year and path."""
    root = make_shelf(tmp_path / "s")
    result = run_cli("export", root, "--index", tmp_path / "i.sqlite", "--query", "paris")
    films = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["title"] for f in films] == ["Paris 0", "Paris 1", "Paris 2"]
    assert len(films[0]["quotes"]) == 4
    assert result.stderr.decode().endswith("1 bad file on the shelf\n")


def test_browse_dir_without_a_terminal_says_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    """`filmtui DIR` with no terminal to draw the shelf on: one line, exit 2."""
    result = run_cli(make_shelf(tmp_path / "s"))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and b"is not a terminal" in result.stderr


def test_not_a_directory(run_cli: RunCli, tmp_path: Path) -> None:
    """`ls` of something that is not a directory: one line, exit 2."""
    result = run_cli("ls", tmp_path / "nothing")
    assert result.returncode == 2
    assert (
        result.stderr.decode() == f"filmtui: {tmp_path / 'nothing'}: not a directory of records\n"
    )


def test_ls_jsonl_is_the_compact_export_of_each_file(run_cli: RunCli, tmp_path: Path) -> None:
    """Each line of `ls --format jsonl` is exactly what `export --compact FILE` writes."""
    root = make_shelf(tmp_path / "s", 1)
    (root / "bad.toml").unlink()
    (root / "odd.toml").write_text(
        'title = "\\u001b]0;x\\u0007 \\u202e é"\n[[quotes]]\npublication = "P"\ntext = "\\u009b"\n',
        encoding="utf-8",
    )
    lines = run_cli("ls", root, "--index", tmp_path / "i.sqlite").stdout.splitlines(True)
    expected = [
        run_cli("export", "--compact", root / name).stdout for name in ("odd.toml", "film0.toml")
    ]
    assert sorted(lines) == sorted(expected)


def test_warm_shelf_commands_do_not_import_the_loader(tmp_path: Path) -> None:
    """On an index already up to date, `ls`, `search` and `export DIR` answer from SQLite
    alone: no msgspec or tomli (the loader's imports) unless a file changed."""
    import subprocess
    import sys

    root, index = str(make_shelf(tmp_path / "s", 2)), str(tmp_path / "i.sqlite")
    check = (
        "import sys\n"
        "from filmtui.cli import main\n"
        "main(sys.argv[1:])\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "print(sorted(loaded & {'msgspec', 'tomli', 'textual', 'rich'}), file=sys.stderr)\n"
    )
    commands = [
        ["ls", root, "--query", "director:klapisch -year:..1900"],
        ["search", "klapisch", root],
        ["export", root, "--query", "paris"],
    ]
    run = [sys.executable, "-c", check]
    cold = subprocess.run([*run, *commands[0], "--index", index], capture_output=True)
    assert cold.stderr.decode().splitlines()[-1] == "['msgspec', 'tomli']"  # it read files
    for command in commands:
        warm = subprocess.run([*run, *command, "--index", index], capture_output=True)
        assert warm.stdout and warm.stderr.decode().splitlines()[-1] == "[]", command


@pytest.mark.parametrize(
    "query",
    [
        ["--query", "-title:1"],
        ["-q", "-title:1"],
        ["--qu", "-title:1"],
        ["-q-title:1"],
        ["--query=-title:1"],
    ],
)
@pytest.mark.parametrize("command", ["ls", "export"])
def test_a_negated_film_query_needs_no_equals_sign(
    run_cli: RunCli, tmp_path: Path, command: str, query: list[str]
) -> None:
    """`--query -term` is the query `-term`, as getopt reads it, not an unknown option."""
    root = make_shelf(tmp_path / "s")
    result = run_cli(command, root, "--index", tmp_path / "i.sqlite", *query)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == [
        "Paris 0",
        "Paris 2",
    ]


def test_an_option_after_query_is_still_a_missing_value(run_cli: RunCli, tmp_path: Path) -> None:
    """`--query --format jsonl` forgot the query: a usage error, not the query `--format`."""
    result = run_cli("ls", tmp_path, "--query", "--format", "jsonl")
    assert result.returncode == 2
    assert result.stderr == b"filmtui ls: argument -q/--query: expected one argument (see --help)\n"


@pytest.mark.parametrize("module", ["browse", "export", "ls", "serve"])
def test_every_query_option_takes_a_negated_term(module: str) -> None:
    """Each command with --query reads `--query -term` and `-q -term` (where it has -q)
    as the query; after `--`, nothing is glued."""
    parser = importlib.import_module(f"filmtui.cli.{module}").build_parser()
    options = [o for a in parser._actions if a.dest == "query" for o in a.option_strings]
    assert "--query" in options
    shelf = ["d"] if module == "ls" else []  # ls needs its DIR
    for option in options:
        assert parser.parse_args([*shelf, option, "-title:1"]).query == "-title:1"
    assert parser._glue_query_values(["--", "--query", "-x"]) == ["--", "--query", "-x"]


def test_search_and_export_find_the_critic(run_cli: RunCli, tmp_path: Path) -> None:
    """`critic:` and a bare word find a quote by its critic, on a shelf (`search`) and in
    one record (`export --query`), alike; `search --format text` heads each quote as the
    film screen does, critic and date included."""
    data = Path(__file__).parent / "data"
    root = tmp_path / "s"
    root.mkdir()
    for name in ("amelie.toml", "satantango.toml"):
        shutil.copy(data / name, root / name)
    index = tmp_path / "i.sqlite"
    for query in ("critic:example", 'critic:"a. n. ex"', "n. example"):
        result = run_cli("search", query, root, "--index", index)
        assert result.returncode == 0, result.stderr
        found = [json.loads(line) for line in result.stdout.splitlines()]
        assert [(q["title"], q["critic"]) for q in found] == [
            ("Amélie", "A. N. Example"),
            ("Sátántangó", "A. N. Example"),
        ], query
    result = run_cli("search", "critic:weekly", root, "--index", index)
    assert result.returncode == 0 and result.stdout == b""
    result = run_cli("search", "test", root, "--index", index, "--format", "text")
    heads = [
        re.split(": (?=Test text|Sentence 1 )", line)[0]
        for line in result.stdout.decode().splitlines()
    ]
    assert heads == [
        "Amélie (2001) · The Test Reel [Test Guild] · A. N. Example · region: UK · 2001-04-25",
        "Amélie (2001) · Example Weekly · region: USA",  # no critic, no date: left out
        "Sátántangó (1994) · Example Monthly",
        "Sátántangó (1994) · The Long Test Review · A. N. Example",
        "Sátántangó (1994) · Example Daily",
    ]
    result = run_cli("export", root / "amelie.toml", "--query", "critic:example")
    assert [q["critic"] for q in json.loads(result.stdout)["quotes"]] == ["A. N. Example"]


def test_search_and_export_take_a_negated_quote_query(run_cli: RunCli, tmp_path: Path) -> None:
    """`search -- -term DIR` and `export --query -term` keep the quotes without the term;
    `search -term DIR` (argparse reads an option there) says to put it after `--`."""
    root = tmp_path / "s"
    root.mkdir()
    shutil.copy(default_record_path(), root / "paris.toml")
    index = tmp_path / "i.sqlite"
    result = run_cli("search", "--index", index, "--", "-source:variety", root)
    assert result.returncode == 0, result.stderr
    found = [json.loads(line)["publication"] for line in result.stdout.splitlines()]
    assert found == ["Lumiere Reader", "Plume Noir", "Urban Cinefile"]
    result = run_cli("search", "--format", "text", "--index", index, "--", "-duris", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("Paris · Plume Noir: The problem")
    assert len(result.stdout.splitlines()) == 1
    result = run_cli("export", root / "paris.toml", "--query", "-variety")
    assert result.returncode == 0, result.stderr
    assert [q["publication"] for q in json.loads(result.stdout)["quotes"]] == found
    result = run_cli("search", "-variety", root, "--index", index)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode().endswith(
        "; a query that starts with - goes after --, with the options before it: "
        "filmtui search [options] -- -variety DIR (see --help)\n"
    )


#: Characters that JSON escapes, that the export escapes for terminals, or that are
#: otherwise easy to get wrong (U+2028, a BOM, a non-BMP character).
_HOSTILE = '"\\/\x00\n\r\t\x08\x0c\x1b\x1f\x7f\x80\x85\x9b\x9f\xa0\u061c\u200e\u200f\u2028\u2029'
_HOSTILE += "\u202a\u202d\u202e\u2066\u2069\ufeff\U0001f600"
_hostile_text = st.text(st.sampled_from(_HOSTILE) | st.characters(codec="utf-8"), max_size=30)


@given(
    title=_hostile_text.filter(bool),
    year=st.none() | st.integers(1870, 2200),
    path=_hostile_text,
    quote=quotes.map(lambda quote: quote.replace(text=quote.text + _HOSTILE)),
)
def test_search_lines_are_what_json_dumps_writes(
    title: str, year: int | None, path: str, quote: Quote
) -> None:
    """A `search` line is the film's title, year and path as json.dumps writes them,
    then the quote's export as the index stores it, every terminal-unsafe character
    escaped as in the export: byte for byte, whatever the strings hold."""
    film = Film(title=title, year=year, quotes=[quote])
    export = quote_rows(film)[0][QUOTE_COLUMNS.index("export")]  # as the index stores it
    head = json.dumps(
        {"title": title, "year": year, "path": path}, ensure_ascii=False, separators=(",", ":")
    )
    expected = escape_unsafe(f"{head[:-1]},{export[1:]}\n".encode())
    assert jsonl_line(path, QuoteExport("x.toml", title, year, export)) == expected
