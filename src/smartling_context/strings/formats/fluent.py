"""Fluent `.ftl` files (Mozilla's Project Fluent), read as `fluent.syntax` parses them.

A message `hello = …` is the key `hello`; its attributes `hello.title`; a term
`-brand = …` is `-brand` (terms are translated too). The text is the pattern
in Fluent syntax (`Hello { $name }`), multi-line values joined as Fluent joins
them. A value that is one select expression on a number (`{ $count -> [one] …
*[other] … }`) gives one key per variant, as plural forms: `emails[one]`,
`emails[other]`. The comment right above a message (`# …`) is its note. A file
with syntax errors (junk) is refused with the line Fluent reports.
"""

from __future__ import annotations

from bisect import bisect_right

from fluent.syntax import ast, parse
from fluent.syntax.serializer import serialize_pattern, serialize_variant_key

from smartling_context.strings.formats.common import SourceString, StringsFileError, decode_utf8


def _text(pattern: ast.Pattern) -> str:
    text: str = serialize_pattern(pattern)
    return text.strip("\n").replace("\n    ", "\n").strip()


def _entries(key: str, pattern: ast.Pattern | None, note: str, line: int) -> list[SourceString]:
    if pattern is None:
        return []
    elements = pattern.elements
    if (
        len(elements) == 1
        and isinstance(elements[0], ast.Placeable)
        and isinstance(elements[0].expression, ast.SelectExpression)
    ):
        return [
            SourceString(f"{key}[{serialize_variant_key(v.key)}]", _text(v.value), note, None, line)
            for v in elements[0].expression.variants
        ]
    return [SourceString(key, _text(pattern), note, None, line)]


def read(content: bytes) -> list[SourceString]:
    """Every message, attribute and term of a Fluent file, in file order."""
    text = decode_utf8(content)
    resource = parse(text, with_spans=True)
    starts = _line_starts(text)
    strings: list[SourceString] = []
    for entry in resource.body:
        if isinstance(entry, ast.Junk):
            start = entry.span.start if entry.span else 0
            problem = entry.annotations[0].message if entry.annotations else "syntax error"
            line = _line(starts, start)
            raise StringsFileError(f"not valid Fluent: {problem} (line {line})", line)
        if not isinstance(entry, ast.Message | ast.Term):
            continue
        prefix = "-" if isinstance(entry, ast.Term) else ""
        key = f"{prefix}{entry.id.name}"
        note = " ".join((entry.comment.content or "").split()) if entry.comment else ""
        line = _line(starts, entry.id.span.start if entry.id.span else 0)
        strings += _entries(key, entry.value, note, line)
        for attribute in entry.attributes:
            at = _line(starts, attribute.span.start if attribute.span else 0)
            strings += _entries(f"{key}.{attribute.id.name}", attribute.value, note, at)
    return strings


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset)
