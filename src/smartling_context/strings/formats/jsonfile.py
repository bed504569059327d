"""JSON strings files (i18next, react-intl, vue-i18n…), read as `JSON.parse` reads them.

The standard library's `json`: string leaves under their dotted path; numbers,
booleans and null are not translatable strings. A key written twice keeps its
last value, as in JavaScript.

Line numbers come from one regular-expression scan over the text (no second
parse): in valid JSON every `"` outside a string starts a string, so scanning
strings left to right finds each one; a string followed by `:` is a key, and
the string leaves appear in the same order as the document walk gives them (document
order). When the counts differ (a key written twice), a structural scan maps
each dotted path to its last line instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from smartling_context.strings.formats.common import SourceString, StringsFileError, decode_utf8

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_LEAF = re.compile(rf"{_STRING}(\s*:\s*({_STRING})?)?", re.S)
"""A string; with `:` a key, and with a string right after the colon a key holding a string."""
_TOKEN = re.compile(rf"({_STRING})(\s*:)?|[{{}}\[\],]", re.S)


def load_text(text: str, pairs: Callable[[list[tuple[str, Any]]], Any] | None = None) -> Any:
    """The parsed document (objects built by `pairs` when given), or an error with the line
    of the first problem."""
    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise StringsFileError(f"not valid JSON: {exc.msg}", exc.lineno) from exc
    except RecursionError as exc:
        raise StringsFileError("not read: JSON nested too deeply") from exc


def load(content: bytes) -> Any:
    """The parsed document of a file's bytes (UTF-8)."""
    return load_text(decode_utf8(content))


def leaf_lines(text: str) -> list[int]:
    """The 1-based line of every string leaf, in document order (a member: its key's line).

    Strict JSON has no newline inside a string, so each line is read alone. The
    common shapes of a pretty-printed line (`"key": "text",`, `"item",`, a key
    opening an object) are told apart by counting quotes; any other line (a
    backslash, several members) is scanned with the string pattern."""
    lines: list[int] = []
    previous = ""
    for number, line in enumerate(text.split("\n"), 1):
        quotes = line.count('"')
        if not quotes:
            if line.strip():
                previous = line
            continue
        tail = line.rstrip(" ,\t\r")
        if quotes == 2 and "\\" not in line:
            if tail.endswith('"'):  # an item, or a value whose key ends the line before
                lines.append(number - 1 if previous.rstrip(" \t\r").endswith(":") else number)
        elif (
            quotes == 4
            and "\\" not in line
            and tail.endswith('"')
            and ('":' in line or '" :' in line)
        ):
            lines.append(number)
        else:
            for match in _LEAF.finditer(line):
                colon, value = match.group(1, 2)
                if colon is None or value is not None:
                    lines.append(number)
        previous = line
    return lines


def path_lines(text: str) -> dict[str, int]:
    """Each string leaf's (and object's and array's) dotted path to the line of its key's last
    occurrence (an array item: its own line); slower than `leaf_lines`, exact."""
    lines: dict[str, int] = {}
    stack: list[list[Any]] = []  # [path, is_object, next index, pending key]
    line, last = 1, 0

    def child(frame: list[Any]) -> str:
        if frame[1]:
            prefix = f"{frame[0]}." if frame[0] else ""
            return f"{prefix}{frame[3]}"
        path = f"{frame[0]}[{frame[2]}]"
        return path

    for match in _TOKEN.finditer(text):
        start = match.start()
        line += text.count("\n", last, start)
        last = start
        token, string, colon = match.group(0), match.group(1), match.group(2)
        frame = stack[-1] if stack else None
        if string is not None and colon is not None and frame is not None:
            frame[3] = json.loads(string)
            frame[4] = line
        elif string is not None:
            if frame is not None:
                lines[child(frame)] = frame[4] if frame[1] else line
            else:
                lines[""] = line
        elif token in "{[":
            path = child(frame) if frame is not None else ""
            if frame is not None:
                lines[path] = frame[4] if frame[1] else line
            stack.append([path, token == "{", 0, "", line])
        elif token in "}]":
            if stack:
                stack.pop()
        elif token == "," and frame is not None and not frame[1]:
            frame[2] += 1
    return lines


def strings_of(document: Any, text: str) -> list[SourceString]:
    """Every string leaf of a parsed JSON document under its dotted path (`a.b`, `list[0]`),
    in document order, with the line of its key (`leaf_lines`, or `path_lines` when a key
    written twice makes the counts differ)."""
    lines = leaf_lines(text)
    found: list[SourceString] = []
    try:
        _collect(document, "", found, lines)
    except RecursionError as exc:
        raise StringsFileError("not read: JSON nested too deeply") from exc
    except IndexError:  # more leaves than the scan found
        pass
    else:
        if len(found) == len(lines):
            return found
    found = []
    _collect(document, "", found, _Unknown())
    by_path = path_lines(text)
    return [s._replace(line=by_path.get(s.key, 0)) for s in found]


class _Unknown:
    """Lines not known yet: every index gives 0."""

    def __getitem__(self, index: int) -> int:
        return 0


def _collect(node: Any, path: str, found: list[SourceString], lines: Any) -> None:
    """Append the string leaves under `node` (recursive: JSON nesting is bounded by the parser)."""
    if type(node) is str:
        found.append(SourceString(path, node, "", None, lines[len(found)]))
    elif type(node) is dict:
        prefix = f"{path}." if path else ""
        for key, value in node.items():
            if type(value) is str:
                found.append(SourceString(prefix + key, value, "", None, lines[len(found)]))
            elif type(value) is dict or type(value) is list:
                _collect(value, prefix + key, found, lines)
    elif type(node) is list:
        for index, value in enumerate(node):
            _collect(value, f"{path}[{index}]", found, lines)


def read(content: bytes) -> list[SourceString]:
    """Every string of a JSON file, in file order."""
    text = decode_utf8(content)
    return strings_of(load_text(text), text)
