"""A shelf: a directory of film records, browsed and queried through an index.

`Shelf.open(root, index_path=None, notice=...)`, then `refresh(progress)`, then `films`,
`count_films`, `quotes`, `quote_exports`, `count_quotes`, `bad_files` and `load`. See `shelf.index`.
This package does not import textual.
"""

from __future__ import annotations

from filmtui.shelf.index import Shelf
from filmtui.shelf.refresh import Refreshed
from filmtui.shelf.rows import FilmRow, QuoteExport, QuoteRow
from filmtui.shelf.sql import SORTS

__all__ = ["SORTS", "FilmRow", "QuoteExport", "QuoteRow", "Refreshed", "Shelf"]
