"""Qt Linguist `.ts` files, read as `lupdate`/`lrelease` and `QTranslator` use them.

A message is looked up by its context, source text and disambiguation comment
(`tr("Open", "menu")` in `MainWindow`), so its key is `context|source`, or
`context|source|comment` with a disambiguation; a message with an `id`
(`qtTrId`) is keyed by the id. The text is the `<source>`; a numerus message
(`%n file(s)`) has one source text, so one key. `<extracomment>` (the
developer's `//:` comment) is the note. Obsolete and vanished messages are not
strings. The line is the `<message>` element's.
"""

from __future__ import annotations

from lxml import etree

from smartling_context.strings.formats.common import SourceString
from smartling_context.strings.formats.xml import parse, start_line


def _text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(str(t) for t in element.itertext())


def read(content: bytes) -> list[SourceString]:
    """Every current message of a `.ts` file, in file order."""
    lines = content.split(b"\n")
    strings: list[SourceString] = []
    for context in parse(content).iterchildren("context"):
        name = _text(context.find("name"))
        for message in context.iterchildren("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            source = _text(message.find("source"))
            comment = _text(message.find("comment"))
            key = message.get("id") or (
                f"{name}|{source}|{comment}" if comment else f"{name}|{source}"
            )
            note = " ".join(_text(message.find("extracomment")).split())
            strings.append(SourceString(key, source, note, None, start_line(lines, message)))
    return strings
