"""Invisible key markers: which string of which file a text on a page came from.

In marker mode (capture.md §3) every source string is wrapped as
`START id text STOP id`, where `id` is a fixed-length code of the string's file and
key. All marker characters come from Unicode's tag block (U+E0001 LANGUAGE TAG,
U+E0020..U+E007F): they are default-ignorable, so browsers draw them with no width,
and their line-breaking class is CM (combining mark), so they add or remove no
line-break opportunity. A text that holds any of them must never reach Smartling.

The id is a hash, not the key itself, so markers stay short (16 UTF-16 units a
string); capture turns ids back into strings with `marker_table`, built from the
same strings files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TypeVar

START = "\U000e0001"
STOP = "\U000e007f"
_DIGIT_BASE = 0xE0020
_DIGITS = 95  # U+E0020..U+E007E: tag characters other than CANCEL TAG
ID_LENGTH = 7
MARKER_CHARACTERS = re.compile("[\U000e0001\U000e0020-\U000e007f]")
"""Any character a marker is made of."""
MARKER = re.compile(f"([{START}{STOP}])([\U000e0020-\U000e007e]{{{ID_LENGTH}}})")
"""One marker: group 1 is START or STOP, group 2 the id."""

Ref = TypeVar("Ref")


def marker_id(file: str, key: str) -> str:
    """The id of a string: 7 tag characters from a hash of its file and key."""
    number = int.from_bytes(hashlib.sha256(f"{file}\0{key}".encode()).digest()[:8], "big")
    digits = []
    for _ in range(ID_LENGTH):
        number, digit = divmod(number, _DIGITS)
        digits.append(chr(_DIGIT_BASE + digit))
    return "".join(digits)


def mark(text: str, file: str, key: str) -> str:
    """The text with its string's markers at its start and end."""
    code = marker_id(file, key)
    return f"{START}{code}{text}{STOP}{code}"


def has_marker(text: str) -> bool:
    """Whether a text holds any marker character (such a text is never sent to Smartling)."""
    return MARKER_CHARACTERS.search(text) is not None


def strip_markers(text: str) -> str:
    """The text without any marker character."""
    return MARKER_CHARACTERS.sub("", text)


def marker_table(refs: Iterable[tuple[str, str, Ref]]) -> dict[str, Ref]:
    """Each id of `(file, key, ref)` triples, mapped to its ref.

    Raises ValueError naming both strings when two share an id (about one chance in
    10^8 for 50,000 strings).
    """
    table: dict[str, Ref] = {}
    named: dict[str, tuple[str, str]] = {}
    for file, key, ref in refs:
        code = marker_id(file, key)
        if code in table and named[code] != (file, key):
            raise ValueError(
                f"{named[code][0]}: {named[code][1]} and {file}: {key} share a marker id"
            )
        table[code] = ref
        named[code] = (file, key)
    return table
