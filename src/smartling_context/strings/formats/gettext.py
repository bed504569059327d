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
    lines = content.split(b"\n")
    strings: list[SourceString] = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        key = unit.getid().replace("\x04", "|")
        note = unit.getnotes("developer").strip()
        line = _msgid_line(lines, unit.line_number)
        if unit.hasplural():
            singular, plural = unit.source.strings[0], unit.source.strings[-1]
            strings += [
                SourceString(f"{key}[one]", str(singular), note, None, line),
                SourceString(f"{key}[other]", str(plural), note, None, line),
            ]
        else:
            strings.append(SourceString(key, str(unit.source), note, None, line))
    return strings


_LOOKAHEAD = 1000
"""Lines from an entry's first comment to its `msgid` that are searched (a bound for files
in encodings the byte search does not match)."""


def _msgid_line(lines: list[bytes], start: int) -> int:
    """The line of the `msgid` of the entry whose comments start on line `start` (1-based)."""
    for index in range(max(start, 1) - 1, min(len(lines), start + _LOOKAHEAD)):
        if lines[index].lstrip().startswith(b"msgid"):
            return index + 1
    return 0
