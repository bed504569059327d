"""What the XML markers share: markers put around an element's content, the tree written back."""

from __future__ import annotations

from typing import Any

from lxml import etree

from smartling_context.strings import markers
from smartling_context.strings.formats.xml import parse


def load(content: bytes) -> etree._Element:
    """The root, parsed as the readers parse (internal entities expanded, CDATA as text)."""
    return parse(content)


def wrap(first: etree._Element, last: etree._Element, path: str, key: str) -> None:
    """START at the start of `first`'s content, STOP at the end of `last`'s (old ones dropped)."""
    for element in {id(first): first, id(last): last}.values():
        strip(element)
    code = markers.marker_id(path, key)
    first.text = f"{markers.START}{code}{first.text or ''}"
    end = f"{markers.STOP}{code}"
    if len(last):
        child = last[-1]
        child.tail = f"{child.tail or ''}{end}"
    else:
        last.text = f"{last.text or ''}{end}"


def strip(element: etree._Element) -> None:
    """Drop the markers an earlier marking left in the element's content."""
    for node in element.iter():
        if node is not element and node.tail:
            node.tail = markers.strip_markers(node.tail)
        if node.text and isinstance(node.tag, str):
            node.text = markers.strip_markers(node.text)


def dump(root: etree._Element, original: bytes) -> bytes:
    """The tree written with the original's encoding and XML declaration."""
    tree = root.getroottree()
    info = tree.docinfo
    declared = original.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml")
    options: dict[str, Any] = {"standalone": True} if info.standalone else {}
    written = etree.tostring(
        tree, encoding=info.encoding or "UTF-8", xml_declaration=declared, **options
    )
    assert isinstance(written, bytes)  # an encoding is given: lxml returns bytes
    ending = b"\n" if original.endswith(b"\n") and not written.endswith(b"\n") else b""
    return written + ending
