"""Compare FTS5 tokenizers for the shelf's quote search, on an existing shelf index.

    .venv/bin/python benchmarks/fts_tokenizers.py INDEX.sqlite [--query "klapisch binoche"]

Copies the folded quote columns into memory, then for no FTS, `unicode61
remove_diacritics 2`, `trigram` and `trigram` without positions (`detail=none`, what the
shelf uses) times building the index (`rebuild`) and a query of
every word with the exact `instr` check the shelf applies. Only trigram can find a word
inside another (`helm` in `helmer`), as the shared matcher does.
"""

from __future__ import annotations

import argparse
import sqlite3
import time

#: Each choice's FTS5 options (None: no FTS index, the exact test over every row).
TOKENIZERS = {
    "none": None,
    "unicode61": "tokenize='unicode61 remove_diacritics 2'",
    "trigram": "tokenize='trigram'",
    "trigram, detail=none": "tokenize='trigram', detail=none, columnsize=0",
}


def measure(rows: list[tuple[object, ...]], tokenizer: str | None, words: list[str]) -> str:
    """Build one in-memory table (and FTS index) and time it and a query."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE q (id INTEGER PRIMARY KEY, f_text, f_publication, f_region)")
    start = time.perf_counter()
    db.executemany("INSERT INTO q VALUES (?, ?, ?, ?)", rows)
    if tokenizer:
        db.execute(
            "CREATE VIRTUAL TABLE f USING fts5(f_text, f_publication, f_region, "
            f"content='q', content_rowid='id', {tokenizer})"
        )
        db.execute("INSERT INTO f (f) VALUES ('rebuild')")
    db.commit()
    build = time.perf_counter() - start
    exact = " AND ".join("instr(f_text, ?) > 0" for _ in words)
    if tokenizer:
        if "detail=none" in tokenizer:  # no positions: a word is looked up by its trigrams
            grams = [word[i : i + 3] for word in words for i in range(len(word) - 2)]
            match = " AND ".join(f'"{gram}"' for gram in dict.fromkeys(grams))
        else:
            match = " AND ".join(f'"{word}"' for word in words)
        sql = (
            f"SELECT count(*) FROM q WHERE id IN (SELECT rowid FROM f WHERE f MATCH ?) AND {exact}"
        )
        params: list[str] = [match, *words]
    else:
        sql, params = f"SELECT count(*) FROM q WHERE {exact}", words
    start = time.perf_counter()
    for _ in range(10):
        hits = db.execute(sql, params).fetchone()[0]
    query = (time.perf_counter() - start) / 10
    return f"build {build * 1000:.0f} ms, query {query * 1000:.1f} ms, {hits} hits"


def main() -> None:
    """Command line: INDEX [--query Q]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--query", default="klapisch binoche")
    options = parser.parse_args()
    source = sqlite3.connect(options.index)
    rows = source.execute("SELECT id, f_text, f_publication, f_region FROM quote_search").fetchall()
    print(f"{len(rows)} quotes")
    for name, tokenizer in TOKENIZERS.items():
        print(f"{name}: {measure(rows, tokenizer, options.query.split())}")


if __name__ == "__main__":
    main()
