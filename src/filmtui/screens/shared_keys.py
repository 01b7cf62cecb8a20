"""The keys the film screen and the shelf screen share: the filter's and the export's.

They live apart from both screens so that the shelf, which draws first, does not import
the film screen (and the record model behind it) before a film is opened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from textual.app import App
from textual.binding import Binding, BindingType

#: ctrl+q quits from any screen, even while a filter is typed in. Textual binds it
#: without an id; filmtui binds it instead (FilmApp), with one, so it can be remapped.
QUIT_ANYWHERE = Binding(
    "ctrl+q",
    "quit",
    "Quit from any screen, even while typing",
    show=False,
    priority=True,
    id="app.quit_anywhere",
)

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


def for_help(
    app: App[object], bindings: Iterable[BindingType], texts: Mapping[str, str]
) -> list[BindingType]:
    """The bindings as the help screen lists them: of `e`'s variants only the one that
    applies (`export_applies`), and each whose action `texts` names with that fuller
    description (the key bar keeps the short one)."""
    return [
        replace(binding, description=texts[binding.action])
        if isinstance(binding, Binding) and binding.action in texts
        else binding
        for binding in bindings
        if not isinstance(binding, Binding)
        or binding.action not in ("export", "download")
        or export_applies(app, binding.action)
    ]
