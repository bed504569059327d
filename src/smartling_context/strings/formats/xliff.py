"""XLIFF 1.2 (and 2.0) files, read as the file shows its source to a translator.

lxml. A unit's key is the name the code uses: its `resname` (2.0: `name`)
when it has one, as Symfony's translator does (the `id` is then arbitrary);
else its `id`. In a file written by Xcode, or holding several `<file>`s, the
key is `original#id` (`Base.lproj/Main.storyboard#abc-12-xyz.text`), so units
of different files never share a key. Its text is the `<source>` with inline
elements (`x`, `g`, `ph`, `bx`/`ex`, `bpt`/`ept`, `it`, `mrk`; 2.0's `ph`, `pc`,
`sc`/`ec`, `sm`/`em`) kept as markup, so a placeholder such as Angular's
`<x id="INTERPOLATION" equiv-text="{{ name }}"/>` stays where the source puts
it. Text outside and inside the elements is unescaped (`&amp;` is `&`);
attribute values stay XML-escaped. `<note>`s are the translator note.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from lxml import etree

from smartling_context.strings.formats.common import SourceString
from smartling_context.strings.formats.xml import parse, start_line

_XCODE = "com.apple.dt.xcode"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


_HINTS = frozenset(
    {"equiv-text", "equiv", "disp", "equivStart", "equivEnd", "dispStart", "dispEnd"}
)
"""Display hints of XLIFF 1.2 and 2.0 inline elements: shown to translators, not identity."""


def _inline(element: etree._Element, hints: bool) -> str:
    """An inline element as markup: its name and attributes, its content read recursively."""
    attributes = "".join(
        f" {etree.QName(name).localname}={quoteattr(str(value))}"
        for name, value in element.attrib.items()
        if hints or etree.QName(name).localname not in _HINTS
    )
    inner = _content(element, hints)
    name = _local(element)
    return f"<{name}{attributes}>{inner}</{name}>" if inner else f"<{name}{attributes}/>"


def _content(element: etree._Element, hints: bool = True) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_inline(child, hints))
        parts.append(child.tail or "")
    return "".join(parts)


def _notes(unit: etree._Element) -> str:
    notes = [
        (note.text or "").strip()
        for note in unit.iter()
        if isinstance(note.tag, str) and _local(note) == "note"
    ]
    return "\n".join(n for n in notes if n)


def _sources(unit: etree._Element) -> list[etree._Element]:
    """1.2: the trans-unit's own `<source>`; 2.0: every segment's source, in order."""
    holders = [unit] if _local(unit) == "trans-unit" else [c for c in unit if _is(c, "segment")]
    return [child for holder in holders for child in holder if _is(child, "source")]


def _is(element: etree._Element, name: str) -> bool:
    return isinstance(element.tag, str) and _local(element) == name


def read(content: bytes) -> list[SourceString]:
    """Every unit with an id and a source, in file order."""
    lines = content.split(b"\n")
    strings = []
    for unit, key in units(parse(content)):
        sources = _sources(unit)
        if sources:
            strings.append(_string(unit, key, sources, start_line(lines, unit)))
    return strings


def units(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Every unit (1.2 `trans-unit`, 2.0 `unit`) with a key, and its key, in file order."""
    files = list(root.iter("{*}file"))
    by_file = len(files) > 1 or any(t.get("tool-id") == _XCODE for t in root.iter("{*}tool"))
    for file in files or [root]:
        for unit in file.iter():
            if not isinstance(unit.tag, str) or _local(unit) not in ("trans-unit", "unit"):
                continue
            key = _key(unit)
            if key:
                yield unit, f"{file.get('original', '')}#{key}" if by_file else key


def _key(unit: etree._Element) -> str | None:
    """The name the code looks the unit up by: `resname` (2.0: `name`), else the `id`."""
    return unit.get("resname") or unit.get("name") or unit.get("id")


def _string(
    unit: etree._Element, key: str, sources: list[etree._Element], line: int
) -> SourceString:
    text = "".join(_content(source) for source in sources)
    identity = "".join(_content(source, hints=False) for source in sources)
    return SourceString(key, text, _notes(unit), identity if identity != text else None, line)
