"""Line breaks for text in Chinese and Japanese: no line starts with a closing mark.

Rich's `divide_line` (which Textual's wrapping uses) breaks text without spaces, such as
Chinese and Japanese, between any two characters, so a line may start with a comma or a
full stop (U+FF0C, U+3002), or end with an opening corner bracket (U+300C). The rules of
line breaking (kinsoku shori; the Unicode line breaking algorithm, UAX #14, classes CL,
CP, EX, IS, NS and OP) forbid that. No small library wraps by them (ICU does, as a large
native dependency), so `line_breaks` adjusts Rich's breaks here, as a browser's
`line-break: normal` would: a break before a character that may not start a line, or
after one that may not end it, moves back (the character before goes to the next line
with it). Breaks at spaces are Rich's, unchanged.
"""

from __future__ import annotations

from rich._wrap import divide_line

#: May not start a line (written as escapes: many look like ASCII ones).
NO_START = frozenset(
    ")]},.:;!?"
    # fullwidth ) ] }, tortoise shell, angle, double angle, corner, white corner, black
    # lenticular, white tortoise shell and white lenticular brackets, low double prime
    # quotation mark, fullwidth white parenthesis, halfwidth corner bracket (the closing ones)
    "\uff09\uff3d\uff5d\u3015\u3009\u300b\u300d\u300f\u3011\u3019\u3017\u301f\uff60\uff63"
    # ideographic comma and full stop; fullwidth comma, full stop, colon, semicolon,
    # question and exclamation marks; !! ?? ?! !?; katakana middle dot
    "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\u203c\u2047\u2048\u2049\u30fb"
    # katakana, hiragana and ideographic iteration marks; wave dash
    "\u30fd\u30fe\u309d\u309e\u3005\u303b\u301c"
    "\u2019\u201d"  # right single and double quotation marks
)
#: May not end a line: the opening brackets and quotation marks of those above.
NO_END = frozenset(
    "([{"
    "\uff08\uff3b\uff5b\u3014\u3008\u300a\u300c\u300e\u3010\u3018\u3016\u301d\uff5f\uff62"
    "\u2018\u201c"
)


def forbidden(text: str, at: int) -> bool:
    """Whether a break at `at` splits a run without spaces where the rules forbid it."""
    return not text[at - 1].isspace() and (text[at] in NO_START or text[at - 1] in NO_END)


def line_breaks(text: str, width: int) -> list[int]:
    """Where to break `text` to fit `width` cells: Rich's breaks, each forbidden one
    moved back to the nearest allowed place on its line (the lines after it are then
    divided again)."""
    breaks = divide_line(text, width)
    for number, at in enumerate(breaks):
        if forbidden(text, at):
            start = breaks[number - 1] if number else 0
            return breaks[:number] + _divided_from(text, start, width)
    return breaks


def _divided_from(text: str, start: int, width: int) -> list[int]:
    """The allowed breaks of `text` after `start` (a line's start), a window of text at a
    time so that a long paragraph is not divided again whole after each move. Division
    is greedy, line by line: from any break kept, the rest divides as it would have."""
    breaks: list[int] = []
    window = max(256, 8 * width)
    while True:
        end = start + window
        found = [start + at for at in divide_line(text[start:end], width)]
        whole = end >= len(text)
        if not whole:
            if len(found) < 2:
                window *= 2  # a window that holds less than a line: take more
                continue
            found.pop()  # it may fall in the word the window cut
        for at in found:
            moved = _allowed(text, start, at)
            breaks.append(moved)
            start = moved
            if moved != at:
                break  # the lines after it change: divide again from here
        else:
            if whole:
                return breaks


def _allowed(text: str, start: int, at: int) -> int:
    """The break nearest before `at`, after the line's `start`, that the rules allow;
    `at` itself if there is none (a line of nothing but such marks)."""
    moved = at
    while forbidden(text, moved):
        moved -= 1
        if moved <= start:
            return at
    return moved
