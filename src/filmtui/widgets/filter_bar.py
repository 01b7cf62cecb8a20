"""The filter's input line, in the Tab order only while it is being edited."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class FilterBar(Input):
    """A filter's input line. Once Enter keeps the filter, the line stays to show it but
    leaves the Tab order, so Tab moves between the panels as the help says and the next
    key cannot edit the query by surprise; `/` (the screen calls `edit`) or a click on
    the line edits it again."""

    editing = False
    """Whether the line may take focus."""

    def allow_focus(self) -> bool:
        """Focusable only while being edited."""
        return self.editing and super().allow_focus()

    def edit(self) -> None:
        """Let the line take focus (the screen then gives it focus)."""
        self.editing = True

    def keep(self) -> None:
        """The filter is kept (or cleared): out of the Tab order until edited again."""
        self.editing = False

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        """A click edits the filter, as `/` does."""
        self.editing = True
        self.focus()
        await super()._on_mouse_down(event)
