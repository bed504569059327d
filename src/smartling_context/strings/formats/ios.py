"""iOS/macOS `.strings` files, read as Foundation reads them.

translate-toolkit's `.strings` reader (comments become notes); keys are
unescaped with the same rules as values (`\\n`, `\\"`, `\\uXXXX`), as the runtime
sees them. Encoding: a UTF-16 BOM (either order), else UTF-16 without a BOM
when every other byte is NUL (what Xcode's own UTF-16 files look like once the
BOM is lost; the NUL half gives the byte order), else UTF-8.
"""

from __future__ import annotations

import re

from smartling_context.strings.formats.common import SourceString, StringsFileError, decode_utf8


def as_utf8(content: bytes) -> bytes:
    """The file in UTF-8, detecting UTF-16 with or without a BOM."""
    if content.startswith(b"\xff\xfe"):
        return _utf16(content[2:], "utf-16-le").encode()
    if content.startswith(b"\xfe\xff"):
        return _utf16(content[2:], "utf-16-be").encode()
    order = _utf16_order(content)
    if order:
        return _utf16(content, order).encode()
    decode_utf8(content)  # an error with the line when it is not UTF-8
    return content


def _utf16_order(content: bytes) -> str | None:
    """`utf-16-le`/`-be` for BOM-less UTF-16: most ASCII characters then have a NUL half."""
    sample = content[:4096]
    if len(sample) < 2 or b"\0" not in sample:
        return None
    pairs = len(sample) // 2
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    if odd > pairs // 2 and even < odd // 4:
        return "utf-16-le"
    if even > pairs // 2 and odd < even // 4:
        return "utf-16-be"
    return None


def _utf16(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        raise StringsFileError(
            f"invalid {encoding.upper()} at byte {exc.start}; save the file as UTF-8 or UTF-16"
        ) from exc


def read(content: bytes) -> list[SourceString]:
    """Every key of a `.strings` file, in file order, with the comment above it."""
    from translate.storage.properties import DialectStrings, stringsutf8file

    store = stringsutf8file()
    store.parse(as_utf8(content))
    unescape = DialectStrings.decode
    return [
        SourceString(unescape(key) if "\\" in key else key, str(u.source), _comment(u.getnotes()))
        for u in store.units
        if (key := u.getid())
    ]


def _comment(notes: str) -> str:
    """A comment without its markers (`/* */`, `//`), on one line."""
    lines = []
    for line in notes.splitlines():
        line = re.sub(r"^(//|/\*+)\s?", "", line.strip())
        line = re.sub(r"\s*\*+/$", "", line)
        if line:
            lines.append(line)
    return " ".join(lines)
