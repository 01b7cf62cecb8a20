"""How the shelf's rows are drawn: a film on one line in columns, a bad file with its
error, a quote on two lines under its film (headed as the film screen heads it, by
`quote_lines.attribution`). Record text goes through `display_text` and never becomes
markup; each record field with right-to-left text is isolated as on the film screen
(`filmtui.sanitize.isolated`, not on a web page); the query's matches are highlighted."""

from __future__ import annotations

import functools

from textual.content import Content, Span

from filmtui.filmquery import FilmQuery, TextTerm
from filmtui.highlight import highlight_spans, spans_in
from filmtui.matching import Query, Term
from filmtui.sanitize import FSI, PDI, display_text, isolated
from filmtui.shelf import FilmRow, QuoteRow
from filmtui.widgets.quote_lines import attribution
from filmtui.widgets.row_list import RowList

QUOTES_WIDTH = 10  # "123 quotes"
RATING_WIDTH = 7
TITLE_MAX = 44  # columns stay together on a wide terminal
TITLE_ROOM = 30  # a title and its year, as most are: kept before any lesser column
DIRECTORS_MAX = 40  # two directors' names, as most pairs are
DIRECTORS_MIN = 12


class BadFile:
    """A record of the shelf that did not load, with its one-line error."""

    __slots__ = ("error", "path")

    def __init__(self, path: str, error: str) -> None:
        """A bad file at `path` (relative to the shelf)."""
        self.path = path
        self.error = error


def one_line(text: str) -> str:
    """Record text made safe and kept on one line (same length, so spans still fit)."""
    return display_text(text).replace("\n", " ")


def _marked(rows: RowList, text: str, spans: list[tuple[int, int]], style: str | None) -> Content:
    """One record field as safe one-line content, isolated if right-to-left (not on a web
    page), with `spans` highlighted, in an optional component style."""
    shown = isolated(text, not rows.app.is_web).replace("\n", " ")
    content = Content(shown, strip_control_codes=False)
    if style:
        content = content.stylize(rows.get_visual_style(style, partial=True))
    if not spans:
        return content
    highlight = rows.get_visual_style("row-list--highlight", partial=True)
    shift = shown.startswith(FSI)  # the spans count from the text, after an isolate mark
    return content.add_spans([Span(a + shift, b + shift, highlight) for a, b in spans])


def film_spans(query: FilmQuery, field: str, value: str) -> list[tuple[int, int]]:
    """Where the query's words for `field` occur in `value` (negated words are not shown)."""
    terms = [
        Term(term.needle, None, True)
        for term in query.terms
        if isinstance(term, TextTerm) and not term.negated and field in term.fields
    ]
    return spans_in(value, terms) if terms and value else []


def _cut(content: Content, width: int, ellipsis: bool = True) -> Content:
    """Content cut to at most `width` cells (with an ellipsis), every isolate it opens
    closed: a right-to-left field cut to fit loses its PDI with its end, so the PDI goes
    back after the cut (the marks take no cell) and the FSI/PDI pairs always balance."""
    cut = content.truncate(width, ellipsis=ellipsis)
    unclosed = cut.plain.count(FSI) - cut.plain.count(PDI)
    return Content.assemble(cut, PDI * unclosed) if unclosed > 0 else cut


def _cell(content: Content, width: int) -> Content:
    """Content cut (as `_cut`) or padded to exactly `width` cells."""
    cut = _cut(content, width)
    return cut.pad_right(width - cut.cell_length)


def draw_film(rows: RowList, row: object, width: int, query: FilmQuery) -> list[Content]:
    """One film: `Title (Year)`, directors, rating and quote count in columns; or a bad
    file, marked, with its error."""
    if isinstance(row, BadFile):
        mark = Content("✗ ").stylize(rows.get_visual_style("row-list--bad", partial=True))
        return [_cut(Content.assemble(mark, Content(one_line(row.error))), width)]
    assert isinstance(row, FilmRow)
    title_width, director_width, rating_width, quotes_width = film_columns(width)
    title = _marked(rows, row.title, film_spans(query, "title", row.title), "row-list--title")
    if row.year is not None:
        year = Content(f" ({row.year})").stylize(
            rows.get_visual_style("row-list--muted", partial=True)
        )
        title = Content.assemble(title, year)
    directors = _marked(rows, row.directors, film_spans(query, "directors", row.directors), None)
    plural = "" if row.quote_count == 1 else "s"
    quotes = Content(f"{row.quote_count} quote{plural}".rjust(QUOTES_WIDTH))
    rating = _marked(rows, row.rating or "", [], None)
    muted = rows.get_visual_style("row-list--muted", partial=True)
    cells: list[Content | str] = [_cell(title, title_width)]
    if director_width:
        cells += [" ", _cell(directors, director_width)]
    if rating_width:
        cells += [" ", _cell(rating.stylize(muted), rating_width)]
    elif quotes_width:
        cells.append(" ")
    if quotes_width:
        cells.append(quotes.stylize(muted))
    return [_cut(Content.assemble(*cells), width, ellipsis=False)]


@functools.lru_cache(maxsize=16)
def film_columns(width: int) -> tuple[int, int, int, int]:
    """The cells of a Films line `width` cells wide: (title, directors, rating, quote
    count), 0 for a column left out. The title wins: on a narrow line the directors
    shrink to DIRECTORS_MIN, then the rating goes, then the quote count, then the
    directors, before the title gets less than TITLE_ROOM."""
    for rating, quotes in ((RATING_WIDTH, QUOTES_WIDTH), (0, QUOTES_WIDTH), (0, 0)):
        # A space before the directors and before the rating (the rating's cell ends in
        # its own padding before the count), or before the count when there is no rating.
        rest = width - 1 - (1 + rating if rating else 0) - (quotes + (not rating) if quotes else 0)
        title = min(TITLE_MAX, max(rest * 3 // 5, min(TITLE_ROOM, rest - DIRECTORS_MIN)))
        if title >= TITLE_ROOM:
            return title, min(rest - title, DIRECTORS_MAX), rating, quotes
    return max(1, width), 0, 0, 0


def draw_quote(rows: RowList, row: object, width: int, query: Query) -> list[Content]:
    """One quote: its film, then its header as the film screen draws it (`Publication ·
    Critic · region: USA · date`), then its text cut to one line."""
    assert isinstance(row, QuoteRow)
    spans = highlight_spans(row, query) if query.terms else {}  # type: ignore[arg-type]
    film = _marked(rows, row.title, [], "row-list--title")
    if row.year is not None:
        year = Content(f" ({row.year})")
        film = Content.assemble(
            film, year.stylize(rows.get_visual_style("row-list--title", partial=True))
        )

    def field(name: str, text: str, style_class: str | None) -> Content:
        """One field of the header, muted."""
        return _marked(rows, text, spans.get(name, []), "row-list--muted")

    header = Content.assemble(film, " · ", attribution(row, field))  # type: ignore[arg-type]
    text = _marked(rows, row.text, spans.get("text", []), None)
    return [_cut(header, width), _cut(_at_the_match(text, spans.get("text", []), width), width)]


def _at_the_match(text: Content, spans: list[tuple[int, int]], width: int) -> Content:
    """A quote's text on one line `width` cells wide, showing its first match: as it is
    when the match fits, else from a few words before the match, after `…` (as a search
    engine shows a hit), so that the line shows why the quote is listed."""
    if not spans:
        return text
    shift = text.plain.startswith(FSI)  # the spans count from the text, after an isolate mark
    start, end = min(spans)
    if text[: end + shift].cell_length < width:
        return text
    lead = max(shift, start + shift - width // 4)
    word = text.plain.find(" ", lead, start + shift)
    lead = word + 1 if word != -1 else lead
    return Content.assemble("…", FSI if shift else "", text[lead:])
