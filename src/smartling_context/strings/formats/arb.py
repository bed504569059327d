"""Flutter ARB files, read as `gen-l10n` reads them.

Every top-level key that does not start with `@` is a message; `@key`'s
`description` is its translator note; `@@locale` and other metadata are not
strings, nor are non-string values.
"""

from __future__ import annotations

import re
from typing import Any

from smartling_context.strings.formats.common import SourceString, StringsFileError, decode_utf8
from smartling_context.strings.formats.jsonfile import load_text, path_lines


def read(content: bytes) -> list[SourceString]:
    """Every message of an ARB file, in file order, with its description."""
    text = decode_utf8(content)
    duplicates: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(items)
        if len(mapping) != len(items):
            duplicates.append(True)
        return mapping

    document = load_text(text, pairs)
    if not isinstance(document, dict):
        raise StringsFileError("an ARB file is one JSON object of messages", 1)
    messages = [k for k, v in document.items() if isinstance(v, str) and not k.startswith("@")]
    lines = None if duplicates else _key_lines(text, messages)
    if lines is None:  # a key written twice, or spelled with escapes
        by_path = path_lines(text)
        lines = [by_path.get(key, 0) for key in messages]
    strings = []
    for key, line in zip(messages, lines, strict=True):
        meta = document.get(f"@{key}")
        note = meta.get("description") if isinstance(meta, dict) else None
        strings.append(
            SourceString(
                key, document[key], note.strip() if isinstance(note, str) else "", None, line
            )
        )
    return strings


_STRING_VALUE = re.compile(r'\s*:\s*"')


def _key_lines(text: str, keys: list[str]) -> list[int] | None:
    """The line of each top-level message key, found in order as `"key"` followed by `:` and
    a string; None when a key is not found so (spelled with escapes)."""
    lines: list[int] = []
    position, line = 0, 1
    for key in keys:
        quoted = f'"{key}"'
        found = text.find(quoted, position)
        while found != -1 and not _STRING_VALUE.match(text, found + len(quoted)):
            found = text.find(quoted, found + 1)
        if found == -1:
            return None
        line += text.count("\n", position, found)
        position = found
        lines.append(line)
    return lines
