"""The keys the film screen and the shelf screen share: the filter's and the export's.

They live apart from both screens so that the shelf, which draws first, does not import
the film screen (and the record model behind it) before a film is opened.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

#: The filter's keys (one id each, so one remap serves both screens).
FILTER_BINDINGS = [
    # `/`, Enter and Esc move focus, so they are priority bindings: they run as each
    # key arrives, before the keys typed after them (as in `/helm`) are forwarded.
    Binding("slash", "filter", "Filter", priority=True, id="app.filter"),
    Binding(
        "enter",
        "accept_filter",
        "Keep filter",
        show=False,
        priority=True,
        id="app.accept_filter",
    ),
    Binding(
        "escape",
        "clear_filter",
        "Clear filter",
        show=False,
        priority=True,
        id="app.clear_filter",
    ),
]


def export_bindings(binding_id: str) -> list[Binding]:
    """`e`: export and quit in a terminal, download on a web page, where stdout is the
    server's. One id for both, so one remap moves both; the screen enables the variant
    that applies (`export_applies`) and the key bar labels it."""
    return [
        Binding("e", "export", "Export & quit", id=binding_id),
        Binding("e", "download", "Download", id=binding_id),
    ]


def export_applies(app: App[object], action: str) -> bool:
    """Whether `action` ("export" or "download") is the one for where `app` runs."""
    return app.is_web == (action == "download")
