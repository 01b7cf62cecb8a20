"""The lines of one critic quote as the quote list shows them: its header (publication,
critic, region, date), then its text, wrapped, with the filter's matches highlighted.

Record text is never read as markup: each field becomes plain `Content`, isolated for
the terminal (filmtui.sanitize), and only styles and match spans are added to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual.content import Content, Span
from textual.style import Style

from filmtui.attribution import attribution_parts
from filmtui.sanitize import FSI, isolated
from filmtui.widgets.paragraphs import NO_BREAK, wrap

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.model import Quote  # the shelf's QuoteRow is drawn too, without the model


def attribution(quote: Quote, field: Callable[[str, str, str | None], Content]) -> Content:
    """A quote's header, `Publication · Critic · region: USA · 2008-05-01` (the parts of
    filmtui.attribution); `field(name, text, style_class)` gives each record field as
    display content."""
    pieces = []
    for part in attribution_parts(quote):
        if part.field is None:  # the date: not record text
            pieces.append(Content(part.text))
            continue
        shown = field(part.field, part.text, f"quote-list--{part.field}")
        label = part.label.replace(" ", NO_BREAK)  # a label stays with its value
        pieces.append(Content.assemble(label, shown) if label else shown)
    # A dot stays with the part after it: a wrapped header goes on with `· 2008-05-01`.
    return Content(f" ·{NO_BREAK}").join(pieces)


def quote_lines(
    quote: Quote,
    matches: Mapping[str, Sequence[tuple[int, int]]],
    width: int,
    style: Callable[[str], Style],
    *,
    isolate: bool,
) -> list[Content]:
    """The wrapped lines of `quote` at `width`, header first; `matches` (per field, the
    spans to highlight), `style(component_class)` (the list's styles), and `isolate`
    wraps each field in bidi isolates (not on a web page, which isolates by itself)."""
    highlight = style("quote-list--highlight")

    def marked(field: str, text: str, style_class: str | None = None) -> Content:
        """Safe, isolated display content for one field, its matches highlighted."""
        shown = isolated(text, isolate)
        content = Content(shown, strip_control_codes=False)
        if style_class:
            content = content.stylize(style(style_class))
        # The spans count from the text, which may start after an isolate mark.
        shift = shown.startswith(FSI)
        spans = [Span(a + shift, b + shift, highlight) for a, b in matches.get(field, [])]
        return content.add_spans(spans)

    return wrap(attribution(quote, marked), width) + wrap(marked("text", quote.text), width)
