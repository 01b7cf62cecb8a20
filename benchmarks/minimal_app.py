"""The floor for the screen figures: the smallest Textual app that shows one Static.

python benchmarks/minimal_app.py            # paints "minimal-app-ready"
python benchmarks/minimal_app.py FILE.toml  # parses FILE with tomli first, then paints
"""

from __future__ import annotations

import sys

if len(sys.argv) > 1:
    import tomli

    with open(sys.argv[1], "rb") as record:
        tomli.load(record)

from textual.app import App, ComposeResult
from textual.widgets import Static


class MinimalApp(App[None]):
    """One Static; `q` quits."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        """The one widget."""
        yield Static("minimal-app-ready")


if __name__ == "__main__":
    MinimalApp().run()
