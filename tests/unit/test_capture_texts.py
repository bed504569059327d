"""Capture's text rules: placeholders match what the page shows, and who gets which place."""

from __future__ import annotations

import re

import pytest

from smartling_context.capture.texts import text_pattern
from smartling_context.manifest.placeholders import PRESETS


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{count} hotels found", "12 hotels found"),
        ("%d nights", "3 nights"),
        ("%1$s of %2$s", "1 of 5"),
        ("%@ booked", "Ann booked"),
        ("%(name)s booked", "Ann booked"),
        ("%.2f EUR", "12.50 EUR"),
        ("Hello {{ name }}!", "Hello Ann!"),
        ("{count, number} rooms", "1,200 rooms"),
        ("{n, plural, one {# hotel} other {# hotels}}", "4 hotels"),
        ("{n, plural, =0 {No hotels} one {# hotel} other {# hotels}}", "No hotels"),
        ("{g, select, male {He} female {She} other {They}} booked", "She booked"),
        ("Only <b>{n}</b>   rooms\nleft", "Only 3 rooms left"),
        ("Rock &amp; roll", "Rock & roll"),
        ("Save [name]", "Save draft"),
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
        ("{count} items", "Showing 5 items"),  # a placeholder is one word-run
        ("of {{limit}}", "Order of priority"),
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


@pytest.mark.parametrize(
    ("preset", "text", "shown", "placeholders"),
    [
        ("i18next", "Hello {{name}}, $t(app.name) waits", "Hello Ann, Hotels waits", 2),
        ("icu", "{count, number} rooms in {city}", "1,200 rooms in Lisbon", 2),
    ],
)
def test_presets_are_what_capture_and_smartling_both_use(
    preset: str, text: str, shown: str, placeholders: int
) -> None:
    custom = re.compile(PRESETS[preset].custom)
    assert len(custom.findall(text)) == placeholders
    pattern = text_pattern(text, custom)
    assert pattern is not None
    assert pattern.whole.fullmatch(shown)
    # ICU plural messages stay text for Smartling: the preset does not take them whole.
    assert not re.fullmatch(PRESETS["icu"].custom, "{n, plural, one {# room} other {# rooms}}")


def test_a_preset_is_sent_to_smartling_as_none_plus_its_regex() -> None:
    from smartling_context.manifest.model import manifest_from_data

    data = {
        "version": 1,
        "strings": [
            {"files": "a.json", "placeholders": {"format": "i18next"}},
            {"files": "b.json", "placeholders": {"format": "icu", "custom": r"\[.+?\]"}},
            {"files": "c.po", "placeholders": {"format": "python"}},
        ],
    }
    entries = manifest_from_data(data, ".smartling/context.yml").entries
    settings = [(e.settings.placeholder_format, e.settings.placeholder_custom) for e in entries]
    assert settings == [
        ("none", PRESETS["i18next"].custom),
        ("none", f"(?:{PRESETS['icu'].custom})|(?:\\[.+?\\])"),
        ("python", None),
    ]
