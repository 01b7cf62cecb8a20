"""Write a shelf of generated film records, about four quotes each, for benchmarks.

    python benchmarks/make_shelf.py --films 5000 --seed 1 -o /tmp/shelf-5k

Titles, directors (including the Coens), cast, genres, years and quotes vary, so film and
quote queries have realistic hit counts.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_record import publications, quote_text, toml_string

WORDS = ["night", "river", "été", "city", "garden", "nöel", "winter", "ghost", "paris", "road"]
PEOPLE = [
    "Joel Coen", "Ethan Coen", "Cédric Klapisch", "Agnès Varda", "Jane Campion",
    "Bong Joon-ho", "Céline Sciamma", "Juliette Binoche", "Romain Duris", "Tilda Swinton",
]  # fmt: skip
GENRES = ["Comedy", "Drama", "Romance", "Thriller", "Documentary", "Western"]


def film_toml(rng: random.Random, number: int, sources: list[tuple[str, str | None]]) -> str:
    """One record's TOML."""
    cast = rng.sample(PEOPLE, 3)
    title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {number}"
    lines = [
        f"title = {toml_string(title)}",
        f"year = {rng.randint(1950, 2025)}",
        f"genres = {[rng.choice(GENRES)]!r}".replace("'", '"'),
        'languages = ["English"]',
        f'rating = {{ classification = "{rng.choice(["G", "PG", "M", "R16"])}" }}',
        "[credits]",
        f"directors = [{{ name = {toml_string(rng.choice(PEOPLE[:6]))} }}]",
        "cast = [" + ", ".join(f"{{ name = {toml_string(p)} }}" for p in cast) + "]",
    ]
    for _ in range(rng.randint(2, 6)):
        publication, region = rng.choice(sources)
        lines += ["[[quotes]]", f"publication = {toml_string(publication)}"]
        if region:
            lines.append(f"region = {toml_string(region)}")
        lines.append(f"text = {toml_string(quote_text(rng))}")
    return "\n".join(lines) + "\n"


def write_shelf(directory: Path, films: int, seed: int) -> None:
    """Write `films` records into `directory`, 1,000 to a subfolder."""
    rng = random.Random(seed)
    sources = publications(rng, 300)
    for number in range(films):
        folder = directory / f"{number // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"film{number:06d}.toml").write_text(
            film_toml(rng, number, sources), encoding="utf-8"
        )


def main() -> None:
    """Command line: --films N --seed S -o DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    options = parser.parse_args()
    write_shelf(options.output, options.films, options.seed)


if __name__ == "__main__":
    main()
