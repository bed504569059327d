"""Strings that already live in Smartling (`file-uri`): which file URI to ask, and
which of its strings is which key of the run."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from posixpath import basename

from smartling_context.run.outcomes import Found, Pending, StringId
from smartling_context.smartling.models import FileString

FIELD = re.compile(r"\{(path|name|branch)\}")


def expand_file_uri(template: str, path: str, branch: str | None) -> str:
    """The file URI for one strings file: `{path}`, `{name}` and `{branch}` filled in,
    in one pass (a path or branch that itself holds `{name}` stays as it is)."""
    values = {"path": path, "name": basename(path), "branch": branch or ""}
    return FIELD.sub(lambda field: values[field.group(1)], template)


def match_file_strings(
    file_uri: str, held: list[FileString], wanted: Iterable[tuple[StringId, str]]
) -> dict[StringId, Found | Pending]:
    """Each wanted (string, text)'s hashcode under `file_uri`: by the key Smartling
    reports, else by the text when exactly one string of the file has it."""
    if not held:
        return {string: Pending(file_uri, known=False) for string, _ in wanted}
    by_key = {key: s.hashcode for s in held for key in s.keys}
    texts = Counter(s.text for s in held)
    by_text = {s.text: s.hashcode for s in held if texts[s.text] == 1}
    matched: dict[StringId, Found | Pending] = {}
    for string, text in wanted:
        key = string[1]
        if key in by_key:
            matched[string] = Found(by_key[key], file_uri, "key")
        elif text in by_text:
            matched[string] = Found(by_text[text], file_uri, "text")
        else:
            matched[string] = Pending(file_uri, known=True)
    return matched
