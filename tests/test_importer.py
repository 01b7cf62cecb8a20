"""The listing importer: each classification rule on variants of the seed listing, and
every import loaded back with the strict loader."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import SEED_LISTING

from filmtui.export import export_json
from filmtui.importer import import_listing, slug
from filmtui.listing_text import ListingError
from filmtui.loader import default_record_path, load, loads
from filmtui.model import SCHEMA_VERSION, Film

SEED = SEED_LISTING.read_text(encoding="utf-8")
REVIEW_START = "Given that Paris"
REVIEW_END = "C'est trés, trés bon.\n\n"


def imported(text: str, title: str = "Paris", **options: Any) -> dict[str, Any]:
    """Import listing text; check the TOML loads strictly into the same record."""
    record, toml = import_listing(text.encode("utf-8"), title=title, name="L.txt", **options)
    film = loads(toml.encode("utf-8"), name="imported.toml")
    assert film.title == title
    assert [q.text for q in film.quotes] == [q["text"] for q in record.get("quotes", [])]
    return record


def failure(text: str | bytes, title: str = "Paris") -> str:
    """The one-line error an import of `text` gives."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ListingError) as caught:
        import_listing(data, title=title, name="L.txt")
    message = str(caught.value)
    assert "\n" not in message
    return message


def without_review(text: str) -> str:
    """The listing with its five review paragraphs cut out."""
    start = text.index(REVIEW_START)
    return text[:start] + text[text.index(REVIEW_END) + len(REVIEW_END) :]


def test_seed_import_exports_as_the_bundled_record_on_all_the_listing_holds() -> None:
    """Import → strict load → the real export equals the bundled record's export, except
    for the cast, which the listing does not have (the bundled record reads it from the
    synopsis)."""
    _, toml = import_listing(SEED.encode(), title="Paris", name="seed", rating_system="New Zealand")
    mine = json.loads(export_json(loads(toml.encode(), name="imported.toml")))
    bundled = json.loads(export_json(load(default_record_path())))
    assert bundled["credits"]["cast"], "the bundled record has a cast to leave out"
    bundled["credits"]["cast"] = []
    assert mine == bundled


def test_seed_details_are_verbatim() -> None:
    """No-break spaces, spelling and the five review paragraphs survive as written."""
    record = imported(SEED, rating_system="New Zealand")
    assert record["synopsis"].count("\u00a0") == 5
    assert record["listing_review"]["text"].count("\n\n") == 4
    assert record["listing_review"]["text"].endswith("C'est trés, trés bon.")
    assert [(q["publication"], q.get("region")) for q in record["quotes"]] == [
        ("Lumiere Reader", "Wellington"),
        ("Plume Noir", None),
        ("Urban Cinefile", "Australia"),
        ("Variety", "USA"),
    ]
    assert record["credits"] == {
        "directors": [
            {
                "name": "Cedric Klapisch",
                "known_for": ["The Russian Dolls", "The Spanish Apartment", "When The Cat's Away"],
            }
        ]
    }
    assert "cast" not in record["credits"] and "url" not in record["official_site"]
    assert record["schema_version"] == SCHEMA_VERSION


def test_toml_shows_no_break_spaces_and_uses_quote_tables() -> None:
    """The TOML is in the bundled record's layout: visible \\u00A0, [[quotes]] tables."""
    _, toml = import_listing(SEED.encode(), title="Paris", rating_system="New Zealand")
    assert "\u00a0" not in toml and "whose\\u00A0When" in toml
    assert toml.count("\n[[quotes]]\n") == 4
    assert '\ngenres = ["Comedy", "Drama", "Romance"]\n' in toml
    assert '\n[listing_review]\ntext = """\nGiven that Paris' in toml


def test_no_review() -> None:
    """Without review paragraphs the first heading follows the official site."""
    record = imported(without_review(SEED))
    assert "listing_review" not in record
    assert len(record["quotes"]) == 4


def test_no_rating() -> None:
    """No Rating line: no rating, and the language line is still found."""
    record = imported(SEED.replace("Rating: M offensive language\n", ""))
    assert "rating" not in record
    assert record["languages"] == ["French", "English"]
    assert record["genres"] == ["Comedy", "Drama", "Romance"]


def test_rating_without_advisory_and_without_system() -> None:
    """`Rating: PG` has no advisory; no --rating-system means no system."""
    record = imported(SEED.replace("Rating: M offensive language", "Rating: PG"))
    assert record["rating"] == {"classification": "PG"}


def test_no_official_site() -> None:
    """No Official Site line: the review follows the language line."""
    record = imported(SEED.replace("Official Site\n", ""))
    assert "official_site" not in record
    assert record["listing_review"]["text"].startswith(REVIEW_START)


def test_bare_listing_with_neither_rating_site_nor_review() -> None:
    """All optional parts gone at once."""
    text = (
        without_review(SEED)
        .replace("Official Site\n", "")
        .replace("Rating: M offensive language\n", "")
    )
    record = imported(text)
    assert not {"rating", "official_site", "listing_review"} & set(record)
    assert len(record["quotes"]) == 4


def test_several_directors_with_and_without_known_for() -> None:
    """One bullet each; a bulleted name may have no known-for list."""
    bullet = (
        "  • Cedric Klapisch('The Russian Dolls', 'The Spanish Apartment', 'When The Cat's Away')"
    )
    text = SEED.replace(bullet, bullet + '\n  • Jane Doe("A, B", "C")\n  • Bob Roe\n  • Ann Poe()')
    directors = imported(text)["credits"]["directors"]
    assert directors[1:] == [
        {"name": "Jane Doe", "known_for": ["A, B", "C"]},
        {"name": "Bob Roe", "known_for": []},
        {"name": "Ann Poe", "known_for": []},
    ]


def test_missing_bullet_list() -> None:
    """`Directed by` with no director lines: no directors, the rest unchanged."""
    text = re.sub(r"  • Cedric.*\n\n", "", SEED)
    record = imported(text)
    assert record["credits"] == {"directors": []}
    assert record["genres"] == ["Comedy", "Drama", "Romance"]


def test_director_lines_without_bullets() -> None:
    """Directors written without the bullet are still read by their known-for list."""
    record = imported(SEED.replace("  • Cedric", "Cedric"))
    assert record["credits"]["directors"][0]["name"] == "Cedric Klapisch"


def test_quote_with_no_region() -> None:
    """A heading without [Region] gives a quote without a region."""
    record = imported(SEED.replace("Variety [USA]", "Variety"))
    assert record["quotes"][3] == {"publication": "Variety", "text": record["quotes"][3]["text"]}


@pytest.mark.parametrize(
    ("heading", "publication", "region"),
    [
        ("The [Blank] Review [UK]", "The [Blank] Review", "UK"),
        ("[Blank] Review", "[Blank] Review", None),
        ("Sight [&] Sound", "Sight [&] Sound", None),
        ("Variety  [New York, USA]", "Variety", "New York, USA"),
    ],
)
def test_publication_with_brackets(heading: str, publication: str, region: str | None) -> None:
    """Only a trailing [..] is the region; other brackets belong to the name."""
    quote = imported(SEED.replace("Variety [USA]", heading))["quotes"][3]
    assert (quote["publication"], quote.get("region")) == (publication, region)


def test_windows_and_old_mac_line_endings_give_the_same_record() -> None:
    """CRLF and CR listings import exactly as LF ones do; a BOM is dropped."""
    expected = imported(SEED)
    assert imported("\ufeff" + SEED.replace("\n", "\r\n")) == expected
    assert imported(SEED.replace("\n", "\r")) == expected


def test_year_and_title_with_markup_are_kept_as_given() -> None:
    """The given title and year go in as they are, in the export's key order."""
    record = imported(SEED, title='[bold]Paris "2"', year=2008)
    assert list(record)[:4] == ["schema_version", "title", "year", "availability"]
    assert (record["title"], record["year"]) == ('[bold]Paris "2"', 2008)


def test_languages_without_subtitles_and_three_languages() -> None:
    """`French, German and English` without subtitles."""
    record = imported(
        SEED.replace("French and English, with English subtitles", "French, German and English")
    )
    assert (record["languages"], record["subtitles"]) == (["French", "German", "English"], [])


def test_unclear_block_before_the_first_heading_names_its_line() -> None:
    """A long line without a full stop is neither heading nor paragraph."""
    line = "Highly recommended to anyone who has ever loved a city and the people who live in it"
    text = SEED.replace("Lumiere Reader [Wellington]", line + "\n\nLumiere Reader [Wellington]")
    number = text.splitlines().index(line) + 1
    assert failure(text) == (
        f"L.txt:{number}: cannot tell whether this is a review paragraph or a publication heading"
    )


def test_short_review_line_before_a_heading_is_not_guessed() -> None:
    """`Superb` then a heading: a review line, or a heading with a one-line quote?"""
    text = SEED.replace("Lumiere Reader [Wellington]", "Superb\n\nLumiere Reader [Wellington]")
    number = text.splitlines().index("Superb") + 1
    assert failure(text).startswith(f"L.txt:{number}: cannot tell whether this is a review")


def test_one_line_quotes_are_read_when_the_pattern_is_clear() -> None:
    """A short quote without a full stop between two headings is a quote."""
    text = SEED.replace(
        "The problem, if you're familiar with French cinema, is that you've seen these kinds "
        "of Parisian characters a million times, which turns this film into a cliched social "
        "commentary piece.",
        "Magnifique",
    )
    assert imported(text)["quotes"][1]["text"] == "Magnifique"


def test_quote_with_a_second_paragraph_is_an_error() -> None:
    """A paragraph where a heading should be is not silently joined or dropped."""
    text = SEED.rstrip("\n") + "\n\nAnd a second paragraph of the Variety review.\n"
    number = len(text.splitlines())
    message = failure(text)
    assert message.startswith(f"L.txt:{number}: cannot tell whether this paragraph belongs")
    assert "Variety" in message


def test_heading_without_a_quote_is_an_error() -> None:
    """A last heading with nothing after it names its line."""
    text = SEED.rstrip("\n") + "\n\nEmpire [UK]\n"
    assert (
        failure(text)
        == f"L.txt:{len(text.splitlines())}: a publication heading with no quote after it"
    )


def test_empty_region_is_an_error() -> None:
    """`Variety []` names its line."""
    assert "empty [region]" in failure(SEED.replace("Variety [USA]", "Variety []"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "L.txt: empty file, not a film listing"),
        (b" \n\r\n\t\n", "L.txt: empty file, not a film listing"),
        (b"\x7fELF\x02\x01\x00\x00", "L.txt: binary data, not a film listing's text"),
        (b"Caf\xe9\n", "L.txt: not UTF-8 text (byte 3); save the listing as UTF-8"),
        (
            b"[rating]\nclassification = 'M'\n",
            "L.txt: not a film listing (it has no 'Directed by' line)",
        ),
    ],
)
def test_files_that_are_not_listings(data: bytes, message: str) -> None:
    """Empty, binary, non-UTF-8 and non-listing files get one clear line."""
    assert failure(data) == message


def test_blank_title_says_the_listing_does_not_name_the_film() -> None:
    """The title must come from the caller."""
    assert "does not name the film" in failure(SEED, title="  ")


def test_bad_year_is_reported_by_the_strict_loader() -> None:
    """A year the model refuses is an error, not a record that will not load."""
    with pytest.raises(ListingError, match="year"):
        import_listing(SEED.encode(), title="Paris", year=99)


def test_hidden_characters_in_the_listing_are_escaped_in_the_toml() -> None:
    """ESC, bidi overrides and zero-width spaces reach the TOML only as escapes."""
    text = SEED.replace("Plume Noir", "Plume\u202eNoir\x1b]0;x\x07").replace(
        "cliched", "cli\u200bched"
    )
    _, toml = import_listing(text.encode(), title="Paris")
    assert "\\u202E" in toml and "\\u001B" in toml and "\\u200B" in toml
    assert not re.search("[\x1b\x07\u202e\u200b]", toml)
    film: Film = loads(toml.encode())
    assert film.quotes[1].publication == "Plume\u202eNoir\x1b]0;x\x07"


@pytest.mark.parametrize(
    ("title", "year", "expected"),
    [("Paris", 2008, "paris-2008"), ("L'Auberge espagnole", None, "l-auberge-espagnole"),
     ("Amélie", 2001, "amelie-2001"), ("東京物語", None, "東京物語"), ("???", None, "film")],
)  # fmt: skip
def test_slug(title: str, year: int | None, expected: str) -> None:
    """File names from title and year: lower case, accents and punctuation gone."""
    assert slug(title, year) == expected


def test_paragraph_where_the_genre_line_should_be_names_its_line() -> None:
    """A sentence after the directors is not taken for genres."""
    text = SEED.replace("Comedy, Drama, Romance", "A comedy, a drama and a romance.")
    number = text.splitlines().index("A comedy, a drama and a romance.") + 1
    assert failure(text) == (
        f"L.txt:{number}: expected the genre line (such as 'Comedy, Drama, Romance')"
    )


def test_unreadable_known_for_list_names_its_line() -> None:
    """A director line with a broken list is an error, not a name with brackets in it."""
    text = SEED.replace("'When The Cat's Away')", "'When The Cat's Away'")
    number = next(i for i, line in enumerate(text.splitlines(), 1) if "•" in line)
    assert failure(text) == f"L.txt:{number}: cannot read this director's known-for list"


def test_rating_system_without_a_rating_line_adds_nothing() -> None:
    """--rating-system describes the Rating line; with none there is no rating to add."""
    text = SEED.replace("Rating: M offensive language\n", "")
    assert "rating" not in imported(text, rating_system="New Zealand")
