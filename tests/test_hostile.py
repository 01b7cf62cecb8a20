"""Hostile records: every bad file is one clear error, and untrusted text never reaches the
terminal raw. Cases live in tests/corpus/: adding a case is adding a file.

- corpus/bad/*: must fail to load with one line naming the file (and, when a text file's
  first line is ``# expect: …``, containing that text), and exit 2 from the CLI.
- corpus/hostile/*: must load, export exactly (with terminal controls escaped), and draw
  as visible, inert text in the real program running in a pseudo-terminal.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from apptools import screen_text, settle, type_filter
from conftest import RunCli
from hypothesis import HealthCheck, given, settings
from ptyrun import Terminal, filmtui
from strategies import films

from filmtui.app import FilmApp
from filmtui.export import export_json, export_jsonl
from filmtui.extremes import too_deep
from filmtui.loader import MIB, RecordError, default_record_path, load, loads
from filmtui.model import Film, Quote
from filmtui.sanitize import FSI, PDI

CORPUS = Path(__file__).parent / "corpus"
BAD = sorted((CORPUS / "bad").iterdir())
HOSTILE = sorted((CORPUS / "hostile").glob("*.toml"))
UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def expected_message(path: Path) -> str | None:
    """The `# expect: …` text on a corpus file's first line, if it has one."""
    first = path.read_bytes().split(b"\n", 1)[0]
    if first.startswith(b"# expect: "):
        return first[len(b"# expect: ") :].decode("utf-8")
    return None


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_corpus_file_is_one_located_error(path: Path, run_cli: RunCli) -> None:
    """Each bad file: one line naming the file (and the place), exit 2, no traceback."""
    with pytest.raises(RecordError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}:")
    expected = expected_message(path)
    if expected is not None:
        assert f"{path}{expected}" in message
    result = run_cli("export", path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == f"filmtui: {message}\n"


def test_deeply_nested_arrays_are_an_error_not_a_crash(write_record: Callable[..., Path]) -> None:
    """Arrays nested 100,000 deep, in TOML and in JSON, give a message, not RecursionError."""
    depth = 100_000
    toml = write_record('title = "x"\na = ' + "[" * depth + "]" * depth + "\n")
    json_file = write_record('{"title": "x", "a": ' + "[" * depth + "]" * depth + "}", "d.json")
    problem = "a: lists or tables nested more than 64 deep; a film record needs only a few levels"
    for path, place in ((toml, "2:1"), (json_file, "1:16")):
        with pytest.raises(RecordError) as caught:
            load(path)
        assert str(caught.value) == f"{path}:{place}: {problem}"


def test_a_too_deep_value_is_found_past_brackets_in_strings_and_comments() -> None:
    """Brackets inside strings and comments do not count, nor do table headers."""
    deep = "[" * 70 + "]" * 70
    toml = (
        "# [[[[[[[[\n"
        'title = "[[[[{{{{"\n'
        "[credits]\n"
        "synopsis = '''\n[[[[[[\n'''\n"
        f'"odd key" = {deep}\n'
    )
    assert too_deep(toml, toml=True) == (7, 1, '"odd key"')
    assert too_deep(toml.replace(deep, "[[[]]]"), toml=True) is None
    json = '{"title": "[[[[\\"[[[[", "quotes": [{"text": ' + deep + "}]}"
    assert too_deep(json, toml=False) == (1, 37, "text")


def test_a_too_long_integer_in_json_is_located(write_record: Callable[..., Path]) -> None:
    """msgspec refuses an integer past Python's digit limit: the error says where."""
    limit = sys.get_int_max_str_digits()
    path = write_record('{\n  "title": "x",\n  "runtime": ' + "9" * (limit + 1) + "\n}", "i.json")
    with pytest.raises(RecordError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}:3:14: runtime: an integer has more than {limit} digits; "
        "write the number as it really is (years and runtimes are small)"
    )


def test_file_over_the_size_cap(tmp_path: Path, run_cli: RunCli) -> None:
    """A file over 64 MB is refused without being read; --max-size raises the cap."""
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(65 * MIB)  # sparse: takes no disk
    result = run_cli("export", path)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"filmtui: {path}: file is 65 MB, over the 64 MB limit (raise it with --max-size MB)\n"
    )
    raised = run_cli("export", "--max-size", "100", path)
    assert raised.returncode == 2
    assert b"limit" not in raised.stderr  # read this time: now it is the NUL bytes that fail
    assert raised.stderr.startswith(f"filmtui: {path}:1:1: ".encode())


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(device: str, run_cli: RunCli) -> None:
    """Character devices are not records and are never read."""
    result = run_cli("export", device, timeout=10)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"filmtui: {device}: not a regular file or a pipe (a character device)\n"
    )


def test_symlink_loop(tmp_path: Path, run_cli: RunCli) -> None:
    """A symlink loop is named as such."""
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    result = run_cli("export", tmp_path / "a.toml")
    assert result.returncode == 2
    assert b"symlink loop" in result.stderr


def test_directory_and_browser_errors_come_before_any_screen(
    tmp_path: Path, write_record: Callable[..., Path]
) -> None:
    """A bad record stops the browser with the loader's line before anything is drawn."""
    path = write_record("title = 3\n")
    terminal = filmtui(path)
    assert terminal.wait_for_exit(20) == 2
    assert (
        terminal.output.replace(b"\r\n", b"\n")
        == f"filmtui: {path}:1:9: title: expected a string, got an integer\n".encode()
    )


def test_byte_order_mark_is_accepted(write_record: Callable[..., Path]) -> None:
    """A UTF-8 BOM before the record is fine and not part of any value."""
    assert load(write_record(b'\xef\xbb\xbftitle = "Paris"\n')).title == "Paris"
    assert load(write_record(b'\xef\xbb\xbf{"title": "Paris"}', "bom.json")).title == "Paris"


def test_empty_quote_list_is_valid(write_record: Callable[..., Path]) -> None:
    """A record with `quotes = []` loads and exports an empty list."""
    film = load(write_record('title = "Paris"\nquotes = []\n'))
    assert film.quotes == []
    assert json.loads(export_json(film))["quotes"] == []


def test_toml_dates_export_as_rfc3339_and_load_back(write_record: Callable[..., Path]) -> None:
    """TOML dates and datetimes become RFC 3339 strings and load back unchanged."""
    path = write_record(
        'title = "Paris"\nupdated = 2008-02-20T19:30:00+01:00\n'
        '[[quotes]]\npublication = "Variety"\ntext = "t"\ndate = 2008-02-20\n'
    )
    film = load(path)
    exported = json.loads(export_json(film))
    assert exported["updated"] == "2008-02-20T19:30:00+01:00"
    assert exported["quotes"][0]["date"] == "2008-02-20"
    again = loads(export_json(film), name="export.json")
    assert again == film
    assert isinstance(again.updated, dt.datetime)
    assert again.updated.utcoffset() == dt.timedelta(hours=1)


# ------------------------------------------------------------------------ hostile text


@pytest.mark.parametrize("path", HOSTILE, ids=[p.name for p in HOSTILE])
def test_hostile_record_exports_exact_and_terminal_safe(path: Path) -> None:
    """The export keeps every string exactly, with terminal controls written as \\u escapes."""
    film = load(path)
    for data in (export_json(film), export_json(film, compact=True), export_jsonl(film)):
        assert not UNSAFE_CHARS.search(data.decode("utf-8").replace("\n", ""))
    assert loads(export_json(film), name="export.json") == film


@pytest.mark.parametrize("path", HOSTILE, ids=[p.name for p in HOSTILE])
async def test_hostile_record_shows_as_visible_inert_text(path: Path) -> None:
    """Every quote is shown with controls as visible symbols; markup shows literally."""
    film = load(path)
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        seen = screen_text(app)
        for _ in film.quotes:
            await pilot.press("j")
            seen += screen_text(app)
        await pilot.press("tab", "G", "pageup", "shift+tab", "G")
        await type_filter(pilot, "P1")
        seen += screen_text(app)
        assert app.is_running
    assert not UNSAFE_CHARS.search(seen.replace("\n", ""))
    if path.name == "markup.toml":
        assert "[@click=app.quit]quit[/]" in seen and "[link=https://x]link[/link]" in seen
    if path.name == "escape-sequences.toml":
        assert "␛]0;PWNED-TITLE-0␇" in seen


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["trés", "Cédric", "世界", "👩‍👩‍👧", "[bold]", "\x1b[2J"] * 30_000)[:1_000_000],
        "\n".join(f"line {i} \x9b31m" for i in range(10_000)),
    ],
    ids=["1MB-quote", "10000-line-quote"],
)
async def test_huge_quotes_render(text: str) -> None:
    """A 1 MB quote and a 10,000-line quote scroll and filter without trouble."""
    film = Film(
        title="Big", quotes=[Quote(publication="A", text="x"), Quote(publication="B", text=text)]
    )
    app = FilmApp(film, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "pagedown", "pagedown", "G", "g")
        await pilot.resize_terminal(50, 15)
        await type_filter(pilot, "line 9999")
        assert app.is_running
        assert not UNSAFE_CHARS.search(screen_text(app).replace("\n", ""))


# ------------------------------------------------------------- bytes on a real terminal

_SEQUENCE = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[P^_X][^\x1b]*\x1b\\|[ -~])"
)


def _shape(sequence: bytes) -> bytes:
    """A sequence with its numbers hidden; all colour/style (SGR) sequences are one shape."""
    if sequence.startswith(b"\x1b[") and sequence.endswith(b"m"):
        return b"SGR"
    return sequence if sequence.startswith(b"\x1b]") else re.sub(rb"\d+", b"N", sequence)


def terminal_profile(output: bytes) -> tuple[Counter[bytes], str]:
    """The escape-sequence shapes the program wrote, and the text left between them."""
    shapes = Counter(_shape(sequence) for sequence in _SEQUENCE.findall(output))
    text = _SEQUENCE.sub(b"", output).decode("utf-8", errors="replace")
    return shapes, text


def typed_query(terminal: Terminal) -> bool:
    """Whether the filter input shows "P1" (alone at the start of a row)."""
    return any(re.match(r"\s*P1(\s{3}|\s*$)", row) for row in terminal.screen.display)


def browse_and_quit(path: Path) -> Terminal:
    """Browse `path` on a 160x50 terminal as a user would: down three quotes, first, last,
    into the details and back, filter on "P1", then quit. Each key waits for its effect."""
    terminal = filmtui(path, size=(160, 50))
    terminal.wait_for("quotes · listing order")
    for key in ["j", "j", "j", "g", "G", "\t", "\t"]:
        terminal.press(key)
    terminal.send("/P1")
    terminal.wait_for(typed_query)
    terminal.press("\r")
    terminal.send("q")
    terminal.wait_for_exit()
    return terminal


@pytest.fixture(scope="module")
def baseline() -> tuple[Counter[bytes], str]:
    """What the program writes to a terminal for the bundled record and the same keys."""
    terminal = browse_and_quit(Path(default_record_path()))
    assert terminal.process.returncode == 0
    return terminal_profile(bytes(terminal.output))


@pytest.mark.parametrize("path", HOSTILE, ids=[p.name for p in HOSTILE])
def test_hostile_text_never_reaches_the_terminal_raw(
    path: Path, baseline: tuple[Counter[bytes], str]
) -> None:
    """In a real pty: only the app's own kinds of escape sequence, no OSC of the record's,
    and no ESC, C1, DEL or bidi control in the text."""
    terminal = browse_and_quit(path)
    stdout, status, _ = terminal.finish(keys=b"")
    assert status == 0, terminal.text()
    assert stdout == b""
    shapes, text = terminal_profile(bytes(terminal.output))
    base_shapes, base_text = baseline
    assert set(shapes) <= set(base_shapes), set(shapes) - set(base_shapes)
    assert b"PWNED" not in b"".join(s for s in shapes if s.startswith(b"\x1b]"))
    # FSI and PDI are the app's own isolates around right-to-left fields; a record's own
    # are drawn as a visible symbol like any bidi control (test_arbitrary_records_render).
    allowed_controls = set(UNSAFE_CHARS.findall(base_text)) | {FSI, PDI}
    assert set(UNSAFE_CHARS.findall(text)) <= allowed_controls
    assert "\x1b" not in text
    assert "P0" in text  # the record was really drawn


# ------------------------------------------------------------------------- properties


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(films)
def test_arbitrary_records_render(record: Film) -> None:
    """Any record at all (all of Unicode, controls included) draws without an exception."""

    async def render() -> None:
        app = FilmApp(record, cursor_blink=False)
        async with app.run_test(size=(70, 20)) as pilot:
            await settle(pilot)
            await pilot.press("G", "tab", "G")
            await pilot.resize_terminal(30, 8)
            await pilot.pause()
            assert app.is_running
            text = screen_text(app, isolates=True)
            # The only bidi controls drawn are the app's isolates, whole on every row.
            assert not UNSAFE_CHARS.search(text.replace("\n", "").replace(FSI, "").replace(PDI, ""))
            for row in text.splitlines():
                assert row.count(FSI) == row.count(PDI), row

    asyncio.run(render())


# ------------------------------------------------------------------ terminals and outputs


def test_dumb_terminal_gets_one_clear_message() -> None:
    """TERM=dumb cannot show the browser: one line that points to `filmtui export`."""
    terminal = filmtui(env={"TERM": "dumb"})
    assert terminal.wait_for_exit(20) == 2
    message = terminal.output.replace(b"\r\n", b"\n").decode()
    assert message.count("\n") == 1 and "TERM=dumb" in message and "filmtui export" in message


def test_no_color_is_honoured() -> None:
    """With NO_COLOR set, every colour the app writes is a grey."""
    colours = {}
    for name, env in [("grey", {"NO_COLOR": "1"}), ("plain", {})]:
        terminal = filmtui(env={**env, "COLORTERM": "truecolor"})
        terminal.wait_for("quotes · listing order")
        assert terminal.finish()[1] == 0
        colours[name] = re.findall(rb"[34]8;2;(\d+);(\d+);(\d+)", terminal.output)
    assert colours["grey"], "expected the app to draw with explicit colours"
    assert all(r == g == b for r, g, b in colours["grey"])
    assert any(r != g for r, g, _ in colours["plain"])


async def test_rapid_resizes_from_1x1_to_300x100(film: Film) -> None:
    """Sizes from 1x1 to 300x100, changed faster than the screen can redraw."""
    app = FilmApp(film, cursor_blink=False)
    sizes = [(1, 1), (300, 100), (2, 2), (20, 6), (150, 3), (3, 90), (99, 12), (100, 12)]
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            for size in sizes:
                await pilot.resize_terminal(*size)  # no pause between
        await pilot.pause()
        await type_filter(pilot, "helm")
        await pilot.press("j", "G", "pagedown")
        await pilot.pause()
        assert app.is_running
        assert app.size == (100, 12)
