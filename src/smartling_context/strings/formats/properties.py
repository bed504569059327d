"""Java `.properties` files, read as `java.util.Properties` and ResourceBundle read them.

`javaproperties` parses (keys and values unescaped: `Citation\\ count\\:` is the
key `Citation count:`; continuations; `\\uXXXX`). Encoding as Java 9+
`PropertyResourceBundle`: UTF-8, and ISO-8859-1 when the file is not valid
UTF-8. A key written twice keeps its last value. The comment lines right above
a key (no blank line between) are its note.
"""

from __future__ import annotations

import re

import javaproperties

from smartling_context.strings.formats.common import SourceString


def decode(content: bytes) -> str:
    """UTF-8 (a BOM dropped), falling back to ISO-8859-1 as Java 9+ ResourceBundle does."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("iso-8859-1")


def read(content: bytes) -> list[SourceString]:
    """Every key of a `.properties` file, in file order, with the comment above it."""
    strings: list[SourceString] = []
    comments: list[str] = []
    line = 1
    for element in javaproperties.parse(decode(content)):
        if isinstance(element, javaproperties.Comment):
            comments.append(re.sub(r"^[#!]+\s?", "", element.value).strip())
        elif isinstance(element, javaproperties.KeyValue):
            note = " ".join(c for c in comments if c)
            strings.append(SourceString(element.key, element.value, note, None, line))
            comments = []
        else:  # a blank line: the comment above it is not the next key's
            comments = []
        line += element.source.count("\n")
    return strings
