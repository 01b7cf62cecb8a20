"""Real films drawn right: what `o` opens, paging inside a long quote, a record with no
quotes, hanging indents, and bidi isolation (tests/data holds the records)."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from apptools import film_screen, record_links, screen_text, settle
from hypothesis import given
from hypothesis import strategies as st
from shelftools import shelf_app, wait_for_shelf
from textual.content import Content

from filmtui.app import FilmApp
from filmtui.export import export_json
from filmtui.loader import load
from filmtui.model import Quote
from filmtui.sanitize import FSI, PDI, REPLACEMENT, display_text, isolated
from filmtui.widgets.details import DetailsPanel, short_url
from filmtui.widgets.key_bar import KeyBar
from filmtui.widgets.paragraphs import wrap
from filmtui.widgets.quote_list import QuoteList

DATA = Path(__file__).parent / "data"
WIDE, NARROW = (120, 40), (60, 20)


def app_on(name: str) -> FilmApp:
    """The app on a record in tests/data."""
    return FilmApp(load(DATA / f"{name}.toml"), cursor_blink=False)


def key_bar(app: FilmApp) -> str:
    """The key bar's text."""
    return str(app.screen.query_one(KeyBar).render().plain)


async def test_o_opens_the_quotes_review_else_the_official_site() -> None:
    """On a quote with a review link, `o` opens it and the key bar says so; on one
    without, or in the details, `o` opens the official site."""
    app = app_on("amelie")
    site = app._film.official_site if app._film else None
    assert site is not None and site.url is not None
    opened = record_links(app)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "o Open review" in key_bar(app)
        await pilot.press("o")
        await pilot.press("j")
        await pilot.pause()
        assert "o Open site" in key_bar(app) and "Open review" not in key_bar(app)
        await pilot.press("o", "k", "tab")
        await pilot.pause()
        assert "o Open site" in key_bar(app)
        await pilot.press("o")
        await pilot.pause()
    assert opened == ["https://www.example.com/reviews/amelie", site.url, site.url]


async def test_page_down_inside_a_long_quote_keeps_it_current() -> None:
    """PgDn inside a quote taller than the panel scrolls within it and it stays the
    current quote; PgDn past its end makes the next quote current, and it is on screen."""
    app = app_on("satantango")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        quotes = film_screen(app).query_one(QuoteList)
        await pilot.press("j")
        for page in range(1, 4):
            await pilot.press("pagedown")
            await pilot.pause()
            assert quotes.current_quote == 1, page
            rows = screen_text(app).splitlines()
            assert any(row.startswith("▌ ") and "Sentence" in row for row in rows), page
        for _ in range(40):
            await pilot.press("pagedown")
        await pilot.pause()
        assert quotes.current_quote == 2
        assert "a short quote after the long" in screen_text(app)
        await pilot.press("pageup")
        await pilot.pause()
        assert quotes.current_quote == 1  # back inside the long one: it fills the page
        await pilot.press("g")
        await pilot.pause()
        quotes.scroll_to(y=30, animate=False)  # as the mouse wheel or the scrollbar would
        await pilot.pause()
        assert quotes.current_quote == 1  # the first quote left the view: the shown one


async def test_no_quotes_gives_the_details_the_room_and_the_focus() -> None:
    """At 60x20 a record without quotes focuses the details, which take the height;
    `No quotes` is indented like the quotes' text."""
    app = app_on("cleo")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, DetailsPanel)
        details = film_screen(app).query_one(DetailsPanel)
        assert details.size.height >= 14
        lines = screen_text(app).splitlines()
        assert "  No quotes" in [line.rstrip() for line in lines]
        assert "Cast" in screen_text(app)


async def test_credit_lines_hang_and_the_rating_system_stays_whole() -> None:
    """A wrapped credit continues under its text, not at the margin; `Fictional Test
    Board` is never split over two lines."""
    app = app_on("amelie")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await pilot.pause()
        text = screen_text(app)
        rows = text.splitlines()
        director = next(i for i, row in enumerate(rows) if "Jean-Pierre Jeunet" in row)
        assert rows[director].startswith("   Jean-Pierre Jeunet — known for")
        assert rows[director + 1].startswith("     ") and rows[director + 1][5] != " "
        assert "Fictional\u00a0Test\u00a0Board" in text


async def test_right_to_left_fields_are_isolated_on_every_line() -> None:
    """Each right-to-left field is between FSI and PDI on every row it is drawn on; a
    bidi control that comes in the record is still shown as a symbol."""
    film = load(DATA / "wadjda.toml")
    hostile = film.quotes[1].replace(text=f"\u2068{film.quotes[1].text} \u202e x")
    app = FilmApp(film.replace(quotes=[film.quotes[0], hostile]), cursor_blink=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        text = screen_text(app, isolates=True)
        assert f"{FSI}صحيفة الاختبار{PDI} ·\u00a0region:\u00a0UK" in text
        assert f"{FSI}{REPLACEMENT}זהו" in text and f"{REPLACEMENT} x{PDI}" in text
        for row in text.splitlines():
            assert row.count(FSI) == row.count(PDI), row
    assert FSI.encode() not in export_json(film)


def test_short_urls() -> None:
    """A link shows its host and an ellipsis; only http(s) addresses become links."""
    assert short_url("https://user:pw@www.example.com/a/very/long/path?q=1") == "www.example.com/…"
    assert short_url("https://example.com/") == "example.com"
    assert short_url("javascript:alert(1)") is None


@given(st.text(alphabet="ab \u00a0\u05d0", max_size=60), st.integers(8, 40))
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: int) -> None:
    """Wrapping never exceeds the width, keeps every word, and never breaks at a
    no-break space."""
    lines = wrap(Content(isolated(text)), width, indent=2, hang=2)
    assert all(line.cell_length <= width for line in lines)
    joined = "".join(line.plain for line in lines).replace(FSI, "").replace(PDI, "")
    # Only whitespace at a line's end is dropped (a word wider than a line is folded).
    assert "".join(joined.split()) == "".join(text.split())
    assert not any(line.plain.rstrip(PDI).endswith("\u00a0") for line in lines[:-1])


def test_isolation_only_where_it_matters() -> None:
    """Latin text is left as it is; right-to-left text is isolated."""
    assert isolated("Variety") == "Variety"
    assert isolated("עיתון") == f"{FSI}עיתון{PDI}"
    assert isolated("\u2068x") == f"{REPLACEMENT}x"  # a record's own mark stays visible


def test_quote_header_names_critic_and_labels_the_region() -> None:
    """`Sight and Sound [BFI]` cannot be mistaken for a region: the region is labelled."""
    from filmtui.widgets.quote_lines import attribution

    quote = Quote(publication="Sight and Sound [BFI]", critic="A. Critic", region="UK", text="t")
    header = attribution(quote, lambda field, text, style: Content(text))
    assert header.plain == "Sight and Sound [BFI] ·\u00a0A. Critic ·\u00a0region:\u00a0UK"


@pytest.mark.parametrize("web", [False, True], ids=["terminal", "web"])
async def test_e_is_labelled_for_what_it_does(
    web: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`e` reads "Export & quit" in a terminal and "Download" on a web page, in the film
    screen and in the shelf."""
    monkeypatch.setattr(FilmApp, "is_web", property(lambda app: web))
    label, other = ("e Download", "Export & quit") if web else ("e Export & quit", "Download")
    for app in (app_on("amelie"), shelf_app(tmp_path)):
        async with app.run_test(size=WIDE) as pilot:
            if app._shelf is not None:
                await wait_for_shelf(pilot)
            await settle(pilot)
            assert label in key_bar(app) and other not in key_bar(app), key_bar(app)


async def test_no_isolates_on_a_web_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's xterm.js has no bidi and draws an isolate as a blank cell: none there."""
    monkeypatch.setattr(FilmApp, "is_web", property(lambda app: True))
    app = app_on("wadjda")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app, isolates=True)
        assert "صحيفة الاختبار ·\u00a0region:\u00a0UK" in text and "وجدة" in text
        assert FSI not in text and PDI not in text


def test_every_right_to_left_character_is_isolated() -> None:
    """Any character of bidi class R, AL or AN that display keeps gets isolated."""
    right_to_left = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(code)) in ("R", "AL", "AN")
    ]
    assert len(right_to_left) > 1000
    for char in right_to_left:
        shown = display_text(char)
        assert isolated(char) == (shown if shown == REPLACEMENT else f"{FSI}{char}{PDI}")


async def test_one_remap_moves_every_variant_of_o() -> None:
    """`app.open` names all that `o` can do: remapped to `w`, `w` opens the review, then
    (in the details) the site; `o` does nothing any more."""
    app = app_on("amelie")
    opened = record_links(app)
    async with app.run_test(size=WIDE) as pilot:
        app.set_keymap({"app.open": "w"})
        await settle(pilot)
        await pilot.press("o", "w", "tab", "w")
        await pilot.pause()
        assert "w Open site" in key_bar(app)
    assert opened == ["https://www.example.com/reviews/amelie", opened[-1]]
    assert opened[-1].startswith("https://www.example.com/films/amelie/")


async def test_keys_can_be_asked_while_the_screen_is_torn_down() -> None:
    """The key bar asks what `o` does as the app quits, when the quote list is already
    gone and nothing has focus: that must not fail (it made `q` exit 1 under load)."""
    app = app_on("amelie")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = app.screen
        await screen.query_one("#main").remove()
        assert screen.focused is None
        assert screen.check_action("open_review", ()) is False
        assert screen.check_action("open_site", ()) is True
