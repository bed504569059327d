"""Android `res/values` files marked: strings, plural items and array items.

The markers go inside the whitespace aapt2 trims (after the leading, before the
trailing spaces and newlines of the value), so the compiled text is the string's
text in its markers. A value that is a resource reference (`@string/other`,
`?attr/x`) is left as it is: marked, it would stop being a reference (the
referenced string carries its own markers). `translatable="false"` strings are
not source strings and are not marked.
"""

from __future__ import annotations

import re

from lxml import etree

from smartling_context.strings import markers
from smartling_context.strings.formats.android import value
from smartling_context.strings.marking.xml import dump, load, strip

_LEADING = re.compile(r"^[ \t\n\r\f\v]*")
_TRAILING = re.compile(r"[ \t\n\r\f\v]*$")


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The resources file with every translatable string marked."""
    root = load(content)
    for element in root:
        name = element.get("name")
        if not isinstance(element.tag, str) or not name:
            continue
        if element.get("translatable") == "false":
            continue
        if element.tag == "string":
            _mark(element, path, name)
        elif element.tag == "plurals":
            for item in element.iterchildren("item"):
                _mark(item, path, f"{name}[{item.get('quantity')}]")
        elif element.tag == "string-array":
            for index, item in enumerate(element.iterchildren("item")):
                _mark(item, path, f"{name}[{index}]")
    return dump(root, content)


def _mark(element: etree._Element, path: str, key: str) -> None:
    strip(element)
    text = value(element)
    if not text or (len(element) == 0 and text[0] in "@?" and text == (element.text or "").strip()):
        return
    code = markers.marker_id(path, key)
    head = element.text or ""
    lead = _LEADING.match(head)
    cut = lead.end() if lead else 0
    element.text = f"{head[:cut]}{markers.START}{code}{head[cut:]}"
    if len(element):
        last = element[-1]
        last.tail = _before_trailing(last.tail or "", f"{markers.STOP}{code}")
    else:
        element.text = _before_trailing(element.text, f"{markers.STOP}{code}")


def _before_trailing(text: str, insert: str) -> str:
    trail = _TRAILING.search(text)
    cut = trail.start() if trail else len(text)
    return f"{text[:cut]}{insert}{text[cut:]}"
