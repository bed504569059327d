"""What format a file's content says it is, to refuse a file read as another format.

`--format json` on a String Catalog would list every language's translation as
a source string; `--format xliff` on a `.resx` would find no units and report
none. Only strong signs count: a JSON object whose first keys include
`sourceLanguage` (a String Catalog), and an XML file's root element.
"""

from __future__ import annotations

import re

_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|\s)*", re.S)
NAMES = {
    "xcstrings": "an Xcode String Catalog",
    "stringsdict": "an Apple stringsdict",
    "plist": "a property list",
    "resx": "a .NET .resx file",
    "qt-ts": "a Qt Linguist .ts file",
    "xliff": "an XLIFF file",
    "android": "an Android strings.xml",
}
_XML_FORMATS = {"android", "xliff", "resx", "qt-ts", "stringsdict"}
_JSON_FORMATS = {"json", "arb", "yaml", "yaml-rails", "yaml-1.2"}


def looks_like(content: bytes) -> str | None:
    """The format the content shows, or None when it shows none clearly."""
    head = content[:8192].lstrip(b"\xef\xbb\xbf")
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return "xcstrings" if b'"sourceLanguage"' in head and b'"strings"' in head else None
    if not stripped.startswith(b"<"):
        return None
    prolog = _PROLOG.match(head)
    root = _ROOT.match(head, prolog.end() if prolog else 0)
    if root is None:
        return None
    name = root.group(1).split(b":")[-1]
    if name == b"plist":
        return "stringsdict" if b"NSStringLocalizedFormatKey" in content else "plist"
    if name == b"root" and b"resheader" in content:
        return "resx"
    return {b"resources": "android", b"xliff": "xliff", b"TS": "qt-ts"}.get(name)


def mismatch(content: bytes, fmt: str) -> str | None:
    """A sentence when the content is clearly another format than `fmt`, else None."""
    if fmt not in _XML_FORMATS | _JSON_FORMATS | {"xcstrings"}:
        return None
    seen = looks_like(content)
    if seen is None or seen == fmt:
        return None
    if fmt in _JSON_FORMATS and seen != "xcstrings":
        return None  # a JSON or YAML reader finds XML unreadable on its own
    if seen == "plist":
        return f"the file looks like {NAMES[seen]} (no NSStringLocalizedFormatKey), not {fmt}"
    return f"the file looks like {NAMES[seen]}, not {fmt}: read it as {seen} (`format: {seen}`)"
