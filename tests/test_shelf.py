"""The shelf index as a cache: incremental refresh, read-only places, two writers (damage
and what it may overwrite: test_shelf_index_file.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from filmtui.loader import default_record_path
from filmtui.shelf import Shelf

PARIS = Path(default_record_path()).read_text(encoding="utf-8")


def make_shelf(root: Path, count: int = 3) -> Path:
    """A shelf of `count` copies of the bundled record under different titles, and a
    bad file."""
    root.mkdir(exist_ok=True)
    for number in range(count):
        text = PARIS.replace('title = "Paris"', f'title = "Paris {number}"', 1)
        (root / f"film{number}.toml").write_text(text, encoding="utf-8")
    (root / "bad.toml").write_text("title = 3\n", encoding="utf-8")
    return root


def open_shelf(root: Path, index: Path | None) -> tuple[Shelf, list[str]]:
    """Open and refresh a shelf, collecting its notices."""
    notices: list[str] = []
    shelf = Shelf.open(str(root), str(index) if index else None, notice=notices.append)
    shelf.refresh()
    return shelf, notices


def test_lists_films_and_bad_files(tmp_path: Path) -> None:
    """Films in title order; the bad file with its one-line error."""
    shelf, notices = open_shelf(make_shelf(tmp_path / "s"), tmp_path / "i.sqlite")
    assert [f.title for f in shelf.films()] == ["Paris 0", "Paris 1", "Paris 2"]
    assert shelf.bad_files() == [
        ("bad.toml", f"{tmp_path / 's' / 'bad.toml'}:1:9: title: expected a string, got an integer")
    ]
    assert shelf.count_quotes() == 12 and notices == []
    assert shelf.load("film1.toml").title == "Paris 1"


def test_refresh_reads_only_what_changed(tmp_path: Path) -> None:
    """Unchanged files are not read again; edits, additions and removals are."""
    root = make_shelf(tmp_path / "s")
    shelf, _ = open_shelf(root, tmp_path / "i.sqlite")
    again = shelf.refresh()
    assert (again.read, again.removed, again.total) == (0, 0, 4)
    (root / "film0.toml").write_text(
        PARIS.replace('title = "Paris"', 'title = "Lyon"', 1), encoding="utf-8"
    )
    (root / "film1.toml").unlink()
    (root / "sub").mkdir()
    (root / "sub" / "new.toml").write_text(PARIS, encoding="utf-8")
    changed = shelf.refresh()
    assert (changed.read, changed.removed, changed.total) == (2, 1, 4)
    assert [f.path for f in shelf.films()] == ["film0.toml", "sub/new.toml", "film2.toml"]


def test_coarse_mtime_uses_the_content_hash(tmp_path: Path) -> None:
    """An edit that keeps the size and a whole-second mtime is still seen."""
    root = make_shelf(tmp_path / "s", 1)
    os.utime(root / "film0.toml", ns=(1_700_000_000_000_000_000,) * 2)
    shelf, _ = open_shelf(root, tmp_path / "i.sqlite")
    (root / "film0.toml").write_text(
        PARIS.replace('title = "Paris"', 'title = "Lyonx"', 1), encoding="utf-8"
    )
    os.utime(root / "film0.toml", ns=(1_700_000_000_000_000_000,) * 2)
    assert shelf.refresh().read == 1
    assert [f.title for f in shelf.films()] == ["Lyonx"]


@pytest.mark.filterwarnings("error::DeprecationWarning")  # 3.12+: fork() with threads
@pytest.mark.parametrize("in_thread", [False, True], ids=["main-thread", "thread"])
def test_many_files_are_read_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_thread: bool
) -> None:
    """The parallel first build, a few windows of files at a time, gives what the
    one-process build gives; whether run from the main thread or, as the browser runs
    it, from another, no worker is forked from a multi-threaded process."""
    from concurrent.futures import ThreadPoolExecutor

    from filmtui.shelf import refresh

    monkeypatch.setattr(refresh, "_WINDOW", 16)
    root = make_shelf(tmp_path / "s", 60)
    if in_thread:
        with ThreadPoolExecutor(1) as thread:
            parallel, _ = thread.submit(open_shelf, root, tmp_path / "a.sqlite").result()
    else:
        parallel, _ = open_shelf(root, tmp_path / "a.sqlite")
    single = Shelf.open(str(root), str(tmp_path / "b.sqlite"))
    single.refresh(workers=1)
    assert [f.export for f in parallel.films()] == [f.export for f in single.films()]
    assert parallel.count_films() == 60


def test_deleted_index_loses_nothing(tmp_path: Path) -> None:
    """The index is only a cache."""
    root, index = make_shelf(tmp_path / "s"), tmp_path / "i.sqlite"
    open_shelf(root, index)[0].close()
    index.unlink()
    assert open_shelf(root, index)[0].count_films() == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_shelf_and_unwritable_cache(tmp_path: Path) -> None:
    """A read-only shelf works; an unwritable cache gives one notice and an in-memory index."""
    root = make_shelf(tmp_path / "s")
    cache = tmp_path / "cache"
    cache.mkdir()
    root.chmod(0o555)
    cache.chmod(0o555)
    try:
        shelf, notices = open_shelf(root, cache / "i.sqlite")
        assert shelf.count_films() == 3 and shelf.index_path is None
        assert len(notices) == 1 and "in memory" in notices[0]
    finally:
        root.chmod(0o755)
        cache.chmod(0o755)


def test_default_index_is_in_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$XDG_CACHE_HOME/filmtui/ holds one index per shelf."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    shelf, _ = open_shelf(make_shelf(tmp_path / "s"), None)
    assert shelf.index_path is not None
    assert Path(shelf.index_path).parent == tmp_path / "xdg" / "filmtui"


def test_two_processes_at_once(tmp_path: Path) -> None:
    """Processes building the same index at once all succeed and agree, and none takes
    another's half-made index for a foreign one (and deletes it)."""
    root, index = make_shelf(tmp_path / "s", 80), tmp_path / "i.sqlite"
    script = (
        "import sys; from filmtui.shelf import Shelf; "
        "s = Shelf.open(sys.argv[1], sys.argv[2]); s.refresh(); print(s.count_films())"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(root), str(index)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert [out for out, _ in outputs] == [b"80\n"] * 3
    assert b"rebuilding" not in b"".join(err for _, err in outputs), outputs
    assert open_shelf(root, index)[0].count_films() == 80


def test_an_index_that_cannot_be_made_is_kept_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the cache's folder cannot be created, the shelf still works, in memory."""
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    shelf, notices = open_shelf(make_shelf(tmp_path / "s"), None)
    assert shelf.count_films() == 3 and shelf.index_path is None
    assert len(notices) == 1 and "in memory" in notices[0]


@pytest.mark.parametrize(
    "module",
    ["filmtui.filmquery", "filmtui.shelf", "filmtui.cli.ls", "filmtui.cli.search"],
)
def test_the_shelf_core_does_not_import_textual(module: str) -> None:
    """The query parser, the index and the shelf commands never import textual or rich."""
    script = f"import sys, {module}; print(sorted({{'textual', 'rich'}} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert result.stdout == b"[]\n"


@pytest.mark.parametrize("bulk_from", [0, 10_000], ids=["bulk", "row-by-row"])
def test_quote_search_follows_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_from: int
) -> None:
    """Edited, added and removed quotes (and films) are found or forgotten, whichever way
    the search indexes are kept up to date."""
    from filmtui.shelf import refresh

    monkeypatch.setattr(refresh, "BULK_FROM", bulk_from)
    root = make_shelf(tmp_path / "s", 2)
    shelf, _ = open_shelf(root, tmp_path / "i.sqlite")
    assert shelf.count_quotes("helmer") == 2
    (root / "film0.toml").write_text(PARIS.replace("helmer", "director"), encoding="utf-8")
    (root / "film1.toml").unlink()
    (root / "film2.toml").write_text(PARIS, encoding="utf-8")
    shelf.refresh()
    assert [(q.path, q.position) for q in shelf.quotes("helmer")] == [("film2.toml", 3)]
    assert shelf.count_quotes('"gallic director"') == 1
    # The film search index follows too: film0 and film2 remain, bad.toml is not a film.
    assert shelf.count_films("klapisch") == shelf.count_films("") == 2
    assert shelf.count_films("-klapisch") == 0


def test_counts_asked_again_follow_the_index(tmp_path: Path) -> None:
    """A count asked again (a keystroke typed then deleted) is the index's count as it is
    then: after a refresh here, after a refresh by another connection (the background
    refresh), and not before `release` while the shelf is held."""
    root = make_shelf(tmp_path / "s", 2)
    shelf, _ = open_shelf(root, tmp_path / "i.sqlite")
    assert (shelf.count_quotes("helmer"), shelf.count_films("paris 1")) == (2, 1)
    (root / "film2.toml").write_text(PARIS.replace('"Paris"', '"Paris 12"'), encoding="utf-8")
    shelf.refresh()
    assert (shelf.count_quotes("helmer"), shelf.count_films("paris 1")) == (3, 2)
    shelf.hold()
    other = shelf.refresher()
    (root / "film0.toml").unlink()
    other.refresh()
    other.close()
    assert (shelf.count_quotes("helmer"), shelf.count_films("paris 1")) == (3, 2)
    shelf.release()
    assert (shelf.count_quotes("helmer"), shelf.count_films("paris 1")) == (2, 2)
    (root / "film1.toml").unlink()
    second = Shelf.open(str(root), str(tmp_path / "i.sqlite"), notice=print)
    second.refresh()  # another process, as far as this connection can tell
    second.close()
    assert (shelf.count_quotes("helmer"), shelf.count_films("paris 1")) == (1, 1)
    assert shelf.quotes("helmer", 0, 5, total=1)[0].path == "film2.toml"


def test_pages_from_the_end_equal_pages_from_the_start(tmp_path: Path) -> None:
    """A page past the middle is read in the reverse order from the end (so `G` does not
    walk the whole list): every page, in every order, is the same rows either way, ties
    and films without a year included."""
    from filmtui.shelf import SORTS

    root = make_shelf(tmp_path / "s", 0)
    for number in range(11):
        year = "" if number % 4 == 0 else f"year = {2000 + number % 3}\n"
        title = f"Paris {number % 3}"  # repeated titles: year, then path, decide
        text = PARIS.replace('title = "Paris"', f'title = "{title}"\n{year}', 1)
        (root / f"film{number:02d}.toml").write_text(text, encoding="utf-8")
        os.utime(root / f"film{number:02d}.toml", ns=(10**18 + number % 5 * 10**9,) * 2)
    shelf, _ = open_shelf(root, tmp_path / "i.sqlite")
    for sort in SORTS:
        every = [film.path for film in shelf.films("", sort)]
        for offset in range(len(every)):
            page = shelf.films("", sort, offset, 4, total=len(every))
            assert [film.path for film in page] == every[offset : offset + 4], (sort, offset)
    for query in ("", "helmer", "cedric"):
        quotes = [(q.path, q.position) for q in shelf.quotes(query)]
        assert quotes
        for offset in range(len(quotes)):
            part = shelf.quotes(query, offset, 5, total=len(quotes))
            assert [(q.path, q.position) for q in part] == quotes[offset : offset + 5]


def test_titles_sort_by_the_numbers_in_them(tmp_path: Path) -> None:
    """`Part 2` comes before `Part 10`, and `12 Angry Men` before `2001`: numbers in titles
    sort by value, as people read them (accents and case still ignored)."""
    root = make_shelf(tmp_path / "s", 0)
    for name, title in enumerate(["Part 10", "part 2", "2001", "12 Angry Men", "Pärt 1"]):
        text = PARIS.replace('title = "Paris"', f'title = "{title}"', 1)
        (root / f"film{name}.toml").write_text(text, encoding="utf-8")
    shelf, _ = open_shelf(root, tmp_path / "i.sqlite")
    assert [film.title for film in shelf.films()] == [
        "12 Angry Men",
        "2001",
        "Pärt 1",
        "part 2",
        "Part 10",
    ]
    shelf.close()
