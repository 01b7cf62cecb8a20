"""The details panel: title, availability, rating, genres, languages, credits, synopsis and
the listing's own review. Record text is shown as plain `Content`, never as markup.

Everything is one `Paragraphs` visual in one `Static`: a widget per line cost a tenth of
the start-up time. Wrapped credit lines hang under their text, and each record field with
right-to-left text is isolated (`filmtui.sanitize.isolated`). Sections are styled through
the panel's component classes.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from filmtui.model import Film
from filmtui.sanitize import isolated
from filmtui.widgets.paragraphs import NO_BREAK, Paragraphs


class Fields:
    """Record fields as inert, display-safe content, each right-to-left one isolated
    (unless `isolate` is off: see `filmtui.sanitize.isolated`)."""

    def __init__(self, isolate: bool) -> None:
        self.isolate = isolate

    def plain(self, text: str) -> Content:
        """One record field."""
        return Content(isolated(text, self.isolate), strip_control_codes=False)

    def joined(self, items: list[str], separator: str = ", ") -> Content:
        """Several record strings as one line, each isolated on its own."""
        return Content(separator).join(self.plain(item) for item in items)

    def link(self, url: str) -> Content:
        """A web address shown short, as a link to the whole address (plain text if it
        is not an http(s) address)."""
        short = short_url(url)
        if short is None:
            return self.plain(url)
        return self.plain(short).stylize(Style(link=url))


def short_url(url: str) -> str | None:
    """A web address as its host, with an ellipsis for the rest (`host/…`); None for
    anything but an http(s) address with a host."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]  # never show a password
    if parts.scheme not in ("http", "https") or not host:
        return None
    rest = parts.path not in ("", "/") or parts.query or parts.fragment
    return host + ("/…" if rest else "")


class DetailsPanel(VerticalScroll, can_focus=True):
    """Everything about the film except the critic quotes; scrolls with the keyboard."""

    COMPONENT_CLASSES = {
        "details--title",
        "details--original",
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

    def details(self) -> Paragraphs:
        """The film's details as styled, inert paragraphs (credits with hanging indents)."""

        def style(name: str) -> str:
            return self.get_visual_style(f"details--{name}", partial=True)  # type: ignore[return-value]

        film = self.film
        fields = Fields(isolate=not self.app.is_web)
        plain, joined = fields.plain, fields.joined
        blank = (Content(""), 0, 0)
        lines: list[tuple[Content, int, int]] = [(plain(film.title).stylize(style("title")), 0, 2)]
        if film.original_title and film.original_title != film.title:
            lines.append((plain(film.original_title).stylize(style("original")), 0, 2))
        made = [Content(str(film.year))] if film.year is not None else []
        if film.runtime is not None:
            made.append(Content(f"{film.runtime} min"))
        if film.countries:
            made.append(joined(film.countries))
        if made:
            lines.append((Content(" · ").join(made).stylize(style("muted")), 0, 2))
        if film.availability:
            lines.append((plain(film.availability).stylize(style("availability")), 0, 2))
        facts: list[tuple[Content, int, int]] = []
        if film.rating:
            rating = film.rating
            # The full style: a partial one leaves out the badge's own background.
            badge_style = self.get_visual_style("details--badge")
            badge = Content.assemble(" ", plain(rating.classification), " ").stylize(badge_style)
            notes = [plain(rating.advisory)] if rating.advisory else []
            if rating.system:
                # The system's words stay together, and the dot stays with the advisory.
                system = rating.system.replace(" ", NO_BREAK)
                notes.append(plain(system))
            text = Content(f"{NO_BREAK}· ").join(notes).stylize(style("muted"))
            facts.append((Content.assemble(badge, " ", text), 0, badge.cell_length + 1))
        if film.genres:
            facts.append((joined(film.genres, " · ").stylize(style("muted")), 0, 2))
        languages = joined(film.languages) if film.languages else None
        if film.subtitles:
            subtitles = Content.assemble("subtitles: ", joined(film.subtitles))
            languages = Content.assemble(languages, " · ", subtitles) if languages else subtitles
        if languages:
            facts.append((languages.stylize(style("muted")), 0, 2))
        if film.official_site:
            site = film.official_site
            label = plain(site.label)
            if site.url:
                label = Content.assemble(label, ": ", fields.link(site.url))
            facts.append((label.stylize(style("muted")), 0, 2))
        if facts:
            lines += [blank, *facts]

        def section(heading: str, body: list[tuple[Content, int, int]]) -> None:
            lines.extend([blank, (Content(heading).stylize(style("section")), 0, 0), *body])

        def credit(name: str, note: Content | None) -> tuple[Content, int, int]:
            person = plain(name).stylize(style("name"))
            return Content.assemble(person, *((" — ", note) if note else ())), 2, 2

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
            section("Synopsis", [(plain(film.synopsis), 0, 0)])
        if film.listing_review:
            review = plain(film.listing_review.text).stylize(style("review"))
            section("The listing's review (not a critic)", [(review, 0, 0)])
        return Paragraphs(lines)
