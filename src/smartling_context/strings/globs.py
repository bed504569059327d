"""Manifest paths and globs: `*` and `?` stay in a folder, `**` crosses folders.

Globs are matched segment by segment, never as one backtracking regex: a
pattern such as `**/**/**/*.json` or `*a*a*a*a*a*a*a*a*a*ab` is written by
whoever opens a pull request, and must cost time linear-ish in the path
(pattern length x path length at worst), not exponential.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import cache
from typing import TypeVar

# One wildcard token in a segment: a literal character, "?" (any one character),
# "*" (any run in the segment), or a character class: (negated, ranges).
_STAR = "*"
_Class = tuple[bool, tuple[tuple[str, str], ...]]
_Token = str | _Class
_Segment = Callable[[str], bool]  # does a file or folder name match this segment
_ANY_SEGMENTS = None  # a `**` segment: zero or more folders
_REGEX_STARS = 2  # up to this many stars a segment regex cannot backtrack for long
T = TypeVar("T")
U = TypeVar("U")


class GlobError(ValueError):
    """A glob that cannot be read; the message says what to change."""


def escapes_root(path: str) -> bool:
    """True for an absolute path or one that climbs out with `..`."""
    if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path):
        return True
    return posixpath.normpath(path).split("/")[0] == ".."


def glob_problem(pattern: str) -> str | None:
    """Why a glob cannot be used, or None when it can."""
    try:
        _compile(pattern)
    except GlobError as error:
        return str(error)
    return None


def glob_match(pattern: str, files: list[str]) -> list[str]:
    """The files a glob matches (none for a glob that cannot be read: see glob_problem)."""
    try:
        segments = _compile(pattern)
    except GlobError:
        return []
    return [path for path in files if _match_path(segments, path.split("/"))]


def matches_glob(pattern: str, path: str) -> bool:
    """Whether one path matches a glob (never, for a glob that cannot be read)."""
    return bool(glob_match(pattern, [path]))


@cache
def _compile(pattern: str) -> tuple[_Segment | None, ...]:
    while pattern.startswith("./"):
        pattern = pattern[2:]
    segments: list[_Segment | None] = []
    for part in pattern.split("/"):
        if part == "**":
            if not segments or segments[-1] is not _ANY_SEGMENTS:  # `**/**` is one `**`
                segments.append(_ANY_SEGMENTS)
        else:
            segments.append(_segment(part))
    return tuple(segments)


def _segment(part: str) -> _Segment:
    if not any(char in part for char in "*?["):
        return part.__eq__
    tokens: list[_Token] = []
    index = 0
    while index < len(part):
        char = part[index]
        end = part.find("]", index + 2) if char == "[" else -1
        if char == "*":
            if not tokens or tokens[-1] != _STAR:  # `**` inside a name is one `*`
                tokens.append(_STAR)
        elif end != -1:
            tokens.append(_char_class(part[index + 1 : end]))
            index = end
        else:
            tokens.append(char)  # "?" stays "?": it is matched as any one character
        index += 1
    if tokens.count(_STAR) > _REGEX_STARS:
        return lambda name: _greedy(tuple(tokens), name, _is_star, _match_char)
    regex = re.compile("".join(_regex(token) for token in tokens))
    return lambda name: regex.fullmatch(name) is not None


def _regex(token: _Token) -> str:
    if isinstance(token, tuple):
        negate, ranges = token
        body = "".join(re.escape(a) + ("-" + re.escape(b) if b != a else "") for a, b in ranges)
        return f"[{'^' if negate else ''}{body}]" if body else ("." if negate else "(?!)")
    return {_STAR: ".*", "?": "."}.get(token, re.escape(token))


def _is_star(token: _Token) -> bool:
    return token == _STAR


def _char_class(body: str) -> _Class:
    negate = body[:1] in ("!", "^")
    body = body[1:] if negate else body
    ranges: list[tuple[str, str]] = []
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            low, high = body[index], body[index + 2]
            if low > high:
                raise GlobError(f"the range [{low}-{high}] is backwards; write [{high}-{low}]")
            ranges.append((low, high))
            index += 3
        else:
            ranges.append((body[index], body[index]))
            index += 1
    return negate, tuple(ranges)


def _match_path(segments: tuple[_Segment | None, ...], parts: list[str]) -> bool:
    """Greedy matching with one backtrack point (the last `**`): O(segments x parts)."""
    return _greedy(segments, parts, lambda token: token is _ANY_SEGMENTS, _match_segment)


def _match_segment(segment: _Segment | None, name: str) -> bool:
    return segment is not None and segment(name)


def _match_char(token: _Token, char: str) -> bool:
    if isinstance(token, tuple):
        negate, ranges = token
        return any(low <= char <= high for low, high in ranges) != negate
    return token == "?" or token == char


def _greedy(
    pattern: tuple[T, ...],
    items: str | list[str],
    is_star: Callable[[T], bool],
    matches: Callable[[T, U], bool],
) -> bool:
    """Wildcard matching where a star takes any run of items: the classic two-pointer
    walk that, on a mismatch, lets only the most recent star take one more item."""
    p = i = 0
    star, resume = -1, 0
    while i < len(items):
        if p < len(pattern) and is_star(pattern[p]):
            star, resume = p, i
            p += 1
        elif p < len(pattern) and matches(pattern[p], items[i]):  # type: ignore[arg-type]
            p += 1
            i += 1
        elif star != -1:
            p, resume = star + 1, resume + 1
            i = resume
        else:
            return False
    while p < len(pattern) and is_star(pattern[p]):
        p += 1
    return p == len(pattern)
