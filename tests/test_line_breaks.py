"""Quote text in Chinese and Japanese breaks where its rules allow (kinsoku shori): no line
starts with a closing mark such as a comma or a full stop, none ends with an opening one."""

from __future__ import annotations

from pathlib import Path

from apptools import screen_text
from hypothesis import given
from hypothesis import strategies as st
from rich._wrap import divide_line
from rich.cells import cell_len
from textual.content import Content

from filmtui.app import FilmApp
from filmtui.loader import load
from filmtui.widgets.line_breaks import NO_END, NO_START, line_breaks
from filmtui.widgets.paragraphs import wrap

TOKYO_STORY = Path(__file__).parent / "data" / "tokyo_story.toml"
ANALECTS = "學而時習之，不亦說乎？有朋自遠方來，不亦樂乎？人不知而不慍，不亦君子乎？"  # noqa: RUF001


async def test_no_quote_line_starts_with_a_closing_mark() -> None:
    """Tokyo Story's Japanese quote at 68 columns, where a line used to start with `。`:
    every line of the quote list starts with a character that may start one."""
    app = FilmApp(load(TOKYO_STORY), cursor_blink=False)
    async with app.run_test(size=(68, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "架空新聞" in text and "吾輩は猫である。" in text, text
    starts = [line.lstrip(" ▌")[:1] for line in text.splitlines() if line.strip()]
    assert not NO_START.intersection(starts), text


def test_the_analects_wrap_by_the_rules_at_every_width() -> None:
    """From 8 cells up, no line of the Analects' first lines starts with a fullwidth
    comma or question mark, and the lines put together are the text."""
    for width in range(8, 80):
        lines = [line.plain for line in wrap(Content(ANALECTS), width)]
        assert "".join(lines) == ANALECTS
        assert all(cell_len(line) <= width for line in lines), width
        assert not [line for line in lines[1:] if line[0] in NO_START], (width, lines)
        assert not [line for line in lines[:-1] if line[-1] in NO_END], (width, lines)


def test_an_opening_bracket_goes_with_what_it_opens() -> None:
    """「 never ends a line (Rich's own breaks give `彼は「`): it goes to the next line."""
    text = "彼は「東京」と言った。"
    assert [text[a:b] for a, b in zip([0, 3], [3, 6], strict=True)] == ["彼は「", "東京」"]
    assert divide_line(text, 6)[:2] == [3, 6]
    lines = [line.plain for line in wrap(Content(text), 6)]
    assert lines == ["彼は", "「東", "京」と", "言っ", "た。"]


ALPHABET = st.sampled_from([*"ab 学习東京", *sorted(NO_START), *sorted(NO_END), "\u00a0", "  "])


@given(st.lists(ALPHABET, max_size=80).map("".join), st.integers(min_value=2, max_value=30))
def test_breaks_keep_the_text_and_fit(text: str, width: int) -> None:
    """Breaks only move back: the pieces are the text, in order, none empty, and each
    fits the width (but a single character wider than it); text without such marks
    breaks exactly as Rich breaks it. (From two cells: in one, narrower than a wide
    character, Rich itself gives an empty line, `divide_line("a 学", 1) == [2, 2]`.)"""
    breaks = line_breaks(text, width)
    pieces = [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]
    assert "".join(pieces) == text and (all(pieces) or not text)
    assert all(cell_len(piece.rstrip()) <= width or len(piece) == 1 for piece in pieces)
    if not (NO_START | NO_END).intersection(text):
        assert breaks == divide_line(text, width)
