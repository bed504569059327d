"""A source string as a pattern for the text a page shows: placeholders match what fills them.

`{count} hotels found` matches `12 hotels found`; `%1$s`, `%d`, `%@`, `%(name)s`,
`{{ name }}`, the manifest's custom placeholder regex (or its preset's) and ICU
arguments match what the app put in their place: one word-run (no space), or
several words when they are an inline element's whole text (`Hello <b>Ann
Lee</b>`), so a placeholder never swallows the literal words around it. An ICU
`plural`/`select` matches any one of its messages (`#` a number). Whitespace is
compared as the browser renders it: every run collapsed to one space.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_PRINTF = (
    r"%(?:\d+\$)?[-+0#]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcsp@]"
)
_FIXED_PLACEHOLDERS = re.compile(
    rf"\{{\{{.*?\}}\}}|%\([^)]+\)[-+0#]*\d*(?:\.\d+)?[a-zA-Z]|{_PRINTF}"
)
_ICU_SIMPLE = re.compile(r"\s*[\w.-]+\s*(?:,\s*\w+\s*(?:,[^{}]*)?)?")
_ICU_CHOICE = re.compile(r"\s*[\w.-]+\s*,\s*(plural|select|selectordinal)\s*,(.*)", re.DOTALL)
_ICU_OPTION = re.compile(r"\s*(?:offset:\s*\d+\s*)?(=?[\w.-]+)\s*\{")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_WORD_PAIR = re.compile(r"\w\w")


@dataclass(frozen=True)
class TextPattern:
    """How one string is looked for in a page's text.

    `whole` must match a whole run of text (an element's text, across inline tags),
    each placeholder standing for one word-run; `wide` is the same with each
    placeholder a group that may hold spaces (the matcher accepts such a group only
    when it is an inline element's whole text), None without placeholders; `inside`
    finds the string within a longer text, at word edges (such a place is reported,
    never boxed), and is None for strings too short to look for that way.
    """

    whole: re.Pattern[str]
    wide: re.Pattern[str] | None
    inside: re.Pattern[str] | None


def collapse(text: str) -> str:
    """Whitespace as a browser renders it in normal flow: runs of it become one space."""
    return " ".join(text.split())


def text_pattern(
    text: str, custom: re.Pattern[str] | None = None, *, markup: bool = True
) -> TextPattern | None:
    """The string's pattern, or None when it has no text of its own (placeholders only).

    `markup`: the string may hold HTML (the manifest's `html` is not `plain_text`), so
    its tags are dropped and its entities decoded, as the page shows it.
    """
    if markup:
        text = html.unescape(_TAG.sub("", text))
    text = collapse(text)
    pieces = _pieces(text, custom)
    literal = _literal(pieces)
    if not literal.strip():
        return None
    whole = re.compile(_source(pieces, r"\S+"))
    wide_source = _source(pieces, r"(.+?)")
    wide = re.compile(wide_source, re.DOTALL) if "(.+?)" in wide_source else None
    inside = None
    if _WORD_PAIR.search(literal):
        inside = re.compile(r"(?<!\w)" + _source(pieces, r"\S+") + r"(?!\w)")
    return TextPattern(whole, wide, inside)


class _Choice:
    """An ICU plural/select: any one of its messages."""

    def __init__(self, options: list[list[str | _Choice | None]]) -> None:
        self.options = options


_Piece = str | _Choice | None  # literal text, a choice, or a placeholder (None)


def _pieces(text: str, custom: re.Pattern[str] | None, plural: bool = False) -> list[_Piece]:
    """Split a string into literal text, placeholders and ICU choices."""
    pieces: list[_Piece] = []
    literal, index = "", 0
    while index < len(text):
        match = _placeholder_at(text, index, custom)
        if match is not None:
            end, piece = match
        elif text[index] == "{" and (closing := _closing_brace(text, index)) is not None:
            end, piece = closing + 1, _icu(text[index + 1 : closing], custom)
        elif plural and text[index] == "#":
            end, piece = index + 1, None
        else:
            literal += text[index]
            index += 1
            continue
        if isinstance(piece, str):
            literal += piece
        else:
            pieces += [literal, piece]
            literal = ""
        index = end
    return [*pieces, literal]


def _placeholder_at(
    text: str, index: int, custom: re.Pattern[str] | None
) -> tuple[int, None] | None:
    for pattern in (custom, _FIXED_PLACEHOLDERS):
        if pattern is not None and (found := pattern.match(text, index)) and found.end() > index:
            return found.end(), None
    return None


def _closing_brace(text: str, start: int) -> int | None:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return None


def _icu(inner: str, custom: re.Pattern[str] | None) -> _Piece:
    """`{name}`, `{n, number}`: a placeholder; `{n, plural, one {...} other {...}}`: a
    choice; anything else in braces is literal text."""
    if _ICU_SIMPLE.fullmatch(inner):
        return None
    choice = _ICU_CHOICE.fullmatch(inner)
    if choice is None:
        return "{" + inner + "}"
    options, rest = [], choice.group(2)
    while (option := _ICU_OPTION.match(rest)) is not None:
        opening = option.end() - 1
        closing = _closing_brace(rest, opening)
        if closing is None:
            break
        message = collapse(rest[opening + 1 : closing])
        options.append(_pieces(message, custom, plural=choice.group(1) != "select"))
        rest = rest[closing + 1 :]
    return _Choice(options) if options and not rest.strip() else "{" + inner + "}"


def _literal(pieces: list[_Piece]) -> str:
    """The string's own text: every literal piece, in choices too."""
    text = ""
    for piece in pieces:
        if isinstance(piece, _Choice):
            text += " ".join(_literal(option) for option in piece.options)
        elif piece is not None:
            text += piece
    return text


def _source(pieces: list[_Piece], wildcard: str) -> str:
    parts = []
    for piece in pieces:
        if piece is None:
            parts.append(wildcard)
        elif isinstance(piece, _Choice):
            options = "|".join(_source(option, wildcard) for option in piece.options)
            parts.append(f"(?:{options})")
        else:
            parts.append(re.escape(piece))
    return "".join(parts)
