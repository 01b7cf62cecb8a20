"""The details panel: title, availability, rating, genres, languages, credits, synopsis and
the listing's own review. Record text is shown as plain `Content`, never as markup."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from filmtui.model import Film
from filmtui.sanitize import display_text


def plain(text: str) -> Content:
    """Record text as inert, display-safe content."""
    return Content(display_text(text), strip_control_codes=False)


def joined(items: list[str], separator: str = ", ") -> Content:
    """Several record strings as one inert line."""
    return plain(separator.join(items))


class DetailsPanel(VerticalScroll, can_focus=True):
    """Everything about the film except the critic quotes; scrolls with the keyboard."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="details.down"),
        Binding("k", "scroll_up", "Up", show=False, id="details.up"),
        Binding("g", "scroll_home", "Top", show=False, id="details.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="details.bottom"),
        Binding("space", "page_down", "Page down", show=False, id="details.page_down"),
    ]

    def __init__(self, film: Film, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.film = film

    def compose(self) -> ComposeResult:
        """Lay out the film's details, skipping what the record does not have."""
        yield from self._heading()
        yield from self._credits()
        film = self.film
        if film.synopsis:
            yield Static("Synopsis", classes="section", markup=False)
            yield Static(plain(film.synopsis), id="synopsis", classes="prose")
        if film.listing_review:
            yield Static("The listing's review (not a critic)", classes="section", markup=False)
            yield Static(plain(film.listing_review.text), id="listing-review", classes="prose")

    def _heading(self) -> Iterator[Widget]:
        """Title, availability, rating badge, genres, languages and the site."""
        film = self.film
        title = plain(film.title)
        if film.year is not None:
            title = Content.assemble(title, f" ({film.year})")
        yield Static(title, id="title")
        if film.availability:
            yield Static(plain(film.availability), id="availability")
        if film.rating:
            rating = film.rating
            notes = [text for text in (rating.advisory, rating.system) if text]
            yield Horizontal(
                Static(plain(rating.classification), id="rating-badge"),
                Static(joined(notes, " · "), id="rating-notes"),
                id="rating",
            )
        if film.genres:
            yield Static(joined(film.genres, " · "), id="genres")
        languages = joined(film.languages) if film.languages else None
        if film.subtitles:
            subtitles = Content.assemble("subtitles: ", joined(film.subtitles))
            languages = Content.assemble(languages, " · ", subtitles) if languages else subtitles
        if languages:
            yield Static(languages, id="languages")
        if film.official_site:
            site = film.official_site
            label = plain(site.label)
            if site.url:
                label = Content.assemble(label, ": ", plain(site.url), " (press o)")
            yield Static(label, id="official-site")

    def _credits(self) -> Iterator[Widget]:
        """Directors with what they are known for, and the cast with their roles."""
        credits = self.film.credits
        if credits.directors:
            yield Static("Directed by", classes="section", markup=False)
            for director in credits.directors:
                line = plain(director.name).stylize("bold")
                if director.known_for:
                    line = Content.assemble(line, " — known for ", joined(director.known_for))
                yield Static(line, classes="credit")
        if credits.cast:
            yield Static("Cast", classes="section", markup=False)
            for member in credits.cast:
                line = plain(member.name).stylize("bold")
                if member.role:
                    line = Content.assemble(line, " — ", plain(member.role))
                yield Static(line, classes="credit")
