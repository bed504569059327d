"""Marker mode at run time: the app's requests for its strings files, answered marked.

An app that fetches its strings (i18next-http-backend, ngx-translate, vue-i18n lazy
loading) gets, instead of a strings file of the manifest, the same file with every
string wrapped in its key's markers (`strings.marking.mark_file`); nothing is
rebuilt. A response is taken for a strings file when both hold:

- its URL's last path segment is the file's name (`translation.json`), or the file's
  name with a build hash before the extension (`translation.3f2a9c.json`);
- its body, read by the project's reader for the file's format, gives the same keys
  and texts as the file in the working tree (so a copy that a build minified or
  re-indented still counts, and another `en.json` of the app does not).

The marked answer is made from the bytes the app was served, named by the
manifest's path of the file, so its marker ids are the ones capture looks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from smartling_context.strings.formats import StringsFileError, read_strings
from smartling_context.strings.marking import MARKABLE_FORMATS, mark_file

if TYPE_CHECKING:
    from playwright.sync_api import Route

_DROPPED_HEADERS = {"content-length", "content-encoding", "etag", "last-modified"}


@dataclass(frozen=True)
class StringsFile:
    """One strings file of the manifest: its path, format and texts by key."""

    path: str
    fmt: str
    texts: dict[str, str]


@dataclass
class MarkedStrings:
    """Answers a page's requests for the manifest's strings files with marked copies."""

    files: list[StringsFile]
    served: dict[str, str] = field(default_factory=dict)  # URL -> the file's path
    _names: dict[str, list[StringsFile]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for file in self.files:
            if file.fmt in MARKABLE_FORMATS:
                name = PurePosixPath(file.path).name.lower()
                self._names.setdefault(name, []).append(file)

    def wants(self, url: str) -> bool:
        """Whether a URL may be one of the strings files (by its name alone)."""
        return bool(self._candidates(url))

    def answer(self, route: Route) -> None:
        """Fetch the real response; if it is a strings file, answer with it marked."""
        from playwright.sync_api import Error

        try:
            response = route.fetch()
            body = response.body()
        except Error:  # unreachable: the browser meets the same error itself
            route.continue_()
            return
        file = self.recognise(route.request.url, body) if response.ok else None
        if file is None:
            route.fulfill(response=response)
            return
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in _DROPPED_HEADERS
        }
        self.served[route.request.url] = file.path
        route.fulfill(response=response, body=mark_file(body, file.fmt, file.path), headers=headers)

    def recognise(self, url: str, body: bytes) -> StringsFile | None:
        """The strings file a response is, by the URL's name and the strings it holds."""
        return next((file for file in self._candidates(url) if _same_strings(body, file)), None)

    def _candidates(self, url: str) -> list[StringsFile]:
        name = PurePosixPath(unquote(urlparse(url).path)).name.lower()
        found = self._names.get(name)
        if found is not None:
            return found
        unhashed = _HASHED.sub(r"\1", name)
        return self._names.get(unhashed, []) if unhashed != name else []


# `translation.3f2a9c01.json` -> `translation` + `.json`
_HASHED = re.compile(r"^(.+?)[.-][0-9a-f]{6,}(?=\.[a-z0-9]+$)")


def _same_strings(body: bytes, file: StringsFile) -> bool:
    try:
        strings = read_strings(body, file.fmt)
    except StringsFileError:
        return False
    return {s.key: s.text for s in strings} == file.texts
