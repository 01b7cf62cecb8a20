"""The `filmtui` command: dispatch to one module per subcommand.

`filmtui [FILE]` browses; `filmtui COMMAND …` runs the module named in `COMMANDS`, imported
only when used, so light commands (`export`, `schema`) never pay for the browser's imports.
Each command module exposes `build_parser()` and `run(options)`. stdout carries data only;
every message goes to stderr as one line. Exit status: 0 success, 1 the output could not be
written or filmtui failed inside (one line; the traceback with --debug), 2 bad usage or a
bad record.
"""

from __future__ import annotations

import importlib
import os
import sys

from filmtui.cli.common import EXIT_BAD_INPUT, EXIT_INTERNAL_ERROR, internal_error, say
from filmtui.errors import IndexDamaged, IndexRefused, RecordError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

#: Subcommand name → the module that implements it. `browse` is the default command.
COMMANDS = {
    "completion": "filmtui.cli.completion",
    "export": "filmtui.cli.export",
    "import": "filmtui.cli.import_",
    "ls": "filmtui.cli.ls",
    "schema": "filmtui.cli.schema",
    "search": "filmtui.cli.search",
    "serve": "filmtui.cli.serve",
}
DEFAULT_COMMAND = "filmtui.cli.browse"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        module_name, args = COMMANDS[args[0]], args[1:]
    else:
        module_name = DEFAULT_COMMAND
        if args and (meant := _mistyped_command(args[0])):
            say(f"{args[0]}: no such file or command; did you mean `filmtui {meant}`?")
            return EXIT_BAD_INPUT
    command = importlib.import_module(module_name)
    options = command.build_parser().parse_args(args)
    try:
        return int(command.run(options))
    except (RecordError, IndexRefused) as error:
        say(str(error))
        return EXIT_BAD_INPUT
    except IndexDamaged as error:  # found again after a rebuild: the disk itself may fail
        say(str(error))
        return EXIT_INTERNAL_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line, not a traceback, unless asked for
        if options.debug:
            import traceback  # only here: its import costs every run ~5 ms

            traceback.print_exc()
        return internal_error(error, options.debug)


def _mistyped_command(word: str) -> str | None:
    """The command `word` looks like a typo of (`exprot`), if it is no file or path."""
    if word.startswith("-") or "/" in word or os.path.lexists(word):
        return None
    import difflib

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.7)
    return close[0] if close else None
