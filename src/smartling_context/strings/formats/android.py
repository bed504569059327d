"""Android `res/values/*.xml`, read as aapt2 compiles it.

Text follows aapt2's `StringBuilder`: runs of ASCII whitespace collapse to one
space (U+00A0, U+202F, `&#160;` are kept), the ends are trimmed, `"` toggles
verbatim quoting, `\\t \\n \\uXXXX` and `\\@ \\? \\' \\" \\\\` are escapes, and any other
escaped character is kept as itself. CDATA is text. Child markup (`<b>`,
`<a href>`) stays in the text as written; `<xliff:g>` keeps only its content.
"""

from __future__ import annotations

import re

from lxml import etree

from smartling_context.strings.formats.common import SourceString
from smartling_context.strings.formats.xml import parse, start_line

_XLIFF_G = "{urn:oasis:names:tc:xliff:document:1.2}g"
_TOKEN = re.compile(
    r'(?P<space>[ \t\n\r\f\v]+)|\\(?P<escape>u[0-9a-fA-F]{4}|.)|(?P<quote>")|[^ \t\n\r\f\v\\"]+|\\',
    re.S,
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = {"t": "\t", "n": "\n"}


class _Text:
    """aapt2's `StringBuilder`: whitespace, quotes and escapes of one resource value."""

    def __init__(self) -> None:
        self.parts: list[str | None] = []  # None: a collapsed space, trimmed at the ends
        self.quoted = False
        self.after_space = False

    def append(self, text: str) -> None:
        for token in _TOKEN.finditer(text):
            space, escape, quote = token.group("space", "escape", "quote")
            if space is not None and not self.quoted:
                if not self.after_space:
                    self.parts.append(None)
                    self.after_space = True
                continue
            self.after_space = False
            if escape is not None:
                if escape[0] == "u" and len(escape) == 5:
                    self.parts.append(chr(int(escape[1:], 16)))
                else:  # an unknown escape is the character itself
                    self.parts.append(_ESCAPES.get(escape, escape))
            elif quote is None and token.group(0) != "\\":
                self.parts.append(token.group(0))
            elif quote is not None:
                self.quoted = not self.quoted

    def markup(self, text: str) -> None:
        """A span's tag: aapt2 resets its whitespace and quote state at each."""
        self.quoted = self.after_space = False
        self.parts.append(text)

    def result(self) -> str:
        start, end = 0, len(self.parts)
        while start < end and self.parts[start] is None:
            start += 1
        while end > start and self.parts[end - 1] is None:
            end -= 1
        text = "".join(" " if p is None else p for p in self.parts[start:end])
        if _SURROGATE.search(text):  # two \\u escapes may spell one UTF-16 surrogate pair
            return text.encode("utf-16", "surrogatepass").decode("utf-16")
        return text


def _tag(element: etree._Element, closing: bool = False) -> str:
    name = etree.QName(element).localname
    if closing:
        return f"</{name}>"
    attributes = "".join(
        f' {etree.QName(k).localname}="{v if isinstance(v, str) else v.decode()}"'
        for k, v in element.attrib.items()
    )
    empty = len(element) == 0 and not element.text
    return f"<{name}{attributes}{'/' if empty else ''}>"


def _emit(element: etree._Element, builder: _Text) -> None:
    if element.text:
        builder.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            if child.tag == _XLIFF_G:
                _emit(child, builder)
            else:
                builder.markup(_tag(child))
                if len(child) or child.text:
                    _emit(child, builder)
                    builder.markup(_tag(child, closing=True))
        if child.tail:
            builder.append(child.tail)


def value(element: etree._Element) -> str:
    """A resource value's text as aapt2 compiles it."""
    builder = _Text()
    _emit(element, builder)
    return builder.result()


def _note(element: etree._Element) -> str:
    previous = element.getprevious()
    if isinstance(previous, etree._Comment) and previous.text:
        return " ".join(previous.text.split())
    return ""


def read(content: bytes) -> list[SourceString]:
    """Every translatable string, plural form and array item, in file order."""
    strings: list[SourceString] = []
    lines = content.split(b"\n")

    for element in parse(content):
        name = element.get("name")
        if not isinstance(element.tag, str) or not name:
            continue
        if element.get("translatable") == "false":
            continue
        note = _note(element)
        if element.tag == "string":
            strings.append(
                SourceString(name, value(element), note, None, start_line(lines, element))
            )
        elif element.tag == "plurals":
            strings += [
                SourceString(
                    f"{name}[{item.get('quantity')}]",
                    value(item),
                    note,
                    None,
                    start_line(lines, item),
                )
                for item in element.iterchildren("item")
            ]
        elif element.tag == "string-array":
            strings += [
                SourceString(f"{name}[{index}]", value(item), note, None, start_line(lines, item))
                for index, item in enumerate(element.iterchildren("item"))
            ]
    return strings
