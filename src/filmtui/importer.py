"""A film listing's plain text becomes a film record (`filmtui import`).

The listing format is a web page's text, so it is read by layout. The rules, in order:

1. Text. The listing is UTF-8 (a byte-order mark is dropped); an empty file, binary data
   (a NUL byte) or other encodings are refused. Lines end in LF, CRLF or CR. A line of
   only whitespace is blank; a *block* is a run of non-blank lines. Lines lose the spaces
   and tabs at either end, nothing else: no-break spaces and spelling stay as written.
2. The `Directed by` line (a line reading just that, any case, optional colon) anchors
   the listing; a text without one is not a film listing.
3. Before it: the availability (the first block, when it is one short line without a
   final full stop, e.g. `Out Now On-Demand`), then the synopsis (the remaining blocks,
   joined by a blank line).
4. After it, the directors: one line each, `• Name('Known', 'For')`. The bullet (`•`,
   `·`, `*`, `-` or an en dash) is optional when the known-for list is there; a bulleted name may
   have no list. No such line at all (a missing bullet list) means no directors.
5. The genre line: the next line, a comma-separated list (`Comedy, Drama, Romance`),
   unless it is the rating line.
6. The rating line, optional: `Rating: CLASS advisory…`, the classification being the
   first word. The listing never names the rating system; `--rating-system` does.
7. The language line, optional: `French and English, with English subtitles` (names of
   one to three capitalised words joined by `,` or `and`; the subtitles part optional).
8. `Official Site` (or `Official Website`), optional: the label only; the listing has no
   URL, so the record has none.
9. Then the review and the quotes, told apart by the shape of each block:
   - a *heading* is one line of at most 80 characters and 10 words, with no final
     full stop (`.`, `!`, `?`, `…`, `:`, `;`, `,`, even inside closing quotes or
     brackets) and no sentence break inside; a trailing `[Region]` is the region, so a
     bracket elsewhere stays part of the publication's name;
   - a *paragraph* is a block of several lines, or one ending with a full stop, or one
     longer than 120 characters;
   - anything else is unclear.
   The review is the paragraphs before the first heading (attributed to no one; kept
   apart from the quotes). From the first heading on, headings and quotes alternate: a
   heading, then its quote paragraph. What does not fit is an error naming its line,
   never a guess: an unclear block; a heading with no quote after it; a heading-shaped
   line followed by another where the first could be a review line or a heading with a
   one-line quote; a paragraph where a heading should be.

The listing never names the film, so the title is given by the caller. The record holds
only what the listing says: no cast, no site URL, no dates. This module does not import
textual.
"""

from __future__ import annotations

import re

from filmtui.listing_text import (
    HEADING_MAX_CHARS,
    Block,
    Lines,
    ListingError,
    blocks,
    decode,
    ends_sentence,
    shape,
)
from filmtui.loader import RecordError, loads
from filmtui.model import SCHEMA_VERSION
from filmtui.toml_writer import dumps

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_DIRECTED_BY = re.compile(r"directed by:?\Z", re.IGNORECASE)
_BULLET = re.compile("[•·*\\-\u2013]\\s*")
_DIRECTOR = re.compile(r"(?P<name>[^(]\S*(?:.*?\S)?)\s*\((?P<list>(?P<q>['\"]).*(?P=q))?\)\Z")
_RATING = re.compile(r"rating:\s*(?P<rest>.*)\Z", re.IGNORECASE)
_OFFICIAL_SITE = re.compile(r"official (?:web)?site\Z", re.IGNORECASE)
_WORD = re.compile("[^\\W\\d_][\\w'\u2019-]*\\Z")
_SUBTITLES = re.compile(r"(?:(?P<spoken>.*?),? )?with (?P<subtitles>.+) subtitles\Z", re.I)
_LIST_SPLIT = re.compile(r", and |, | and ")
_REGION = re.compile(r"(?P<publication>.*?\S)\s*\[(?P<region>[^\[\]]*)\]\Z")


def parse(
    text: str,
    *,
    title: str,
    name: str = "LISTING",
    year: int | None = None,
    rating_system: str | None = None,
) -> dict[str, Any]:
    """The record a listing describes, as plain TOML data in the export's key order."""
    found = blocks(text)
    anchor = next(
        (i for i, b in enumerate(found) if _DIRECTED_BY.match(b.lines[0])),
        None,
    )
    if anchor is None:
        raise ListingError(f"{name}: not a film listing (it has no 'Directed by' line)")
    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "title": title, "year": year}
    head = found[:anchor]
    if head and len(head[0].lines) == 1 and shape(head[0]) == "heading":
        record["availability"] = head.pop(0).lines[0]
    lines = Lines(found[anchor:], name)
    lines.at = 1
    directors = _directors(lines)
    genres = _genres(lines)
    if head:
        record["synopsis"] = "\n\n".join(block.text for block in head)
    record["credits"] = {"directors": directors}
    record["rating"] = _rating(lines, rating_system)
    record["genres"] = genres
    languages, subtitles = _languages(lines)
    record.update(languages=languages, subtitles=subtitles)
    line = lines.peek()
    if line is not None and _OFFICIAL_SITE.match(line):
        record["official_site"] = {"label": line}
        lines.at += 1
    review, quotes = _review_and_quotes(lines.rest(), name)
    if review:
        record["listing_review"] = {"text": "\n\n".join(block.text for block in review)}
    record["quotes"] = quotes
    order = ["schema_version", "title", "year", "availability", "genres", "synopsis", "credits"]
    order += ["rating", "languages", "subtitles", "official_site", "listing_review", "quotes"]
    return {key: record[key] for key in order if record.get(key) is not None}


def _directors(lines: Lines) -> list[dict[str, Any]]:
    """Rule 4: the director lines after `Directed by`."""
    directors = []
    while (line := lines.peek()) is not None:
        bullet = _BULLET.match(line)
        entry = line[bullet.end() :] if bullet else line
        found = _DIRECTOR.match(entry)
        if found is None and bullet is None:
            break
        if found is None:
            if "(" in entry or ")" in entry:
                raise lines.error("cannot read this director's known-for list")
            directors.append({"name": entry, "known_for": []})
        else:
            known, quote = found["list"], found["q"]
            titles = re.split(f"{quote},\\s*{quote}", known[1:-1]) if known else []
            if any(not title.strip() for title in titles):
                raise lines.error("an empty title in this director's known-for list")
            directors.append({"name": found["name"], "known_for": titles})
        lines.at += 1
    return directors


def _genres(lines: Lines) -> list[str]:
    """Rule 5: the genre line, unless the next line is the rating or something else."""
    line = lines.peek()
    if line is None or _RATING.match(line) or _OFFICIAL_SITE.match(line):
        return []
    if ends_sentence(line) or "[" in line or len(line) > HEADING_MAX_CHARS:
        raise lines.error("expected the genre line (such as 'Comedy, Drama, Romance')")
    lines.at += 1
    return [genre.strip() for genre in line.split(",") if genre.strip()]


def _rating(lines: Lines, system: str | None) -> dict[str, Any] | None:
    """Rule 6: `Rating: CLASS advisory…`."""
    line = lines.peek()
    found = _RATING.match(line) if line is not None else None
    if found is None:
        return None
    classification, _, advisory = found["rest"].partition(" ")
    if not classification:
        raise lines.error("the rating line gives no classification")
    lines.at += 1
    rating = {"classification": classification}
    if advisory.strip():
        rating["advisory"] = advisory.strip()
    if system:
        rating["system"] = system
    return rating


def _languages(lines: Lines) -> tuple[list[str], list[str]]:
    """Rule 7: `French and English, with English subtitles`."""
    line = lines.peek()
    if line is None:
        return [], []
    spoken, subtitles = line, ""
    found = _SUBTITLES.match(line)
    if found:
        spoken, subtitles = found["spoken"] or "", found["subtitles"]
        if not _is_language_list(subtitles) or (spoken and not _is_language_list(spoken)):
            raise lines.error("cannot read the languages and subtitles on this line")
    elif not _is_language_list(line):
        return [], []
    lines.at += 1
    return (
        _LIST_SPLIT.split(spoken) if spoken else [],
        _LIST_SPLIT.split(subtitles) if subtitles else [],
    )


def _is_language_list(text: str) -> bool:
    """Names of one to three capitalised words, joined by `,` or `and` (rule 7)."""
    for name in _LIST_SPLIT.split(text):
        words = name.split(" ")
        if not 1 <= len(words) <= 3:
            return False
        if not all(_WORD.match(word) and word[0].isupper() for word in words):
            return False
    return True


_UNCLEAR_REVIEW = "cannot tell whether this is a review paragraph or a publication heading"


def _review_and_quotes(rest: list[Block], name: str) -> tuple[list[Block], list[Any]]:
    """Rule 9: the review paragraphs, then heading and quote pairs."""

    def error(block: Block, message: str) -> ListingError:
        return ListingError(f"{name}:{block.number}: {message}")

    shapes = [shape(block) for block in rest]
    at = 0
    while at < len(rest) and shapes[at] == "paragraph":
        at += 1
    review: list[Block] = rest[:at]
    quotes: list[dict[str, Any]] = []
    if at < len(rest) and (
        shapes[at] == "unclear"
        or at + 1 == len(rest)
        or (shapes[at + 1] == "heading" and at + 2 < len(rest) and shapes[at + 2] != "heading")
    ):
        raise error(rest[at], _UNCLEAR_REVIEW)
    while at < len(rest):
        heading = rest[at]
        if shapes[at] == "paragraph":
            source = quotes[-1]["publication"]
            raise error(
                heading,
                f"cannot tell whether this paragraph belongs to the quote from {source} "
                "above or lacks its publication heading",
            )
        if shapes[at] == "unclear":
            raise error(heading, "cannot tell whether this is a quote or a publication heading")
        if at + 1 == len(rest):
            raise error(heading, "a publication heading with no quote after it")
        if shapes[at + 1] == "heading" and at + 2 < len(rest) and shapes[at + 2] != "heading":
            raise error(
                rest[at + 1], "cannot tell whether this is a quote or a publication heading"
            )
        quotes.append(_quote(heading, rest[at + 1], error))
        at += 2
    return review, quotes


def _quote(heading: Block, paragraph: Block, error: Any) -> dict[str, Any]:
    """One quote from its heading (`Publication [Region]`) and paragraph."""
    line = heading.lines[0]
    found = _REGION.match(line)
    quote: dict[str, Any] = {"publication": line}
    if found:
        if not found["region"].strip():
            raise error(heading, "an empty [region] after the publication's name")
        quote.update(publication=found["publication"], region=found["region"].strip())
    elif re.fullmatch(r"\[[^\[\]]*\]", line):
        raise error(heading, "a [region] with no publication before it")
    quote["text"] = paragraph.text
    return quote


def import_listing(
    data: bytes,
    *,
    title: str,
    name: str = "LISTING",
    year: int | None = None,
    rating_system: str | None = None,
) -> tuple[dict[str, Any], str]:
    """The record a listing describes and its TOML text, checked by the strict loader."""
    if not title.strip():
        raise ListingError(f"{name}: the listing does not name the film; give --title TITLE")
    text = decode(data, name)
    record = parse(text, title=title, name=name, year=year, rating_system=rating_system)
    toml = dumps(record, COMMENTS)
    try:
        loads(toml.encode(), name=name)
    except RecordError as problem:
        raise ListingError(f"the record imported from {problem}") from None
    return record, toml


COMMENTS = {
    "": "filmtui record imported from a film listing by `filmtui import`.\n"
    "Text is verbatim from the listing; no-break spaces are written \\u00A0.",
    "official_site": "The listing shows only the label of its official site; no URL.",
    "listing_review": "The listing's own review, attributed to no publication.",
    "quotes": "Critic quotes: on the listing each publication is a heading before its quote.",
}


def slug(title: str, year: int | None = None) -> str:
    """A file name stem for a record: `paris-2008` (letters of any script are kept)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", title)
    plain = "".join(char for char in plain if not unicodedata.combining(char)).casefold()
    stem = re.sub(r"[\W_]+", "-", plain).strip("-") or "film"
    return f"{stem}-{year}" if year is not None else stem
