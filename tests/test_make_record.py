"""The benchmark's record generator writes valid, realistic records."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from conftest import make_record_module

from filmtui.loader import load


def test_generated_record_is_valid_and_realistic(tmp_path: Path) -> None:
    """Quotes of 80-400 characters, many publications, a dozen regions, accents."""
    path = tmp_path / "film.toml"
    make_record_module().write_record(path, 3000, seed=5)
    film = load(path)
    assert len(film.quotes) == 3000
    lengths = [len(quote.text) for quote in film.quotes]
    assert min(lengths) >= 80 and max(lengths) <= 400
    assert len({quote.publication for quote in film.quotes}) >= 300
    assert len({quote.region for quote in film.quotes if quote.region}) == 12
    accented = [q for q in film.quotes if unicodedata.normalize("NFD", q.text) != q.text]
    assert len(accented) > 1000


def test_same_seed_same_record(tmp_path: Path) -> None:
    """A seed reproduces its record byte for byte; another seed does not."""
    module = make_record_module()
    for name, seed in [("a.toml", 9), ("b.toml", 9), ("c.toml", 10)]:
        module.write_record(tmp_path / name, 200, seed=seed)
    assert (tmp_path / "a.toml").read_bytes() == (tmp_path / "b.toml").read_bytes()
    assert (tmp_path / "a.toml").read_bytes() != (tmp_path / "c.toml").read_bytes()
