"""What leaves the shelf screen: Enter opens a film on the film screen, `e` exports.

The film screen (and the record model behind it) is imported only when a film is opened,
so that the shelf draws first without them. The export goes through the app's
`deliver_export`, as the film screen's does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.screen import Screen

from filmtui.errors import RecordError
from filmtui.sanitize import display_text
from filmtui.shelf import QuoteRow, Shelf
from filmtui.widgets.row_list import RowList
from filmtui.widgets.shelf_rows import BadFile

if TYPE_CHECKING:
    from filmtui.app import FilmApp
    from filmtui.filmquery import FilmQuery


class ShelfHandover(Screen[None]):
    """The shelf screen's Enter and `e` (ShelfScreen sets the state named here)."""

    shelf: Shelf
    sort: str
    _film_query: FilmQuery
    _cursor_blink: bool

    @property
    def film_app(self) -> FilmApp:
        """The app, with its `deliver_*` methods."""
        return cast("FilmApp", self.app)

    @on(RowList.Chosen)
    def _open(self, event: RowList.Chosen) -> None:
        """Open the chosen film (at the chosen quote) on the film screen; a file that
        cannot be loaded (bad, or gone since the index saw it) says why instead."""
        row = event.row
        if isinstance(row, BadFile):
            self.notify(display_text(row.error), severity="error", markup=False, timeout=8)
            return
        path = row.path  # type: ignore[attr-defined]
        start = row.position if isinstance(row, QuoteRow) else None
        try:
            film = self.shelf.load(path)
        except RecordError as error:
            self.notify(display_text(str(error)), severity="error", markup=False, timeout=8)
            return
        from filmtui.screens.film import FilmScreen  # with the record model: not before

        self.app.push_screen(
            FilmScreen(film, start_quote=start, pushed=True, cursor_blink=self._cursor_blink)
        )

    def action_export(self) -> None:
        """Hand over the films shown (filter and order) as JSON Lines, and quit. With none
        shown, the command line then says why as `filmtui export DIR` would (cli/browse.py);
        on a web page, where nothing follows, the screen says so and nothing downloads."""
        films = self.shelf.films(self._film_query, self.sort)
        if not films and self.app.is_web:
            self.notify("No films shown, so nothing to download", severity="warning", timeout=4)
            return
        self.film_app.deliver_export("".join(f"{film.export}\n" for film in films).encode())

    def action_download(self) -> None:
        """On a web page: download the films shown (as `e` exports them in a terminal)."""
        self.action_export()
