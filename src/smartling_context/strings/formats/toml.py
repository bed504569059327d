"""TOML strings files (Hugo's `i18n/*.toml`, go-i18n), read as Hugo reads them.

Python's `tomllib` (TOML 1.0). Keys are dotted paths as for JSON and YAML: a
flat `home = "Home"` is `home`; a go-i18n table `[readingTime]` with plural
forms `one = …`, `other = …` gives `readingTime.one`, `readingTime.other`; its
`description` is the note of the table's strings and no string itself, and
`hash` is no string either. Numbers, booleans and dates are not strings. The
line is the key's own line.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from smartling_context.strings.formats.common import SourceString, StringsFileError, decode_utf8

_META = ("description", "hash")
_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(
    r"""\s*((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*="""
)
_PART = re.compile(r"""[A-Za-z0-9_-]+|"((?:[^"\\]|\\.)*)"|'([^']*)'""")


def _parts(dotted: str) -> list[str]:
    parts = []
    for match in _PART.finditer(dotted):
        basic, literal = match.groups()
        if basic is not None:
            parts.append(tomllib.loads(f'k = "{basic}"')["k"] if "\\" in basic else basic)
        else:
            parts.append(literal if literal is not None else match.group(0))
    return parts


def _key_lines(text: str) -> dict[str, int]:
    """Each key's dotted path to its line (a light scan: headers and `key =` lines, skipping
    the inside of multi-line strings)."""
    lines: dict[str, int] = {}
    table: list[str] = []
    inside: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if inside is not None:
            if line.count(inside) % 2 == 1:
                inside = None
            continue
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            table = _parts(header.group(1))
            lines[".".join(table)] = number
            continue
        key = _KEY.match(line)
        if key:
            lines[".".join([*table, *_parts(key.group(1))])] = number
            rest = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    inside = quote
    return lines


def read(content: bytes) -> list[SourceString]:
    """Every string of a TOML file, in file order."""
    text = decode_utf8(content)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise StringsFileError(
            f"not valid TOML: {exc}", int(found.group(1)) if found else None
        ) from exc
    lines = _key_lines(text)
    strings: list[SourceString] = []
    _collect(document, "", "", strings, lines)
    return strings


def _collect(
    node: Any, path: str, note: str, found: list[SourceString], lines: dict[str, int]
) -> None:
    if isinstance(node, str):
        found.append(SourceString(path, node, note, None, lines.get(path, 0)))
    elif isinstance(node, dict):
        description = node.get("description")
        if isinstance(description, str) and any(k not in _META for k in node):
            note = " ".join(description.split())
        prefix = f"{path}." if path else ""
        for key, value in node.items():
            if key in _META and isinstance(value, str) and any(k not in _META for k in node):
                continue
            _collect(value, prefix + key, note, found, lines)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _collect(value, f"{path}[{index}]", note, found, lines)
