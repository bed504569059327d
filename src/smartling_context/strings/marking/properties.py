"""`.properties` files marked: each key's line written again, everything else kept.

A marked value is written with `\\uXXXX` escapes for every non-ASCII character
(a marker's tag characters as UTF-16 surrogate pairs, as `java.util.Properties`
reads them), so the marked line reads the same whether the file is loaded as
ISO-8859-1 (Java 8 and older, `Properties.load(InputStream)`) or UTF-8 (Java 9+
ResourceBundle). The key keeps its separator; comments, blank lines, line endings
and the file's encoding are kept as they are.
"""

from __future__ import annotations

import codecs
import re

import javaproperties

from smartling_context.strings.formats.properties import decode
from smartling_context.strings.marking.common import marked

_SEPARATOR = re.compile(r"^[ \t\f]*(?:\\.|[^ \t\f=:\\\r\n])*([ \t\f]*[=:]?[ \t\f]*)", re.S)
_ENDING = re.compile(r"(\r\n|\r|\n)$")


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The `.properties` file with every value marked."""
    text = decode(content)
    parts: list[str] = []
    for element in javaproperties.parse(text):
        if isinstance(element, javaproperties.KeyValue) and element.value:
            found = _SEPARATOR.match(element.source)
            separator = found.group(1) if found and found.group(1) else "="
            ending = _ENDING.search(element.source)
            value = marked(element.value, path, element.key)
            line = javaproperties.join_key_value(element.key, value, separator)
            parts.append(line + (ending.group(1) if ending else ""))
        else:
            parts.append(element.source)
    written = "".join(parts)
    if content.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8 + written.encode()
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return written.encode("iso-8859-1")
    return written.encode()
