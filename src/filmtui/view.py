"""What the browser shows of the quotes: the filter and the sort order, without textual.

The browser asks a `QuoteView` for the visible quotes and exports the same view on `e`,
so the screen and the export cannot disagree.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import Any

from filmtui.export import export_json, with_quotes
from filmtui.folding import fold
from filmtui.matching import QuoteIndex
from filmtui.model import Film


class SortOrder(enum.Enum):
    """The orders `s` cycles through, labelled as the status line shows them."""

    LISTING = "listing order"
    PUBLICATION = "publication A-Z"
    REGION = "region"
    LENGTH = "length"

    @property
    def short(self) -> str:
        """The label in fewer cells, for a status line that is narrow."""
        return {"listing order": "listing", "publication A-Z": "pub. A-Z"}.get(
            self.value, self.value
        )

    def next(self) -> SortOrder:
        """The order after this one, wrapping round."""
        orders = list(SortOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


class QuoteView:
    """Filters and sorts a record's quotes; reuses folded text and sort keys between calls."""

    def __init__(self, film: Film) -> None:
        self.film = film
        self.index = QuoteIndex(film.quotes)
        self._sort_keys: dict[SortOrder, Sequence[Any]] = {}

    def visible(
        self, query: str, order: SortOrder, cancelled: Callable[[], bool] | None = None
    ) -> list[int] | None:
        """Indices of the quotes matching `query`, in `order`; None if cancelled."""
        indices = self.index.search(query, cancelled)
        if indices is None or order is SortOrder.LISTING:
            return indices
        keys = self._keys(order)
        return sorted(indices, key=keys.__getitem__)

    def _keys(self, order: SortOrder) -> Sequence[Any]:
        """Sort keys for every quote, computed once per order (ties keep listing order)."""
        if order not in self._sort_keys:
            quotes = self.film.quotes
            keys: Sequence[Any]
            if order is SortOrder.PUBLICATION:
                keys = [fold(quote.publication) for quote in quotes]
            elif order is SortOrder.REGION:
                # Quotes with no region go last.
                keys = [(quote.region is None, fold(quote.region or "")) for quote in quotes]
            else:
                keys = [len(quote.text) for quote in quotes]
            self._sort_keys[order] = keys
        return self._sort_keys[order]

    def export(self, indices: Sequence[int]) -> bytes:
        """The record as `filmtui export` writes it, with only these quotes in this order."""
        quotes = self.film.quotes
        return export_json(with_quotes(self.film, [quotes[i] for i in indices]))
