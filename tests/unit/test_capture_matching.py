"""The matcher over page text documents written by hand: no browser, every rule."""

from __future__ import annotations

import json

import pytest

from smartling_context.capture.matching import Outcome, StringRef, match
from smartling_context.capture.page_document import (
    CssBox,
    MarkerSpan,
    PageDocument,
    Segment,
    TextRun,
)
from smartling_context.capture.texts import text_pattern
from smartling_context.strings.markers import marker_id, marker_table


def box(top: float) -> CssBox:
    return CssBox(10, top, 50, top + 20)


def page(*runs: TextRun, markers: tuple[MarkerSpan, ...] = ()) -> PageDocument:
    return PageDocument("http://127.0.0.1/", (800, 600), 1.0, (800, 600), runs, markers)


def run(text: str, top: float, *segments: tuple[int, int]) -> TextRun:
    return TextRun(text, box(top), None, tuple(Segment(s, e, box(top)) for s, e in segments))


def outcome_of(document: PageDocument, texts: dict[str, str], marked: bool = False) -> Outcome:
    patterns = {StringRef("app.json", key): text_pattern(text) for key, text in texts.items()}
    table = marker_table((r.file, r.key, r) for r in patterns) if marked else None
    return match(document, patterns, table)


def keys(refs: object) -> list[str]:
    return sorted(ref.key for ref in refs)  # type: ignore[attr-defined]


def test_the_five_false_matches_are_partial_only_never_boxed() -> None:
    document = page(
        run("Add/remove users for your protected topics", 0),
        run("Subscribe to topic", 30),
        run("Notifications are disabled", 60),
        run("Delete notifications", 90),
        run("Order of priority", 120),
    )
    texts = {
        "add": "Add",
        "subscribe": "Subscribe",
        "notifications": "Notifications",
        "delete": "Delete",
        "limit": "of {{limit}}",
    }
    outcome = outcome_of(document, texts)
    assert outcome.boxed == []
    assert outcome.partial == {
        StringRef("app.json", "add"): "Add/remove users for your protected topics",
        StringRef("app.json", "subscribe"): "Subscribe to topic",
        StringRef("app.json", "notifications"): "Notifications are disabled",
        StringRef("app.json", "delete"): "Delete notifications",
        StringRef("app.json", "limit"): "Order of priority",
    }


def test_a_placeholder_holds_one_word_or_a_whole_inline_element() -> None:
    document = page(
        run("Hello Ann Lee!", 0, (6, 13)),  # <b>Ann Lee</b>
        run("Showing 5 items", 30),
        run("Bye Ann Lee!", 60),
    )
    texts = {"hello": "Hello {{name}}!", "items": "{{count}} items", "bye": "Bye {{name}}!"}
    outcome = outcome_of(document, texts)
    assert [(b.string.key, b.box.top) for b in outcome.boxed] == [("hello", 0)]
    assert keys(outcome.partial) == ["items"]
    assert keys(outcome.not_found) == ["bye"]


def test_the_whole_text_of_a_link_in_a_sentence_counts_as_whole() -> None:
    document = page(run("Back | Search", 0, (0, 4), (7, 13)), run("Search results for Paris", 40))
    outcome = outcome_of(document, {"back": "Back", "search": "Search"})
    assert [b.string.key for b in outcome.boxed] == ["back", "search"]


def test_ambiguous_hidden_outside_not_found_placeholders_only() -> None:
    document = page(
        run("Find a hotel", 0),
        run("Search", 40),
        TextRun("Nothing here", None, "hidden by CSS"),
        run("Find a hotel", 80),
        run("Terms", 900),
    )
    texts = {
        "title": "Find a hotel",
        "button": "Search",
        "nav": "Search",
        "empty": "Nothing here",
        "terms": "Terms",
        "gone": "Not on this page",
        "count": "{n}",
    }
    outcome = outcome_of(document, texts)
    assert [(b.string.key, b.box.top, b.note) for b in outcome.boxed] == [
        ("title", 0, "shown 2 times; boxed the first")
    ]
    assert {k.key: [o.key for o in v] for k, v in outcome.ambiguous.items()} == {
        "button": ["nav"],
        "nav": ["button"],
    }
    assert {k.key: v for k, v in outcome.hidden.items()} == {"empty": "hidden by CSS"}
    assert keys(outcome.outside) == ["terms"]
    assert keys(outcome.not_found) == ["gone"]
    assert keys(outcome.placeholders_only) == ["count"]


def marker(key: str, start: tuple[int, int], end: tuple[int, int], top: float) -> MarkerSpan:
    code = marker_id("app.json", key)
    return MarkerSpan("".join(chr(ord(c) - 0xE0000) for c in code), start, end, box(top))


def test_markers_tell_apart_keys_that_share_a_text_and_win_over_text() -> None:
    document = page(
        run("OK", 0),
        run("OK", 40),
        run("3 items", 80),
        run("OK", 120),  # unmarked: the only place left for a text match
        markers=(
            marker("confirm", (0, 0), (0, 2), 0),
            marker("dismiss", (1, 0), (1, 2), 40),
            marker("items_other", (2, 0), (2, 7), 80),
        ),
    )
    texts = {
        "confirm": "OK",
        "dismiss": "OK",
        "items_one": "{{count}} item",
        "items_other": "{{count}} items",
        "close": "OK",
    }
    outcome = outcome_of(document, texts, marked=True)
    assert [(b.string.key, b.box.top, b.by) for b in outcome.boxed] == [
        ("confirm", 0, "marker"),
        ("dismiss", 40, "marker"),
        ("items_other", 80, "marker"),
        ("close", 120, "text"),
    ]
    assert keys(outcome.not_found) == ["items_one"]


def test_the_document_round_trips_through_json_and_refuses_another_version() -> None:
    document = page(
        run("Back | Search", 0, (0, 4)),
        TextRun("Go", CssBox(1, 2, 3, 4), kind="control"),
        TextRun("gone", None, "zero size"),
        markers=(marker("confirm", (0, 0), (1, 2), 0),),
    )
    text = document.dumps()
    assert PageDocument.from_json(json.loads(text)) == document
    data = json.loads(text)
    assert data["format"] == "smartling-context/page-text"
    assert data["markers"][0]["start"] == [0, 0]
    with pytest.raises(ValueError, match="version 2; this version reads 1"):
        PageDocument.from_json(data | {"version": 2})
    with pytest.raises(ValueError, match="not a page text document"):
        PageDocument.from_json({"runs": []})


def test_text_inside_another_keys_marked_span_is_that_keys_never_partial() -> None:
    # "Sign up" is the app bar's (by its marker); the form's button, the link and the
    # "Sign" string show nowhere else: not partial, not found; those of the same whole
    # text name the key that shows it.
    document = page(
        run("Sign up", 0),
        run("Notifications are disabled", 40),
        run("Delete notifications now", 80),
        markers=(
            marker("bar_sign_up", (0, 0), (0, 7), 0),
            marker("alert_title", (1, 0), (1, 26), 40),
            marker("delete_title", (2, 0), (2, 20), 80),
        ),
    )
    texts = {
        "bar_sign_up": "Sign up",
        "alert_title": "Notifications are disabled",
        "delete_title": "Delete notifications",
        "form_sign_up": "Sign up",
        "sign": "Sign",
        "notifications": "Notifications",
        "now": "now",
        "delete_now": "notifications now",
    }
    outcome = outcome_of(document, texts, marked=True)
    assert [b.string.key for b in outcome.boxed] == ["bar_sign_up", "alert_title", "delete_title"]
    # Text outside every marked span still tells a partial match.
    assert {ref.key: seen for ref, seen in outcome.partial.items()} == {"now": "now"}
    assert keys(outcome.not_found) == ["delete_now", "form_sign_up", "notifications", "sign"]
    assert {ref.key: keys(others) for ref, others in outcome.same_text_shown.items()} == {
        "form_sign_up": ["bar_sign_up"]
    }
    # Without markers the same page reports them as before: shared text is ambiguous,
    # a text inside a longer one is partial.
    plain = outcome_of(document, texts)
    assert keys(plain.ambiguous) == ["bar_sign_up", "form_sign_up"]
    assert keys(plain.partial) == ["delete_now", "delete_title", "notifications", "now", "sign"]
    assert plain.same_text_shown == {}
