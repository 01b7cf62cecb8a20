"""`filmtui completion SHELL`: each script loaded in its real shell and asked to complete.

bash: the script's completion function is called as bash calls it (COMP_WORDS, COMP_CWORD).
fish: `complete -C LINE` prints what TAB would offer. zsh completes only inside its line
editor, so an interactive zsh runs on a pty (pyte) and TAB is pressed there.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ptyrun import Terminal

from filmtui.cli import COMMANDS, DEFAULT_COMMAND
from filmtui.cli.completion import PATH_METAVARS, TEXT_METAVARS

SUBCOMMANDS = sorted(COMMANDS)

#: Calls the bash script's function as bash would on TAB; prints COMPREPLY, one a line.
BASH_DRIVER = r"""
source "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
_shtab_filmtui filmtui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""


@pytest.fixture
def shelf_dir(tmp_path: Path) -> Path:
    """A working folder with a record, a text file and a directory to complete."""
    work = tmp_path / "work"
    (work / "shelf").mkdir(parents=True)
    (work / "paris.toml").write_text("")
    (work / "notes.txt").write_text("")
    return work


def script_file(shell: str, where: Path) -> Path:
    """`filmtui completion SHELL` run as a user would, its output saved to a file."""
    result = subprocess.run(
        [sys.executable, "-m", "filmtui", "completion", shell], capture_output=True, timeout=60
    )
    assert result.returncode == 0 and result.stderr == b""
    path = where / f"filmtui.{shell}"
    path.write_bytes(result.stdout)
    return path


def bash_completes(script: Path, cwd: Path, line: str) -> list[str]:
    """What bash offers for TAB at the end of `filmtui LINE`."""
    result = subprocess.run(
        ["bash", "--norc", "-c", BASH_DRIVER, "bash", script, "filmtui", *line.split(" ")],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return sorted(result.stdout.split())


def test_bash(shelf_dir: Path, tmp_path: Path) -> None:
    """Subcommands and paths first, then each command's options, choices and paths."""
    script = script_file("bash", tmp_path)
    assert bash_completes(script, shelf_dir, "") == sorted(
        [*SUBCOMMANDS, "notes.txt", "paris.toml", "shelf"]
    )
    assert bash_completes(script, shelf_dir, "ex") == ["export"]
    assert bash_completes(script, shelf_dir, "pa") == ["paris.toml"]
    assert "--max-size" in bash_completes(script, shelf_dir, "--")
    assert bash_completes(script, shelf_dir, "ls --f") == ["--format"]
    assert bash_completes(script, shelf_dir, "ls --format ") == ["jsonl", "text"]
    assert bash_completes(script, shelf_dir, "export --format j") == ["json", "jsonl"]
    assert bash_completes(script, shelf_dir, "ls ") == ["shelf"]  # DIR: directories only
    assert bash_completes(script, shelf_dir, "ls shelf --query ") == []  # a query: free text
    assert bash_completes(script, shelf_dir, "export p") == ["paris.toml"]
    export_options = ["-h", "--help", "--debug", "--max-size", "--index", "-q", "--query"]
    assert bash_completes(script, shelf_dir, "export paris.toml -") == sorted(
        [*export_options, "--compact", "--format"]
    )
    assert bash_completes(script, shelf_dir, "completion ") == ["bash", "fish", "zsh"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed (CI has it)")
def test_fish(shelf_dir: Path, tmp_path: Path) -> None:
    """fish's own `complete -C` lists what TAB would offer (word, tab, description)."""
    script = script_file("fish", tmp_path)

    def completes(line: str) -> list[str]:
        result = subprocess.run(
            ["fish", "--no-config", "-c", f"source {script}; complete -C'filmtui {line}'"],
            capture_output=True,
            text=True,
            cwd=shelf_dir,
            timeout=60,
        )
        assert result.returncode == 0 and result.stderr == "", result.stderr
        return sorted(row.split("\t")[0] for row in result.stdout.splitlines())

    assert completes("") == sorted([*SUBCOMMANDS, "notes.txt", "paris.toml", "shelf/"])
    assert completes("se") == ["search", "serve"]
    assert completes("ls --f") == ["--format"]
    assert completes("ls --format ") == ["jsonl", "text"]
    assert completes("search --format ") == ["jsonl", "text"]
    assert completes("import p") == ["paris.toml"]
    assert completes("completion ") == ["bash", "fish", "zsh"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed (CI has it)")
def test_zsh(shelf_dir: Path, tmp_path: Path) -> None:
    """TAB in an interactive zsh with compinit, the script loaded the documented way."""
    script = script_file("zsh", tmp_path)
    (tmp_path / ".zshrc").write_text(
        "autoload -Uz compinit && compinit -u -d ${ZDOTDIR}/.zcompdump\n"
        "PROMPT='ready> '\n"
        f'eval "$(cat {script})"\n'
    )
    env = {"ZDOTDIR": str(tmp_path), "HOME": str(tmp_path), "PATH": os.environ["PATH"]}
    zsh = Terminal(["zsh", "-i"], size=(120, 30), env=env, cwd=shelf_dir, stdout="terminal")
    try:
        zsh.wait_for("ready> ")
        zsh.send("filmtui ls --format \t")
        zsh.wait_for("jsonl  text")
        zsh.send("\x15filmtui \t")  # ctrl+u clears the line
        for word in [*SUBCOMMANDS, "paris.toml", "shelf/"]:
            zsh.wait_for(word)
        zsh.send("\x15filmtui export --com\t")
        zsh.wait_for("filmtui export --compact")
    finally:
        zsh.process.kill()
        zsh.wait_for_exit()


def test_unknown_shell_is_a_usage_error() -> None:
    """A shell without a script: one line, exit 2."""
    result = subprocess.run(
        [sys.executable, "-m", "filmtui", "completion", "tcsh"], capture_output=True, timeout=60
    )
    assert result.returncode == 2
    assert b"invalid choice: 'tcsh'" in result.stderr


def every_parser() -> list[argparse.ArgumentParser]:
    """The browser's parser and every subcommand's."""
    modules = [DEFAULT_COMMAND, *COMMANDS.values()]
    return [importlib.import_module(module).build_parser() for module in modules]


def test_every_metavar_is_known_to_completion() -> None:
    """A new argument's metavar must be classed as a path or free text, so that a new
    file argument cannot silently lose its completion."""
    metavars = {
        str(action.metavar)
        for parser in every_parser()
        for action in parser._actions
        if action.metavar is not None
    }
    assert metavars <= set(PATH_METAVARS) | TEXT_METAVARS, metavars
