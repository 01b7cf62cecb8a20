"""The settings file: parsed and checked in the core (hypothesis for the parser), applied
by the browser (Pilot), and a bad one said in one line before the browser starts (pty)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomli_w
from apptools import screen_text, settle
from hypothesis import given
from hypothesis import strategies as st
from ptyrun import filmtui

from filmtui.app import FilmApp
from filmtui.config import Config, ConfigError, config_path, parse_config, read_config
from filmtui.keymap import all_bindings, binding_ids, is_key, vocabulary
from filmtui.model import Film
from filmtui.screens.help import HelpScreen
from filmtui.widgets.quote_list import QuoteList

VOCABULARY = vocabulary()
IDS = sorted(VOCABULARY.binding_ids)
KEYS = ["j", "G", "?", "down", "pageup", "f5", "ctrl+a", "shift+tab", "question_mark", "slash"]
README = Path(__file__).resolve().parent.parent / "README.md"


def parse(text: str) -> Config:
    """The settings in `text`, as read from a file named c.toml."""
    return parse_config(text, "c.toml", VOCABULARY)


# ------------------------------------------------------------------ the parser

keymaps = st.dictionaries(
    st.sampled_from(IDS),
    st.lists(st.sampled_from(KEYS), min_size=1, max_size=3, unique=True).map(",".join),
    max_size=5,
)


@given(st.none() | st.sampled_from(sorted(VOCABULARY.themes)), keymaps)
def test_a_valid_config_reads_back_as_written(theme: str | None, keys: dict[str, str]) -> None:
    """Any theme and keymap, written as TOML, read back the same."""
    document: dict[str, object] = {"keys": keys}
    if theme is not None:
        document["theme"] = theme
    assert parse(tomli_w.dumps(document)) == Config(theme, keys)


@given(st.text(max_size=200))
def test_any_text_is_settings_or_one_located_line(text: str) -> None:
    """Whatever the file holds: settings, or one line naming the file, never another
    exception."""
    try:
        parse(text)
    except ConfigError as error:
        message = str(error)
        assert message.startswith("c.toml") and "\n" not in message


@given(keymaps, st.sampled_from(["quotes.nxt", "app.quitt", "rows.opne", "x"]))
def test_an_unknown_binding_id_is_named_at_its_line(keys: dict[str, str], wrong: str) -> None:
    """Among good keys, one unknown id: the error gives its line and column 1."""
    lines = ["[keys]", *(f'"{id}" = "{value}"' for id, value in keys.items())]
    lines.insert(1 + len(keys) // 2, f'"{wrong}" = "j"')
    with pytest.raises(ConfigError) as raised:
        parse("\n".join(lines))
    line = 2 + len(keys) // 2
    assert str(raised.value).startswith(f'c.toml:{line}:1: unknown binding id "{wrong}"')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('theme = "nrod"', 'c.toml:1:9: unknown theme "nrod" (did you mean nord?); themes: '),
        ("theme = 3", 'c.toml:1:9: theme must be a name in quotes, such as theme = "nord"'),
        ('them = "nord"', "c.toml:1:1: unknown setting them (did you mean theme?)"),
        ('keys = "j"', "c.toml:1:1: keys must be a table"),
        ('[keys]\n"quotes.nxt" = "j"', 'c.toml:2:1: unknown binding id "quotes.nxt" (did you'),
        ('[keys]\n"quotes.next" = "dwon"', 'c.toml:2:17: quotes.next: "dwon" is not a key (did'),
        ('[keys]\n"quotes.next" = "cntrl+a"', 'c.toml:2:17: quotes.next: "cntrl" in "cntrl+a" is'),
        ('[keys]\n"quotes.next" = "j,,k"', "c.toml:2:17: quotes.next: an empty key"),
        ('[keys]\n"quotes.next" = ["j"]', "c.toml:2:17: quotes.next must be keys in quotes"),
        ('[keys]\n"quotes.next" = "ctrl++"', 'c.toml:2:17: quotes.next: write the + key as "plus"'),
        ('theme = "nord', "c.toml:1:14: unterminated string"),
        ('[keys]\nquotes.next = "j"', 'c.toml:2:1: put the binding id in quotes: "quotes.next"'),
    ],
)
def test_mistakes_are_named_with_place_and_fix(text: str, message: str) -> None:
    """Each mistake: file, line, column, what is wrong, and the nearest right name."""
    with pytest.raises(ConfigError) as raised:
        parse(text)
    assert str(raised.value).startswith(message)


def test_where_the_file_is(tmp_path: Path) -> None:
    """$XDG_CONFIG_HOME/filmtui/config.toml, else ~/.config; a relative XDG value is
    ignored, as the XDG spec says; no file is the defaults."""
    home = {"HOME": "/home/ana"}
    assert config_path({**home, "XDG_CONFIG_HOME": "/cfg"}) == Path("/cfg/filmtui/config.toml")
    assert config_path(home) == Path("/home/ana/.config/filmtui/config.toml")
    assert config_path({**home, "XDG_CONFIG_HOME": "cfg"}) == config_path(home)
    assert read_config(tmp_path / "none.toml", vocabulary) == Config()
    (tmp_path / "bad.toml").write_bytes(b"theme = '\xff'")
    with pytest.raises(ConfigError, match="not UTF-8"):
        read_config(tmp_path / "bad.toml", vocabulary)


def test_key_names_are_textuals() -> None:
    """Keys Textual sends are keys; typos and unknown modifiers are not."""
    for key in [*KEYS, "space", "enter", "escape", "ampersand", "alt+x", "ctrl+shift+up"]:
        assert is_key(key), key
    for key in ["dwon", "Down", "ctrl+", "cntrl+a", "f99", ""]:
        assert not is_key(key), key


def test_every_binding_id_is_in_the_readme() -> None:
    """The README lists every id a config can remap, and nothing else as one."""
    readme = README.read_text(encoding="utf-8")
    section = readme.split("### Settings", 1)[1].split("\n### ", 1)[0]
    listed = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section))
    assert listed == binding_ids()


def test_every_binding_has_an_id() -> None:
    """Every filmtui binding can be remapped (but ctrl+c's hint to quit, a system
    binding FilmApp keeps from Textual)."""
    assert all(binding.id or binding.system for binding in all_bindings())


# ------------------------------------------------------------------ the browser


async def test_theme_and_keys_are_applied_and_help_shows_them(film: Film) -> None:
    """theme = "nord", `l` for the next quote and `h` for help: they work, `j` no longer
    does, and the help screen lists `l / ↓` and `h`."""
    config = Config("nord", {"quotes.next": "l,down", "app.help": "h"})
    app = FilmApp(film, config=config, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        quotes = app.screen.query_one(QuoteList)
        await pilot.press("l")
        assert quotes.cursor == 1
        await pilot.press("j", "down")
        assert quotes.cursor == 2
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert re.search(r"l / ↓ +Next +quotes\.next", text), text
        assert re.search(r"h +Help +app\.help", text)
        assert not re.search(r"j / ↓ +Next", text)


async def test_a_remapped_key_is_taken_from_the_binding_that_had_it(film: Film) -> None:
    """`"quotes.mark" = "space"`: space marks, and pagedown still pages."""
    app = FilmApp(film, config=Config(None, {"quotes.mark": "space"}), cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        quotes = app.screen.query_one(QuoteList)
        await pilot.press("space")
        assert quotes.selection.marked == {0} and quotes.cursor == 0
        await pilot.press("pagedown")
        assert quotes.cursor > 0


async def test_help_shows_a_taken_key_only_where_it_went(film: Film) -> None:
    """`"quotes.mark" = "space"`: the help lists space for marking, and `pgdn` alone for
    paging down, as the keys act; the details panel's own space still pages there."""
    app = FilmApp(film, config=Config(None, {"quotes.mark": "space"}), cursor_blink=False)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert re.search(r"│  space +Mark / unmark +quotes\.mark", text), text
        assert re.search(r"│  pgdn +Page down +quotes\.page_down", text), text
        assert not re.search(r"space +Page down +quotes\.", text), text
        assert not re.search(r"[^ ]m +Mark", text) and "m / space" not in text


# ------------------------------------------------------------- in a real terminal


def test_a_bad_config_is_one_line_then_the_browser_starts(tmp_path: Path) -> None:
    """A typo in the config: one line naming file, line, column and fix, on stderr and
    on screen while the browser runs (its full screen hides stderr); then the browser
    starts with the default keys."""
    folder = tmp_path / "filmtui"
    folder.mkdir()
    (folder / "config.toml").write_text('theme = "nord"\n[keys]\n"quotes.nxt" = "l"\n')
    # Wide enough for the whole line, however long the temporary path is.
    terminal = filmtui(size=(400, 30), env={"XDG_CONFIG_HOME": str(tmp_path)})
    terminal.wait_for("4 quotes")
    terminal.wait_for('"quotes.nxt"')  # the same line, in a notice over the film
    terminal.press("j")
    _, status, _ = terminal.finish(b"q")
    assert status == 0
    said = [line.strip() for line in terminal.text().splitlines() if line.strip()]
    assert said == [
        f'filmtui: {folder / "config.toml"}:3:1: unknown binding id "quotes.nxt" (did you '
        "mean quotes.next?); the ids are listed in the README and by ? in the browser "
        "(starting with the default settings)"
    ]
    assert b"Traceback" not in terminal.output
