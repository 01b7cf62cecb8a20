"""The filmtui terminal browser: the app only chooses screens and delivers results.

It opens the film screen on a loaded record, or the loading screen while a big one still
loads (then swaps in the film screen when the record arrives), or, for a shelf, the shelf
screen drawn from its index (refreshed behind it) when the index already holds the shelf,
else the indexing screen and then the shelf screen. Its return value is the
export of the current view when the user presses `e`, or None.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.message import Message
from textual.screen import Screen

from filmtui.config import Config
from filmtui.screens.shared_keys import QUIT_ANYWHERE
from filmtui.source import DEFAULT_MAX_BYTES

#: The text-mode browsers Python's webbrowser may find: each would take the terminal.
TEXT_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m"})

TYPE_CHECKING = False
if TYPE_CHECKING:
    from filmtui.loading import LoadingJob
    from filmtui.model import Film
    from filmtui.screens.film import FilmScreen
    from filmtui.screens.indexing import IndexingScreen
    from filmtui.screens.loading import LoadingScreen
    from filmtui.screens.shelf import ShelfScreen
    from filmtui.screens.shelf_refresh import StartWorkers
    from filmtui.shelf import Shelf


def export_filename(title: str) -> str:
    """A safe download name for the export of a film: `paris.json`."""
    stem = re.sub(r"[^\w]+", "-", title.casefold()).strip("-_")
    return f"{stem or 'film'}.json"


class FilmApp(App[bytes | None], inherit_bindings=False):
    """Browse one film record, after a progress screen if it is still loading."""

    CSS_PATH = Path(__file__).parent / "filmtui.tcss"
    TITLE = "filmtui"
    # Textual's own app bindings are not inherited: its ctrl+q has no id, so no keymap
    # could move it; filmtui's (QUIT_ANYWHERE) has one. ctrl+c's hint is kept as it was.
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        QUIT_ANYWHERE,
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        film: Film | None,
        *,
        job: LoadingJob | None = None,
        shelf: Shelf | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        query: str = "",
        config: Config | None = None,
        cursor_blink: bool = True,
        driver_class: type[Driver] | None = None,
    ) -> None:
        """Browse `film`, or, while `job` is still loading one, show its progress first;
        or browse `shelf` once its index is up to date (records up to `max_bytes`).
        `query` filters from the start: the quotes of a film, the films of a shelf.
        `config` gives the theme and the keymap (binding id → keys)."""
        super().__init__(driver_class=driver_class)
        self.config = config or Config()
        if self.config.theme:
            self.theme = self.config.theme
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if film is None and job is None and shelf is None:
            raise ValueError("FilmApp needs a film, a loading job or a shelf")
        self._film = film
        self._job = job
        self._shelf = shelf
        self._max_bytes = max_bytes
        self._query = query
        self._indexing: IndexingScreen | None = None
        self._shelf_screen: ShelfScreen | None = None
        self.load_error: str | None = None
        self.cursor_blink = cursor_blink

    def get_default_screen(self) -> Screen[None]:
        """The film screen when the record is there, the shelf screen when its index
        already holds it (else a blank base, see on_mount). Drawn as the app starts, a
        base screen's first frame is not drawn twice, as a pushed one's is."""
        if self._film is not None:
            return self._film_screen(self._film)
        if self._shelf is not None and self._shelf.cached:
            return self._shelf_screen_for(self._shelf, refresh=True)
        return super().get_default_screen()

    def on_mount(self) -> None:
        """While the record is on its way, show the loading screen over the blank base
        (it is swapped for the film screen when the record arrives). A bad settings file
        is said on screen too."""
        if self.config.problem:
            self.notify(self.config.problem, severity="warning", timeout=15, markup=False)
        if self._job is not None and self._film is None:
            from filmtui.screens.loading import LoadingScreen

            self.push_screen(LoadingScreen(self._job))
        elif self._shelf is not None and not self._shelf.cached:
            from filmtui.screens.indexing import IndexingScreen

            self._indexing = IndexingScreen(self._shelf, self._max_bytes)
            self.push_screen(self._indexing)

    def _film_screen(self, film: Film) -> FilmScreen:
        """A film screen for `film`."""
        from filmtui.screens.film import FilmScreen

        return FilmScreen(film, query=self._query, cursor_blink=self.cursor_blink)

    def on_loading_screen_loaded(self, message: LoadingScreen.Loaded) -> None:
        """The record is in: browse it."""
        self.switch_screen(self._film_screen(message.film))

    def wait_for_indexing(self) -> None:
        """After the app has run: wait until a refresh cut short by `q` has stopped."""
        for screen in (self._indexing, self._shelf_screen):
            if screen is not None:
                screen.finished.wait()

    def on_indexing_screen_indexed(self, message: Message) -> None:
        """The shelf's index is up to date: browse the shelf."""
        assert self._shelf is not None
        self.switch_screen(self._shelf_screen_for(self._shelf, refresh=False))

    def _shelf_screen_for(self, shelf: Shelf, *, refresh: bool) -> ShelfScreen:
        """The shelf screen; with `refresh`, its index is refreshed behind it."""
        from filmtui.screens.shelf import ShelfScreen

        self._shelf_screen = ShelfScreen(
            shelf,
            query=self._query,
            cursor_blink=self.cursor_blink,
            refresh=refresh,
            max_bytes=self._max_bytes,
        )
        return self._shelf_screen

    def on_start_workers(self, message: StartWorkers) -> None:
        """A shelf refresh is about to start worker processes: start what they need."""
        from filmtui.screens.shelf_refresh import start_resource_tracker

        start_resource_tracker()
        message.started.set()

    def on_loading_screen_failed(self, message: LoadingScreen.Failed) -> None:
        """The record could not be loaded: quit, leaving the error for the command line."""
        self.load_error = message.error
        self.exit()

    # -------------------------------------------- what leaves the app: e / o / y
    # Every result the user takes away passes here, so a driver without a terminal (the
    # web) can deliver it its own way.

    def deliver_export(self, data: bytes, title: str | None = None) -> None:
        """`e`: quit and hand the export (of the film `title`, else the shelf's JSON Lines)
        to the command line for stdout; on a web page, where stdout is the server's pipe,
        download it instead and keep browsing."""
        if not self.is_web:
            self.exit(data)
            return
        if title is None:  # the shelf's JSON Lines
            name, mime_type = "shelf.jsonl", "application/jsonl"
        else:
            name, mime_type = export_filename(title), "application/json"
        self.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=mime_type)
        self.notify(f"Downloading {name}", markup=False, timeout=3)

    def deliver_link(self, url: str) -> bool:
        """`o`: open a web address in the user's browser; False when there is none to
        open it. On a web page, the page opens a tab. In a terminal, Python's webbrowser
        starts the browser it finds (as Textual's driver would), and says whether it
        found one that started: on a server over ssh there is often none, or only a
        text-mode one (lynx, w3m…), which would run in this terminal from under the
        screen, its output going to filmtui's stdout: that counts as none."""
        if self.is_web:
            self.open_url(url)
            return True
        import os
        import webbrowser

        try:
            first = webbrowser.get()  # the browser webbrowser.open tries first
        except webbrowser.Error:
            return False
        if os.path.basename(getattr(first, "name", "") or "") in TEXT_BROWSERS:
            return False
        return webbrowser.open(url)

    def deliver_copy(self, text: str) -> None:
        """`y`: put text on the user's clipboard (OSC 52 in a terminal)."""
        self.copy_to_clipboard(text)

    # ------------------------------------------------------------- help, palette

    def action_help(self) -> None:
        """Show every key binding of the current screen."""
        from filmtui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        help_groups = getattr(self.screen, "help_groups", None)
        groups = help_groups() if help_groups else [("Anywhere", list(self.BINDINGS))]
        textual_keys = getattr(self.screen, "help_textual_keys", None)
        self.push_screen(HelpScreen(groups, textual_keys() if textual_keys else []))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: the screen's own commands, then Textual's (theme, keys…)."""
        system_commands = getattr(screen, "system_commands", None)
        if system_commands is not None:
            yield from system_commands()
        yield SystemCommand("Help", "Show every key binding", self.action_help)
        yield from super().get_system_commands(screen)
