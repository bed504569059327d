"""YAML strings files, read as Rails (Psych, YAML 1.1) reads them.

libyaml through PyYAML's `CSafeLoader` (the pure-Python `SafeLoader` when
libyaml is absent): string leaves under their dotted path, list items `[i]`,
merge keys (`<<: *defaults`) applied, a key written twice keeps its last value
as Rails does, numbers/booleans/dates are not strings. A document that is one
locale key holding a mapping (`en:`, `pt-BR:`) is Rails-style: the locale root
is dropped. Plural hashes are ordinary mappings, so their keys stay as written
(`items.zero`, `items.one`, `items.other`) in every locale.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from smartling_context.strings.formats.common import (
    SourceString,
    StringsFileError,
    decode_utf8,
    walk,
)

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LOCALE_ROOT = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
ALIAS_BUDGET = 10
"""A file may expand through aliases to this many values per byte it holds."""


def _load(content: bytes) -> Any:
    text = decode_utf8(content)
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid"
        raise StringsFileError(
            f"not valid YAML: {problem}", mark.line + 1 if mark else None
        ) from exc
    except yaml.YAMLError as exc:
        raise StringsFileError(f"not valid YAML: {exc}") from exc


def _without_locale_root(document: Any) -> Any:
    if isinstance(document, dict) and len(document) == 1:
        ((root, value),) = document.items()
        if isinstance(root, str) and _LOCALE_ROOT.match(root) and isinstance(value, dict):
            return value
    return document


def read(content: bytes) -> list[SourceString]:
    """Every string of a YAML file, in file order."""
    document = _without_locale_root(_load(content))
    return walk(document, ALIAS_BUDGET * len(content) + 1000)
