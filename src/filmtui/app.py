"""The filmtui terminal browser: the app only chooses screens and delivers results.

It opens the film screen on a loaded record, or the loading screen while a big one still
loads (then swaps in the film screen when the record arrives). Its return value is the
export of the current view when the user presses `e`, or None.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from filmtui.loading import LoadingJob
from filmtui.model import Film
from filmtui.screens.film import FilmScreen
from filmtui.screens.help import HelpScreen
from filmtui.screens.loading import LoadingScreen


class FilmApp(App[bytes | None]):
    """Browse one film record, after a progress screen if it is still loading."""

    CSS_PATH = Path(__file__).parent / "filmtui.tcss"
    TITLE = "filmtui"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        film: Film | None,
        *,
        job: LoadingJob | None = None,
        cursor_blink: bool = True,
    ) -> None:
        """Browse `film`, or, while `job` is still loading one, show its progress first."""
        super().__init__()
        if film is None and job is None:
            raise ValueError("FilmApp needs a film or a loading job")
        self._film = film
        self._job = job
        self.load_error: str | None = None
        self.cursor_blink = cursor_blink

    def get_default_screen(self) -> Screen[None]:
        """The film screen when the record is there (else a blank base, see on_mount)."""
        if self._film is not None:
            return self._film_screen(self._film)
        return super().get_default_screen()

    def on_mount(self) -> None:
        """While the record is on its way, show the loading screen over the blank base
        (it is swapped for the film screen when the record arrives)."""
        if self._job is not None and self._film is None:
            self.push_screen(LoadingScreen(self._job))

    def _film_screen(self, film: Film) -> FilmScreen:
        """A film screen for `film`."""
        return FilmScreen(film, cursor_blink=self.cursor_blink)

    def on_loading_screen_loaded(self, message: LoadingScreen.Loaded) -> None:
        """The record is in: browse it."""
        self.switch_screen(self._film_screen(message.film))

    def on_loading_screen_failed(self, message: LoadingScreen.Failed) -> None:
        """The record could not be loaded: quit, leaving the error for the command line."""
        self.load_error = message.error
        self.exit()

    # -------------------------------------------- what leaves the app: e / o / y
    # Every result the user takes away passes here, so a driver without a terminal (the
    # web) can deliver it its own way.

    def deliver_export(self, data: bytes) -> None:
        """`e`: quit and hand the JSON export to the command line for stdout."""
        self.exit(data)

    def deliver_link(self, url: str) -> None:
        """`o`: open a web address in the user's browser."""
        self.open_url(url)

    def deliver_copy(self, text: str) -> None:
        """`y`: put text on the user's clipboard (OSC 52 in a terminal)."""
        self.copy_to_clipboard(text)

    # ------------------------------------------------------------- help, palette

    def action_help(self) -> None:
        """Show every key binding of the current screen."""
        if isinstance(self.screen, HelpScreen):
            return
        if isinstance(self.screen, FilmScreen):
            groups = self.screen.help_groups()
        else:
            groups = [("Anywhere", [*self.BINDINGS, *App.BINDINGS])]
        self.push_screen(HelpScreen(groups))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: the screen's own commands, then Textual's (theme, keys…)."""
        if isinstance(screen, FilmScreen):
            yield from screen.system_commands()
        yield SystemCommand("Help", "Show every key binding", self.action_help)
        yield from super().get_system_commands(screen)
