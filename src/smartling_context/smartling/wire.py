"""The JSON shapes Smartling sends and expects, and their conversion to models.

The `TypedDict`s document the fields the client reads or writes (see
`../shared/research/smartling-api.md` for the sources). Answers are read
leniently: a field of the wrong type is treated as absent, never trusted.
`Any` stays here, at the JSON edge.
"""

from __future__ import annotations

from typing import Any, TypedDict, cast

from smartling_context.smartling.models import (
    Binding,
    BindingRequest,
    Context,
    Coordinates,
    CreatedString,
    FileString,
    NewString,
)

JsonObject = dict[str, Any]


class TokenData(TypedDict, total=False):
    accessToken: str
    refreshToken: str
    expiresIn: int
    refreshExpiresIn: int


class StringJson(TypedDict, total=False):
    stringText: str
    variant: str
    instruction: str
    format: str


class CreateStringsBody(TypedDict, total=False):
    strings: list[StringJson]
    placeholderFormat: str
    placeholderFormatCustom: str
    namespace: str


class CreatedItemJson(TypedDict, total=False):
    hashcode: str
    stringText: str
    variant: str | None
    overWritten: bool | str  # the spec types it as a string, the SDKs as a boolean


class CreateStringsData(TypedDict, total=False):
    wordCount: int
    processUid: str
    items: list[CreatedItemJson]


class ProcessData(TypedDict, total=False):
    processUid: str
    processState: str
    errorMessage: str | None
    result: JsonObject


class ContextJson(TypedDict, total=False):
    contextUid: str
    name: str
    contextType: str


class CoordinatesJson(TypedDict):
    top: float
    left: float
    width: float
    height: float


class SelectorJson(TypedDict):
    anchors: list[str]


class BindingJson(TypedDict, total=False):
    bindingUid: str
    contextUid: str
    stringHashcode: str
    coordinates: CoordinatesJson
    selector: SelectorJson  # a request's anchors
    anchors: list[str]  # an answer's anchors


class KeyJson(TypedDict, total=False):
    key: str
    fileUri: str


class SourceStringJson(TypedDict, total=False):
    hashcode: str
    stringText: str | None
    parsedStringText: str
    keys: list[KeyJson]


def items(data: JsonObject, *path: str) -> list[JsonObject]:
    """The objects of the list at `data[path...]`, or none when the shape differs."""
    value: Any = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def text(data: JsonObject, key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def string_body(batch: list[NewString]) -> CreateStringsBody:
    """One create-strings request: the batch shares its request-level settings."""
    first = batch[0]
    body: CreateStringsBody = {"strings": [_string_json(s) for s in batch]}
    if first.placeholder_format:
        body["placeholderFormat"] = first.placeholder_format
    if first.placeholder_custom:
        body["placeholderFormatCustom"] = first.placeholder_custom
    if first.namespace:
        body["namespace"] = first.namespace
    return body


def _string_json(item: NewString) -> StringJson:
    body: StringJson = {"stringText": item.text}
    if item.variant:
        body["variant"] = item.variant
    if item.instruction:
        body["instruction"] = item.instruction
    if item.format:
        body["format"] = item.format
    return body


def created_strings(data: JsonObject) -> dict[tuple[str, str], list[CreatedString]]:
    """The created items by (text, variant), the only identity the answer repeats."""
    found: dict[tuple[str, str], list[CreatedString]] = {}
    for item in cast(list[CreatedItemJson], items(data, "items")):
        hashcode = item.get("hashcode")
        if not isinstance(hashcode, str) or not hashcode:
            continue
        key = (str(item.get("stringText", "")), str(item.get("variant") or ""))
        overwritten = item.get("overWritten")
        if isinstance(overwritten, str):
            overwritten = overwritten.strip().lower() == "true"
        found.setdefault(key, []).append(CreatedString(hashcode, bool(overwritten)))
    return found


def take(
    found: dict[tuple[str, str], list[CreatedString]], item: NewString
) -> CreatedString | None:
    """The answer's item for this request. Identical strings are one string: both get it."""
    hits = found.get((item.text, item.variant or ""))
    if not hits:
        return None
    return hits.pop(0) if len(hits) > 1 else hits[0]


def context(data: JsonObject) -> Context:
    shape = cast(ContextJson, data)
    return Context(
        str(shape.get("contextUid", "")),
        str(shape.get("name", "")),
        str(shape.get("contextType", "")),
    )


def binding_json(request: BindingRequest) -> BindingJson:
    body: BindingJson = {"contextUid": request.context_uid, "stringHashcode": request.hashcode}
    if request.coordinates is not None:
        box = request.coordinates
        body["coordinates"] = {
            "top": box.top,
            "left": box.left,
            "width": box.width,
            "height": box.height,
        }
    if request.anchors:
        body["selector"] = {"anchors": list(request.anchors)}
    return body


def binding(data: JsonObject) -> Binding:
    shape = cast(BindingJson, data)
    return Binding(
        str(shape.get("bindingUid", "")),
        str(shape.get("contextUid", "")),
        str(shape.get("stringHashcode", "")),
        coordinates(shape.get("coordinates")),
        anchors(shape.get("anchors")),
    )


def anchors(data: Any) -> tuple[str, ...]:
    """A binding's `data-sl-anchor` values (HTML contexts); none for other shapes."""
    return tuple(a for a in data if isinstance(a, str)) if isinstance(data, list) else ()


def coordinates(data: Any) -> Coordinates | None:
    if not isinstance(data, dict):
        return None
    try:
        values = [round(float(data[k])) for k in ("top", "left", "width", "height")]
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    return Coordinates(*values)


def file_string(data: JsonObject, file_uri: str) -> FileString:
    """A source string; its keys are those Smartling lists for this file URI."""
    shape = cast(SourceStringJson, data)
    raw = shape.get("stringText")
    if raw is None:  # null for strings that did not come through the Strings API
        raw = shape.get("parsedStringText")
    keys = tuple(
        str(k["key"])
        for k in cast(list[KeyJson], items(data, "keys"))
        if k.get("key") and k.get("fileUri", file_uri) == file_uri
    )
    return FileString(str(shape.get("hashcode") or ""), str(raw or ""), keys)


def seconds(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, number) if number == number else default
