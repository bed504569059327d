"""The Context API's bindings: create (partial success), list and remove by one selector."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from smartling_context.emulator.contexts import decode_cursor, encode_cursor
from smartling_context.emulator.envelope import Answer, validation
from smartling_context.emulator.request import Request
from smartling_context.emulator.state import EmulatorState

ANCHOR = re.compile(r"[0-9A-Za-z._-]{1,20}")
MAX_BINDINGS = 150
BINDING_PAGE = 5000
SELECTORS = ("stringHashcodes", "contentFileUri", "contextUid", "bindingUids")
LIMIT_MESSAGE = f"Please, limit number of bindings to no more than {MAX_BINDINGS} in one request"


class BindingsApi:
    """`/context-api/v2/projects/{p}/bindings`, `.../bindings/list`, `.../bindings/remove`."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        # The OpenAPI sets no limit on a listing's `stringHashcodes`, but its 400 example
        # names 150: a test sets this to play a Smartling that enforces it.
        self.hashcode_filter_limit: int | None = None

    def create(self, request: Request) -> Answer:
        body = request.body
        bindings = body.get("bindings") if isinstance(body, dict) else None
        if not isinstance(bindings, list) or not bindings:
            raise validation("bindings: at least one binding is required")
        if len(bindings) > MAX_BINDINGS:
            raise validation(LIMIT_MESSAGE)
        for index, item in enumerate(bindings):
            _validate_binding(index, item)
        created, errors = [], []
        with self.state.lock:
            for item in bindings:
                if item["contextUid"] not in self.state.contexts:
                    errors.append({"message": f"Context {item['contextUid']} not found"})
                elif item["stringHashcode"] not in self.state.strings:
                    errors.append(
                        {"message": f"String with hashcode {item['stringHashcode']} not found"}
                    )
                elif missing := _missing_anchors(self.state.contexts[item["contextUid"]], item):
                    errors.append({"message": missing})
                else:
                    anchors = (item.get("selector") or {}).get("anchors")
                    created.append(
                        self.state.add_binding(
                            item["contextUid"],
                            item["stringHashcode"],
                            item.get("coordinates"),
                            anchors,
                        )
                    )
        data: dict[str, Any] = {"created": {"totalCount": len(created), "items": created}}
        if errors:
            data["errors"] = {"totalCount": len(errors), "items": errors}
        return Answer(data=data)

    def list_bindings(self, request: Request) -> Answer:
        wanted = self._selector(request.body)
        codes = request.body.get("stringHashcodes") if isinstance(request.body, dict) else None
        limit = self.hashcode_filter_limit
        if limit is not None and isinstance(codes, list) and len(codes) > limit:
            raise validation(LIMIT_MESSAGE.replace(str(MAX_BINDINGS), str(limit)))
        start = decode_cursor(request.first("offset"))
        with self.state.lock:
            matching = [dict(b) for b in self.state.bindings.values() if wanted(b)]
        page = matching[start : start + BINDING_PAGE]
        more = start + BINDING_PAGE < len(matching)
        return Answer(
            data={"items": page, "offset": encode_cursor(start + BINDING_PAGE) if more else None}
        )

    def remove(self, request: Request) -> Answer:
        """Delete the selected bindings. The OpenAPI gives no data for this answer: null."""
        body = request.body if isinstance(request.body, dict) else {}
        uids = body.get("bindingUids")
        if isinstance(uids, list) and len(uids) > MAX_BINDINGS:
            raise validation(LIMIT_MESSAGE)
        wanted = self._selector(body)
        with self.state.lock:
            for uid in [uid for uid, b in self.state.bindings.items() if wanted(b)]:
                del self.state.bindings[uid]
        return Answer(data=None)

    def _selector(self, body: Any) -> Callable[[dict[str, Any]], bool]:
        """The test for "exactly one of" the four selectors; 400 for none, several or bad types."""
        given = {
            k: v
            for k, v in (body if isinstance(body, dict) else {}).items()
            if k in SELECTORS and v
        }
        if len(given) != 1:
            raise validation(
                "Exactly one of stringHashcodes, contentFileUri, contextUid or bindingUids "
                "must be specified"
            )
        ((kind, value),) = given.items()
        if kind in ("stringHashcodes", "bindingUids"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise validation(f"{kind}: expected a list of strings")
            field = "stringHashcode" if kind == "stringHashcodes" else "bindingUid"
            chosen = set(value)
            return lambda b: b[field] in chosen
        if not isinstance(value, str):
            raise validation(f"{kind}: expected a string")
        if kind == "contextUid":
            return lambda b: b["contextUid"] == value
        in_file = set(self.state.file_hashcodes(value))
        return lambda b: b["stringHashcode"] in in_file


def _missing_anchors(context: dict[str, Any], item: dict[str, Any]) -> str | None:
    """Why anchors cannot bind on this context: it is no page, or lacks one of them."""
    anchors = (item.get("selector") or {}).get("anchors")
    if not anchors:
        return None
    if context.get("anchors") is None:
        return f"Context {context['contextUid']} is not an HTML context: anchors cannot bind"
    absent = [a for a in anchors if a not in context["anchors"]]
    if absent:
        return (
            f"String with hashcode {item['stringHashcode']}: no element with "
            f"data-sl-anchor {', '.join(map(repr, absent))} in context {context['contextUid']}"
        )
    return None


def _validate_binding(index: int, item: Any) -> None:
    if not isinstance(item, dict) or not item.get("contextUid") or not item.get("stringHashcode"):
        raise validation(f"bindings[{index}]: contextUid and stringHashcode are required")
    coordinates = item.get("coordinates")
    if coordinates is not None and (
        not isinstance(coordinates, dict)
        or any(
            not isinstance(coordinates.get(k), int | float)
            for k in ("top", "left", "width", "height")
        )
    ):
        raise validation(f"bindings[{index}].coordinates needs numeric top, left, width and height")
    selector = item.get("selector")
    if selector is None:
        return
    anchors = selector.get("anchors") if isinstance(selector, dict) else None
    if (
        not isinstance(anchors, list)
        or not anchors
        or not all(isinstance(a, str) and ANCHOR.fullmatch(a) for a in anchors)
    ):
        raise validation(
            f"bindings[{index}].selector.anchors: a list of data-sl-anchor values, "
            "each 1 to 20 characters of 0-9 A-Z a-z . - _"
        )
