"""The Strings API: create strings (200 or 202 + process), their status, source strings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from smartling_context.emulator.envelope import Answer, validation
from smartling_context.emulator.faults import Faults
from smartling_context.emulator.request import Request
from smartling_context.emulator.state import (
    DEFAULT_NAMESPACE,
    EmulatorState,
    hashcode,
    new_string,
)

MAX_STRINGS = 100
MAX_STRING_CHARS = 10_000
SOURCE_PAGE = 500
STRINGS_URI = "/Strings"
HASHCODE = re.compile(r"^[a-f0-9]{32}$")
PLACEHOLDER_FORMATS = {"none", "c", "ios", "python", "java", "yaml", "qt", "resx"}
STRING_FORMATS = {"html", "plain_text", "auto"}
STRING_FIELDS = {
    "stringText",
    "variant",
    "instruction",
    "maxLength",
    "format",
    "callbackUrl",
    "callbackMethod",
}
CREATE_FIELDS = {
    "strings",
    "placeholderFormat",
    "placeholderFormatCustom",
    "namespace",
    "uri",
    "authorization",
}
SOURCE_FIELDS = {"hashcodes", "fileUri", "limit", "offset", "showPlaceholderValues"}


@dataclass(frozen=True)
class _Selection:
    """Which source strings a request asks for, and which page of them."""

    hashcodes: list[str] | None
    file_uri: str | None
    limit: int
    offset: int


class StringsApi:
    """Strings API v2: `POST /strings-api/v2/projects/{p}` and friends."""

    def __init__(self, state: EmulatorState, faults: Faults) -> None:
        self.state = state
        self.faults = faults

    def create(self, request: Request) -> Answer:
        body = request.json_object()
        _validate_create(body)
        items, words = self._store(body)
        process = self.state.new_process("CREATE_STRINGS", "CLOSED", polls=0)
        data = {
            "wordCount": words,
            "stringCount": len(items),
            "processUid": process.uid,
            "items": items,
        }
        if self.faults.take_async_create():
            process.polls_left = self.faults.process_polls
            # A 202 may come before the items are known: the client must cope.
            return Answer(202, {**data, "items": []})
        return Answer(data=data)

    def _store(self, body: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        namespace = body.get("namespace") or DEFAULT_NAMESPACE
        key_uri = body.get("uri") or STRINGS_URI
        items, words = [], 0
        with self.state.lock:
            for item in body["strings"]:
                text, variant = item["stringText"], item.get("variant")
                code = hashcode(text, variant, namespace)
                existing = self.state.strings.get(code)
                record = existing or new_string(
                    code, text, from_api=True, variant=variant, namespace=namespace
                )
                record.update(
                    stringText=text,
                    instruction=item.get("instruction"),
                    maxLength=item.get("maxLength"),
                    format=item.get("format"),
                    placeholderFormat=body.get("placeholderFormat"),
                    placeholderFormatCustom=body.get("placeholderFormatCustom"),
                )
                key = {"key": variant, "fileUri": key_uri}
                if key not in record["keys"]:
                    record["keys"].append(key)
                self.state.strings[code] = record
                words += len(text.split())
                items.append(
                    {
                        "hashcode": code,
                        "stringText": text,
                        "parsedStringText": text,
                        "variant": variant,
                        "overWritten": "true" if existing else "false",
                    }
                )
        return items, words

    def process(self, request: Request) -> Answer:
        return Answer(data=self.state.poll(request.params["id"], "strings"))

    def source_strings(self, request: Request) -> Answer:
        """Source strings by `hashcodes` and/or `fileUri`, GET or POST; `totalCount` is the page's."""
        if request.method == "GET":
            selection = _selection_from_query(request)
        else:
            selection = _selection_from_body(request.json_object())
        with self.state.lock:
            if selection.file_uri:
                codes = self.state.file_hashcodes(selection.file_uri)
                if selection.hashcodes is not None:
                    codes = [c for c in codes if c in set(selection.hashcodes)]
            else:
                codes = list(dict.fromkeys(selection.hashcodes or []))
            found = [self.state.strings[c] for c in codes if c in self.state.strings]
            page = found[selection.offset : selection.offset + selection.limit]
            items = [_source_item(s) for s in page]
        return Answer(data={"totalCount": len(items), "items": items})


def _validate_create(body: dict[str, Any]) -> None:
    unknown = sorted(set(body) - CREATE_FIELDS)
    if unknown:
        raise validation(f"Unknown field(s): {', '.join(unknown)}", "unknown.field")
    strings = body.get("strings")
    if not isinstance(strings, list) or not strings:
        raise validation("strings: at least one string is required")
    if len(strings) > MAX_STRINGS:
        raise validation(f"strings: no more than {MAX_STRINGS} strings in one request")
    placeholder = body.get("placeholderFormat")
    if placeholder is not None and placeholder not in PLACEHOLDER_FORMATS:
        raise validation(f"placeholderFormat: unknown value {placeholder!r}")
    custom = body.get("placeholderFormatCustom")
    if custom is not None:
        try:
            re.compile(custom)
        except (re.error, TypeError) as exc:
            raise validation(f"placeholderFormatCustom is not a valid regex: {exc}") from exc
    for index, item in enumerate(strings):
        _validate_string(index, item)


def _validate_string(index: int, item: Any) -> None:
    where = f"strings[{index}]"
    if not isinstance(item, dict):
        raise validation(f"{where} must be an object")
    unknown = sorted(set(item) - STRING_FIELDS)
    if unknown:
        raise validation(f"{where}: unknown field(s) {', '.join(unknown)}", "unknown.field")
    text = item.get("stringText")
    if not isinstance(text, str) or not text:
        raise validation(f"{where}.stringText is required")
    if len(text) > MAX_STRING_CHARS:
        raise validation(f"{where}.stringText is longer than {MAX_STRING_CHARS} characters")
    if item.get("format") is not None and item["format"] not in STRING_FORMATS:
        raise validation(f"{where}.format: unknown value {item['format']!r}")


def _selection_from_query(request: Request) -> _Selection:
    """GET form: repeated `hashcodes` (or `hashcodes[]`), `fileUri`, `limit`, `offset`."""
    hashcodes = request.query.get("hashcodes", []) + request.query.get("hashcodes[]", [])
    return _checked(
        hashcodes or None,
        request.first("fileUri"),
        _integer("limit", request.first("limit"), SOURCE_PAGE),
        _integer("offset", request.first("offset"), 0),
    )


def _selection_from_body(body: dict[str, Any]) -> _Selection:
    unknown = sorted(set(body) - SOURCE_FIELDS)
    if unknown:
        raise validation(f"Unknown field(s): {', '.join(unknown)}", "unknown.field")
    hashcodes = body.get("hashcodes")
    if hashcodes is not None and (
        not isinstance(hashcodes, list) or not all(isinstance(h, str) for h in hashcodes)
    ):
        raise validation("hashcodes: expected a list of hashcodes")
    file_uri = body.get("fileUri")
    if file_uri is not None and not isinstance(file_uri, str):
        raise validation("fileUri: expected a string")
    limit, offset = body.get("limit", SOURCE_PAGE), body.get("offset", 0)
    for name, value in (("limit", limit), ("offset", offset)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise validation(f"{name}: expected an integer, got {value!r}")
    return _checked(hashcodes, file_uri, limit, offset)


def _integer(name: str, text: str | None, default: int) -> int:
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError as exc:
        raise validation(f"{name}: expected an integer, got {text!r}") from exc


def _checked(
    hashcodes: list[str] | None, file_uri: str | None, limit: int, offset: int
) -> _Selection:
    if not 1 <= limit <= SOURCE_PAGE:
        raise validation(f"limit: must be between 1 and {SOURCE_PAGE}, got {limit}")
    if offset < 0:
        raise validation(f"offset: must be 0 or more, got {offset}")
    bad = [h for h in hashcodes or [] if not HASHCODE.match(h)]
    if bad:
        raise validation(f"hashcodes: {bad[0]!r} is not a hashcode (32 lowercase hex characters)")
    return _Selection(hashcodes, file_uri, limit, offset)


def _source_item(string: dict[str, Any]) -> dict[str, Any]:
    return {
        "hashcode": string["hashcode"],
        "stringText": string["stringText"],
        "parsedStringText": string["parsedStringText"],
        "stringVariant": string["variant"],
        "maxLength": string["maxLength"],
        "keys": [dict(key) for key in string["keys"]],
        "stringInstructions": [string["instruction"]] if string["instruction"] else [],
        "contentFileStringInstructions": [
            dict(note) for note in string["contentFileStringInstructions"]
        ],
    }
