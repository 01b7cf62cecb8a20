"""What the shelf screen's lists show: pages of films from the index (the bad files at
the end, when nothing is filtered), and the words of the status lines."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content

from filmtui.filmquery import FilmQuery, film_query_hint
from filmtui.sanitize import display_text
from filmtui.shelf import FilmRow, Shelf
from filmtui.widgets.shelf_rows import BadFile

#: How each order of SORTS reads in the status line.
SORT_NAMES = {
    "title": "by title",
    "year": "by year",
    "quotes": "most quotes",
    "changed": "recently changed",
}


def plural(count: int, word: str) -> str:
    """`1 film`, `9 films`."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def count_status(everything: bool, count: int, total: int, word: str) -> str:
    """`9 films` when nothing is filtered, else `3 of 9` or `no match of 9`."""
    if everything:
        return plural(count, word)
    return f"{count:,} of {total:,}" if count else f"no match of {total:,}"


def counting_status(so_far: int, total: int) -> Content:
    """A count being taken: `12,345+ of 200,164 · counting…`."""
    return Content.assemble(
        Content(f"{so_far:,}+ of {total:,}").stylize("bold"), Content(" · counting…")
    )


def no_film_matches(text: str) -> str:
    """The Films list's empty message: `No film matches "directr:klap"`, with the command
    line's hint for a mistyped scope (` · did you mean director:?`)."""
    hint = film_query_hint(text)
    return f"No film matches “{display_text(text)}”" + (f" · {hint}" if hint else "")


def films_status(everything: bool, count: int, total: int, sort: str, bad: int) -> Content:
    """The Films tab's status: the count (as `count_status`), the order, the bad files."""
    status = count_status(everything, count, total, "film")
    parts = [Content(status).stylize("bold"), Content(f" · {SORT_NAMES[sort]}")]
    if bad:
        parts.append(Content(f" · {plural(bad, 'bad file')}"))
    return Content.assemble(*parts)


def relative_error(shelf: Shelf, path: str, error: str) -> str:
    """A bad file's error naming the file from the shelf (`sub/x.toml: …`), which is
    shorter on screen; the rest of the message is the loader's."""
    full = shelf.path_of(path)
    return path + error[len(full) :] if error.startswith(f"{full}:") else error


def bad_files(shelf: Shelf) -> list[BadFile]:
    """The shelf's bad files, each with its error (`relative_error`)."""
    return [BadFile(path, relative_error(shelf, path, error)) for path, error in shelf.bad_files()]


def films_fetch(
    shelf: Shelf, query: FilmQuery, sort: str, count: int, bad: list[BadFile]
) -> Callable[[int, int], Sequence[FilmRow | BadFile]]:
    """A page fetcher for the Films list: the `count` films matching `query` in `sort`
    order, then the `bad` files."""

    def fetch(offset: int, limit: int) -> Sequence[FilmRow | BadFile]:
        """Up to `limit` rows from `offset`: films first, then bad files."""
        films: list[FilmRow | BadFile] = []
        if offset < count:
            films.extend(shelf.films(query, sort, offset, min(limit, count - offset), total=count))
        start = max(0, offset - count)
        films.extend(bad[start : start + limit - len(films)])
        return films

    return fetch
