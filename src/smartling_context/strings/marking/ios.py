"""iOS/macOS `.strings` files marked: the file written again from what the reader reads.

Each string becomes `"key" = "marked value";`, escaped as Foundation reads it
(`\\\\`, `\\"`, `\\n`, `\\r`, `\\t`; everything else, the markers included, as is),
under its note as a `/* comment */`, in file order. Other comments and spacing
are not kept: the marked copy only has to be read right (`markers restore` puts
the original back). A UTF-16 file is written as UTF-16 (little endian, with a
BOM, as Xcode writes it), any other as UTF-8.
"""

from __future__ import annotations

import codecs

from smartling_context.strings.formats import read_strings
from smartling_context.strings.marking.common import marked

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The `.strings` file with every value marked."""
    lines = []
    for string in read_strings(content, fmt):
        if string.note:
            lines.append(f"/* {string.note.replace('*/', '* /')} */")
        value = marked(string.text, path, string.key)
        lines.append(f'"{string.key.translate(_ESCAPES)}" = "{value.translate(_ESCAPES)}";')
        lines.append("")
    written = "\n".join(lines)
    utf16 = content[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\0" in content[:4096]
    if utf16:
        return codecs.BOM_UTF16_LE + written.encode("utf-16-le")
    return written.encode()
