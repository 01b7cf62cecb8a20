"""Wrapping with hanging indents and no-break spaces, and a Visual of such paragraphs.

Textual wraps `Content` with Rich's `divide_line`, which cannot indent the lines after
the first and breaks at any whitespace, the no-break space included (Python's `\\s`
matches it). Neither library offers a hanging indent, so `wrap` does it here, around
`divide_line`: a credit's second line starts under its text, not at the margin, and
words joined by U+00A0 (a rating system, `New Zealand`) never part. Text without
spaces (Chinese, Japanese) breaks where its rules allow (widgets/line_breaks.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from filmtui.sanitize import FSI, PDI
from filmtui.widgets.line_breaks import line_breaks

NO_BREAK = "\u00a0"
NARROWEST = 8  # narrower text than this drops the indents


def _breaks(content: Content, width: int) -> list[int]:
    """Where to break `content` to fit `width` cells, never at a no-break space, nor
    before a closing mark (a comma) or after an opening one (a bracket)."""
    # "x" takes the one cell a no-break space takes, and is no place to break.
    return line_breaks(content.plain.replace(NO_BREAK, "x"), max(1, width))


def wrap(content: Content, width: int, indent: int = 0, hang: int = 0) -> list[Content]:
    """Each line of `content` wrapped to `width` cells: its first line indented by
    `indent` cells, the lines it wraps onto by `indent + hang`."""
    if width - indent - hang < NARROWEST:
        indent = hang = 0  # a sliver of a panel: use every cell for the text
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        breaks = _breaks(line, width - indent)
        if hang and breaks:  # the lines after the first are narrower: wrap them again
            head, tail = line.divide(breaks[:1])
            pieces = [head, *tail.divide(_breaks(tail, width - indent - hang))]
        else:
            pieces = line.divide(breaks)
        pieces = [piece.rstrip() for piece in pieces]
        if FSI in line.plain:
            pieces = balance_isolates(pieces)
        if indent or hang:
            first, rest = Content(" " * indent), Content(" " * (indent + hang))
            pieces = [(rest if n else first) + piece for n, piece in enumerate(pieces)]
        lines.extend(pieces)
    return lines


def balance_isolates(pieces: list[Content]) -> list[Content]:
    """Close on each line the bidi isolates still open at its end, and reopen them on
    the next: a bidi terminal orders each row on its own, so an isolate wrapped onto
    several rows must be whole on each."""
    balanced: list[Content] = []
    open_isolates = 0
    for piece in pieces:
        before = open_isolates
        text = piece.plain
        # Marks come in pairs, so the count of open ones is what the piece adds.
        open_isolates = max(0, open_isolates + text.count(FSI) - text.count(PDI))
        balanced.append(Content(FSI * before) + piece + Content(PDI * open_isolates))
    return balanced


class Paragraphs(Visual):
    """Paragraphs of content, each with its own indent and hanging indent."""

    def __init__(self, paragraphs: Sequence[tuple[Content, int, int]]) -> None:
        """`paragraphs`: (content, indent, hang) for each, as `wrap` takes them."""
        self.paragraphs = paragraphs
        self._wrapped: tuple[int, Content] = (-1, Content())

    def lines(self, width: int) -> Content:
        """The paragraphs wrapped to `width`, as one content of lines that fit it."""
        if self._wrapped[0] != width:
            lines = [
                line
                for content, indent, hang in self.paragraphs
                for line in wrap(content, width, indent, hang)
            ]
            self._wrapped = (width, Content("\n").join(lines))
        return self._wrapped[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """Render the wrapped lines (they fit, so Content does not wrap them again)."""
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The widest paragraph, unwrapped."""
        return max(
            (
                indent + line.cell_length
                for content, indent, _ in self.paragraphs
                for line in content.split("\n", allow_blank=True)
            ),
            default=0,
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The number of lines at this width."""
        return len(self.lines(width).split("\n", allow_blank=True))
