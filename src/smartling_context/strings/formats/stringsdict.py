"""Apple `.stringsdict` files (iOS/macOS plural and device rules), read as Foundation reads them.

An XML property list: each top-level key is a string the code asks for. Its
`NSStringLocalizedFormatKey` (`%#@files@ in %@`) is the string `KEY`; each
variable's plural forms (`NSStringPluralRuleType`) are `KEY[files:one]`,
`KEY[files:other]`; a device rule (`NSStringDeviceSpecificRuleType`) gives
`KEY[iphone]`, `KEY[mac]`; a width rule (`NSStringVariableWidthRuleType`)
`KEY[width:20]`. The line is the `<key>`'s. Foundation keeps no comments in a
stringsdict, so there are no notes.
"""

from __future__ import annotations

from lxml import etree

from smartling_context.strings.formats.common import SourceString, StringsFileError
from smartling_context.strings.formats.xml import parse, start_line

_FORMAT_KEY = "NSStringLocalizedFormatKey"
_DEVICE = "NSStringDeviceSpecificRuleType"
_WIDTH = "NSStringVariableWidthRuleType"
_SPEC = "NSStringFormatSpecTypeKey"
_VALUE_TYPE = "NSStringFormatValueTypeKey"


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def pairs(element: etree._Element) -> list[tuple[str, etree._Element, etree._Element]]:
    """A plist `<dict>`'s (key, value element, key element), in order."""
    children = [c for c in element if isinstance(c.tag, str)]
    found = []
    for key, value in zip(children[0::2], children[1::2], strict=False):
        if key.tag != "key":
            raise StringsFileError(
                f"a plist <dict> holds <{key.tag}> where a <key> belongs", _line(key)
            )
        found.append((key.text or "", value, key))
    return found


def plist_root(content: bytes) -> etree._Element:
    """The top-level `<dict>` of an XML property list."""
    root = parse(content)
    if root.tag != "plist":
        raise StringsFileError(f"not a property list: the root element is <{root.tag}>", 1)
    top = next((c for c in root if isinstance(c.tag, str)), None)
    if top is None or top.tag != "dict":
        raise StringsFileError("the property list holds no <dict> of strings", 1)
    return top


def read(content: bytes) -> list[SourceString]:
    """Every format string, plural form and device variant, in file order."""
    lines = content.split(b"\n")
    strings: list[SourceString] = []
    for name, entry, key_element in pairs(plist_root(content)):
        line = start_line(lines, key_element)
        if entry.tag == "string":  # a plain string in a stringsdict: Foundation reads it too
            strings.append(SourceString(name, entry.text or "", "", None, line))
            continue
        if entry.tag != "dict":
            continue
        for field, value, field_key in pairs(entry):
            at = start_line(lines, field_key)
            if field == _FORMAT_KEY and value.tag == "string":
                strings.append(SourceString(name, value.text or "", "", None, at))
            elif field in (_DEVICE, _WIDTH) and value.tag == "dict":
                label = "" if field == _DEVICE else "width:"
                strings += [
                    SourceString(
                        f"{name}[{label}{form}]",
                        text.text or "",
                        "",
                        None,
                        start_line(lines, form_key),
                    )
                    for form, text, form_key in pairs(value)
                    if text.tag == "string"
                ]
            elif value.tag == "dict":  # a variable: its plural forms
                strings += [
                    SourceString(
                        f"{name}[{field}:{form}]",
                        text.text or "",
                        "",
                        None,
                        start_line(lines, form_key),
                    )
                    for form, text, form_key in pairs(value)
                    if text.tag == "string" and form not in (_SPEC, _VALUE_TYPE)
                ]
    return strings
