"""The settings file: `$XDG_CONFIG_HOME/filmtui/config.toml` (else
`~/.config/filmtui/config.toml`), read once as the browser starts.

    theme = "nord"

    [keys]
    "quotes.next" = "j,down"     # a binding id = the keys for it, comma-separated

Parsed with tomli; the checks are written here by hand because what is valid (theme
names, binding ids, key names) comes from Textual at run time, which this core module
must not import (the caller passes it in as a `Vocabulary`), and because a mistake must
be named with its line and column and the nearest valid name, which a schema library
does not give. A bad file is one `ConfigError` line; the browser then starts with the
defaults. This module does not import textual or rich.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping
    from typing import Any

#: The settings a config file may hold.
SETTINGS = ("theme", "keys")
#: A config file larger than this is refused (it holds two settings).
MAX_BYTES = 1 << 20


class ConfigError(Exception):
    """A bad settings file; `str(error)` is the one line to show."""


@dataclass(frozen=True)
class Vocabulary:
    """What a config may name: themes, binding ids and keys (`is_key`; `key_names` are
    the named keys offered as suggestions, `modifiers` those a key may start with)."""

    themes: Collection[str]
    binding_ids: Collection[str]
    is_key: Callable[[str], bool]
    key_names: Collection[str] = ()
    modifiers: Collection[str] = ("ctrl", "shift", "alt")


@dataclass(frozen=True)
class Config:
    """The settings: a theme name (None: the default) and a keymap (binding id → keys);
    or, where the file was bad, the defaults and the `problem` to show."""

    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)
    problem: str | None = None


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the settings file is: under $XDG_CONFIG_HOME if set (and absolute, as the
    XDG spec asks), else under ~/.config."""
    base = environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(environ.get("HOME") or os.path.expanduser("~"), ".config")
    return Path(base) / "filmtui" / "config.toml"


def read_config(path: Path, vocabulary: Callable[[], Vocabulary]) -> Config:
    """The settings in `path`; no file gives the defaults. Raises ConfigError.

    `vocabulary` is called only when there is a file to check.
    """
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than 1 MB; a config holds a theme and keys")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {error.start + 1}); save it as UTF-8"
        ) from None
    return parse_config(text, str(path), vocabulary())


def parse_config(text: str, name: str, vocabulary: Vocabulary) -> Config:
    """Check the settings in TOML `text` (from the file `name`). Raises ConfigError."""
    import tomli  # only when there is a settings file: the browser starts without it

    try:
        raw = tomli.loads(text.removeprefix("\ufeff"))
    except (tomli.TOMLDecodeError, RecursionError, ValueError) as failure:
        from filmtui.parse_errors import toml_failure

        raise ConfigError(toml_failure(name, text, failure)) from None
    where = _Where(name, text)
    for key in raw:
        if key not in SETTINGS:
            raise where.error(
                (key,),
                f"unknown setting {key}{_nearest(key, SETTINGS)}; a config holds "
                'theme = "NAME" and a [keys] table',
            )
    theme = raw.get("theme")
    if theme is not None:
        _check_theme(theme, vocabulary, where)
    keys = raw.get("keys", {})
    if not isinstance(keys, dict):
        raise where.error(("keys",), 'keys must be a table: [keys] then "quotes.next" = "j,down"')
    return Config(
        theme,
        {
            binding: _check_keys(binding, value, vocabulary, where)
            for binding, value in keys.items()
        },
    )


def _check_theme(theme: Any, vocabulary: Vocabulary, where: _Where) -> None:
    """Refuse a theme that is not a string or not one of the themes."""
    if not isinstance(theme, str):
        raise where.error(
            ("theme",), 'theme must be a name in quotes, such as theme = "nord"', at_value=True
        )
    if theme not in vocabulary.themes:
        raise where.error(
            ("theme",),
            f'unknown theme "{theme}"{_nearest(theme, vocabulary.themes)}; themes: '
            + ", ".join(sorted(vocabulary.themes)),
            at_value=True,
        )


def _check_keys(binding: str, value: Any, vocabulary: Vocabulary, where: _Where) -> str:
    """The keys for `binding` as written, once the id and every key are known."""
    path: tuple[str, ...] = ("keys", binding)
    while isinstance(value, dict) and len(value) == 1:  # `quotes.next = …`, unquoted
        [(part, value)] = value.items()
        path = (*path, part)
    if len(path) > 2:
        dotted = ".".join(path[1:])
        raise where.error(
            path,
            f'put the binding id in quotes: "{dotted}" = … (unquoted, TOML reads {dotted} '
            "as tables inside tables)",
        )
    if binding not in vocabulary.binding_ids:
        raise where.error(
            path,
            f'unknown binding id "{binding}"{_nearest(binding, vocabulary.binding_ids)}; '
            "the ids are listed in the README and by ? in the browser",
        )
    if not isinstance(value, str):
        raise where.error(
            path, f'{binding} must be keys in quotes, such as "{binding}" = "j,down"', True
        )
    keys = [key.strip() for key in value.split(",")]
    for key in keys:
        if not key:
            raise where.error(path, f'{binding}: an empty key in {value!r}; write "j,down"', True)
        if key.endswith("+"):
            raise where.error(path, f'{binding}: write the + key as "plus" (ctrl+plus)', True)
        *modifiers, base = key.split("+")
        for modifier in modifiers:
            if modifier not in vocabulary.modifiers:
                raise where.error(
                    path,
                    f'{binding}: "{modifier}" in "{key}" is not a modifier'
                    f"{_nearest(modifier, vocabulary.modifiers)}; modifiers: "
                    + ", ".join(sorted(vocabulary.modifiers)),
                    at_value=True,
                )
        if not vocabulary.is_key(key):
            raise where.error(
                path,
                f'{binding}: "{key}" is not a key{_nearest(base, vocabulary.key_names)}; '
                "keys are named as Textual names them: j, G, down, pageup, ctrl+a, question_mark",
                at_value=True,
            )
    return ",".join(keys)


def _nearest(word: str, known: Collection[str]) -> str:
    """` (did you mean X?)` for the closest of `known`, or nothing."""
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


@dataclass(frozen=True)
class _Where:
    """Names the place of a setting in the file, for error messages."""

    name: str
    text: str

    def error(self, path: tuple[str, ...], message: str, at_value: bool = False) -> ConfigError:
        """A ConfigError at the setting `path`, its key or its value (FILE:LINE:COL when
        it is found in the text)."""
        from filmtui.locate import locate_toml

        place = locate_toml(self.text, path)
        if place is None:
            return ConfigError(f"{self.name}: {message}")
        column = place.value_col if at_value else place.key_col
        return ConfigError(f"{self.name}:{place.line}:{column}: {message}")
