"""What leaves the app from the film screen: `y` copies, `o` opens, `e` exports.

Everything goes through the app's `deliver_*` methods, so a driver without a terminal
(the web) can deliver it its own way. The export key's variants are
shared with the shelf (screens/shared_keys.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.css.query import NoMatches
from textual.screen import Screen

from filmtui.attribution import attribution_text
from filmtui.matching import Query
from filmtui.model import Film, Quote
from filmtui.sanitize import display_text
from filmtui.view import QuoteView, SortOrder
from filmtui.web_address import web_address
from filmtui.widgets.details import DetailsPanel
from filmtui.widgets.quote_list import QuoteList

if TYPE_CHECKING:
    from filmtui.app import FilmApp


def quote_for_clipboard(quote: Quote) -> str:
    """The quote's exact text with its attribution, as `y` copies it (the attribution
    as the list shows it: `Publication · Critic · region: USA`)."""
    return f"{quote.text}\n— {attribution_text(quote, dated=False)}"


class FilmHandover(Screen[None]):
    """The film screen's `y`, `o` and `e` (FilmScreen sets the state named here)."""

    film: Film
    view: QuoteView
    order: SortOrder
    query_text: str
    highlighting: bool
    _query: Query
    _matched: bool

    @property
    def film_app(self) -> FilmApp:
        """The app, with its `deliver_*` methods."""
        return cast("FilmApp", self.app)

    def current_quote(self) -> Quote | None:
        """The quote under the cursor, if any."""
        index = self.query_one(QuoteList).current_quote
        return None if index is None else self.film.quotes[index]

    def _review_url(self) -> str | None:
        """The current quote's review, if it links one, unless the details have focus
        (there `o` means the official site)."""
        if isinstance(self.focused, DetailsPanel):
            return None
        try:
            quote = self.current_quote()
        except NoMatches:  # asked (by the key bar) while the screen is composed or torn down
            return None
        return web_address(quote.url) if quote else None

    def _site_url(self) -> str | None:
        """The official site's web address, if the record gives one."""
        site = self.film.official_site
        return web_address(site.url) if site else None

    def _link_action(self) -> str:
        """What `o` does now: open the review, the site, or say there is no address."""
        if self._review_url():
            return "open_review"
        return "open_site" if self._site_url() else "no_link"

    def action_copy(self) -> None:
        """Copy the current quote and its attribution to the clipboard."""
        quote = self.current_quote()
        if quote is None:
            self.notify("No quote to copy", severity="warning", timeout=3)
            return
        self.film_app.deliver_copy(quote_for_clipboard(quote))
        self.notify(
            f"Copied the {display_text(quote.publication)} quote to the clipboard",
            markup=False,
            timeout=3,
        )

    def action_open_review(self) -> None:
        """Open the current quote's review."""
        self._open(self._review_url())

    def action_open_site(self) -> None:
        """Open the official site."""
        self._open(self._site_url())

    def action_no_link(self) -> None:
        """Say that there is nothing to open, and why: the current quote's address (if
        it gives one) is not a web address, and the record gives none for the site."""
        quote = None if isinstance(self.focused, DetailsPanel) else self.current_quote()
        if quote is not None and quote.url:
            said = (
                f"This quote's address is not a web address ({display_text(quote.url)}), "
                "and the record gives none for the official site"
            )
        else:
            said = "This record gives no web address for the official site"
        self.notify(said, markup=False, severity="warning", timeout=3)

    def _open(self, url: str | None) -> None:
        """Open a web address in the user's browser (a new tab on a web page)."""
        if url is None:
            self.action_no_link()
            return
        if self.film_app.deliver_link(url):
            self.notify(f"Opening {display_text(url)}", markup=False, timeout=3)
            return
        # No browser here (a server over ssh, say): the address goes to the clipboard,
        # which OSC 52 carries back to the user's own terminal, to paste into a browser.
        self.film_app.deliver_copy(url)
        self.notify(
            f"No web browser found here to open {display_text(url)} (a text-mode one "
            "would take this terminal); copied the address to the clipboard",
            markup=False,
            severity="warning",
            timeout=6,
        )

    def action_export(self) -> None:
        """Hand over the marked quotes if any are marked (shown or not), else those that
        match the filter; in the current order, as JSON."""
        if not self._matched:
            self.notify("Still matching the filter: press e again in a moment", timeout=3)
            return
        self.film_app.deliver_export(self.view.export(self.exported_quotes()), self.film.title)

    def exported_quotes(self) -> list[int]:
        """What `e` exports: the marked quotes, else the matching ones, in order."""
        selection = self.query_one(QuoteList).selection
        if selection.marked:
            return selection.in_order(self.view.visible("", self.order) or [])
        if self.highlighting and self._query.terms:
            return self.view.visible(self.query_text, self.order) or []
        return self.query_one(QuoteList).order

    def action_download(self) -> None:
        """On a web page: download the current view (as `e` exports it in a terminal)."""
        self.action_export()
