"""What the help screen says each key does, where the short label of the key bar says
too little: by action, for the film screen and for the shelf, as they act there (a
pushed film screen goes back to the shelf; a web page downloads instead of exporting).
And the rows of the keys Textual handles itself, which have no binding id."""

from __future__ import annotations

#: A help row: keys, what they do, the binding id ("": Textual's, not remappable).
Row = tuple[str, str, str]


def _quit(web: bool) -> str:
    """What `q` (quitting) does: in a terminal nothing is written to stdout."""
    return "Quit" if web else "Quit, writing nothing"


def film_texts(*, pushed: bool, web: bool, has_site: bool) -> dict[str, str]:
    """The film screen's keys by action; `pushed` by the shelf, on a web page (`web`),
    for a record that gives an official site (`has_site`)."""
    back = "Back to the shelf"
    return {
        "quit": _quit(web),
        "close": back,
        "back": back,
        "clear_filter": "Clear the filter; with none, back to the shelf"
        if pushed
        else "Clear the filter",
        "accept_filter": "Back to the quotes, keeping the filter",
        "filter": "Filter the quotes as you type",
        "sort": "Sort: listing, publication A-Z, region, length",
        "copy": "Copy this quote and its source",
        "export": "Export the marked (else the matching) quotes & quit",
        "download": "Download the marked (else the matching) quotes",
        "open_review": "Open this quote's review"
        + (" (in the details: the site)" if has_site else ""),
        "open_site": "Open the official site (this quote links no web review)",
        "no_link": "Open a review or the official site: none here",
    }


def film_textual_keys(*, web: bool) -> list[Row]:
    """Textual's own keys on the film screen."""
    export = "download" if web else "export"
    return [
        ("tab / shift+tab", "Move between the details and the quotes", ""),
        ("ctrl+p", f"Command palette: filter, sort, copy, {export}, theme…", ""),
        ("mouse", "Wheel scrolls; a click makes a quote current", ""),
    ]


#: Enter (and a double click) on a row of the shelf.
SHELF_OPEN = "Open the film (Quotes: at the quote; bad file: its error)"


def shelf_texts(*, web: bool) -> dict[str, str]:
    """The shelf's keys by action, on a web page (`web`) or in a terminal."""
    return {
        "app.quit": _quit(web),
        "filter": "Filter: a film query on Films, a quote query on Quotes",
        "accept_filter": "Back to the list, keeping the filter",
        "clear_filter": "Clear the filter",
        "sort": "Sort the films: title, year, quotes, recent (Films tab)",
        "switch_tab": "Switch between the Films and the Quotes tab",
        "export": "Export the films shown as JSON Lines & quit (Films tab)",
        "download": "Download the films shown as JSON Lines (Films tab)",
        "choose": SHELF_OPEN,
    }


def shelf_textual_keys(*, web: bool) -> list[Row]:
    """Textual's own keys on the shelf."""
    export = "download" if web else "export"
    return [
        ("tab / shift+tab", "Move between the Films/Quotes tabs (←/→ there) and the list", ""),
        ("ctrl+p", f"Command palette: filter, switch tab, sort, {export}, theme…", ""),
        ("mouse", "Wheel scrolls; a click makes a row current, a double click opens it", ""),
    ]
