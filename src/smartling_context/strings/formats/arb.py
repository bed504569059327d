"""Flutter ARB files, read as `gen-l10n` reads them.

Every top-level key that does not start with `@` is a message; `@key`'s
`description` is its translator note; `@@locale` and other metadata are not
strings, nor are non-string values.
"""

from __future__ import annotations

from typing import Any

from smartling_context.strings.formats.common import SourceString, StringsFileError, decode_utf8
from smartling_context.strings.formats.jsonfile import leaf_lines, load_text, path_lines


def read(content: bytes) -> list[SourceString]:
    """Every message of an ARB file, in file order, with its description."""
    text = decode_utf8(content)
    document = load_text(text)
    if not isinstance(document, dict):
        raise StringsFileError("an ARB file is one JSON object of messages", 1)
    lines = leaf_lines(text)
    by_path = path_lines(text) if _count(document) != len(lines) else None  # a key twice
    strings = []
    leaf = 0  # the index of the next string leaf in document order
    for key, value in document.items():
        if not isinstance(value, str):
            leaf += _count(value)
            continue
        line = lines[leaf] if by_path is None else by_path.get(key, 0)
        leaf += 1
        if key.startswith("@"):
            continue
        meta = document.get(f"@{key}")
        note = meta.get("description") if isinstance(meta, dict) else None
        strings.append(
            SourceString(
                key,
                value,
                note.strip() if isinstance(note, str) else "",
                None,
                line,
            )
        )
    return strings


def _count(node: Any) -> int:
    """How many string leaves a JSON value holds."""
    if isinstance(node, str):
        return 1
    if isinstance(node, dict):
        return sum(_count(value) for value in node.values())
    if isinstance(node, list):
        return sum(_count(value) for value in node)
    return 0
