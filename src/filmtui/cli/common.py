"""What every `filmtui` command shares: the parser, exit codes, stdout and messages."""

from __future__ import annotations

import argparse
import os
import sys

from filmtui.errors import RecordError
from filmtui.source import DEFAULT_MAX_BYTES, MIB

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from filmtui.config import Config
    from filmtui.model import Film

EXIT_OK = 0
EXIT_WRITE_FAILED = 1
#: Something went wrong inside filmtui itself (a bug, or a library it runs on failing).
EXIT_INTERNAL_ERROR = 1
EXIT_BAD_INPUT = 2


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter at a fixed width of 88 columns."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=88, max_help_position=30)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line with the program name."""

    def __init__(self, **kwargs: Any) -> None:
        # A fixed help width: otherwise argparse imports shutil to measure the terminal on
        # every run, a tenth of what `filmtui export` may cost on a small record.
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(**kwargs)
        self.add_argument(
            "--debug",
            action="store_true",
            help="on an internal error, show the full traceback, not one line",
        )

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Parse as argparse does, after letting a query option take a `-term` value."""
        words = list(sys.argv[1:] if args is None else args)
        self._words = words
        return super().parse_known_args(self._glue_query_values(words), namespace)

    def _glue_query_values(self, words: list[str]) -> list[str]:
        """Join `--query -term` (or `-q -term`) into `--query=-term`.

        argparse takes any word that starts with `-` and has no space for an option, so
        `--query -coen` (a negated film query) would be refused as a missing value. As
        getopt does, the word after a query option is its value, even when it starts with
        `-`; except a word starting with `--` or naming one of this command's options, so
        `--query --format jsonl` stays the usage error it is. Nothing after `--` changes.
        """
        query_options = [
            action
            for action in self._actions
            if action.dest in QUERY_DESTS and action.nargs is None
        ]
        glued: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            if word == "--":
                return [*glued, *words[index:]]
            action = next((a for a in query_options if self._names(a, word)), None)
            value = words[index + 1] if index + 1 < len(words) else ""
            if action is not None and self._is_dash_value(value):
                glued.append(f"{max(action.option_strings, key=len)}={value}")
                index += 2
                continue
            glued.append(word)
            index += 1
        return glued

    def _names(self, action: argparse.Action, word: str) -> bool:
        """True when `word` is one of the action's options, or a long one's abbreviation
        that argparse would take for it (a unique prefix)."""
        if word in action.option_strings:
            return True
        if not (self.allow_abbrev and word.startswith("--") and len(word) > 2):
            return False
        matches = {
            self._option_string_actions[option]
            for option in self._option_string_actions
            if option.startswith(word)
        }
        return matches == {action}

    def _is_dash_value(self, word: str) -> bool:
        """True for a `-term` that argparse would take for an unknown option."""
        return (
            len(word) > 1
            and word.startswith("-")
            and not word.startswith("--")
            and word.split("=", 1)[0] not in self._option_string_actions
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        """Report a usage error on one line and exit 2."""
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}{self._dash_query_hint()} (see --help)\n")

    def _dash_query_hint(self) -> str:
        """How to give a query that starts with `-` where the query is a positional
        argument (`search Q DIR`): there argparse takes `-word` for an unknown option, and
        only `--` makes it a value, as for any command that follows POSIX."""
        positionals = [action for action in self._actions if not action.option_strings]
        if not any(action.dest in QUERY_DESTS for action in positionals):
            return ""
        words: list[str] = getattr(self, "_words", [])
        before = words[: words.index("--")] if "--" in words else words
        dashed = next((word for word in before if self._is_dash_value(word)), None)
        if dashed is None:
            return ""
        query = next(i for i, a in enumerate(positionals) if a.dest in QUERY_DESTS)
        rest = " ".join(str(action.metavar) for action in positionals[query + 1 :])
        return (
            f"; a query that starts with - goes after --, with the options before it: "
            f"{self.prog} [options] -- {dashed} {rest}".rstrip()
        )


#: Options whose value is a query (argparse `dest`): their value may start with `-`.
QUERY_DESTS = frozenset({"query"})

#: The quote query's syntax, for --help.
QUOTE_QUERY_HELP = (
    'Quote query: every word must match (case, accents and spaces ignored); "two words" '
    "is a phrase; a bare word matches the text, publication, critic or region; source: (or "
    "publication:), critic:, region: and text: scope a word to one field; -term (-word, "
    '-"a phrase", -source:x) keeps only the quotes that do not match the term. '
    "An unknown scope or an unclosed quote is an error (exit 2), never a silent no-match."
)
#: The film query's syntax, for --help.
FILM_QUERY_HELP = (
    "Film query: words match title, directors, cast, genres; title: director: cast: genre: "
    "language: rating: country: scope a word; year:2000..2010, runtime:..100; -word negates "
    "(`--query -word` works). An unknown scope or an unclosed quote is an error (exit 2)."
)


def checked_query(problem_of: Callable[[str], str | None]) -> Callable[[str], str]:
    """An argparse `type` that refuses a query `problem_of` finds fault with."""

    def check(text: str) -> str:
        """Return the query unchanged, or raise argparse's error with the problem."""
        problem = problem_of(text)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return text

    return check


def refuse_bad_query(make_parser: Callable[[], Parser], query: str, is_shelf: bool) -> None:
    """Refuse (exit 2) a --query with an unknown scope or an unclosed quote: a film query
    for a shelf, else a quote query. `make_parser` words the error (built only then)."""
    if not query:
        return  # the common case, `filmtui export FILE`, need not import a query parser
    if is_shelf:
        from filmtui.filmquery import film_query_problem as problem_of
    else:
        from filmtui.matching import quote_query_problem as problem_of
    problem = problem_of(query)
    if problem:
        make_parser().error(f"argument -q/--query: {problem}")


def add_query_argument(parser: argparse.ArgumentParser, help: str, **more: Any) -> None:
    """Add `-q/--query Q` (its value may start with `-`: see `Parser`)."""
    parser.add_argument("-q", "--query", default="", metavar="Q", help=help, **more)


#: What FILE is, for --help.
RECORD_HELP = (
    "a film record, TOML or a filmtui JSON export; `-` reads it from stdin, and a pipe "
    "such as <(command) works too (default: the bundled record)"
)


def add_record_arguments(parser: argparse.ArgumentParser, help: str = RECORD_HELP) -> None:
    """Add the FILE and --max-size arguments shared by the browser and export (`help`
    says what FILE may be)."""
    parser.add_argument("file", nargs="?", metavar="FILE", help=help)
    parser.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_BYTES / MIB,
        metavar="MB",
        help="refuse records larger than this many megabytes (default: %(default)g)",
    )


def record_source(options: argparse.Namespace) -> tuple[str, int]:
    """The record named on the command line (or the bundled one) and the size cap."""
    if options.max_size <= 0:
        raise RecordError(f"--max-size must be positive, not {options.max_size:g}")
    if options.file is not None:
        return options.file, int(options.max_size * MIB)
    from filmtui.loader import default_record_path  # the loader: it loads the record next

    return default_record_path(), int(options.max_size * MIB)


def load_record(options: argparse.Namespace) -> Film:
    """Load the record named on the command line, or the bundled one."""
    from filmtui.loader import load

    path, max_bytes = record_source(options)
    return load(path, max_bytes=max_bytes)


def write_stdout(data: bytes) -> int:
    """Write bytes to stdout; a reader that closed early ends quietly, other errors say so."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) has all it wanted. Point stdout at /dev/null so the
        # interpreter's final flush does not complain, and end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        say(f"cannot write to standard output: {error.strerror or error}")
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_WRITE_FAILED
    return EXIT_OK


def internal_error(error: BaseException | None, debug: bool) -> int:
    """Report a failure inside filmtui on one line (and its traceback with --debug);
    return the exit status for it."""
    if error is None:
        what = "an unexpected error"
    else:
        while error.__cause__ is not None:  # the root cause, not a library's rewording
            error = error.__cause__
        detail = str(error).strip().splitlines()
        what = type(error).__name__ + (f": {detail[0]}" if detail else "")
        frame = error.__traceback__
        while frame is not None and frame.tb_next is not None:
            frame = frame.tb_next
        if frame is not None:
            where = frame.tb_frame.f_code.co_filename.split(os.sep)[-2:]
            what += f" (at {'/'.join(where)}:{frame.tb_lineno})"
    hint = "" if debug else " (run with --debug for the traceback)"
    say(f"internal error: {what}{hint}")
    return EXIT_INTERNAL_ERROR


def read_settings() -> Config:
    """The user's settings file (see filmtui.config); a bad one is said in one line, and
    the browser starts with the defaults and says it again on screen (stderr is hidden
    while it draws)."""
    from filmtui.config import Config, ConfigError, Vocabulary, config_path, read_config

    def vocabulary() -> Vocabulary:
        """What the browser offers (imported only when there is a file to check)."""
        from filmtui.keymap import vocabulary

        return vocabulary()

    try:
        return read_config(config_path(), vocabulary)
    except ConfigError as error:
        problem = f"{error} (starting with the default settings)"
        say(problem)
        return Config(problem=problem)


def say(message: str) -> None:
    """Print one message line to stderr, prefixed with the program name."""
    print(f"filmtui: {message}", file=sys.stderr)
