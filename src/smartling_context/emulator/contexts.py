"""The Context API's contexts: upload, list, get, download, delete, and OCR matching."""

from __future__ import annotations

import uuid
from typing import Any

import lxml.html
from lxml import etree

from smartling_context.emulator.envelope import Answer, not_found, validation
from smartling_context.emulator.faults import Faults
from smartling_context.emulator.multipart import parse_form
from smartling_context.emulator.ocr import read_boxes
from smartling_context.emulator.request import Request
from smartling_context.emulator.state import EmulatorState, now

MAX_CONTEXT_BYTES = 20 * 1024 * 1024
CONTEXT_PAGE = 100
CONTEXT_TYPES = {"IMAGE", "HTML", "VIDEO"}
MATCH_SELECTORS = ("stringHashcodes", "contentFileUri", "translationJobUids")


class ContextsApi:
    """Context API v2: `/context-api/v2/projects/{p}/contexts...` and its processes."""

    def __init__(self, state: EmulatorState, faults: Faults) -> None:
        self.state = state
        self.faults = faults

    def upload(self, request: Request) -> Answer:
        parts = parse_form(request.content_type, request.raw)
        if "content" not in parts:
            raise validation("Content stream is required for this context")
        part = parts["content"]
        mime = part.content_type or "application/octet-stream"
        if not mime.startswith("image/") and mime != "text/html":
            raise validation(f"Unsupported content type {mime!r}: expected image/* or text/html")
        if len(part.data) > MAX_CONTEXT_BYTES:
            raise validation("Context file is larger than the 20MB limit")
        if not part.data:
            raise validation("Content stream is empty")
        name = parts["name"].text() if "name" in parts else part.filename
        anchors = page_anchors(part.data) if mime == "text/html" else None
        context = {
            "contextUid": str(uuid.uuid4()),
            "contextType": "HTML" if mime == "text/html" else "IMAGE",
            "name": name or "context",
            "created": now(),
        }
        with self.state.lock:
            self.state.contexts[context["contextUid"]] = {
                **context,
                "content": part.data,
                "mime": mime,
                "anchors": anchors,
            }
        return Answer(data=context)

    def list_contexts(self, request: Request) -> Answer:
        name_filter = request.first("nameFilter") or ""
        type_ = request.first("type") or ""
        if type_ and type_ not in CONTEXT_TYPES:
            raise validation(f"type: unknown value {type_!r}")
        start = decode_cursor(request.first("offset"))
        with self.state.lock:
            matching = [
                _public(c)
                for c in self.state.contexts.values()
                if name_filter in c["name"] and (not type_ or c["contextType"] == type_)
            ]
        page = matching[start : start + CONTEXT_PAGE]
        more = start + CONTEXT_PAGE < len(matching)
        cursor = encode_cursor(start + CONTEXT_PAGE) if more else None
        return Answer(data={"items": page, "offset": cursor})

    def get(self, request: Request) -> Answer:
        return Answer(data=_public(self._context(request.params["id"])))

    def content(self, request: Request) -> Answer:
        """The image's bytes, or the page with its `data-sl-anchor` attributes (the
        uploaded ones: the emulator adds none of its own)."""
        context = self._context(request.params["id"])
        return Answer(content=context["content"], mime=context["mime"])

    def delete(self, request: Request) -> Answer:
        uid = request.params["id"]
        with self.state.lock:
            if self.state.contexts.pop(uid, None) is None:
                raise not_found(f"Context {uid} not found")
            for binding_uid in [
                b for b, v in self.state.bindings.items() if v["contextUid"] == uid
            ]:
                del self.state.bindings[binding_uid]
        return Answer(data=None)

    def process(self, request: Request) -> Answer:
        return Answer(data=self.state.poll(request.params["id"], "context"))

    def _context(self, uid: str) -> dict[str, Any]:
        with self.state.lock:
            context = self.state.contexts.get(uid)
        if context is None:
            raise not_found(f"Context {uid} not found")
        return context

    def match(self, request: Request) -> Answer:
        """Start OCR matching (202); the process binds what the image shows when it finishes."""
        body = request.body if isinstance(request.body, dict) else {}
        chosen = [k for k in MATCH_SELECTORS if body.get(k)]
        if len(chosen) > 1:
            raise validation(f"Only one of {', '.join(chosen)} can be specified")
        jobs = body.get("translationJobUids")
        if jobs and len(jobs) != 1:
            raise validation("translationJobUids: exactly one translation job can be specified")
        override = body.get("overrideContextOlderThanDays")
        if override is not None and (not isinstance(override, int) or override < 1):
            raise validation("overrideContextOlderThanDays must be an integer of at least 1")
        uid = request.params["id"]
        with self.state.lock:
            context = self.state.contexts.get(uid)
        if context is None:
            raise validation(f"Context {uid} does not exist")
        given = [k for k in MATCH_SELECTORS if body.get(k) is not None]
        selector = (given[0], body[given[0]]) if given else None

        def finish() -> dict[str, Any]:
            return self._ocr_bindings(context, selector, override is not None)

        process = self.state.new_process(
            "MATCH_CONTEXT", "COMPLETED", polls=self.faults.process_polls, on_finish=finish
        )
        return Answer(202, {"processUid": process.uid, "matchId": process.uid})

    def _candidates(self, selector: tuple[str, Any] | None) -> list[dict[str, Any]]:
        """The strings a match may bind (the lock is held): selected, or every string."""
        strings = self.state.strings
        if selector is None:
            return list(strings.values())
        kind, value = selector
        if kind == "stringHashcodes":
            return [strings[h] for h in value if h in strings]
        if kind == "contentFileUri":
            return [strings[h] for h in self.state.file_hashcodes(value) if h in strings]
        return []  # translation jobs: the emulator has none

    def _ocr_bindings(
        self, context: dict[str, Any], selector: tuple[str, Any] | None, override: bool
    ) -> dict[str, Any]:
        seen = read_boxes(context["content"])
        with self.state.lock:
            candidates = self._candidates(selector)
            bound = {b["stringHashcode"] for b in self.state.bindings.values()}
            created = []
            for string in candidates:
                box = seen.get(string["parsedStringText"])
                if box is None or (string["hashcode"] in bound and not override):
                    continue
                created.append(
                    self.state.add_binding(context["contextUid"], string["hashcode"], box)
                )
        return {
            "contextUid": context["contextUid"],
            "checkedStringsCount": len(candidates),
            "bindings": created,
        }


def page_anchors(page: bytes) -> frozenset[str]:
    """Every `data-sl-anchor` value of an uploaded page, read by a real HTML parser
    (as Smartling reads the page it renders); an unreadable page has none."""
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return frozenset()
    return frozenset(
        str(element.get("data-sl-anchor"))
        for element in root.iter()
        if element.get("data-sl-anchor") is not None
    )


def _public(context: dict[str, Any]) -> dict[str, Any]:
    return {k: context[k] for k in ("contextUid", "contextType", "name", "created")}


def decode_cursor(value: str | None) -> int:
    """An opaque page cursor (as Smartling's context API pages): the position, hex-encoded."""
    if not value:
        return 0
    try:
        return int(bytes.fromhex(value).decode())
    except ValueError as exc:
        raise validation("offset: invalid cursor") from exc


def encode_cursor(position: int) -> str:
    return str(position).encode().hex()
