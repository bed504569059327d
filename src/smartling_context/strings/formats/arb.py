"""Flutter ARB files, read as `gen-l10n` reads them.

Every top-level key that does not start with `@` is a message; `@key`'s
`description` is its translator note; `@@locale` and other metadata are not
strings, nor are non-string values.
"""

from __future__ import annotations

from smartling_context.strings.formats.common import SourceString, StringsFileError
from smartling_context.strings.formats.jsonfile import load


def read(content: bytes) -> list[SourceString]:
    """Every message of an ARB file, in file order, with its description."""
    document = load(content)
    if not isinstance(document, dict):
        raise StringsFileError("an ARB file is one JSON object of messages", 1)
    strings = []
    for key, value in document.items():
        if key.startswith("@") or not isinstance(value, str):
            continue
        meta = document.get(f"@{key}")
        note = meta.get("description") if isinstance(meta, dict) else None
        strings.append(SourceString(key, value, note.strip() if isinstance(note, str) else ""))
    return strings
