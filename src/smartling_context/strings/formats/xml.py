"""Parsing XML strings files safely: internal entities, bounded; nothing external.

lxml with `resolve_entities="internal"`, `no_network=True` and no DTD loading:
an internal entity (`<!ENTITY app_name "Termux">`, as aapt2 accepts) is
expanded, within libxml2's amplification limit, so billion-laughs files are
refused; an external entity (`SYSTEM`/`PUBLIC`) is refused before parsing, so
no file or URL is ever read.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from smartling_context.strings.formats.common import StringsFileError

_PEEK = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse(content: bytes) -> etree._Element:
    """The root element, with internal entities expanded and CDATA as text."""
    _refuse_external_entities(content)
    parser = etree.XMLParser(
        resolve_entities="internal",  # type: ignore[arg-type]  # lxml >= 5; stubs lag
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        strip_cdata=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise _error(exc) from exc


def start_line(lines: list[bytes], element: etree._Element) -> int:
    """The line where an element's start tag opens (`<string`), 1-based; 0 when unknown.

    libxml2 gives the line where the start tag *ends*, which differs when its
    attributes are written over several lines; the tag's opening is searched
    for upwards from there."""
    line: int = element.sourceline or 0  # type: ignore[assignment]  # stubs: int | ...
    opening = b"<" + etree.QName(element).localname.encode()
    for index in range(line - 1, max(line - 50, 0) - 1, -1):
        if index < len(lines) and opening in lines[index]:
            return index + 1
    return line


def _refuse_external_entities(content: bytes) -> None:
    if b"<!ENTITY" not in content:
        return
    try:
        root = etree.fromstring(content, _PEEK)
    except etree.XMLSyntaxError as exc:
        raise _error(exc) from exc
    dtd: Any = root.getroottree().docinfo.internalDTD
    for entity in dtd.iterentities() if dtd is not None else ():
        if entity.system_url is not None:
            raise StringsFileError(
                f"the XML declares the external entity {entity.name!r} "
                f"({entity.system_url}); strings files may only declare internal entities"
            )


def _error(exc: etree.XMLSyntaxError) -> StringsFileError:
    message = str(exc.msg or exc)
    if "amplification" in message or "loop" in message.lower():
        return StringsFileError(
            "the XML's entities expand far beyond the file's size (entity expansion attack?); "
            "strings files may only declare small internal entities",
            exc.lineno,
        )
    return StringsFileError(f"not well-formed XML: {message}", exc.lineno)
