"""The bundled record is faithful to the film listing it was transcribed from."""

from __future__ import annotations

import re

from conftest import SEED_LISTING

from filmtui.model import Film

LISTING = SEED_LISTING.read_text(encoding="utf-8")


def test_text_fields_are_verbatim_from_the_listing(film: Film) -> None:
    """Synopsis, quotes and names appear in the listing exactly as stored."""
    texts = [film.title, film.availability, film.synopsis]
    texts += [quote.text for quote in film.quotes] + [quote.publication for quote in film.quotes]
    texts += [member.name for member in film.credits.cast]
    for director in film.credits.directors:
        texts += [director.name, *director.known_for]
    for text in texts:
        assert text and text in LISTING, text


def test_synopsis_keeps_its_no_break_spaces(film: Film) -> None:
    """The listing's no-break spaces survive; nothing was normalised."""
    assert film.synopsis is not None
    assert "whose\u00a0When the Cat's Away\u00a0and\u00a0The Spanish Apartment" in film.synopsis


def test_listing_review_is_the_listings_own_five_paragraphs(film: Film) -> None:
    """The unattributed review runs from "Given that Paris…" to "C'est trés, trés bon."."""
    assert film.listing_review is not None
    review = film.listing_review.text
    assert review.startswith("Given that Paris is arguably")
    assert review.endswith("C'est trés, trés bon.")
    assert "(naturellement)" in review
    paragraphs = review.split("\n\n")
    assert len(paragraphs) == 5
    assert all(paragraph in LISTING for paragraph in paragraphs)
    assert all(review not in quote.text for quote in film.quotes)


def test_each_quote_follows_its_publication_heading(film: Film) -> None:
    """On the listing a publication heading comes before its quote."""
    expected = [
        ("Lumiere Reader", "Wellington", "As is the nature of any multi-character cavalcade"),
        ("Plume Noir", None, "The problem, if you're familiar with French cinema"),
        ("Urban Cinefile", "Australia", "Klapisch weaves a fascinating web"),
        ("Variety", "USA", "Gallic helmer Cedric Klapisch"),
    ]
    got = [
        (q.publication, q.region, q.text[: len(start)])
        for q, (_, _, start) in zip(film.quotes, expected, strict=True)
    ]
    assert got == expected
    for quote in film.quotes:
        heading = quote.publication + (f" [{quote.region}]" if quote.region else "")
        assert re.search(re.escape(heading) + r"\n+" + re.escape(quote.text), LISTING)


def test_listing_facts(film: Film) -> None:
    """Availability, genres, rating, languages, credits and the site as the listing gives them."""
    assert film.title == "Paris"
    assert film.year is None  # the listing gives no year
    assert film.availability == "Out Now On-Demand"
    assert film.genres == ["Comedy", "Drama", "Romance"]
    assert film.rating is not None
    assert (film.rating.classification, film.rating.advisory, film.rating.system) == (
        "M",
        "offensive language",
        "New Zealand",
    )
    assert film.languages == ["French", "English"]
    assert film.subtitles == ["English"]
    assert film.official_site is not None
    assert film.official_site.label == "Official Site"
    assert film.official_site.url is None  # the listing shows only the label
    [director] = film.credits.directors
    assert director.name == "Cedric Klapisch"
    assert director.known_for == [
        "The Russian Dolls",
        "The Spanish Apartment",
        "When The Cat's Away",
    ]


def test_cast_roles_are_described_by_the_synopsis(film: Film) -> None:
    """The cast are the three the synopsis names, with the parts it describes."""
    assert [member.name for member in film.credits.cast] == [
        "Romain Duris",
        "Juliette Binoche",
        "Fabrice Luchini",
    ]
    assert film.synopsis is not None
    for member in film.credits.cast:
        assert member.role and member.role in film.synopsis
