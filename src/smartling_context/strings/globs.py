"""Manifest paths and globs: `*` and `?` stay in a folder, `**` crosses folders."""

from __future__ import annotations

import posixpath
import re
from functools import cache


def escapes_root(path: str) -> bool:
    """True for an absolute path or one that climbs out with `..`."""
    if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path):
        return True
    return posixpath.normpath(path).split("/")[0] == ".."


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A manifest glob as a regex: `*` and `?` stay in a folder, `**` crosses folders."""
    while pattern.startswith("./"):
        pattern = pattern[2:]
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                out.append("[" + pattern[index + 1 : end].replace("\\", "\\\\") + "]")
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, files: list[str]) -> list[str]:
    regex = glob_regex(pattern)
    return [path for path in files if regex.match(path)]
