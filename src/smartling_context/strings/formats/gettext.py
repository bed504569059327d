"""gettext `.po`/`.pot` files, read as GNU gettext reads them (translate-toolkit).

A key is `msgid`, or `msgctxt|msgid`; plurals are `msgid[one]` (the msgid) and
`msgid[other]` (msgid_plural); the header and obsolete entries are not strings;
extracted comments (`#.`) are the note.
"""

from __future__ import annotations

from smartling_context.strings.formats.common import SourceString


def read(content: bytes) -> list[SourceString]:
    """Every entry of a PO/POT file, in file order."""
    from translate.storage.pypo import pofile

    store = pofile()
    store.parse(content)
    strings: list[SourceString] = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        key = unit.getid().replace("\x04", "|")
        note = unit.getnotes("developer").strip()
        if unit.hasplural():
            singular, plural = unit.source.strings[0], unit.source.strings[-1]
            strings += [
                SourceString(f"{key}[one]", str(singular), note),
                SourceString(f"{key}[other]", str(plural), note),
            ]
        else:
            strings.append(SourceString(key, str(unit.source), note))
    return strings
