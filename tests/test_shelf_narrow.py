"""The shelf's Films list on a narrow terminal: the titles win over the lesser columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptools import screen_text
from shelftools import shelf_app, wait_for_shelf

from filmtui.widgets.shelf_rows import DIRECTORS_MAX, TITLE_MAX, TITLE_ROOM, film_columns


@pytest.mark.parametrize(("columns", "counts"), [(60, True), (50, False)])
async def test_whole_titles_before_ratings_and_counts(
    tmp_path: Path, columns: int, counts: bool
) -> None:
    """At 60 columns every title shows whole with its year, and so do the directors and
    quote counts, the rating having given way; at 50 the counts give way too."""
    app = shelf_app(tmp_path)
    async with app.run_test(size=(columns, 20)) as pilot:
        await wait_for_shelf(pilot)
        text = screen_text(app)
    for title in ("No Country for Old Men (2007)", "The Spanish Apartment (2002)"):
        assert title in text, text
    assert "Cedric Klapisch" in text
    assert ("4 quotes" in text) is counts
    assert " M " not in text  # Paris's rating


def test_the_title_never_gets_less_room_while_a_lesser_column_is_shown() -> None:
    """At every width, a title column narrower than TITLE_ROOM comes only alone, the
    columns and their spaces fit, and a wide line keeps the whole layout."""
    for width in range(2, 200):
        title, directors, rating, quotes = film_columns(width)
        if title < TITLE_ROOM:
            assert (directors, rating, quotes) == (0, 0, 0), width
        spaces = bool(directors) + bool(rating) + (bool(quotes) and not rating)
        assert title + directors + rating + quotes + spaces <= width, width
    assert film_columns(98) == (TITLE_MAX, 35, 7, 10)
    assert film_columns(120) == (TITLE_MAX, DIRECTORS_MAX, 7, 10)
