"""Capture's text rules: placeholders match what the page shows, and who gets which place."""

from __future__ import annotations

import re

import pytest

from smartling_context.capture.matching import (
    CssBox,
    StringRef,
    TextRun,
    find_spans,
    resolve,
)
from smartling_context.capture.texts import text_pattern


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{count} hotels found", "12 hotels found"),
        ("%d nights", "3 nights"),
        ("%1$s of %2$s", "1 of 5"),
        ("%@ booked", "Ann booked"),
        ("%(name)s booked", "Ann booked"),
        ("%.2f EUR", "12.50 EUR"),
        ("Hello {{ name }}!", "Hello Ann Lee!"),
        ("{count, number} rooms", "1,200 rooms"),
        ("{n, plural, one {# hotel} other {# hotels}}", "4 hotels"),
        ("{n, plural, =0 {No hotels} one {# hotel} other {# hotels}}", "No hotels"),
        ("{g, select, male {He} female {She} other {They}} booked", "She booked"),
        ("Only <b>{n}</b>   rooms\nleft", "Only 3 rooms left"),
        ("Rock &amp; roll", "Rock & roll"),
        ("Save [name]", "Save the draft"),
    ],
)
def test_placeholders_match_whatever_the_page_shows(text: str, shown: str) -> None:
    pattern = text_pattern(text, re.compile(r"\[.+?\]"))
    assert pattern is not None
    assert pattern.whole.fullmatch(shown)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{count} hotels found", "12 hotels"),
        ("%d nights", "3 night"),
        ("{n, plural, one {# hotel} other {# hotels}}", "4 rooms"),
        ("50% off", "50 stuff"),  # a `%` before a space is no placeholder
        ("Search", "search"),  # exact: case counts
        ("Back", "Go back"),
    ],
)
def test_literal_text_must_match_exactly(text: str, shown: str) -> None:
    pattern = text_pattern(text)
    assert pattern is not None
    assert not pattern.whole.fullmatch(shown)


def test_plain_text_strings_keep_their_tags_as_text() -> None:
    pattern = text_pattern("Use <b> for bold", markup=False)
    assert pattern is not None
    assert pattern.whole.fullmatch("Use <b> for bold")


def test_a_string_of_placeholders_only_is_not_looked_for() -> None:
    assert text_pattern("{count}") is None
    assert text_pattern(" %d ") is None


def refs(*keys: str) -> list[StringRef]:
    return [StringRef("app.json", key) for key in keys]


def box(top: float) -> CssBox:
    return CssBox(10, top, 50, top + 20)


def test_a_whole_element_wins_over_text_inside_a_longer_one() -> None:
    search, title = refs("search", "title")
    patterns = {search: text_pattern("Search"), title: text_pattern("Search results for {city}")}
    runs = [TextRun("Search results for Paris"), TextRun("Search")]
    spans = find_spans(patterns, runs)
    assert spans == {search: [(1, 0, 6)], title: [(0, 0, 24)]}


def test_a_string_inside_a_sentence_is_found_at_word_edges_only() -> None:
    (terms,) = refs("terms")
    sentence = TextRun("By going on you agree to the Terms.")
    assert find_spans({terms: text_pattern("Terms")}, [sentence]) == {terms: [(0, 29, 34)]}
    assert find_spans({terms: text_pattern("Terms")}, [TextRun("See the TermsOfUse")]) == {
        terms: []
    }


def test_the_whole_text_of_a_link_in_a_sentence_counts_as_whole() -> None:
    back, search = refs("back", "search")
    patterns = {back: text_pattern("Back"), search: text_pattern("Search")}
    nav = TextRun("Back | Search", segments=((0, 4), (7, 13)))
    spans = find_spans(patterns, [nav, TextRun("Back")])
    assert spans == {back: [(0, 0, 4), (1, 0, 4)], search: [(0, 7, 13)]}


def test_outcome_boxed_ambiguous_hidden_not_found() -> None:
    title, button, nav, empty, gone, count = refs(
        "title", "button", "nav", "empty", "gone", "count"
    )
    patterns = {
        title: text_pattern("Find a hotel"),
        button: text_pattern("Search"),
        nav: text_pattern("Search"),
        empty: text_pattern("Nothing here"),
        gone: text_pattern("Not on this page"),
        count: text_pattern("{n}"),
    }
    runs = [TextRun(text) for text in ("Find a hotel", "Search", "Nothing here", "Find a hotel")]
    spans = find_spans(patterns, runs)
    measured = {
        (0, 0, 12): box(0),
        (1, 0, 6): box(40),
        (2, 0, 12): "hidden by CSS",
        (3, 0, 12): box(80),
    }
    outcome = resolve(patterns, spans, measured)
    assert [(b.string.key, b.box.top, b.note) for b in outcome.boxed] == [
        ("title", 0, "shown 2 times; boxed the first")
    ]
    assert outcome.ambiguous == {button: (nav,), nav: (button,)}
    assert outcome.hidden == {empty: "hidden by CSS"}
    assert outcome.not_found == [gone]
    assert outcome.placeholders_only == [count]


def test_a_hidden_first_place_gives_way_to_the_first_visible_one() -> None:
    (title,) = refs("title")
    patterns = {title: text_pattern("Find a hotel")}
    spans = find_spans(patterns, [TextRun("Find a hotel"), TextRun("Find a hotel")])
    outcome = resolve(patterns, spans, {(0, 0, 12): "zero size", (1, 0, 12): box(30)})
    assert [(b.box.top, b.note) for b in outcome.boxed] == [(30, "")]
