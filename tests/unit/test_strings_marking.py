"""Marked strings files: read back by the project's own readers, each text in its key's markers."""

from __future__ import annotations

import json

import pytest

from smartling_context.strings import markers
from smartling_context.strings.formats import StringsFileError, read_strings
from smartling_context.strings.marking import mark_file


def assert_marked(original: bytes, fmt: str, path: str) -> bytes:
    """The marked file, checked: the reader gives the same keys, each text in its markers."""
    result = mark_file(original, fmt, path)
    before = read_strings(original, fmt)
    after = read_strings(result, fmt)
    assert [s.key for s in after] == [s.key for s in before]
    for old, new in zip(before, after, strict=True):
        assert new.text == markers.mark(old.text, path, old.key), old.key
        assert new.note == old.note
    assert all(markers.has_marker(s.text) for s in after)
    return result


I18NEXT = """{
    "nav": {
        "home": "Home",
        "settings": "Settings"
    },
    "dialog": {"confirm": "OK", "cancel": "Cancel"},
    "toast": {"dismiss": "OK"},
    "item_one": "{{count}} item",
    "item_other": "{{count}} items",
    "empty": "",
    "count": 3,
    "flags": [true, null, "Über"]
}
"""


def test_i18next_json_keeps_keys_order_indentation_and_newline() -> None:
    result = assert_marked(I18NEXT.encode(), "json", "locales/en/app.json").decode()
    lines = result.splitlines()
    assert lines[1] == '    "nav": {'  # four-space indentation kept
    assert lines[2].startswith('        "home": "\U000e0001')
    assert result.endswith("}\n") and not result.endswith("\n\n")
    assert list(json.loads(result)) == list(json.loads(I18NEXT))
    parsed = json.loads(result)
    assert parsed["empty"] == "" and parsed["count"] == 3 and parsed["flags"][:2] == [True, None]
    assert "Über" in result  # UTF-8 stays UTF-8


def test_two_keys_sharing_a_text_get_different_markers() -> None:
    result = json.loads(mark_file(I18NEXT.encode(), "json", "app.json"))
    assert markers.strip_markers(result["dialog"]["confirm"]) == "OK"
    assert result["dialog"]["confirm"] != result["toast"]["dismiss"]


def test_flat_formatjs_file_on_one_line_stays_on_one_line() -> None:
    original = '{"app.greeting":"Hello, {name}!","app.items":"{count, plural, one {# item} other {# items}}"}'
    result = assert_marked(original.encode(), "json", "lang/en.json")
    assert b"\n" not in result and b'":"' in result


def test_tabs_bom_and_escaped_file_keep_their_style() -> None:
    original = b'\xef\xbb\xbf{\n\t"a": "caf\\u00e9",\n\t"b": "plain"\n}'
    result = assert_marked(original, "json", "x.json")
    assert result.startswith(b'\xef\xbb\xbf{\n\t"a": ')
    assert result[3:].isascii()  # markers escaped as the file escapes non-ASCII text
    assert b"\\udb40\\udc01" in result
    assert result.endswith(b"}")


def test_vue_i18n_nested_messages() -> None:
    original = json.dumps(
        {"message": {"hello": "hello {name}", "apple": "no apples | one apple | {count} apples"}},
        indent=2,
    )
    assert_marked(original.encode(), "json", "src/locales/en.json")


def test_arb_marks_messages_and_leaves_metadata() -> None:
    original = json.dumps(
        {
            "@@locale": "en",
            "helloWorld": "Hello World!",
            "@helloWorld": {"description": "The conventional newborn programmer greeting"},
            "nWombats": "{count, plural, =0{no wombats} =1{1 wombat} other{{count} wombats}}",
        },
        indent=2,
        ensure_ascii=False,
    )
    result = assert_marked(original.encode(), "arb", "lib/l10n/app_en.arb")
    parsed = json.loads(result)
    assert parsed["@@locale"] == "en"
    assert parsed["@helloWorld"] == {"description": "The conventional newborn programmer greeting"}


def test_marking_a_marked_file_changes_nothing() -> None:
    once = mark_file(I18NEXT.encode(), "json", "app.json")
    assert mark_file(once, "json", "app.json") == once


def test_the_marker_depends_on_the_file_path() -> None:
    a = json.loads(mark_file(b'{"k": "v"}', "json", "a.json"))["k"]
    b = json.loads(mark_file(b'{"k": "v"}', "json", "b.json"))["k"]
    assert a != b


def test_an_unreadable_file_is_the_readers_error() -> None:
    with pytest.raises(StringsFileError) as error:
        mark_file(b'{"a": }', "json", "broken.json")
    assert error.value.line == 1
    with pytest.raises(StringsFileError, match="no marking"):
        mark_file(b"x", "csv", "x.csv")
