"""Records from stdin (`-`), FIFOs and process substitution: read with the size cap, TOML
or JSON sniffed, and a pipe that says nothing is a clear error, never a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import RunCli
from ptyrun import Terminal, filmtui

from filmtui.loader import default_record_path
from filmtui.source import SourceError, read_source

RECORD = Path(default_record_path()).read_bytes()


def write_later(fifo: Path, data: bytes | None, delay: float) -> threading.Thread:
    """Open `fifo` for writing after `delay` seconds, write `data` (if any) and close it."""

    def write() -> None:
        time.sleep(delay)  # the reader must be waiting for the writer, as in real use
        with fifo.open("wb") as handle:
            if data:
                handle.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe with no writer yet."""
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def test_fifo_whose_writer_comes_later_is_read(fifo: Path) -> None:
    """The reader waits for a writer that opens the pipe a little later."""
    write_later(fifo, RECORD, 0.3)
    assert read_source(fifo, 1 << 20) == RECORD


def test_fifo_with_no_writer_is_no_data(fifo: Path) -> None:
    """Nobody writes: "no data" after the wait, not a hang."""
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"^.*pipe.toml: no data after 0.3 s \(nothing is"):
        read_source(fifo, 1 << 20, no_data_seconds=0.3)
    assert time.monotonic() - started < 5


def test_fifo_closed_empty_is_no_data(fifo: Path) -> None:
    """A writer that closes without writing: "no data" at once."""
    write_later(fifo, None, 0.0)
    with pytest.raises(SourceError, match=r"pipe.toml: no data \(it ended before any record\)"):
        read_source(fifo, 1 << 20, no_data_seconds=30)


def test_fifo_over_the_cap(fifo: Path) -> None:
    """A pipe gets the same size cap as a file."""
    write_later(fifo, b"#" * 5000, 0.0)
    with pytest.raises(SourceError, match=r"more data than that, over the 4 KB limit \(raise"):
        read_source(fifo, 4096)


def test_export_reads_toml_or_json_from_stdin(run_cli: RunCli) -> None:
    """`filmtui export -`: TOML or a JSON export on stdin, told apart by their content."""
    from_file = run_cli("export", default_record_path())
    from_toml = run_cli("export", "-", input=RECORD)
    assert from_toml.returncode == 0, from_toml.stderr
    assert from_toml.stdout == from_file.stdout
    from_json = run_cli("export", "-", input=from_file.stdout)
    assert from_json.stdout == from_file.stdout


def test_errors_in_stdin_name_it(run_cli: RunCli) -> None:
    """A bad record on stdin is located in `<stdin>`, line and column."""
    result = run_cli("export", "-", input=b'title = "Paris"\nyear = "2008"\n')
    assert result.returncode == 2
    expected = "filmtui: <stdin>:2:8: year: expected an integer, got a string\n"
    assert result.stderr.decode() == expected


def test_empty_stdin_is_no_data(run_cli: RunCli) -> None:
    """`filmtui export - < /dev/null`: no data, exit 2."""
    result = run_cli("export", "-", input=b"")
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"filmtui: <stdin>: no data (it ended before any record)\n"


def test_export_of_a_silent_fifo_ends_with_no_data(fifo: Path, run_cli: RunCli) -> None:
    """The command line gives up on a pipe nobody writes to after a few seconds."""
    result = run_cli("export", fifo, timeout=20)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"filmtui: {fifo}: no data after 3 s (nothing is writing to it; pipe a record in)\n"
    )


def test_export_reads_process_substitution(tmp_path: Path) -> None:
    """`filmtui export <(cat record)` in bash reads the pipe bash makes."""
    script = f'"{sys.executable}" -m filmtui export --compact <(cat "{default_record_path()}")'
    result = subprocess.run(["bash", "-c", script], capture_output=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Paris"


def test_stdin_that_is_a_terminal_is_refused() -> None:
    """`filmtui export -` typed at a terminal: nobody types a record; say how to pipe one."""
    terminal = Terminal([sys.executable, "-m", "filmtui", "export", "-"])
    assert terminal.wait_for_exit() == 2
    assert terminal.output.decode().startswith(
        "filmtui: <stdin>: is a terminal; pipe a record in (`filmtui - < FILE`)"
    )


def test_browser_reads_the_record_from_stdin_and_keys_from_the_terminal() -> None:
    """`cat record | filmtui -`: the record comes from the pipe, the keys from /dev/tty."""
    terminal = filmtui(
        "-", stdin=RECORD.replace(b'\ntitle = "Paris"', b'\ntitle = "Paris from a pipe"')
    )
    terminal.wait_for("Paris from a pipe")
    terminal.send("/variety")
    terminal.wait_for("1 of 4 match")
    stdout, status, _ = terminal.finish(b"\re")
    assert status == 0
    assert [quote["publication"] for quote in json.loads(stdout)["quotes"]] == ["Variety"]


def test_source_module_imports_neither_textual_nor_rich() -> None:
    """Reading a record is core code."""
    code = "import sys, filmtui.source; print([m for m in ('textual', 'rich') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert result.stdout == b"[]\n"
