"""The help screen: every key of the screen it was opened from, read from the bindings
themselves (only the variants that apply there, described as they act there), then
Textual's own keys, which have no id and so cannot be remapped."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from filmtui.keymap import remapped
from filmtui.screens.help_texts import Row
from filmtui.widgets.navigation import navigation_bindings

#: The title over Textual's own keys, which no [keys] entry can move.
TEXTUAL_KEYS_TITLE = "Textual's own keys (no id: not remappable)"


class HelpScreen(ModalScreen[None]):
    """A modal list of every binding, grouped by where it applies."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        # The lists' own keys scroll the help.
        *navigation_bindings("help", lambda move: f"scroll('{move}')"),
    ]

    def __init__(
        self, groups: list[tuple[str, list[BindingType]]], textual_keys: list[Row]
    ) -> None:
        """Help for `groups` of bindings (title, bindings), then `textual_keys`, the rows
        of the keys Textual handles itself on that screen."""
        super().__init__()
        self.groups = groups
        self.textual_keys = textual_keys

    def compose(self) -> ComposeResult:
        """One section per group of bindings, then Textual's own keys."""
        with VerticalScroll(id="help-body"):
            yield Static("filmtui keys  (Esc, q or ? closes)", id="help-title", markup=False)
            for title, bindings in self.groups:
                yield Static(title, classes="help-section", markup=False)
                yield Static(self._table(self._rows(bindings)), classes="help-table")
            if self.textual_keys:
                yield Static(TEXTUAL_KEYS_TITLE, classes="help-section", markup=False)
                yield Static(self._table(self.textual_keys), classes="help-table")

    def _rows(self, bindings: list[BindingType]) -> list[Row]:
        """Keys (as remapped by the settings file), description and binding id, one row
        per action and id (its keys together)."""
        config = getattr(self.app, "config", None)
        rows: dict[tuple[str, str], tuple[list[str], str, str]] = {}
        for binding in remapped(bindings, config.keys if config else {}):
            if not binding.description:
                continue  # Textual's internal bindings, such as ctrl+c's hint
            id = binding.id or ""
            keys, _, _ = rows.setdefault((binding.action, id), ([], binding.description, id))
            key = self.app.get_key_display(binding)
            if key not in keys:
                keys.append(key)
        return [(" / ".join(keys), description, id) for keys, description, id in rows.values()]

    @staticmethod
    def _table(rows: list[Row]) -> Content:
        """Rows as aligned, plain columns: keys, what they do, the id to remap them."""
        keys_width = max((len(keys) for keys, _, _ in rows), default=0)
        text_width = max((len(text) for _, text, _ in rows), default=0)
        lines = [
            Content.assemble(
                (keys.ljust(keys_width), "bold"), "  ", text.ljust(text_width), "  ", (id, "dim")
            )
            for keys, text, id in rows
        ]
        return Content("\n").join(lines)

    def action_scroll(self, move: str) -> None:
        """Scroll the help by one of the lists' moves (navigation.MOVES)."""
        body = self.query_one("#help-body", VerticalScroll)
        scroll = {
            "cursor_down": body.scroll_down,
            "cursor_up": body.scroll_up,
            "first": body.scroll_home,
            "last": body.scroll_end,
            "page_down": body.scroll_page_down,
            "page_up": body.scroll_page_up,
        }[move]
        scroll(animate=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        """Close the help screen."""
        self.dismiss(None)
