"""iOS/macOS `.strings` files marked (translate-toolkit writes them back).

Each value is written again, escaped as Foundation reads it; comments and the
order of entries are kept. A UTF-16 file is written back as UTF-16 (little
endian, with a BOM, as Xcode writes it), any other as UTF-8.
"""

from __future__ import annotations

import codecs

from smartling_context.strings.formats.ios import as_utf8
from smartling_context.strings.marking.common import marked


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The `.strings` file with every value marked."""
    from translate.storage.properties import DialectStrings, stringsutf8file

    utf8 = as_utf8(content)
    store = stringsutf8file()
    store.parse(utf8)
    for unit in store.units:
        key = unit.getid()
        if key and str(unit.source):
            key = DialectStrings.decode(key) if "\\" in key else key
            unit.target = marked(str(unit.source), path, key)
    written = bytes(store)
    if utf8 is content:
        return written
    return codecs.BOM_UTF16_LE + written.decode("utf-8").encode("utf-16-le")
