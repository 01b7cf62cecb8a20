"""The keys that move through a list (less's and vim's j/k, g/G and the page keys), for
every list and for the help screen: one table, so they stay the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

#: (keys, action, description, id suffix) of each move.
MOVES = [
    ("j,down", "cursor_down", "Next", "next"),
    ("k,up", "cursor_up", "Previous", "previous"),
    ("g,home", "first", "First", "first"),
    ("G,end", "last", "Last", "last"),
    ("pagedown,space", "page_down", "Page down", "page_down"),
    ("pageup", "page_up", "Page up", "page_up"),
]


def navigation_bindings(prefix: str, action: Callable[[str], str] = str) -> list[Binding]:
    """The moves as bindings with ids `prefix.next` …; `action` turns a move's action
    name into the action the binding runs."""
    return [
        Binding(keys, action(name), description, show=False, id=f"{prefix}.{suffix}")
        for keys, name, description, suffix in MOVES
    ]
