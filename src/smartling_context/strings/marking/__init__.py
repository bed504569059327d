"""Marked copies of strings files: every source string wrapped in its key's markers.

`mark_file` gives a strings file's bytes with each string the project's reader
finds wrapped by `markers.mark(text, path, key)`, in a file the app reads as it
reads the original (capture.md §3): capture serves these copies to an app that
fetches its strings at run time, and `smartling-context markers apply` writes
them into the working tree for an app that bundles its strings. One module per
format; the file is read first by the project's own reader, so a file that
reader refuses is refused here with the same `StringsFileError`.

A text that already holds markers is marked afresh (its old markers dropped), so
marking a marked file gives the same bytes again. Empty texts stay empty (the
reader does not list them, and an app shows nothing for them).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from smartling_context.strings.formats import StringsFileError, read_strings

__all__ = ["MARKABLE_FORMATS", "mark_file"]

_MARKERS = {
    "ios-strings": "ios",
    "android": "android",
    "xliff": "xliff",
    "po": "gettext",
    "properties": "properties",
    "yaml": "yamlfile",
    "json": "jsonfile",
    "arb": "jsonfile",
}
MARKABLE_FORMATS = tuple(_MARKERS)


def mark_file(content: bytes, fmt: str, path: str) -> bytes:
    """The file with every source string wrapped by its markers.

    `path` is the file's repository-relative path as the manifest names it (it is
    half of every marker id). Raises `StringsFileError` for a file the project's
    reader cannot read, or a format that has no marking.
    """
    module = _MARKERS.get(fmt)
    if module is None:
        raise StringsFileError(f"no marking for the format {fmt!r}")
    read_strings(content, fmt)  # the reader's own checks: size, syntax, alias bombs, NULs
    marker: Callable[[bytes, str, str], bytes] = importlib.import_module(
        f"{__name__}.{module}"
    ).mark
    try:
        return marker(content, fmt, path)
    except RecursionError as exc:  # the reader's walk is iterative; writing back is not
        raise StringsFileError(f"not marked: the {fmt} file is nested too deeply") from exc
