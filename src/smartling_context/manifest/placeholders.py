"""Placeholder presets: named `placeholders.format` choices for the commonest web setups.

Smartling knows `none`, `c`, `ios`, `python`, `java`, `yaml`, `qt` and `resx`; the
web's own syntaxes need a custom regex (`placeholderFormatCustom`, a Java regular
expression). A preset is the pair sent to Smartling; capture reads the same pair
(`StringSettings`), so both recognise the same placeholders. Each regex here is
valid both as a Java and as a Python regular expression.
"""

from __future__ import annotations

from typing import NamedTuple


class Preset(NamedTuple):
    smartling_format: str  # Create Strings `placeholderFormat`
    custom: str  # Create Strings `placeholderFormatCustom`
    description: str


PRESETS = {
    "i18next": Preset(
        "none",
        r"\{\{[^{}]+\}\}|\$t\([^()]+\)",
        "i18next and Vue templates: {{name}}, {{count}}, nesting $t(key)",
    ),
    "icu": Preset(
        "none",
        r"\{\s*[A-Za-z0-9_][A-Za-z0-9_.-]*\s*"
        r"(?:,\s*(?:number|date|time|spellout|ordinal|duration)\s*(?:,[^{}]*)?)?\}",
        "ICU MessageFormat (FormatJS/react-intl, vue-i18n, Angular): {name}, {0}, "
        "{n, number}; plural/select messages stay text",
    ),
}


def placeholder_settings(fmt: str | None, custom: str | None) -> tuple[str | None, str | None]:
    """`placeholderFormat` and `placeholderFormatCustom` for a manifest's `format` and
    `custom`: a preset becomes its pair; the entry's own `custom` is added to a
    preset's as an alternative."""
    preset = PRESETS.get(fmt or "")
    if preset is None:
        return fmt, custom
    if custom:
        return preset.smartling_format, f"(?:{preset.custom})|(?:{custom})"
    return preset.smartling_format, preset.custom
