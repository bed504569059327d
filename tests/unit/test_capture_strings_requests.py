"""Which of a page's requests capture answers with a marked strings file (marker mode)."""

from __future__ import annotations

import json

from smartling_context.capture.strings_requests import MarkedStrings, StringsFile

TEXTS = {"title": "Your basket", "items_one": "{{count}} item"}
FILES = [
    StringsFile("locales/en/translation.json", "json", TEXTS),
    StringsFile("config/locales/en.yml", "yaml", {"en.title": "Your basket"}),
]


def test_a_strings_file_is_known_by_its_name_with_or_without_a_build_hash() -> None:
    served = MarkedStrings(FILES)
    assert served.wants("http://127.0.0.1:3000/locales/en/translation.json")
    assert served.wants("http://127.0.0.1:3000/static/translation.3f2a9c01.json?v=2")
    assert served.wants("http://127.0.0.1:3000/i18n/EN.YML")
    assert not served.wants("http://127.0.0.1:3000/app.js")
    assert not served.wants("http://127.0.0.1:3000/translation.json.map")
    assert not served.wants("http://127.0.0.1:3000/translations.json")


def test_and_by_its_strings_a_minified_copy_counts_another_file_does_not() -> None:
    served = MarkedStrings(FILES)
    url = "http://127.0.0.1/locales/en/translation.json"
    minified = json.dumps(TEXTS, separators=(",", ":")).encode()
    assert served.recognise(url, minified) == FILES[0]
    assert served.recognise("http://127.0.0.1/other.json", minified) is None
    assert served.recognise(url, json.dumps({"title": "Your basket"}).encode()) is None
    assert served.recognise(url, json.dumps(TEXTS | {"extra": "More"}).encode()) is None
    assert served.recognise(url, b"<html>not found</html>") is None
