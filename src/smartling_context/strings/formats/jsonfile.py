"""JSON strings files (i18next, react-intl, vue-i18n…), read as `JSON.parse` reads them.

The standard library's `json`: string leaves under their dotted path; numbers,
booleans and null are not translatable strings. A key written twice keeps its
last value, as in JavaScript.
"""

from __future__ import annotations

import json
from typing import Any

from smartling_context.strings.formats.common import (
    SourceString,
    StringsFileError,
    decode_utf8,
    walk,
)


def load(content: bytes) -> Any:
    """The parsed document, or an error with the line of the first problem."""
    try:
        return json.loads(decode_utf8(content))
    except json.JSONDecodeError as exc:
        raise StringsFileError(f"not valid JSON: {exc.msg}", exc.lineno) from exc
    except RecursionError as exc:
        raise StringsFileError("not read: JSON nested too deeply") from exc


def read(content: bytes) -> list[SourceString]:
    """Every string of a JSON file, in file order."""
    return walk(load(content), len(content) + 1)
