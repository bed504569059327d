""".NET `.resx` files, read as `ResXResourceReader` / `ResourceManager` read them.

Each `<data name="Key">` holding a `<value>` is the string `Key`, its text
exactly as written (`xml:space="preserve"`); its `<comment>` is the note.
Entries with a `type` or `mimetype` (images, serialized objects) are not
strings, nor are the Windows Forms designer's `>>control.Name` entries; a
form's `$this.Text` is. The line is the `<data>` element's.
"""

from __future__ import annotations

from smartling_context.strings.formats.common import SourceString
from smartling_context.strings.formats.xml import parse, start_line


def read(content: bytes) -> list[SourceString]:
    """Every string resource of a `.resx` file, in file order."""
    lines = content.split(b"\n")
    strings: list[SourceString] = []
    for data in parse(content).iterchildren("data"):
        name = data.get("name")
        if not name or name.startswith(">>") or data.get("type") or data.get("mimetype"):
            continue
        value = data.find("value")
        if value is None:
            continue
        comment = data.find("comment")
        note = " ".join((comment.text or "").split()) if comment is not None else ""
        strings.append(SourceString(name, value.text or "", note, None, start_line(lines, data)))
    return strings
