"""What the shelf index may overwrite, and damage that only a later query finds.

In filmtui's cache folder anything unusable is rebuilt; at `--index PATH` only a file whose
header says it is a filmtui index is, and anything else is refused and left as it was. An
index damaged in its middle opens fine and fails at whichever query reaches the damage: it
is rebuilt then, once, and the command still answers right.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BENCHMARKS, RunCli
from ptyrun import filmtui
from shelftools import make_shelf as make_film_shelf
from test_shelf import make_shelf, open_shelf

from filmtui.errors import IndexRefused
from filmtui.shelf import Shelf, counting
from filmtui.shelf.store import default_index_path


def build_index(root: Path, index: Path | None) -> None:
    """Build the index of `root` at `index` (None: the default, in the cache folder)."""
    shelf, notices = open_shelf(root, index)
    shelf.close()
    assert notices == []


def companions(path: Path) -> list[str]:
    """The files SQLite keeps beside a database, if any are there."""
    return [str(path) + s for s in ("-wal", "-shm", "-journal") if Path(str(path) + s).exists()]


def damage_the_middle(path: Path) -> None:
    """Overwrite the middle third of the file with random bytes, as `dd … conv=notrunc`."""
    size = path.stat().st_size
    assert size > 300_000, size  # many pages: the header and the first ones stay sound
    with path.open("r+b") as file:
        file.seek(size // 3)
        file.write(random.Random(7).randbytes(size // 3))


@pytest.mark.parametrize(
    "damage",
    [b"", b"this is not a database at all" * 100, "truncate", "foreign"],
    ids=["empty", "garbage", "truncated", "foreign"],
)
def test_in_the_cache_folder_anything_unusable_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    """A corrupt, truncated or foreign file in the cache folder's place is rebuilt, with
    one notice (none for an empty file)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = make_shelf(tmp_path / "s")
    index = Path(default_index_path(str(root)))
    build_index(root, None)
    if damage == "truncate":
        index.write_bytes(index.read_bytes()[:3000])
    elif damage == "foreign":
        index.unlink()
        with sqlite3.connect(index) as other:
            other.execute("CREATE TABLE mine (x)")
        other.close()
    else:
        assert isinstance(damage, bytes)
        index.write_bytes(damage)
        for companion in companions(index):
            Path(companion).unlink()
    shelf, notices = open_shelf(root, None)
    assert shelf.count_films() == 3 and shelf.index_path == str(index)
    assert len(notices) == (0 if damage == b"" else 1), notices


def foreign_database(path: Path) -> None:
    """Another program's SQLite database, in WAL mode and closed (no companions)."""
    with sqlite3.connect(path) as other:
        other.execute("PRAGMA journal_mode = WAL").fetchone()
        other.execute("CREATE TABLE mine (x)")
        other.execute("INSERT INTO mine VALUES (1)")
    other.close()


@pytest.mark.parametrize(
    "kind", ["record", "text", "foreign-sqlite", "too-short", "folder"], ids=str
)
def test_an_explicit_index_that_is_not_ours_is_refused_untouched(tmp_path: Path, kind: str) -> None:
    """`--index` naming a record, a text file, another program's database, a file too
    short to tell or a folder: refused, and nothing written there or beside it."""
    root = make_shelf(tmp_path / "s")
    index = tmp_path / "given"
    if kind == "record":
        index = root / "film0.toml"
    elif kind == "text":
        index.write_text("my notes\n", encoding="utf-8")
    elif kind == "foreign-sqlite":
        foreign_database(index)
    elif kind == "too-short":
        index.write_bytes(b"SQLite format 3\x00" + b"\x00" * 40)
    else:
        index.mkdir()
    before = sorted(os.listdir(index.parent))
    content = None if kind == "folder" else index.read_bytes()
    with pytest.raises(IndexRefused) as refused:
        Shelf.open(str(root), str(index), notice=pytest.fail)
    assert str(refused.value) == (
        f"--index {index}: exists and is not a filmtui shelf index; name a new file, or "
        "delete it yourself"
    )
    assert sorted(os.listdir(index.parent)) == before
    assert content is None or index.read_bytes() == content
    if kind == "foreign-sqlite":
        with sqlite3.connect(index) as other:
            assert other.execute("SELECT x FROM mine").fetchall() == [(1,)]
        other.close()


def test_an_explicit_index_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    """The folder of `--index` is not created: one line saying which is missing."""
    root = make_shelf(tmp_path / "s")
    with pytest.raises(IndexRefused, match=r"the folder .*/nowhere/dir does not exist"):
        Shelf.open(str(root), str(tmp_path / "nowhere" / "dir" / "i.sqlite"), notice=pytest.fail)
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("damage", ["truncated", "another-shelf", "older", "empty"])
def test_an_explicit_index_of_ours_is_used_or_rebuilt(tmp_path: Path, damage: str) -> None:
    """A file that is a filmtui index by its header (damaged, made for another shelf or
    in an older format) is rebuilt with one notice; an empty file is simply used."""
    root, index = make_shelf(tmp_path / "s"), tmp_path / "i.sqlite"
    if damage == "empty":
        index.write_bytes(b"")
    else:
        build_index(make_shelf(tmp_path / "other", 1) if damage == "another-shelf" else root, index)
    if damage == "truncated":
        index.write_bytes(index.read_bytes()[:3000])
    elif damage == "older":
        with sqlite3.connect(index) as connection:
            connection.execute("PRAGMA user_version = 1")
        connection.close()
    shelf, notices = open_shelf(root, index)
    assert shelf.count_films() == 3 and shelf.index_path == str(index)
    assert len(notices) == (0 if damage == "empty" else 1), notices


def test_the_command_line_refuses_an_index_that_is_not_ours(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """The trial's commands: a record of the shelf, another program's database and a
    missing folder given as --index are one line and exit 2, and left as they were."""
    root = make_film_shelf(tmp_path)
    record = root / "fargo.toml"
    text = record.read_bytes()
    result = run_cli("ls", root, "--index", record, "--format", "text")
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == (
        f"filmtui: --index {record}: exists and is not a filmtui shelf index; name a new "
        "file, or delete it yourself\n"
    )
    assert record.read_bytes() == text and companions(record) == []
    other = tmp_path / "other.db"
    foreign_database(other)
    result = run_cli("search", "fargo", root, "--index", other)
    assert result.returncode == 2 and b"not a filmtui shelf index" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["other.db", "shelf"]
    result = run_cli("ls", root, "--index", tmp_path / "no" / "dir" / "x.sqlite")
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1
    assert b"does not exist" in result.stderr and not (tmp_path / "no").exists()


def test_the_browser_refuses_an_index_that_is_not_ours(tmp_path: Path) -> None:
    """`filmtui DIR --index RECORD` in a terminal: the same one line, exit 2."""
    root = make_film_shelf(tmp_path)
    record = root / "fargo.toml"
    text = record.read_bytes()
    terminal = filmtui(root, "--index", record, size=(300, 30))
    assert terminal.finish(b"")[1] == 2
    assert "exists and is not a filmtui shelf index" in terminal.text(), terminal.text()
    assert record.read_bytes() == text and companions(record) == []


def generated_shelf(tmp_path: Path) -> tuple[Path, Path]:
    """A shelf of 300 generated records and the place of its index in the cache."""
    root = tmp_path / "big"
    subprocess.run(
        [sys.executable, BENCHMARKS / "make_shelf.py", "--films", "300", "-o", root],
        check=True,
        capture_output=True,
    )
    return root, Path(default_index_path(str(root)))


@pytest.mark.parametrize(
    "command",
    [["ls", "{root}", "--format", "text"], ["search", "klapisch", "{root}", "--format", "text"]],
    ids=["ls", "search"],
)
def test_an_index_damaged_in_the_middle_is_rebuilt_once(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """The trial's case: random bytes over the middle of a big index. The next command
    rebuilds it with one notice naming it and answers as before; the one after that
    answers at once, without a notice."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root, index = generated_shelf(tmp_path)
    args = [word.format(root=root) for word in command]
    sound = run_cli(*args)
    assert (sound.returncode, sound.stderr) == (0, b"") and sound.stdout.count(b"\n") > 50
    damage_the_middle(index)
    rebuilt = run_cli(*args)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert rebuilt.stdout == sound.stdout
    assert rebuilt.stderr.decode() == (
        f"filmtui: the shelf index at {index} was damaged (database disk image is "
        "malformed); rebuilding it\n"
    )
    again = run_cli(*args)
    assert (again.returncode, again.stdout, again.stderr) == (0, sound.stdout, b"")


def test_damage_found_by_the_browser_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser showing a shelf whose index turns out damaged: one line naming the
    index (deleted, as it is only a cache), never an internal error; the next start
    builds it again and shows the shelf."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root, index = generated_shelf(tmp_path)
    build_index(root, None)
    damage_the_middle(index)
    terminal = filmtui(root, size=(400, 30))
    assert terminal.finish(b"")[1] == 1
    said = terminal.text()
    assert f"filmtui: the shelf index at {index} was found damaged" in said, said
    assert "the next start rebuilds it" in said and "internal error" not in said
    assert not index.exists()
    terminal = filmtui(root, size=(120, 30))
    terminal.wait_for("300 films · by title")
    _, status, _ = terminal.finish(b"q")
    assert status == 0


def test_a_count_taken_in_steps_that_meets_damage_is_taken_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage met halfway through a count taken a slice at a time: the index is rebuilt
    once, with one notice, and the count, taken again on it, is the count."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(counting, "SLICE", 50)
    root, index = generated_shelf(tmp_path)
    build_index(root, None)
    with Shelf.open(str(root), None, notice=print) as shelf:
        expected = shelf.count_quotes("klapisch")
    damage_the_middle(index)
    shelf, notices = open_shelf(root, None)
    with shelf:
        assert shelf.counting_quotes("klapisch").finish() == expected
    assert notices == [
        f"the shelf index at {index} was damaged (database disk image is malformed); rebuilding it"
    ]


def damage_an_export(index: Path, title: str) -> None:
    """Overwrite two bytes of the film `title`'s stored export with 0xff, which is never
    UTF-8: the pages stay sound, so SQLite reads them and Python cannot decode the text
    (the trial's 300 random bytes inside one page, in its smallest form)."""
    data = index.read_bytes()
    stored = f'{{"schema_version":2,"title":"{title}"'.encode()
    assert data.count(stored) == 1 and companions(index) == []
    at = data.index(stored) + len(stored) - 3
    index.write_bytes(data[:at] + b"\xff\xff" + data[at + 2 :])


def test_text_that_is_not_utf8_is_damage(run_cli: RunCli, tmp_path: Path) -> None:
    """Text in the index that is not UTF-8 (everything filmtui writes is) can only be
    damage: a command rebuilds the index once with its one short notice and answers as
    before; the browser says its one line and deletes the index; the next start is sound."""
    root, index = make_film_shelf(tmp_path), tmp_path / "i.sqlite"
    args = ["ls", root, "--index", index, "--format", "text"]
    sound = run_cli(*args)
    assert sound.returncode == 0 and b"Fargo (1996)" in sound.stdout
    damage_an_export(index, "Fargo")
    rebuilt = run_cli(*args)
    assert (rebuilt.returncode, rebuilt.stdout) == (0, sound.stdout), rebuilt.stderr
    assert rebuilt.stderr.decode().splitlines()[0] == (
        f"filmtui: the shelf index at {index} was damaged (text in it is not UTF-8); rebuilding it"
    )
    assert b"internal error" not in rebuilt.stderr
    assert run_cli(*args).stderr == sound.stderr
    damage_an_export(index, "Fargo")
    terminal = filmtui(root, "--index", index, size=(300, 30))
    assert terminal.finish(b"")[1] == 1
    said = terminal.text()
    assert f"filmtui: the shelf index at {index} was found damaged (text in it is not UTF-8)" in (
        said
    ), said
    assert "internal error" not in said and not index.exists()


def test_search_does_not_write_out_an_export_that_is_not_utf8(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """`search` writes each quote's stored export: one that is not UTF-8 is damage found
    as it is read (a rebuild, its notice, the right lines), never bytes passed on."""
    root, index = make_film_shelf(tmp_path), tmp_path / "i.sqlite"
    args = ["search", "source:variety", root, "--index", index]
    sound = run_cli(*args)
    assert sound.returncode == 0 and sound.stdout.count(b"\n") == 1
    data = index.read_bytes()
    stored = b'{"publication":"Variety"'
    assert data.count(stored) >= 1 and companions(index) == []
    index.write_bytes(data.replace(stored, b'{"publication":"Vari\xff\xffy"'))
    rebuilt = run_cli(*args)
    assert (rebuilt.returncode, rebuilt.stdout) == (0, sound.stdout), rebuilt.stderr
    assert rebuilt.stderr.decode().splitlines() == [
        f"filmtui: the shelf index at {index} was damaged (text in it is not UTF-8); rebuilding it",
        *sound.stderr.decode().splitlines(),  # the shelf's bad file, as before
    ]
