"""JSON and ARB files marked, written back in the file's own style.

The document is parsed as the reader parses it and written again with its key
order, its indentation (detected: spaces or tabs, or none for a one-line file),
its final newline and BOM, and its escaping: a file that spells non-ASCII text
as `\\uXXXX` escapes gets the markers escaped too (as surrogate pairs, which
`JSON.parse` joins), any other file gets them as UTF-8. ARB: only messages are
marked; `@key` metadata and `@@locale` stay as they are.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from smartling_context.strings.formats.common import decode_utf8
from smartling_context.strings.formats.jsonfile import load
from smartling_context.strings.marking.common import mark_tree, marked

_INDENT = re.compile(r"\n([ \t]+)\S")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NON_ASCII_ESCAPE = re.compile(r"\\u(?!00[0-7][0-9a-fA-F])[0-9a-fA-F]{4}")


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The JSON (or ARB) file with every string marked."""
    document = load(content)
    if fmt == "arb" and isinstance(document, dict):
        document = {
            k: marked(v, path, k) if isinstance(v, str) and not k.startswith("@") else v
            for k, v in document.items()
        }
    else:
        document = mark_tree(document, path)
    return dump(document, content)


def dump(document: Any, original: bytes) -> bytes:
    """The document written in the style of the original file."""
    text = decode_utf8(original)
    body = text.strip()
    indent: str | None = None
    separators = (",", ": ")
    if "\n" in body:
        found = _INDENT.search(body)
        indent = found.group(1) if found else "  "
    elif not re.search(r"[,:] ", _STRING.sub('""', body)):
        separators = (",", ":")
    else:
        separators = (", ", ": ")
    ascii_only = body.isascii() and _NON_ASCII_ESCAPE.search(body) is not None
    written = json.dumps(document, ensure_ascii=ascii_only, indent=indent, separators=separators)
    leading = text[: len(text) - len(text.lstrip())]
    ending = text[len(text.rstrip()) :]
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    return bom + (leading + written + ending).encode()
