"""The command line as a user runs it: real processes, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
from conftest import RunCli


def test_export_prints_the_bundled_record_from_any_directory(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """`filmtui export` with no path works outside the project and prints JSON only."""
    result = run_cli("export", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    record = json.loads(result.stdout)
    assert record["title"] == "Paris"
    assert len(record["quotes"]) == 4


def test_console_script_pipes_into_json_tool(tmp_path: Path) -> None:
    """`filmtui export | python -m json.tool` works with the installed console script."""
    script = shutil.which("filmtui", path=str(Path(sys.executable).parent))
    assert script is not None, "the filmtui console script is not installed"
    with subprocess.Popen([script, "export"], stdout=subprocess.PIPE, cwd=tmp_path) as export:
        tool = subprocess.run(
            [sys.executable, "-m", "json.tool"],
            stdin=export.stdout,
            capture_output=True,
            cwd=tmp_path,
        )
    assert export.wait(timeout=60) == 0
    assert tool.returncode == 0
    assert b'"Variety"' in tool.stdout


def test_query_keeps_only_matching_quotes(run_cli: RunCli) -> None:
    """--query narrows the quotes with the shared matcher, keeping everything else."""
    record = json.loads(run_cli("export", "--query", "source:variety").stdout)
    assert [q["publication"] for q in record["quotes"]] == ["Variety"]
    assert record["synopsis"]
    assert json.loads(run_cli("export", "--query", "zzzz").stdout)["quotes"] == []


def test_jsonl_and_compact(run_cli: RunCli) -> None:
    """jsonl is one quote per line; --compact is one line."""
    lines = run_cli("export", "--format", "jsonl", "--query", "klapisch").stdout.splitlines()
    assert [json.loads(line)["publication"] for line in lines] == ["Urban Cinefile", "Variety"]
    assert run_cli("export", "--compact").stdout.count(b"\n") == 1


def test_schema_validates_the_export(run_cli: RunCli) -> None:
    """`filmtui schema` describes what `filmtui export` prints."""
    schema = json.loads(run_cli("schema").stdout)
    jsonschema.validate(json.loads(run_cli("export").stdout), schema)


def test_bad_record_is_one_line_and_exit_2(
    run_cli: RunCli, write_record: Callable[..., Path]
) -> None:
    """A broken record: nothing on stdout, one line on stderr naming file and field, exit 2."""
    path = write_record('title = "x"\n[[quotes]]\npublication = "p"\ntext = 3\n')
    result = run_cli("export", path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        f"filmtui: {path}:4:8: quotes[0].text (the 1st [[quotes]]): "
        "expected a string, got an integer\n"
    )


def test_syntax_error_gives_line_and_column(
    run_cli: RunCli, write_record: Callable[..., Path]
) -> None:
    """A TOML syntax error is FILE:LINE:COL: message."""
    path = write_record('title = "x"\nyear = \n')
    result = run_cli("export", path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"filmtui: {path}:2:8: ")
    assert b"Traceback" not in result.stderr


def test_missing_file(run_cli: RunCli, tmp_path: Path) -> None:
    """A missing file is one line, exit 2 (a directory is a shelf: see test_cli_shelf)."""
    result = run_cli("export", tmp_path / "none.toml")
    assert result.returncode == 2
    assert b"no such file" in result.stderr and result.stderr.count(b"\n") == 1


def test_usage_error_is_exit_2(run_cli: RunCli) -> None:
    """An unknown flag is a usage error."""
    result = run_cli("export", "--frobnicate")
    assert result.returncode == 2
    assert b"unrecognized arguments: --frobnicate" in result.stderr


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`filmtui export | head -c 10` ends with no message and status 0."""
    result = subprocess.run(
        f"'{sys.executable}' -m filmtui export | head -c 10; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.stdout == b'{\n  "schem'
    assert result.stderr == b""
    assert result.returncode == 0


def test_full_device_is_exit_1(run_cli: RunCli, tmp_path: Path) -> None:
    """Writing into /dev/full gives one clear line and status 1."""
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "filmtui", "export"],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr == b"filmtui: cannot write to standard output: No space left on device\n"


def test_browser_without_a_terminal_points_to_export(run_cli: RunCli) -> None:
    """With no terminal, the browser says so at once instead of hanging or writing escapes."""
    result = run_cli(timeout=20)
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"filmtui export" in result.stderr
    assert b"\x1b" not in result.stderr


def test_browser_with_stderr_on_a_terminal_but_stdin_not_says_to_name_it_dash() -> None:
    """Keys come from stdin: piped in without `-`, the browser says how to browse it."""
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "filmtui"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=30,
        )
        os.close(follower)
        said = b""
        while chunk := _read_available(leader):
            said += chunk
    finally:
        os.close(leader)
    assert result.returncode == 2 and result.stdout == b""
    assert b"stdin is not a terminal" in said and b"filmtui -" in said


def _read_available(fd: int) -> bytes:
    """What a pty leader holds now (b"" once the follower side is closed and drained)."""
    import os

    try:
        return os.read(fd, 4096)
    except OSError:  # EIO: the other side is gone
        return b""


def test_browser_with_stderr_redirected_says_it_draws_there(run_cli: RunCli) -> None:
    """`filmtui 2>log` cannot draw: the message says stderr is where the screen goes."""
    result = run_cli(timeout=20)
    assert b"stderr is not a terminal, and the browser draws on stderr" in result.stderr


def test_stderr_to_a_file_in_a_terminal_is_refused_as_the_readme_says(tmp_path: Path) -> None:
    """`filmtui 2>err.log` typed in a terminal (stdin and stdout on it): the one line goes
    to the file and the exit status is 2, as the README says (not a screen sized from
    /dev/tty, which an older README promised)."""
    import os
    import pty

    leader, follower = pty.openpty()
    log = tmp_path / "err.log"
    with log.open("wb") as stderr:
        run = subprocess.run(
            [sys.executable, "-m", "filmtui"],
            stdin=follower, stdout=follower, stderr=stderr, timeout=60, cwd=tmp_path,
        )  # fmt: skip
    os.close(follower)
    os.close(leader)
    said = log.read_text(encoding="utf-8")
    assert run.returncode == 2 and said.count("\n") == 1, said
    assert said.startswith("filmtui: stderr is not a terminal, and the browser draws on stderr")
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text("utf-8").split())
    assert "So stderr must be a terminal: sent elsewhere (`filmtui 2>err.log`)" in readme
    assert "the browser does not start (exit status 2;" in readme
    assert "stderr, else `/dev/tty`" not in readme


def test_help_lists_every_command(run_cli: RunCli) -> None:
    """`filmtui --help` names each command with its summary, so none is hidden."""
    from filmtui.cli import COMMANDS

    result = run_cli("--help")
    assert result.returncode == 0
    listing = result.stdout.decode().split("commands (", 1)[1]
    for name in COMMANDS:
        assert f"\n  {name} " in listing


def test_help_gives_both_query_syntaxes(run_cli: RunCli) -> None:
    """`--query` is a quote query for a record and a film query for a shelf: `filmtui
    --help` spells out both, each as its own paragraph."""
    result = run_cli("--help")
    paragraphs = result.stdout.decode().split("\n\n")
    assert any(p.startswith("Quote query: ") and "critic:" in p for p in paragraphs)
    assert any(p.startswith("Film query: ") and "year:2000..2010" in p for p in paragraphs)


def test_a_mistyped_command_is_named(run_cli: RunCli, tmp_path: Path) -> None:
    """`filmtui exprot` suggests `export`; a file of that name is still a record."""
    result = run_cli("exprot")
    assert result.returncode == 2
    assert (
        result.stderr
        == b"filmtui: exprot: no such file or command; did you mean `filmtui export`?\n"
    )
    (tmp_path / "exprot").write_text("title = 3\n", encoding="utf-8")
    result = run_cli("exprot")
    assert result.returncode == 2
    assert result.stderr.startswith(b"filmtui: exprot:1:9: title: expected a string")
