"""iOS/macOS `.strings` files, read as Foundation reads them (`CFOldStylePList.c`).

A tokenizer that follows Apple's old-style property-list parser for strings
files: a dictionary without its braces, `key = value;` pairs (or `key;`, whose
value is the key). Whitespace is ASCII whitespace plus U+2028/U+2029, and a
`// line` or `/* block */` comment may stand wherever whitespace may, so two
entries on one line, a comment after `;` and a space before `;` read as
Foundation reads them. A string is quoted with `"` or `'` and runs to its
closing quote across lines; or unquoted, from `A-Z a-z 0-9 _ $ / : . -`.
Escapes (in keys as in values): `\\a \\b \\f \\n \\r \\t \\v`, `\\"`, a backslash
before a newline is the newline, `\\U` with up to four hex digits is one UTF-16
unit (two make a surrogate pair), `\\0`–`\\377` octal (up to three digits; ASCII
below `\\200`), and any other escaped character is itself (`\\\\` is `\\`,
`\\u` is `u`). A file Foundation refuses (a missing `;`, an unescaped `"` in a
value, an unterminated string) is refused with the line, with Foundation's own
words. Where Foundation silently stops reading (a character that can start no
key), the file is refused too: the strings after it would be lost unseen.

The comments right above a key (no blank line between) are its note; Xcode's
"No comment provided by engineer." is no note. Encoding: a UTF-16 BOM (either
order), else UTF-16 without a BOM when every other byte is NUL (what Xcode's
own UTF-16 files look like once the BOM is lost; the NUL half gives the byte
order), else UTF-8.
"""

from __future__ import annotations

import re
from typing import Any

from smartling_context.strings.formats.common import SourceString, StringsFileError, decode_utf8

_GAP = re.compile(r"(?:[\t\n\v\f\r \u2028\u2029]+|//[^\n\r\u2028\u2029]*|/\*.*?(?:\*/|\Z))*", re.S)
_COMMENT = re.compile(r"//[^\n\r\u2028\u2029]*|/\*.*?(?:\*/|\Z)", re.S)
_QUOTED = {
    '"': re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.S),
    "'": re.compile(r"'([^'\\]*(?:\\.[^'\\]*)*)'", re.S),
}
_UNQUOTED = re.compile(r"[A-Za-z0-9_$/:.\-]+")
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|U([0-9A-Fa-f]{0,4})|(.))", re.S)
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_NO_NOTE = "No comment provided by engineer."
_MAX_DEPTH = 512


def decode(content: bytes) -> str:
    """The file's text, detecting UTF-16 with or without a BOM."""
    if content.startswith(b"\xff\xfe"):
        return _utf16(content[2:], "utf-16-le")
    if content.startswith(b"\xfe\xff"):
        return _utf16(content[2:], "utf-16-be")
    order = _utf16_order(content)
    if order:
        return _utf16(content, order)
    return decode_utf8(content)


def _utf16_order(content: bytes) -> str | None:
    """`utf-16-le`/`-be` for BOM-less UTF-16: most ASCII characters then have a NUL half."""
    sample = content[:4096]
    if len(sample) < 2 or b"\0" not in sample:
        return None
    pairs = len(sample) // 2
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    if odd > pairs // 2 and even < odd // 4:
        return "utf-16-le"
    if even > pairs // 2 and odd < even // 4:
        return "utf-16-be"
    return None


def _utf16(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        raise StringsFileError(
            f"invalid {encoding.upper()} at byte {exc.start}; save the file as UTF-8 or UTF-16"
        ) from exc


class _Parser:
    """CFOldStylePList's strings-file parser over one text, keeping lines and comments."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._line_pos = 0
        self._line = 1

    def line(self, pos: int | None = None) -> int:
        """The 1-based line of a position (monotonic positions are counted incrementally)."""
        pos = self.pos if pos is None else pos
        if pos < self._line_pos:
            return self.text.count("\n", 0, pos) + 1
        self._line += self.text.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line

    def error(self, message: str, pos: int | None = None) -> StringsFileError:
        line = self.line(pos)
        return StringsFileError(f"not a valid .strings file: {message} on line {line}", line)

    def gap(self) -> str:
        """Skip whitespace and comments (as `advanceToNonSpace`); the skipped text."""
        match = _GAP.match(self.text, self.pos)
        assert match is not None  # the pattern matches the empty string
        self.pos = match.end()
        return match.group(0)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def string(self) -> str | None:
        """A quoted or unquoted string at the current position, or None if none starts here."""
        char = self.peek()
        pattern = _QUOTED.get(char)
        if pattern is not None:
            match = pattern.match(self.text, self.pos)
            if match is None:
                raise self._unterminated(char)
            self.pos = match.end()
            body = match.group(1)
            return self._unescape(body, match.start()) if "\\" in body else body
        match = _UNQUOTED.match(self.text, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        return match.group(0)

    def _unterminated(self, quote: str) -> StringsFileError:
        start = self.pos
        end = self.text.find(quote, start + 1)
        while end != -1 and _escaped(self.text, end):
            end = self.text.find(quote, end + 1)
        if self.text.endswith("\\") and not _escaped(self.text, len(self.text) - 1):
            return self.error("Unterminated backslash sequence", len(self.text))
        return self.error("Unterminated quoted string starting", start)

    def _unescape(self, body: str, start: int) -> str:
        def one(match: re.Match[str]) -> str:
            octal, hexa, other = match.groups()
            if octal is not None:
                number = int(octal, 8) & 0xFF
                if number >= 0x80:
                    raise self.error(
                        f"the octal escape \\{octal} stands for a NeXTSTEP-encoded character; "
                        "write the character itself (or \\U and its hex code)",
                        start,
                    )
                return chr(number)
            if hexa is not None:
                return chr(int(hexa, 16)) if hexa else "\0"
            return _SIMPLE_ESCAPES.get(other, other)

        text = _ESCAPE.sub(one, body)
        if any("\ud800" <= c <= "\udfff" for c in text):
            try:  # \U escapes are UTF-16 units: two may spell one character
                text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            except UnicodeDecodeError as exc:
                raise self.error("a \\U escape is half of a UTF-16 surrogate pair", start) from exc
        return text

    def value(self, depth: int) -> Any:
        """`parsePlistObject`: a string, or a dictionary, array or data (no strings to an app)."""
        if depth > _MAX_DEPTH:
            raise self.error("Too many nested arrays or dictionaries")
        self.gap()
        char = self.peek()
        if not char:
            raise self.error("Unexpected EOF while parsing plist")
        if char == "{":
            self.pos += 1
            entries = self.entries(depth + 1, closing="}")
            return dict((key, value) for key, value, *_ in entries)
        if char == "(":
            self.pos += 1
            return self._array(depth + 1)
        if char == "<":
            end = self.text.find(">", self.pos)
            if end == -1:
                raise self.error("Expected terminating '>' for data")
            self.pos = end + 1
            return b""
        found = self.string()
        if found is None:
            raise self.error(f"Unexpected character {char!r}")
        return found

    def _array(self, depth: int) -> list[Any]:
        items: list[Any] = []
        self.gap()
        if self.peek() == ")":
            self.pos += 1
            return items
        while True:
            items.append(self.value(depth))
            self.gap()
            if self.peek() == ",":
                self.pos += 1
                self.gap()
                if self.peek() == ")":
                    break
                continue
            break
        if self.peek() != ")":
            raise self.error("Expected terminating ')' for array")
        self.pos += 1
        return items

    def entries(self, depth: int, closing: str = "") -> list[tuple[str, Any, int, str]]:
        """`parsePlistDictContent`: (key, value, line, note) in file order."""
        found: list[tuple[str, Any, int, str]] = []
        while True:
            gap = self.gap()
            note = _note(gap, bool(found))
            start = self.pos
            if start >= len(self.text) or self.peek() == closing:
                break
            key = self.string()
            if key is None:
                raise self.error(
                    f"unexpected {self.peek()!r} where a key should start (Foundation stops "
                    "reading the file here and loads none of the strings after it)"
                )
            line = self.line(start)
            self.gap()
            char = self.peek()
            if not char:
                raise self.error("Missing ';'")
            if char == ";":
                value: Any = key
            elif char == "=":
                self.pos += 1
                value = self.value(depth)
                self.gap()
                if self.peek() != ";":
                    raise self.error("Missing ';'")
            else:
                raise self.error("Expected ';' or '=' after key")
            self.pos += 1
            found.append((key, value, line, note))
        if closing:
            if self.peek() != closing:
                raise self.error(f"Expected terminating {closing!r} for dictionary")
            self.pos += 1
        return found


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd run of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _note(gap: str, after_entry: bool) -> str:
    """The comments right above a key: none across a blank line, none trailing the entry before."""
    if "/" not in gap:
        return ""
    comments: list[str] = []
    previous_end = 0
    for match in _COMMENT.finditer(gap):
        between = gap[previous_end : match.start()]
        if previous_end == 0 and after_entry and "\n" not in between:
            previous_end = match.end()
            continue  # `"a" = "x"; // about a`
        if between.count("\n") > 1:
            comments = []
        comments.append(_comment_text(match.group(0)))
        previous_end = match.end()
    if gap[previous_end:].count("\n") > 1:
        return ""
    return " ".join(c for c in comments if c and c != _NO_NOTE)


def _comment_text(comment: str) -> str:
    """A comment without its markers (`/* */`, `//`), on one line."""
    body = comment[2:-2] if comment.startswith("/*") and comment.endswith("*/") else comment[2:]
    lines = (re.sub(r"^\*+\s?", "", line.strip()) for line in body.splitlines())
    return " ".join(line for line in lines if line)


def read(content: bytes) -> list[SourceString]:
    """Every key of a `.strings` file, in file order, with the comment above it."""
    parser = _Parser(decode(content))
    parser.gap()
    if parser.peek() == "{":  # an old-style dictionary property list with its braces
        parser.pos += 1
        entries = parser.entries(1, closing="}")
        parser.gap()
        if parser.pos < len(parser.text):
            raise parser.error("Junk after plist")
    else:
        parser.pos = 0
        entries = parser.entries(0)
    return [
        SourceString(key, value, note, None, line)
        for key, value, line, note in entries
        if isinstance(value, str)
    ]
