"""How a quote is headed wherever it is shown: `Publication · Critic · region: UK · date`.

The film screen, the shelf's Quotes tab, `y` and `filmtui search --format text` all head a
quote with these parts, in this order, so that they cannot drift apart. The region is
labelled, not bracketed, so a publication with brackets of its own (`Sight and Sound
[BFI]`) cannot be mistaken for one. This module does not import textual.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

#: Between the parts of a heading.
SEPARATOR = " · "


class Attributed(Protocol):
    """What a heading reads of a quote (a model Quote or a shelf QuoteRow)."""

    @property
    def publication(self) -> str:
        """The publication's name."""

    @property
    def critic(self) -> str | None:
        """The critic's name, if known."""

    @property
    def region(self) -> str | None:
        """The publication's region, if known."""

    @property
    def date(self) -> dt.date | None:
        """When the quote was published, if known."""


class Part(NamedTuple):
    """One part of a heading: the record field it shows (None for the date, which is not
    record text), the label before it, and its text."""

    field: str | None
    label: str
    text: str


def attribution_parts(quote: Attributed, dated: bool = True) -> list[Part]:
    """The parts of a quote's heading, in order; those it lacks are left out (the date
    too unless `dated`)."""
    parts = [Part("publication", "", quote.publication)]
    if quote.critic:
        parts.append(Part("critic", "", quote.critic))
    if quote.region:
        parts.append(Part("region", "region: ", quote.region))
    if dated and quote.date:
        parts.append(Part(None, "", quote.date.isoformat()))
    return parts


def attribution_text(quote: Attributed, dated: bool = True) -> str:
    """A quote's heading as plain text (record text as it is: the caller makes it safe
    for where it goes)."""
    return SEPARATOR.join(part.label + part.text for part in attribution_parts(quote, dated))
