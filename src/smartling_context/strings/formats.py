"""Strings files: a file's bytes in, `(key, text, note)` out, through translate-toolkit.

One small interface over every format the manifest names. Key naming (also in
the README): the dotted path for JSON and YAML (`search.results`, list items
`list[0]`), the resource name for Android, iOS and `.properties`, the unit id
for XLIFF, and `msgid` (`context|msgid` with a `msgctxt`) for gettext.
Plural forms become one string each, the CLDR category in brackets:
`rooms[one]`, `rooms[other]` (YAML plurals keep their dotted path:
`items.one`). Android `string-array` items are `days[0]`, `days[1]`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

FORMATS = ("json", "yaml", "properties", "android", "ios-strings", "po", "xliff", "arb")
_SUFFIXES = {
    ".json": "json",
    ".arb": "arb",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".properties": "properties",
    ".strings": "ios-strings",
    ".po": "po",
    ".pot": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
}
_LOCALE_ROOT = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SourceString:
    """One source string as its file gives it."""

    key: str
    text: str
    note: str = ""


class StringsFileError(Exception):
    """A strings file that cannot be read: what is wrong and, where known, the line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def infer_format(path: str) -> str | None:
    """The format a file name implies, or None."""
    name = PurePosixPath(path).name.lower()
    if name.endswith(".xml"):
        return "android"
    return _SUFFIXES.get(PurePosixPath(name).suffix)


def read_strings(content: bytes, fmt: str) -> list[SourceString]:
    """Every source string of a file, in file order. Raises `StringsFileError`."""
    if len(content) > MAX_FILE_BYTES:
        raise StringsFileError(
            f"the file is {len(content) / 1e6:.0f} MB; strings files over "
            f"{MAX_FILE_BYTES // 1_000_000} MB are not read"
        )
    reader = _READERS.get(fmt)
    if reader is None:
        raise StringsFileError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    try:
        strings = reader(content)
    except StringsFileError:
        raise
    except Exception as exc:  # translate-toolkit raises many types for bad input
        raise StringsFileError(f"not a valid {fmt} file: {_first_line(exc)}") from exc
    return [s for s in strings if s.text]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _utf8(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise StringsFileError(
            f"invalid UTF-8 (byte 0x{content[exc.start]:02x}); save the file as UTF-8", line
        ) from exc


def _check_xml(content: bytes) -> None:
    """Refuse entity tricks (billion laughs, external entities) before any XML parser runs."""
    try:
        SafeElementTree.fromstring(content, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise StringsFileError(
            f"the XML declares entities ({type(exc).__name__}); strings files may not"
        ) from exc
    except SafeElementTree.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise StringsFileError(f"not well-formed XML: {exc}", line) from exc


def _json(content: bytes) -> list[SourceString]:
    from translate.storage.jsonl10n import JsonNestedFile

    _check_json(content)
    store = JsonNestedFile()
    store.parse(content)
    return [SourceString(_json_key(u.getid()), str(u.source)) for u in store.units]


def _arb(content: bytes) -> list[SourceString]:
    from translate.storage.jsonl10n import ARBJsonFile

    _check_json(content)
    store = ARBJsonFile()
    store.parse(content)
    return [
        SourceString(_json_key(u.getid()), str(u.source), u.getnotes().strip())
        for u in store.units
        if not u.getid().startswith("@")
    ]


def _check_json(content: bytes) -> None:
    try:
        json.loads(_utf8(content))
    except json.JSONDecodeError as exc:
        raise StringsFileError(f"not valid JSON: {exc.msg}", exc.lineno) from exc


def _json_key(unit_id: str) -> str:
    return unit_id[1:] if unit_id.startswith(".") else unit_id


def _yaml(content: bytes) -> list[SourceString]:
    from translate.storage.yaml import RubyYAMLFile, YAMLFile

    text = _utf8(content)
    first = [
        line
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "---"))
    ]
    rails = (
        len(first) > 0
        and not first[0].startswith((" ", "\t", "-"))
        and _LOCALE_ROOT.match(first[0].split(":", 1)[0].strip().strip("'\""))
        and all(line.startswith((" ", "\t")) for line in first[1:])
    )
    store = RubyYAMLFile() if rails else YAMLFile()
    try:
        store.parse(content)
    except Exception as exc:
        mark = getattr(exc, "problem_mark", None)
        raise StringsFileError(
            f"not valid YAML: {_first_line(exc)}", mark.line + 1 if mark else None
        ) from exc
    strings = []
    for unit in store.units:
        key = _yaml_key(unit.getid())
        source = unit.source
        if hasattr(source, "strings") and len(source.strings) > 1:
            tags = store.get_plural_tags(source)
            strings += [
                SourceString(f"{key}.{tag}", str(s))
                for tag, s in zip(tags, source.strings, strict=False)
            ]
        else:
            strings.append(SourceString(key, str(source), unit.getnotes().strip()))
    return strings


def _yaml_key(unit_id: str) -> str:
    key = re.sub(r"->(\[\d+\])", r"\1", unit_id)
    return key.replace("->", ".").lstrip(".")


def _properties(content: bytes) -> list[SourceString]:
    from translate.storage.properties import javautf8file

    _utf8(content)
    store = javautf8file()
    store.parse(content)
    return _keyed(store)


def _ios_strings(content: bytes) -> list[SourceString]:
    from translate.storage.properties import stringsfile, stringsutf8file

    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        store = stringsfile()
    else:
        _utf8(content)
        store = stringsutf8file()
    store.parse(content)
    return _keyed(store)


def _keyed(store) -> list[SourceString]:
    """Key/value stores (.properties, .strings): every unit that has a key."""
    return [
        SourceString(u.getid(), str(u.source), _comment(u.getnotes()))
        for u in store.units
        if u.getid()
    ]


def _comment(notes: str) -> str:
    """A properties/strings comment without its markers (`#`, `!`, `/* */`, `//`)."""
    lines = []
    for line in notes.splitlines():
        line = line.strip()
        line = re.sub(r"^(#|!|//|/\*+)\s?", "", line)
        line = re.sub(r"\s*\*+/$", "", line)
        if line:
            lines.append(line)
    return " ".join(lines)


def _android(content: bytes) -> list[SourceString]:
    from translate.storage.aresource import AndroidResourceFile, AndroidResourceUnit

    _check_xml(content)
    store = AndroidResourceFile()
    store.parse(content)
    strings: list[SourceString] = []
    for unit in store.units:
        if not unit.istranslatable():
            continue
        note = unit.getnotes().strip()
        element = unit.xmlelement
        if element.tag == "plurals":
            for item in element.iterchildren("item"):
                text = AndroidResourceUnit(None, xmlelement=item).target
                strings.append(SourceString(f"{unit.getid()}[{item.get('quantity')}]", text, note))
        else:
            strings.append(SourceString(unit.getid(), str(unit.source), note))
    # translate-toolkit reads <string> and <plurals>; <string-array> items are read
    # with its own unescaping, so they follow the same rules.
    for array in store.document.getroot().iterchildren("string-array"):
        if array.get("translatable") == "false":
            continue
        for index, item in enumerate(array.iterchildren("item")):
            text = AndroidResourceUnit(None, xmlelement=item).target
            strings.append(SourceString(f"{array.get('name')}[{index}]", text))
    return strings


def _po(content: bytes) -> list[SourceString]:
    from translate.storage.pypo import pofile

    store = pofile()
    store.parse(content)
    strings: list[SourceString] = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        key = unit.getid().replace("\x04", "|")
        note = unit.getnotes("developer").strip()
        if unit.hasplural():
            singular, plural = unit.source.strings[0], unit.source.strings[-1]
            strings += [
                SourceString(f"{key}[one]", str(singular), note),
                SourceString(f"{key}[other]", str(plural), note),
            ]
        else:
            strings.append(SourceString(key, str(unit.source), note))
    return strings


def _xliff(content: bytes) -> list[SourceString]:
    from translate.storage.xliff import xlifffile

    _check_xml(content)
    store = xlifffile()
    store.parse(content)
    return [
        SourceString(u.getid().split("\x04")[-1], str(u.source), u.getnotes().strip())
        for u in store.units
        if not u.isheader()
    ]


_READERS = {
    "json": _json,
    "arb": _arb,
    "yaml": _yaml,
    "properties": _properties,
    "ios-strings": _ios_strings,
    "android": _android,
    "po": _po,
    "xliff": _xliff,
}
