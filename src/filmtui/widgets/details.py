"""The details panel: title, availability, rating, genres, languages, credits, synopsis and
the listing's own review. Record text is shown as plain `Content`, never as markup.

Everything is one `Content` in one `Static`: a widget per line cost a tenth of the
start-up time. Sections are styled through the panel's component classes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
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

    COMPONENT_CLASSES = {
        "details--title",
        "details--availability",
        "details--badge",
        "details--muted",
        "details--section",
        "details--name",
        "details--review",
    }

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
        """One Static holds all the details."""
        yield Static(id="details-text")

    def on_mount(self) -> None:
        """Draw the details now, and again when the theme changes their colours."""
        self._draw()
        self.watch(self.app, "theme", self._draw, init=False)

    def _draw(self) -> None:
        """Put the details content into the Static."""
        self.query_one("#details-text", Static).update(self.details())

    def details(self) -> Content:
        """The film's details as one styled, inert block of text."""

        def style(name: str) -> str:
            return self.get_visual_style(f"details--{name}", partial=True)  # type: ignore[return-value]

        film = self.film
        lines: list[Content] = []
        title = plain(film.title).stylize(style("title"))
        if film.year is not None:
            title = Content.assemble(title, (f" ({film.year})", style("title")))
        lines.append(title)
        if film.availability:
            lines.append(plain(film.availability).stylize(style("availability")))
        facts: list[Content] = []
        if film.rating:
            rating = film.rating
            # The full style: a partial one leaves out the badge's own background.
            badge_style = self.get_visual_style("details--badge")
            badge = Content.assemble(" ", plain(rating.classification), " ").stylize(badge_style)
            notes = [text for text in (rating.advisory, rating.system) if text]
            facts.append(Content.assemble(badge, " ", joined(notes, " · ").stylize(style("muted"))))
        if film.genres:
            facts.append(joined(film.genres, " · ").stylize(style("muted")))
        languages = joined(film.languages) if film.languages else None
        if film.subtitles:
            subtitles = Content.assemble("subtitles: ", joined(film.subtitles))
            languages = Content.assemble(languages, " · ", subtitles) if languages else subtitles
        if languages:
            facts.append(languages.stylize(style("muted")))
        if film.official_site:
            site = film.official_site
            label = plain(site.label)
            if site.url:
                label = Content.assemble(label, ": ", plain(site.url), " (press o)")
            facts.append(label.stylize(style("muted")))
        if facts:
            lines += [Content(""), *facts]

        def section(heading: str, body: list[Content]) -> None:
            lines.extend([Content(""), Content(heading).stylize(style("section")), *body])

        def credit(name: str, note: Content | None) -> Content:
            person = plain(name).stylize(style("name"))
            return Content.assemble("  ", person, *((" — ", note) if note else ()))

        def known_for(titles: list[str]) -> Content | None:
            return Content.assemble("known for ", joined(titles)) if titles else None

        credits = film.credits
        if credits.directors:
            section("Directed by", [
                credit(director.name, known_for(director.known_for))
                for director in credits.directors
            ])  # fmt: skip
        if credits.cast:
            section("Cast", [
                credit(member.name, plain(member.role) if member.role else None)
                for member in credits.cast
            ])  # fmt: skip
        if film.synopsis:
            section("Synopsis", [plain(film.synopsis)])
        if film.listing_review:
            review = plain(film.listing_review.text).stylize(style("review"))
            section("The listing's review (not a critic)", [review])
        return Content("\n").join(lines)
