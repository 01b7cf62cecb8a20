"""Big records load in the background: progress on screen, `q` works, errors still land."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from apptools import StuckJob, publications, screen_text, settle
from conftest import make_record_module
from ptyrun import filmtui

from filmtui.app import FilmApp
from filmtui.loader import RecordError, default_record_path, load, load_in_chunks
from filmtui.loading import LoadingJob
from filmtui.model import Film
from filmtui.screens.film import FilmScreen
from filmtui.widgets.loading_view import LoadingView


def make_big_record(path: Path, quotes: int) -> Path:
    """Write a generated record with `quotes` quotes (benchmarks/make_record.py)."""
    make_record_module().write_record(path, quotes, seed=7)
    return path


def test_chunks_add_up_to_the_record() -> None:
    """What the loader process sends is the record it loaded."""
    film = load(default_record_path())
    head, *chunks = load_in_chunks(default_record_path())
    assert isinstance(head, Film) and head.quotes == []
    assert [quote for chunk in chunks if isinstance(chunk, list) for quote in chunk] == film.quotes


def test_load_in_chunks_gives_the_same_record(tmp_path: Path) -> None:
    """The record without quotes, then the quotes in chunks, add up to `load`'s record."""
    path = make_big_record(tmp_path / "r.toml", 250)
    parts = list(load_in_chunks(str(path), chunk_size=100))
    head, chunks = parts[0], [part for part in parts[1:] if isinstance(part, list)]
    assert isinstance(head, Film) and [len(chunk) for chunk in chunks] == [100, 100, 50]
    quotes = [quote for chunk in chunks for quote in chunk]
    assert head.replace(quotes=quotes) == load(path)


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (
            '[[quotes]]\npublication = "X"\ntext = 5\n',
            "1238:8: quotes[250].text (the 251st [[quotes]]): expected a string, got an integer",
        ),
        ('updated = "never"\n', "3:11: updated: invalid RFC 3339 date or date-time"),
    ],
)
def test_load_in_chunks_reports_what_load_reports(tmp_path: Path, tail: str, message: str) -> None:
    """The first error is the same as a whole load's, wherever it is."""
    path = make_big_record(tmp_path / "r.toml", 250)
    text = path.read_text(encoding="utf-8")
    if tail.startswith("updated"):  # a top-level key must come before the tables
        text = text.replace('title = "Paris"\n', f'title = "Paris"\n{tail}', 1)
    else:
        text += tail
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as whole:
        load(path)
    with pytest.raises(RecordError) as chunked:
        list(load_in_chunks(str(path), chunk_size=100))
    assert str(whole.value) == str(chunked.value) == f"{path}:{message}"


def test_quotes_that_are_not_a_list(write_record: Callable[..., Path]) -> None:
    """A `quotes` value of the wrong type is reported like the whole load does."""
    path = write_record('title = "x"\nquotes = "none"\n')
    with pytest.raises(RecordError) as whole:
        load(path)
    with pytest.raises(RecordError) as chunked:
        list(load_in_chunks(str(path)))
    assert str(whole.value) == str(chunked.value)


def test_loading_job_loads_in_the_background(tmp_path: Path) -> None:
    """A job gives the same record as a direct load, and reports errors as one line."""
    job = LoadingJob(default_record_path(), 64 << 20)
    assert job.wait(30)
    assert job.error is None and job.film == load(default_record_path())
    bad = tmp_path / "bad.toml"
    bad.write_text("title = 1\n")
    failed = LoadingJob(str(bad), 64 << 20)
    assert failed.wait(30)
    assert failed.film is None
    assert failed.error == f"{bad}:1:9: title: expected a string, got an integer"


async def test_progress_then_the_browser() -> None:
    """While a job runs the app shows its progress; then it swaps in the browser."""
    job = LoadingJob(default_record_path(), 64 << 20)
    app = FilmApp(None, job=job)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, FilmScreen):
                break
        await settle(pilot)
        assert "4 quotes" in screen_text(app)
        assert publications(app)[0] == "Lumiere Reader"
        await pilot.press("slash", "h", "e", "l", "m")
        await settle(pilot)
        assert publications(app) == ["Variety"]


async def test_quit_while_loading() -> None:
    """`q` quits from the progress view; the browsing keys wait for the record."""
    app = FilmApp(None, job=StuckJob())  # type: ignore[arg-type]
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause(0.2)
        text = screen_text(app)
        assert (
            "Loading /records/huge.toml · 117.3 MB" in text
        )  # 123,000,000 bytes, as --max-size counts
        assert "1.5 s" in text
        assert app.screen.query(LoadingView)
        await pilot.press("slash", "s", "e", "y", "j")  # nothing to act on yet: no crash
        assert app.is_running
        await pilot.press("q")
    assert app.return_value is None


async def test_error_found_after_the_progress_view(write_record: Callable[..., Path]) -> None:
    """A record that fails after the progress appeared ends the app with the error."""
    job = LoadingJob(str(write_record("title = 1\n")), 64 << 20)
    app = FilmApp(None, job=job)
    async with app.run_test(size=(80, 20)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if not app.is_running:
                break
    assert app.load_error is not None
    assert app.load_error.endswith("title: expected a string, got an integer")


@pytest.fixture(scope="module")
def big_record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated record big enough to take over a second to load (60,000 quotes)."""
    return make_big_record(tmp_path_factory.mktemp("big") / "big.toml", 60_000)


def test_big_record_in_a_terminal(big_record: Path) -> None:
    """In a real pty the progress view comes first, then the quotes, and `e` exports."""
    terminal = filmtui(big_record)
    terminal.wait_for("60,000 quotes", timeout=60)
    assert b"Loading" in terminal.output
    terminal.press("G")
    stdout, status, _ = terminal.finish(b"e")
    assert status == 0
    assert stdout.count(b'"publication"') == 60_000


def test_quit_during_a_big_load_leaves_nothing_behind(big_record: Path) -> None:
    """`q` on the progress view ends at once, and the loader process with it."""
    terminal = filmtui(big_record)
    terminal.wait_for("Loading")
    started = time.monotonic()
    _, status, _ = terminal.finish(b"q")
    assert status == 0
    assert time.monotonic() - started < 10
    assert b"60,000 quotes" not in terminal.output
    assert _eventually(lambda: not _lingering(big_record)), _lingering(big_record)


def _eventually(condition: Callable[[], bool], timeout: float = 5) -> bool:
    """Whether `condition` becomes true within `timeout` seconds (polled)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _lingering(record: Path) -> list[str]:
    """Processes whose command line names `record`."""
    name = str(record).encode()
    return [pid for pid in os.listdir("/proc") if pid.isdigit() and name in _cmdline(pid)]


def _cmdline(pid: str) -> bytes:
    """A process's command line, or nothing if it has gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def test_bad_big_record_ends_with_the_one_line_error(big_record: Path, tmp_path: Path) -> None:
    """A big record with a bad last quote: the progress view, then the error, exit 2."""
    bad = tmp_path / "bad-big.toml"
    bad.write_bytes(big_record.read_bytes() + b'[[quotes]]\npublication = "X"\ntext = 5\n')
    terminal = filmtui(bad)
    assert terminal.wait_for_exit(60) == 2
    lines = len(big_record.read_bytes().splitlines())
    assert terminal.output.rstrip().endswith(
        f"filmtui: {bad}:{lines + 3}:8: quotes[60000].text (the 60001st [[quotes]]): "
        "expected a string, got an integer".encode()
    )


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_loader_child_is_reaped(tmp_path: Path) -> None:
    """After a job finishes, no zombie child remains."""
    job = LoadingJob(default_record_path(), 64 << 20)
    assert job.wait(30)
    assert _eventually(lambda: not _zombies())


def _zombies() -> list[str]:
    """This process's children that have ended but were not reaped."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    return [child for child in children if _state(child) == "Z"]


def _state(pid: str) -> str:
    """A process's state letter, or "" if it has gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return ""


def test_loading_starts_a_fresh_interpreter_not_a_fork() -> None:
    """With other threads running (as Textual's are), the loader is not forked from us:
    it runs `python -m filmtui.loading`, so no lock held by a thread can deadlock it."""
    import threading
    import warnings

    stop = threading.Event()
    busy = threading.Thread(target=stop.wait, daemon=True)
    busy.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Python 3.12+ warns when forking with threads
            job = LoadingJob(default_record_path(), 64 << 20)
            command = job._child.args
            assert isinstance(command, list) and command[1:3] == ["-m", "filmtui.loading"]
            assert job.wait(30)
    finally:
        stop.set()
    assert job.error is None and job.film == load(default_record_path())
