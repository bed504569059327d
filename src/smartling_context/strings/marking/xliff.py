"""XLIFF files marked: the source, and the target where there is one.

Apps read XLIFF differently: Angular and Symfony show a unit's `<target>`, and
some tools show the `<source>` where a unit has no target. Both are marked, so
whichever the app shows carries the key's markers, and the project's reader
(which reads the source) reads the same keys with marked texts. XLIFF 2.0: the
markers go at the start of the unit's first segment and the end of its last.
Inline elements (`<x/>`, `<ph>`, `<g>`…) stay where they are.
"""

from __future__ import annotations

from lxml import etree

from smartling_context.strings.formats.xliff import _local, units
from smartling_context.strings.marking.xml import dump, load, wrap


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The XLIFF file with every unit's source (and target) marked."""
    root = load(content)
    for unit, key in units(root):  # the keys the reader gives (resname, original#id)
        holders = [unit] if _local(unit) == "trans-unit" else _children(unit, "segment")
        for name in ("source", "target"):
            parts = [part for holder in holders for part in _children(holder, name)]
            if parts and any(_has_content(part) for part in parts):
                wrap(parts[0], parts[-1], path, key)
    return dump(root, content)


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and _local(c) == name]


def _has_content(element: etree._Element) -> bool:
    return bool(element.text) or len(element) > 0
