"""The bottom line of keys: the bindings that apply now, drawn as one line of text.

Textual's Footer mounts a widget per key and rebuilds them whenever bindings refresh,
which happened three times while filmtui started (a fifth of its start-up). This bar
re-renders one line instead; clicking a key still runs its action.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

PALETTE_HINT = "^p palette"


class KeyBar(Widget):
    """The enabled, shown bindings of the focused widget and its ancestors."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Cell ranges of the keys drawn last time, to turn a click into an action.
        self._targets: list[tuple[int, int, DOMNode, Binding]] = []

    def on_mount(self) -> None:
        """Repaint whenever the screen's bindings change."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop listening to the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """The focus or the enabled actions changed."""
        self.refresh()

    def render(self) -> Content:
        """Key and description for each binding on show, one per action. When they do not
        all fit, the first keys lose their descriptions (`q`, `/`: the habits) so the
        last ones, which say what `e` and `o` do now, and `?` for help, stay readable."""
        key_style = self.get_visual_style("key-bar--key", partial=True)
        description_style = self.get_visual_style("key-bar--description", partial=True)
        shown: list[tuple[DOMNode, Binding, str]] = []
        seen: set[str] = set()
        for node, binding, enabled, _ in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append((node, binding, binding.key_display or self.app.get_key_display(binding)))

        def part(key: str, description: str) -> Content:
            described = (f"{description} ", description_style) if description else ""
            return Content.assemble((f" {key} ", key_style), described)

        parts = [part(key, binding.description) for _, binding, key in shown]
        for bare, (_, _, key) in enumerate(shown[:-1]):
            if sum(p.cell_length for p in parts) + 1 <= self.size.width:
                break
            parts[bare] = part(key, "")
        self._targets = []
        x = 1
        for (node, binding, _), drawn in zip(shown, parts, strict=True):
            self._targets.append((x, x + drawn.cell_length, node, binding))
            x += drawn.cell_length
        keys = Content.assemble(" ", *parts)
        hint = Content(PALETTE_HINT).stylize(description_style)
        gap = self.size.width - keys.cell_length - hint.cell_length - 1
        if gap < 1:
            return keys
        return Content.assemble(keys, " " * gap, hint)

    async def on_click(self, event: events.Click) -> None:
        """Run the action of the key that was clicked."""
        for start, end, node, binding in self._targets:
            if start <= event.x < end:
                await self.app.run_action(binding.action, node)
                return
        if event.x >= self.size.width - len(PALETTE_HINT) - 1:
            self.app.action_command_palette()
