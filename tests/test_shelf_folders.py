"""A warm refresh compares stamps only in folders whose digest changed: whatever happens to
the files between refreshes, the index still lists exactly the shelf's records."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filmtui.loader import default_record_path
from filmtui.shelf import Shelf
from filmtui.shelf.scan import walk

PARIS = Path(default_record_path()).read_text(encoding="utf-8")
PATHS = ["x.toml", "a/x.toml", "a/y.toml", "a/b/x.toml", "a/b/y.toml", "c/x.toml"]
#: (what happens, to which file, which title: 0 writes a bad record)
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["write", "remove", "remove folder", "refresh"]),
        st.sampled_from(PATHS),
        st.integers(0, 3),
    ),
    max_size=14,
)


def write(root: Path, relative: str, title: int, mtime_ns: int) -> None:
    """Write a record (or, for title 0, a bad one) with an mtime of its own: two writes of
    the same size within one clock tick would otherwise look alike, as they do to any tool
    that trusts mtimes."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "title = 3\n"
        if title == 0
        else PARIS.replace('title = "Paris"', f'title = "Paris {title}"', 1)
    )
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def expected(root: Path) -> tuple[dict[str, str], set[str]]:
    """What a fresh index of the shelf holds: each good film's title by path, and the bad
    files, read from an index built from nothing."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Shelf.open(str(root), os.path.join(folder, "i.sqlite"), notice=print)
        fresh.refresh()
        films = {film.path: film.title for film in fresh.films()}
        bad = {path for path, _ in fresh.bad_files()}
        fresh.close()
    return films, bad


@settings(max_examples=40, deadline=None)
@given(STEPS)
def test_the_index_follows_any_changes(steps: list[tuple[str, str, int]]) -> None:
    """After any writes, removals and removed folders, with refreshes in between, a warm
    refresh leaves the index equal to one built from nothing."""
    clock = itertools.count(1_700_000_000_000_000_001, 7_919)  # never a whole second
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "shelf"
        for relative in PATHS[::2]:
            write(root, relative, 1, next(clock))
        shelf = Shelf.open(str(root), os.path.join(folder, "i.sqlite"), notice=print)
        shelf.refresh()
        for action, relative, title in steps:
            if action == "write":
                write(root, relative, title, next(clock))
            elif action == "remove":
                (root / relative).unlink(missing_ok=True)
            elif action == "remove folder" and "/" in relative:
                shutil.rmtree(root / relative.split("/")[0], ignore_errors=True)
            else:
                shelf.refresh()
        shelf.refresh()
        films, bad = expected(root)
        assert {film.path: film.title for film in shelf.films()} == films
        assert {path for path, _ in shelf.bad_files()} == bad
        assert shelf.refresh().read == 0  # and the next warm refresh reads nothing
        shelf.close()


def test_only_changed_folders_are_compared(tmp_path: Path) -> None:
    """A warm refresh reads the index's stamps only in the folder that changed; a
    refresh cut short stores no digest, so the next one still finds what is left."""
    root = tmp_path / "shelf"
    clock = itertools.count(1_700_000_000_000_000_001, 7_919)
    for relative in PATHS:
        write(root, relative, 1, next(clock))
    index = tmp_path / "i.sqlite"
    shelf = Shelf.open(str(root), str(index), notice=print)
    assert shelf.refresh(lambda done, total: done == 2).cancelled
    with closing(sqlite3.connect(index)) as db:
        assert db.execute("SELECT count(*) FROM folders WHERE digest IS NOT NULL").fetchone() == (
            0,
        )
    assert shelf.refresh().read == len(PATHS) - 2
    write(root, "a/b/y.toml", 2, next(clock))
    with closing(sqlite3.connect(index)) as db:
        digests = dict(db.execute("SELECT prefix, digest FROM folders"))
    assert sorted(digests) == ["", "a/", "a/b/", "c/"]
    assert all(digests.values())
    changed = shelf.refresh()
    assert (changed.read, changed.removed) == (1, 0)
    with closing(sqlite3.connect(index)) as db:
        after = dict(db.execute("SELECT prefix, digest FROM folders"))
    assert [prefix for prefix in after if after[prefix] != digests[prefix]] == ["a/b/"]
    assert shelf.load("a/b/y.toml").title == "Paris 2"
    shelf.close()


def test_unreadable_files_are_read_again_only_once_they_change(tmp_path: Path) -> None:
    """A symlink loop or a link to nothing is a bad file with its error; a warm refresh
    does not read it again (a start would say "changed" every time), until it can be
    stat-ed: then it is read and shown."""
    root = tmp_path / "shelf"
    write(root, "good.toml", 1, 1_700_000_000_000_000_001)
    (root / "la.toml").symlink_to("lb.toml")
    (root / "lb.toml").symlink_to("la.toml")
    (root / "dangling.toml").symlink_to("elsewhere/target.toml")
    with Shelf.open(str(root), str(tmp_path / "i.sqlite"), notice=print) as shelf:
        assert shelf.refresh().read == 4
        assert {path for path, _ in shelf.bad_files()} == {"la.toml", "lb.toml", "dangling.toml"}
        assert shelf.refresh().read == 0
        write(root, "elsewhere/target.toml", 2, 1_700_000_000_000_000_002)
        again = shelf.refresh()
        assert (again.read, again.removed) == (2, 0)  # the link, and the target itself
        assert {film.path for film in shelf.films()} == {
            "good.toml",
            "dangling.toml",
            "elsewhere/target.toml",
        }
        assert shelf.refresh().read == 0


def test_the_walk_finds_the_same_stamps_by_descriptor_as_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where os.scandir takes a folder's descriptor (POSIX) the walk stats through it;
    elsewhere it lists folders by path: the stamps are the same (nested, hidden, a folder
    named like a record, links that loop, lead nowhere or to a folder), and every
    descriptor it opened is closed."""
    root = tmp_path / "shelf"
    for relative in ("x.toml", "a/y.json", "a/b/z.toml", ".hidden/h.toml", "a/.h.toml"):
        write(root, relative, 1, 1_700_000_000_000_000_001)
    (root / "folder.toml").mkdir()
    (root / "la.toml").symlink_to("lb.toml")
    (root / "lb.toml").symlink_to("la.toml")
    (root / "a" / "dangling.toml").symlink_to("nowhere.toml")
    (root / "linked").symlink_to("a", target_is_directory=True)
    opened: list[int] = []
    closed: list[int] = []
    real_open, real_close = os.open, os.close

    def counted_open(path: str, flags: int) -> int:
        """os.open, noting the descriptor."""
        opened.append(real_open(path, flags))
        return opened[-1]

    def counted_close(descriptor: int) -> None:
        """os.close, noting the descriptor."""
        closed.append(descriptor)
        real_close(descriptor)

    monkeypatch.setattr(os, "open", counted_open)
    monkeypatch.setattr(os, "close", counted_close)
    by_descriptor = walk(str(root))
    assert len(opened) == 4 and sorted(closed) == sorted(opened)  # "", a/, a/b/, folder.toml/
    monkeypatch.setattr(os, "supports_fd", os.supports_fd - {os.scandir})
    assert walk(str(root)) == by_descriptor
    assert sorted(stamp[0] for stamps in by_descriptor.values() for stamp in stamps) == [
        "a/b/z.toml", "a/dangling.toml", "a/y.json", "la.toml", "lb.toml", "x.toml",
    ]  # fmt: skip
