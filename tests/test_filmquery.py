"""The film query: parsing, the reference matcher, and the shelf index agreeing with it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import films

from filmtui.export import export_json
from filmtui.filmquery import RangeTerm, TextTerm, parse_film_query
from filmtui.model import Film, Quote
from filmtui.shelf import SORTS, Shelf, counting

TOML = """\
title = "{title}"
year = {year}
genres = ["Comedy", "Drame"]
languages = ["French"]
rating = {{ classification = "M" }}
[credits]
directors = [{{ name = "{director}" }}]
cast = [{{ name = "Juliette Binoche" }}]
"""


def film(title: str = "Paris", year: int = 2008, director: str = "Cédric Klapisch") -> Film:
    """A small record."""
    from filmtui.loader import loads

    return loads(TOML.format(title=title, year=year, director=director).encode())


def has_field(name: str) -> bool:
    """Whether the record model has a field (new fields land with the model's issue)."""
    return name in Film.__struct_fields__


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", True),
        ("paris", True),
        ("PARIS klapisch", True),
        ("cedric", True),  # accents ignored
        ("binoche", True),  # cast
        ("drame", True),  # genres
        ("french", False),  # languages only when scoped
        ("language:fren", True),
        ("director:klap", True),
        ("director:binoche", False),
        ("cast:binoche", True),
        ("title:klapisch", False),
        ("genre:comedy", True),
        ("rating:m", True),
        ("year:2008", True),
        ("year:2000..2010", True),
        ("year:2009..", False),
        ("year:..2008", True),
        ("-paris", False),
        ("-year:2008", False),
        ("-london", True),
        ('"cedric klapisch"', True),
        ('"klapisch cedric"', False),
        ("director:", True),  # a scope still being typed
        ("-", True),
        ("year:abc", False),  # not a number: matched as the text typed
        ("nowhere:paris", False),  # not a scope: matched as typed
        ("country:france", False),
    ],
)
def test_matches(query: str, expected: bool) -> None:
    """Each scope, range and negation on a known record."""
    assert parse_film_query(query).matches(film()) is expected


def test_parse_terms() -> None:
    """A query parses into the terms it says."""
    terms = parse_film_query('Director:Coen year:2007 -"no country" runtime:..100').terms
    assert isinstance(terms[0], TextTerm) and terms[0].fields == ("directors",)
    assert isinstance(terms[1], RangeTerm) and (terms[1].low, terms[1].high) == (2007, 2007)
    assert isinstance(terms[2], TextTerm) and terms[2].negated and terms[2].needle == "no country"
    assert isinstance(terms[3], RangeTerm) and (terms[3].low, terms[3].high) == (None, 100)


@given(st.text())
def test_never_raises(text: str) -> None:
    """No string makes the parser or the matcher raise."""
    parse_film_query(text).matches(film())


@pytest.mark.skipif(not has_field("runtime"), reason="the model has no runtime yet")
def test_new_fields() -> None:
    """runtime:, country: and the original title, once the model has them."""
    from filmtui.loader import loads

    text = TOML.format(title="Paris", year=2008, director="X")
    text = 'original_title = "Paris, je t\'aime"\nruntime = 130\ncountries = ["France"]\n' + text
    record = loads(text.encode())
    for query, expected in [
        ("runtime:..100", False), ("runtime:120..140", True), ("country:fra", True),
        ("jaime", False), ("t'aime", True), ("title:aime", True), ("-country:france", False),
    ]:  # fmt: skip
        assert parse_film_query(query).matches(record) is expected, query


WORDS = st.sampled_from(["a", "e", "é", "ab", "in", "the", "x", "2", "-", ":", '"'])
SCOPED = st.sampled_from(["", "title:", "director:", "cast:", "genre:", "language:", "rating:"])
QUOTE_SCOPED = st.sampled_from(["", "source:", "critic:", "region:", "text:"])


@st.composite
def queries(draw: st.DrawFn, texts: list[str], scopes: st.SearchStrategy[str] = SCOPED) -> str:
    """A film query built from bits of the shelf's own text, scopes, ranges and negation."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        sign = draw(st.sampled_from(["", "-"]))
        kind = draw(st.integers(0, 3))
        if kind == 0 and texts:
            text = draw(st.sampled_from(texts))
            start = draw(st.integers(0, len(text)))
            word = text[start : start + draw(st.integers(1, 4))]
        elif kind == 1:
            low, high = draw(st.integers(1860, 2210)), draw(st.integers(1860, 2210))
            word = draw(st.sampled_from([f"{low}", f"{low}..{high}", f"{low}..", f"..{high}"]))
            parts.append(f"{sign}{draw(st.sampled_from(['year:', 'runtime:']))}{word}")
            continue
        else:
            word = draw(WORDS)
        if " " in word or draw(st.booleans()):
            word = f'"{word}"'
        parts.append(f"{sign}{draw(scopes)}{word}")
    return " ".join(parts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(films, max_size=6), st.data())
def test_index_answers_equal_a_plain_scan(shelf_films: list[Film], data: st.DataObject) -> None:
    """On a random shelf, the index finds exactly the films and quotes a scan finds."""
    texts = (
        [f.title for f in shelf_films]
        + [d.name for f in shelf_films for d in f.credits.directors]
        + [c.name for f in shelf_films for c in f.credits.cast]
    )
    quote_texts = [
        value
        for f in shelf_films
        for q in f.quotes
        for value in (q.text, q.publication, q.critic, q.region)
        if value
    ]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder, "shelf")
        root.mkdir()
        for number, record in enumerate(shelf_films):
            (root / f"{number}.json").write_bytes(export_json(record))
        index = str(Path(folder, "index.sqlite"))
        with Shelf.open(str(root), index, notice=print) as shelf:  # closed per example
            shelf.refresh()
            for _ in range(3):
                query = data.draw(queries(texts))
                expected = sorted(
                    f"{n}.json"
                    for n, f in enumerate(shelf_films)
                    if parse_film_query(query).matches(f)
                )
                assert sorted(row.path for row in shelf.films(query)) == expected, query
                assert shelf.count_films(query) == len(expected)
                # A page from the start streams; one past others walks ids alone (and one
                # past the middle is read from the end): in every order, the same rows.
                for sort in SORTS:
                    paths = [row.path for row in shelf.films(query, sort)]
                    for offset in range(len(paths)):
                        films_page = shelf.films(query, sort, offset, 2, total=len(paths))
                        assert [row.path for row in films_page] == paths[offset : offset + 2]
                quote_query = data.draw(queries(quote_texts, QUOTE_SCOPED))
                in_order = [(row.path, row.position) for row in shelf.quotes(quote_query)]
                assert sorted(in_order) == scanned_quotes(shelf_films, quote_query), quote_query
                # Taken two ids at a time (as the shelf screen takes it, between frames), the
                # count is the same; a first page read by its estimate is the same page.
                with patch.object(counting, "SLICE", 2):
                    stepwise = shelf.counting_quotes(quote_query)
                    stepwise.step()
                    first = shelf.quotes(quote_query, 0, 3, estimate=stepwise.estimate())
                    assert stepwise.finish() == len(in_order)
                assert [(row.path, row.position) for row in first] == in_order[:3]
                assert shelf.count_quotes(quote_query) == len(in_order)
                # A page given the total is read walking the order or from the trigram index,
                # from the start or from the end, whichever is cheaper: the rows are the same.
                for offset in range(len(in_order)):
                    page = shelf.quotes(quote_query, offset, 3, total=len(in_order))
                    assert [(row.path, row.position) for row in page] == in_order[
                        offset : offset + 3
                    ]
            critics = [q.critic for f in shelf_films for q in f.quotes if q.critic]
            if critics:  # a bare, a critic: and a negated word drawn from a critic, every time
                critic = data.draw(st.sampled_from(critics))
                start = data.draw(st.integers(0, len(critic) - 1))
                piece = critic[start : start + data.draw(st.integers(1, 6))].replace('"', "")
                queries_of_piece = (
                    f'"{piece}"',
                    f'critic:"{piece}"',
                    f'-"{piece}"',
                    f'-critic:"{piece}"',
                )
                for quote_query in queries_of_piece:
                    found = sorted((row.path, row.position) for row in shelf.quotes(quote_query))
                    assert found == scanned_quotes(shelf_films, quote_query), quote_query


def scanned_quotes(shelf_films: list[Film], query: str) -> list[tuple[str, int]]:
    """(file, position) of every quote the shared matcher finds, film by film."""
    from filmtui.matching import QuoteIndex

    return sorted(
        (f"{n}.json", i)
        for n, f in enumerate(shelf_films)
        for i in QuoteIndex(f.quotes).search(query) or []
    )


def test_a_nul_in_a_quote_query_is_matched_not_an_sql_error(tmp_path: Path) -> None:
    """FTS5 reads its query as a C string; a NUL in a query must still match exactly
    (found by hypothesis: `00\\x00` raised "unterminated string")."""

    quotes = [Quote(publication="P", text="00\x00"), Quote(publication="P", text="00")]
    record = Film(title="Nul", quotes=quotes)
    root = tmp_path / "shelf"
    root.mkdir()
    (root / "nul.json").write_bytes(export_json(record))
    shelf = Shelf.open(str(root), str(tmp_path / "index.sqlite"), notice=print)
    shelf.refresh()
    assert [row.position for row in shelf.quotes("00\x00")] == [0]
    assert shelf.count_quotes("00\x00") == 1
    shelf.close()


def test_text_after_a_nul_is_found_by_the_index(tmp_path: Path) -> None:
    """A NUL in a record's text (a JSON export may hold one) does not hide what follows it
    from the index: FTS5 reads C strings, so folded text holds no NUL."""
    from filmtui.export import export_json
    from filmtui.loader import default_record_path, load
    from filmtui.shelf import Shelf

    record = load(default_record_path())
    record.quotes[0] = Quote(publication="Le Monde", text="avant\x00après coup")
    root = tmp_path / "shelf"
    root.mkdir()
    (root / "paris.json").write_bytes(export_json(record))
    with Shelf.open(str(root), str(tmp_path / "i.sqlite"), notice=print) as shelf:
        shelf.refresh()
        assert [(q.path, q.position) for q in shelf.quotes("apres coup")] == [("paris.json", 0)]
        assert shelf.count_quotes("apres") == 1 and shelf.count_films("paris") == 1
