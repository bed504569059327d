"""Xcode String Catalogs (`.xcstrings`, Xcode 15+), read as Xcode builds them into an app.

A JSON document; only the source language (`sourceLanguage`) is read, other
languages are translations. Each entry of `strings` is the key the code asks
for; its source `stringUnit` value is the text, or the key itself when the
source language has none (Xcode's default). Variations become keys: plural
forms `KEY[one]`, `KEY[other]`; devices `KEY[iphone]`, `KEY[mac]` (a device's
plural forms `KEY[iphone][one]`); a substitution's plural forms
`KEY[count:one]`. `comment` is the note; `shouldTranslate: false` entries are
not strings. The line is the key's own line in the catalog.
"""

from __future__ import annotations

from typing import Any

from smartling_context.strings.formats.common import SourceString, StringsFileError, decode_utf8
from smartling_context.strings.formats.jsonfile import load_text, path_lines


def is_catalog(document: Any) -> bool:
    """Whether a parsed JSON document is a String Catalog."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("sourceLanguage"), str)
        and isinstance(document.get("strings"), dict)
    )


def _units(localization: Any, key: str, path: str) -> list[tuple[str, str, str]]:
    """(key, text, JSON path) of a localization's string unit and its variations."""
    if not isinstance(localization, dict):
        return []
    found: list[tuple[str, str, str]] = []
    unit = localization.get("stringUnit")
    if isinstance(unit, dict) and isinstance(unit.get("value"), str):
        found.append((key, unit["value"], path))
    variations = localization.get("variations")
    if isinstance(variations, dict):
        for kind, forms in variations.items():
            if not isinstance(forms, dict):
                continue
            for form, variant in forms.items():
                at = f"{path}.variations.{kind}.{form}"
                found += _units(variant, f"{key}[{form}]", at)
    substitutions = localization.get("substitutions")
    if isinstance(substitutions, dict):
        for name, substitution in substitutions.items():
            forms = substitution.get("variations") if isinstance(substitution, dict) else None
            for kind, variants in forms.items() if isinstance(forms, dict) else ():
                for form, variant in variants.items() if isinstance(variants, dict) else ():
                    at = f"{path}.substitutions.{name}.variations.{kind}.{form}"
                    found += _units(variant, f"{key}[{name}:{form}]", at)
    return found


def read(content: bytes) -> list[SourceString]:
    """Every source-language string of a String Catalog, in file order."""
    text = decode_utf8(content)
    document = load_text(text)
    if not is_catalog(document):
        raise StringsFileError(
            "not a String Catalog: expected a JSON object with `sourceLanguage` and `strings`", 1
        )
    source = document["sourceLanguage"]
    lines = path_lines(text)
    strings: list[SourceString] = []
    for key, entry in document["strings"].items():
        if not isinstance(entry, dict) or entry.get("shouldTranslate") is False:
            continue
        note = entry.get("comment") if isinstance(entry.get("comment"), str) else ""
        path = f"strings.{key}"
        localizations = entry.get("localizations")
        localization = localizations.get(source) if isinstance(localizations, dict) else None
        units = _units(localization, key, f"{path}.localizations.{source}")
        if not units:
            units = [(key, key, path)]  # no source text: Xcode shows the key
        strings += [
            SourceString(
                unit_key, value, note or "", None, lines.get(path if unit_key == key else at, 0)
            )
            for unit_key, value, at in units
        ]
    return strings
