"""`filmtui completion bash|zsh|fish`: a shell completion script, made from the parsers.

The scripts come from shtab, which writes static bash, zsh and fish completion from an
argparse parser: a TAB costs the shell a function call, not a Python start. (argcomplete,
the other well-kept choice, runs filmtui's Python on every TAB.) filmtui has no single
parser, so `whole_parser` joins the browser's options and one subparser per entry of
`COMMANDS`, each built by its own `build_parser()`: a new command or option is completed
with no change here. Arguments whose metavar names a file or a directory complete paths;
`choices` (`--format text|jsonl`) complete themselves.

Written here only what shtab has no way to say: the first word is a subcommand *or* the
browser's FILE|DIR (argparse, and so shtab, cannot have a positional before the
subcommand), so each script gets a few lines that add paths to the first word's
subcommands. `tests/test_completion.py` runs every script in its real shell.
"""

from __future__ import annotations

import argparse
import importlib

from filmtui.cli.common import Parser, write_stdout

#: Shells with a script, for `filmtui completion SHELL`.
SHELLS = ("bash", "zsh", "fish")
#: Metavars of arguments that name a path, and whether only directories fit.
PATH_METAVARS = {"FILE": False, "LISTING": False, "PATH": False, "DIR": True}
#: Metavars of arguments that are free text (nothing to complete).
TEXT_METAVARS = frozenset({"Q", "MB", "SYSTEM", "SHELL", "URL"})

#: Per shell, what makes the first word complete paths too: (generated text to replace or
#: "" to append, the text that replaces it or is appended).
_FIRST_WORD_PATHS = {
    # shtab's bash reads `<prefix>_pos_<i>_COMPGEN` for a positional's completion function.
    "bash": ("", "_shtab_filmtui_pos_0_COMPGEN=_shtab_compgen_files\n"),
    "zsh": (
        "_describe 'filmtui commands' _commands\n",
        "_describe 'filmtui commands' _commands\n  _files\n",
    ),
    "fish": (
        "",
        "complete -c filmtui -n '_shtab_filmtui_using; and test $_shtab_filmtui_npos -eq 0'"
        ' -ka "(__fish_complete_path (commandline -ct))"\n',
    ),
}


def build_parser() -> Parser:
    """Build the parser for `filmtui completion`."""
    parser = Parser(
        prog="filmtui completion",
        description="Print a completion script for SHELL: subcommands, options, --format "
        "choices, file and directory arguments.",
        epilog='bash: add `eval "$(filmtui completion bash)"` to ~/.bashrc. zsh: add `eval '
        '"$(filmtui completion zsh)"` to ~/.zshrc after compinit, or save the script as '
        "_filmtui in a directory of $fpath. fish: `filmtui completion fish > "
        "~/.config/fish/completions/filmtui.fish`.",
    )
    parser.add_argument("shell", metavar="SHELL", choices=SHELLS, help=", ".join(SHELLS))
    return parser


def run(options: argparse.Namespace) -> int:
    """Write the completion script for the chosen shell to stdout."""
    return write_stdout(script(options.shell).encode("utf-8"))


def script(shell: str) -> str:
    """The completion script for `shell`, generated from the command line's parsers."""
    import shtab

    text: str = shtab.complete(whole_parser(), shell=shell)
    old, new = _FIRST_WORD_PATHS[shell]
    if not old:
        return (
            text.rstrip("\n") + "\n\n# The browser's FILE|DIR: paths, besides subcommands.\n" + new
        )
    if old not in text:  # shtab wrote something else: fail loudly, not with half a script
        raise RuntimeError(f"shtab's {shell} script has changed: {old.strip()!r} not found")
    return text.replace(old, new, 1)


def whole_parser() -> argparse.ArgumentParser:
    """The whole command line as one parser, for completion only: the browser's options
    and one subparser per command. Path arguments carry shtab's `complete` marks."""
    from filmtui.cli import COMMANDS, DEFAULT_COMMAND

    browser = _marked(importlib.import_module(DEFAULT_COMMAND).build_parser())
    whole = argparse.ArgumentParser(prog="filmtui", add_help=False)
    for action in browser._actions:
        if action.option_strings:  # FILE|DIR is added to the first word by `script`
            whole._add_action(action)
    commands = whole.add_subparsers(metavar="COMMAND", parser_class=argparse.ArgumentParser)
    for name, module in COMMANDS.items():
        command = _marked(importlib.import_module(module).build_parser())
        summary = (command.description or "").partition(". ")[0]
        commands.add_parser(name, parents=[command], add_help=False, help=summary)
    return whole


def _marked(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Mark the parser's path arguments for shtab: files, or directories only."""
    import shtab

    for action in parser._actions:
        only_dirs = PATH_METAVARS.get(str(action.metavar))
        if only_dirs is not None:
            action.complete = shtab.DIRECTORY if only_dirs else shtab.FILE  # type: ignore[attr-defined]
    return parser
