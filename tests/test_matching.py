"""The shared matcher: accents, spaces, scopes, phrases, spans, and no query that raises."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, example, given
from hypothesis import strategies as st
from strategies import quotes

from filmtui.folding import fold, fold_with_offsets
from filmtui.highlight import highlight_spans, match_quotes
from filmtui.matching import SCOPES, QuoteIndex, parse_query
from filmtui.model import Film, Quote

QUOTES = [
    Quote(publication="Le Monde", region="France", text="Cédric Klapisch: c'est trés bon."),
    Quote(
        publication="Variety",
        critic="Jay Weissberg",
        region="USA",
        text="Gallic helmer\u00a0Cedric Klapisch",
    ),
    Quote(
        publication="Urban Cinefile", region="Australia", text="A rich and satisfying indulgence"
    ),
]


def indices(query: str) -> list[int]:
    """Indices of QUOTES matching `query`."""
    return [match.index for match in match_quotes(QUOTES, query)]


def test_case_and_accents_do_not_matter() -> None:
    """ "cedric" finds "Cédric", "tres" finds "trés", and accents in the query fold too."""
    assert indices("cedric") == [0, 1]
    assert indices("TRES") == [0]
    assert indices("trés") == [0]
    assert indices("CÉDRIC klapisch") == [0, 1]


def test_any_space_matches_any_other() -> None:
    """A no-break space in the text matches a plain space in a phrase, and vice versa."""
    assert indices('"helmer cedric"') == [1]
    assert indices('"helmer\u00a0cedric"') == [1]


def test_every_word_must_match_in_any_order() -> None:
    """Words are ANDed and order-free."""
    assert indices("klapisch gallic") == [1]
    assert indices("gallic klapisch") == [1]
    assert indices("gallic indulgence") == []


def test_phrases_keep_word_order() -> None:
    """A quoted phrase must appear as written."""
    assert indices('"satisfying indulgence"') == [2]
    assert indices('"indulgence satisfying"') == []


def test_scopes() -> None:
    """`source:` and `region:` look only at their field; `text:` only at the quote."""
    assert indices("source:variety") == [1]
    assert indices("publication:variety") == [1]
    assert indices("region:usa") == [1]
    assert indices("region:france cedric") == [0]
    assert indices("text:variety") == []
    assert indices('source:"urban cine"') == [2]
    assert indices("SOURCE:VARIETY") == [1]


def test_the_critic_is_searched_by_scope_and_by_bare_words() -> None:
    """`critic:` looks only at the critic; a bare word matches the critic as it matches
    the publication; the critic's match is highlighted."""
    assert indices("critic:weissberg") == [1]
    assert indices('critic:"jay weiss"') == [1]
    assert indices("weissberg") == [1]
    assert indices("critic:variety") == []
    assert indices("text:weissberg") == []
    [match] = match_quotes(QUOTES, "weiss")
    assert [QUOTES[1].critic[a:b] for a, b in match.spans["critic"]] == ["Weiss"]  # type: ignore[index]


def test_negated_terms_must_not_match() -> None:
    """`-term` keeps the quotes that lack it, for a word, a phrase and every scope; a
    query of only negations keeps every quote that lacks them all."""
    assert indices("-variety") == [0, 2]
    assert indices("-source:variety") == [0, 2]
    assert indices("-publication:VARIETY") == [0, 2]
    assert indices("cedric -source:variety") == [0]
    assert indices('-"satisfying indulgence"') == [0, 1]
    assert indices('-"indulgence satisfying"') == [0, 1, 2]
    assert indices("-critic:weissberg") == [0, 2]
    assert indices("-weissberg") == [0, 2]  # a bare word looks at the critic too
    assert indices("-region:usa -region:france") == [2]
    assert indices("-text:klapisch") == [2]
    assert indices("-text:variety") == [0, 1, 2]
    assert indices("-cedric -rich") == []


def test_a_dash_alone_is_a_negation_being_typed() -> None:
    """`-` and `--` (half-typed negations) change nothing; a hyphen is found as a phrase,
    and a dash inside a word is part of it."""
    assert indices("-") == [0, 1, 2]
    assert indices("--") == [0, 1, 2]
    assert indices("cedric -") == [0, 1]
    assert match_quotes([Quote(publication="p", text="a-b c")], '"-"') != []
    assert match_quotes([Quote(publication="p", text="a-b c")], "a-b") != []
    assert match_quotes([Quote(publication="p", text="a-b c")], "-a-b") == []


def test_negated_terms_are_never_highlighted() -> None:
    """Only the terms that must occur light up; a quote matched by negations alone has
    nothing to highlight."""
    [match] = match_quotes(QUOTES, "cedric -source:variety -weissberg")
    assert set(match.spans) == {"text"}
    assert match.spans["text"] == [(0, 6)]
    assert all(match.spans == {} for match in match_quotes(QUOTES, "-variety"))
    assert highlight_spans(QUOTES[1], "-helmer") == {}


def test_unfinished_and_unknown_scopes() -> None:
    """A scope still being typed matches everything; an unknown one is a literal word."""
    assert indices("source:") == [0, 1, 2]
    assert indices("http://x") == []
    assert indices("klapisch:") == [0]  # the colon is part of the word


def test_empty_query_matches_all() -> None:
    """Nothing typed, or only spaces and quotes, keeps every quote."""
    assert indices("") == [0, 1, 2]
    assert indices('  "" ') == [0, 1, 2]


def test_spans_point_into_the_original_text() -> None:
    """Highlight spans cover the original characters, accents included."""
    [match] = match_quotes(QUOTES, "cedric tres source:monde")
    text = QUOTES[0].text
    assert [text[a:b] for a, b in match.spans["text"]] == ["Cédric", "trés"]
    assert [QUOTES[0].publication[a:b] for a, b in match.spans["publication"]] == ["Monde"]


def test_spans_with_decomposed_accents_and_ligatures() -> None:
    """A combining accent stays inside the highlight; a ligature maps to its one character."""
    quote = Quote(publication="p", text="Ce\u0301dric \ufb01ne")
    spans = highlight_spans(quote, "cedric fine")["text"]
    assert [quote.text[a:b] for a, b in spans] == ["Ce\u0301dric", "\ufb01ne"]


def test_overlapping_spans_merge() -> None:
    """Overlapping terms give one span."""
    assert highlight_spans(QUOTES[2], "rich ric")["text"] == [(2, 6)]


def test_fold() -> None:
    """Folding lowers, strips accents and makes every space a plain space."""
    assert fold("Cédric\u00a0TRÉS\tß") == "cedric tres ss"


def test_index_narrows_from_the_previous_result() -> None:
    """A longer query reuses the previous matches and still gives the right answer."""
    index = QuoteIndex(QUOTES)
    assert index.search("k") == [0, 1]
    assert index.search("kl") == [0, 1]
    assert index.search("kl gallic") == [1]
    assert index.search("k") == [0, 1]  # widening again searches everything


def test_query_narrowing_rules() -> None:
    """A query narrows another only when its matches must be a subset."""
    assert parse_query("helmer").narrows(parse_query("helm"))
    assert parse_query("source:variety").narrows(parse_query("variety"))
    assert not parse_query("variety").narrows(parse_query("source:variety"))
    assert parse_query('"comfort zone"').narrows(parse_query("zone"))
    assert not parse_query("comfort zone").narrows(parse_query('"comfort zone"'))


def test_narrowing_with_negations() -> None:
    """Lacking a longer word is a weaker condition than lacking its part: `-va` does not
    narrow `-v`, `-v` narrows `-va`, and the index's reuse of results stays right."""
    assert parse_query("-v").narrows(parse_query("-va"))
    assert not parse_query("-va").narrows(parse_query("-v"))
    assert not parse_query("variety").narrows(parse_query("-variety"))
    assert not parse_query("-variety").narrows(parse_query("variety"))
    assert parse_query("-source:v").narrows(parse_query("-source:va"))
    assert not parse_query("-source:v").narrows(parse_query("-va"))
    index = QuoteIndex(QUOTES)
    assert index.search("-ga") == [0, 2]
    assert index.search("-g") == [0]  # narrows: only [0, 2] is checked
    assert index.search("-ga") == [0, 2]  # widening again searches everything
    assert index.search("-gallic -rich") == [0]


def test_cancelled_search_returns_none() -> None:
    """A search whose caller has moved on stops and says so."""
    assert QuoteIndex(QUOTES).search("klapisch", cancelled=lambda: True) is None


@given(st.text())
def test_no_query_raises(query: str) -> None:
    """Any string at all is a valid query."""
    matches = match_quotes(QUOTES, query)
    for match in matches:
        quote = QUOTES[match.index]
        for field, spans in match.spans.items():
            value = getattr(quote, field)
            assert all(0 <= a < b <= len(value) for a, b in spans)


@example(text="source:x")
@given(st.text(min_size=1))
def test_a_word_from_the_text_always_finds_its_quote(text: str) -> None:
    """Any non-space run of a quote's own text finds that quote as a `text:` phrase; typed
    bare too, unless it reads as a scope (`source:x` searches the publication) or a
    negation; and negated, it never finds it."""
    quote = Quote(publication="p", text=text)
    for word in text.split():
        if '"' not in word:
            assert match_quotes([quote], f'text:"{word}"') != [], word
        if ":" not in word and '"' not in word and not word.startswith("-"):
            assert match_quotes([quote], word) != [], word
        if '"' not in word and fold(word).split():
            assert match_quotes([quote], f'-text:"{word}"') == [], word
    if text == "source:x":
        assert match_quotes([quote], "source:x") == []


def test_the_bundled_record_finds_variety_by_helm(film: Film) -> None:
    """The README's example: `/helm` finds Variety's quote."""
    [match] = match_quotes(film.quotes, "helm")
    assert film.quotes[match.index].publication == "Variety"


def test_a_search_during_the_background_fold_folds_only_once(monkeypatch: Any) -> None:
    """The browser folds in a worker; a keystroke meanwhile waits for that fold."""
    import threading
    import time

    import filmtui.matching as matching

    calls: list[str] = []
    real_fold = fold  # what matching.fold is

    def slow_fold(text: str) -> str:
        calls.append(text)
        time.sleep(0.001)
        return real_fold(text)

    monkeypatch.setattr(matching, "fold", slow_fold)
    index = QuoteIndex(QUOTES * 20)
    builder = threading.Thread(target=index.build)
    builder.start()
    assert index.search("klapisch") == [i for i in range(60) if i % 3 in (0, 1)]
    builder.join()
    texts_folded = [text for text in calls if text in {q.text for q in QUOTES}]
    assert len(texts_folded) == 60  # each quote's text once, not twice


@given(st.text())
@example("Cédric\u00a0KLAPISCH\tße\u0301\u2028ǅ İ ﬁ x")
@example("Ça\u00a0VA\x85 ß µ ¨ ª ¼ ÿ\tÉ")
def test_fold_is_the_per_character_fold(text: str) -> None:
    """However text mixes ASCII and other characters, fold equals folding each character
    on its own (what the highlight's offsets rely on)."""
    assert fold(text) == fold_with_offsets(text)[0]


SCOPE_WORDS = st.sampled_from(["", "source:", "publication:", "critic:", "region:", "text:"])
#: Words that fold to themselves (so a parsed term's needle is the word as written).
PLAIN_WORDS = st.text(st.sampled_from("abcxyz019'.,é"), min_size=1, max_size=8).filter(
    lambda word: fold(word) == word and not word.startswith("-")
)


@given(
    st.lists(
        st.tuples(st.booleans(), SCOPE_WORDS, st.lists(PLAIN_WORDS, min_size=1, max_size=3)),
        max_size=4,
    )
)
def test_parse_round_trip(parts: list[tuple[bool, str, list[str]]]) -> None:
    """A query written from terms (negated or not, scoped or not, a word or a phrase)
    parses back into those terms, in order."""
    text = " ".join(
        f"{'-' if negated else ''}{scope}"
        + (words[0] if len(words) == 1 else f'"{" ".join(words)}"')
        for negated, scope, words in parts
    )
    terms = parse_query(text).terms
    assert [(t.negated, t.field, t.needle, t.phrase) for t in terms] == [
        (negated, SCOPES[scope[:-1]] if scope else None, " ".join(words), len(words) > 1)
        for negated, scope, words in parts
    ], text


@given(st.lists(quotes, min_size=1, max_size=6), st.data())
def test_a_negated_term_keeps_exactly_the_quotes_the_term_does_not(
    some: list[Quote], data: st.DataObject
) -> None:
    """For a term drawn from the quotes' own text (scoped or not), `-term` matches the
    complement of what `term` matches; next to another term, it takes its matches away."""
    quote = data.draw(st.sampled_from(some))
    field = data.draw(st.sampled_from(["text", "publication"]))
    value = getattr(quote, field)
    start = data.draw(st.integers(0, len(value) - 1))
    piece = value[start : start + data.draw(st.integers(1, 6))].replace('"', "")
    assume(fold(piece).split())  # else the term is empty: both queries keep every quote
    scope = data.draw(SCOPE_WORDS)
    term = f'{scope}"{piece}"'
    found = {match.index for match in match_quotes(some, term)}
    lacking = {match.index for match in match_quotes(some, f"-{term}")}
    assert found | lacking == set(range(len(some))) and not found & lacking, term
    other = data.draw(st.sampled_from(["e", "a", "-x", "source:b"]))
    both = {match.index for match in match_quotes(some, f"{other} -{term}")}
    assert both == {match.index for match in match_quotes(some, other)} - found
