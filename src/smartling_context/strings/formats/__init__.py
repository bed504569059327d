"""Strings files: a file's bytes in, `(key, text, note)` out, as each platform reads them.

One reader module per format behind a registry (`_READERS`); a reader is
imported only when a file of its format is read. Each module says whose rules
it follows (the README's "Keys" section sums them up). Here, for every format:
the size limit, turning a reader's failure into a `StringsFileError`, dropping
empty texts, one entry per key (the last value wins, as every platform's
loader does), refusing a string that holds a NUL character, and refusing a file whose
content is clearly another format than the one given (`sniff`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePosixPath

from smartling_context.strings.formats.common import SourceString, StringsFileError
from smartling_context.strings.formats.sniff import mismatch

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "SourceString",
    "StringsFileError",
    "infer_format",
    "read_strings",
]

_READERS = {  # format -> module (its `read`) or `module:function`
    "json": "jsonfile",
    "yaml": "yamlfile",
    "yaml-rails": "yamlfile:read_rails",
    "yaml-1.2": "yamlfile:read_core",
    "properties": "properties",
    "android": "android",
    "ios-strings": "ios",
    "po": "gettext",
    "xliff": "xliff",
    "arb": "arb",
    "xcstrings": "xcstrings",
    "stringsdict": "stringsdict",
    "resx": "resx",
    "qt-ts": "qt",
    "fluent": "fluent",
    "toml": "toml",
}
FORMATS = tuple(_READERS)
_SUFFIXES = {
    ".json": "json",
    ".arb": "arb",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".properties": "properties",
    ".strings": "ios-strings",
    ".po": "po",
    ".pot": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".xcstrings": "xcstrings",
    ".stringsdict": "stringsdict",
    ".resx": "resx",
    ".ts": "qt-ts",
    ".ftl": "fluent",
    ".toml": "toml",
}
MAX_FILE_BYTES = 50 * 1024 * 1024


def infer_format(path: str) -> str | None:
    """The format a file name implies, or None."""
    name = PurePosixPath(path).name.lower()
    if name.endswith(".xml"):
        return "android"
    return _SUFFIXES.get(PurePosixPath(name).suffix)


def _reader(fmt: str) -> Callable[[bytes], list[SourceString]]:
    module = _READERS.get(fmt)
    if module is None:
        raise StringsFileError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    name, _, function = module.partition(":")
    read: Callable[[bytes], list[SourceString]] = getattr(
        importlib.import_module(f"{__name__}.{name}"), function or "read"
    )
    return read


def read_strings(content: bytes, fmt: str) -> list[SourceString]:
    """Every source string of a file, in file order. Raises `StringsFileError`."""
    if len(content) > MAX_FILE_BYTES:
        raise StringsFileError(
            f"the file is {len(content) / 1e6:.0f} MB; strings files over "
            f"{MAX_FILE_BYTES // 1_000_000} MB are not read"
        )
    read = _reader(fmt)
    other = mismatch(content, fmt)
    if other:
        raise StringsFileError(other, 1)
    try:
        strings = read(content)
    except StringsFileError:
        raise
    except Exception as exc:  # a library's own error for input it cannot read
        raise StringsFileError(f"not a valid {fmt} file: {_first_line(exc)}") from exc
    by_key = {string.key: string for string in strings}  # the last value wins
    kept = [string for string in by_key.values() if string.text]
    for string in kept:
        if "\0" in string.key or "\0" in string.text:
            raise StringsFileError(
                f"the string {string.key.replace(chr(0), '')!r} contains a NUL character: "
                "the file is probably in another encoding (UTF-16 without a BOM?); "
                "save it as UTF-8"
            )
    return kept


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
