"""What every reader shares: the string type, the error, decoding, tree walking."""

from __future__ import annotations

from typing import NamedTuple


class SourceString(NamedTuple):
    """One source string as its file gives it (a named tuple: cheap by the million)."""

    key: str
    text: str
    note: str = ""
    identity: str | None = None
    """The text as the platform identifies the message, when it differs from `text`.

    XLIFF: placeholders without their display hints (Angular's message ids
    ignore `equiv-text`), so that a changed hint alone is no changed string."""
    line: int = 0
    """The 1-based line where the string's key stands in its file (gettext: the `msgid`
    line), for annotations on the string's own line; 0 where a reader does not know it."""

    @property
    def compared(self) -> str:
        """What a diff compares: `identity` when there is one, else the text."""
        return self.text if self.identity is None else self.identity


class StringsFileError(Exception):
    """A strings file that cannot be read: what is wrong and, where known, the line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def decode_utf8(content: bytes) -> str:
    """The file as UTF-8 (a BOM is dropped), or an error naming the first bad byte's line."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StringsFileError(
            f"invalid UTF-8 (byte 0x{content[exc.start]:02x}); save the file as UTF-8",
            line_of(content, exc.start),
        ) from exc


def line_of(content: bytes, offset: int) -> int:
    """The 1-based line of a byte offset."""
    return content.count(b"\n", 0, offset) + 1


def scalar_key(key: object) -> str:
    """A mapping key as text: YAML may give numbers, booleans or null as keys."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    return "" if key is None else str(key)
