"""gettext `.po`/`.pot` files marked: in `msgstr`, what the app shows.

An app looks a message up by its `msgid` (and `msgctxt`) and shows the `msgstr`,
or the `msgid` itself when the `msgstr` is empty or fuzzy (msgfmt leaves fuzzy
entries out). So the `msgid` stays as it is (it is the key), and each `msgstr`
becomes the text the app would have shown, in its markers: an empty or fuzzy
`msgstr` of a source-language file is filled with the marked `msgid` (and the
fuzzy flag dropped), a translated one is marked as it is. Plurals: `msgstr[0]`
carries the key's `[one]` markers, the other forms `[other]`; an entry with no
forms yet gets as many as the header's `nplurals` (2 when it says none). The
project's reader reads `msgid`s, so it reads the marked file to the same keys
and texts; the markers are in the `msgstr`s the app reads.
"""

from __future__ import annotations

from smartling_context.strings.marking.common import marked


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The PO file with every entry's `msgstr` holding its shown text, marked."""
    from translate.misc.multistring import multistring
    from translate.storage.pypo import pofile

    store = pofile()
    store.parse(content)
    forms = _plural_forms(store)
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        key = unit.getid().replace("\x04", "|")
        fuzzy = unit.isfuzzy()
        if unit.hasplural():
            sources = [str(s) for s in unit.source.strings]
            targets = [] if fuzzy else [str(t) for t in unit.target.strings]
            count = max(len(targets), forms)
            shown = []
            for index in range(count):
                target = targets[index] if index < len(targets) else ""
                fallback = sources[0] if index == 0 else sources[-1]
                form = f"{key}[one]" if index == 0 else f"{key}[other]"
                shown.append(marked(target or fallback, path, form))
            unit.target = multistring(shown)
        else:
            target = "" if fuzzy else str(unit.target)
            unit.target = marked(target or str(unit.source), path, key)
        if fuzzy:
            unit.markfuzzy(False)
    return bytes(store)


def _plural_forms(store: object) -> int:
    """The header's `nplurals`, or 2."""
    try:
        count = int(store.getheaderplural()[0])  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return 2
    return count if 0 < count < 10 else 2
