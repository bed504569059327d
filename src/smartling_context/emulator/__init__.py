"""A Smartling emulator: a real HTTP server on 127.0.0.1 that answers like Smartling.

It serves the endpoints the action uses with Smartling's paths, envelopes,
status codes, limits and validation errors, keeps state across calls, runs
202/async processes, and can inject faults. By default it accepts any
credentials and any well-formed project id; `Emulator(credentials=...,
projects=...)` restricts both.

OCR is emulated: a PNG may carry a `tEXt` chunk with the keyword
`smartling-emulator:ocr` whose value is a JSON list of
`{"text", "top", "left", "width", "height"}`; a match binds the requested
strings whose text is on that list. Any other image shows no text.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import socket
import threading
import time
import uuid
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PROJECT_ID = re.compile(r"^[a-z0-9]{9}$")
UUID_RE = r"[0-9a-fA-F-]{36}"
MAX_STRINGS = 100
MAX_STRING_CHARS = 10_000
MAX_BINDINGS = 150
MAX_CONTEXT_BYTES = 20 * 1024 * 1024
CONTEXT_PAGE = 100
BINDING_PAGE = 5000
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
DEFAULT_NAMESPACE = "smartling.strings-api.default.namespace"
OCR_KEYWORD = b"smartling-emulator:ocr"


class ApiError(Exception):
    """An error answer: HTTP status, Smartling code, and (key, message) pairs."""

    def __init__(self, status: int, code: str, *errors: tuple[str, str]) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.errors = list(errors)


def _validation(message: str, key: str = "wrong_parameters") -> ApiError:
    return ApiError(400, "VALIDATION_ERROR", (key, message))


def _not_found(message: str, key: str = "not_found_error") -> ApiError:
    return ApiError(404, "NOT_FOUND_ERROR", (key, message))


@dataclass
class Fault:
    """A one-off failure: answer `status` (or drop the connection when `reset`).

    `after_processing` makes the server act on the request first, then fail:
    the case where a client cannot know whether its request took effect.
    """

    path_contains: str = ""
    method: str | None = None
    status: int = 500
    reset: bool = False
    after_processing: bool = False
    times: int = 1
    retry_after: str | None = None


@dataclass
class Faults:
    """Fault injection a test can switch on while the emulator runs."""

    rate_limit_every: int = 0
    latency: float = 0.0
    token_calls: int = 0  # after this many authenticated calls, all tokens expire (once)
    async_create: int = 0
    process_polls: int = 2
    once: list[Fault] = field(default_factory=list)


@dataclass
class _Process:
    uid: str
    kind: str
    polls_left: int
    final_state: str
    result: dict[str, Any]
    created: str
    on_finish: Any = None


class EmulatorState:
    """Everything the emulator holds. Guarded by `lock`; read it in tests."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.strings: dict[str, dict[str, Any]] = {}
        self.contexts: dict[str, dict[str, Any]] = {}
        self.bindings: dict[str, dict[str, Any]] = {}
        self.processes: dict[str, _Process] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.refresh_tokens: dict[str, str] = {}
        self.requests: list[tuple[str, str, int]] = []
        self.bodies: list[tuple[str, Any]] = []

    def request_counts(self) -> Counter[str]:
        """How many requests each endpoint got: `"POST /strings"`-style names."""
        with self.lock:
            return Counter(f"{method} {route}" for method, route, _ in self.requests)


def hashcode(text: str, variant: str | None, namespace: str | None) -> str:
    """The emulator's string identity: text, variant and namespace (as Smartling's)."""
    raw = "\x1f".join([text, variant or "", namespace or DEFAULT_NAMESPACE])
    return hashlib.md5(raw.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Emulator:
    """The emulator server. Use as a context manager, or `start()`/`stop()`."""

    def __init__(
        self,
        port: int = 0,
        *,
        credentials: tuple[str, str] | None = None,
        projects: set[str] | None = None,
        expires_in: int = 480,
        refresh_expires_in: int = 3660,
    ) -> None:
        self.state = EmulatorState()
        self.faults = Faults()
        self.credentials = credentials
        self.projects = projects
        self.expires_in = expires_in
        self.refresh_expires_in = refresh_expires_in
        self._request_number = 0
        self._authenticated_calls = 0
        handler = type("Handler", (_Handler,), {"emulator": self})
        self.server = _QuietServer(("127.0.0.1", port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Emulator:
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ faults

    def _next_fault(self, method: str, path: str) -> Fault | None:
        with self.state.lock:
            self._request_number += 1
            every = self.faults.rate_limit_every
            if every and self._request_number % every == 0:
                return Fault(status=429, retry_after="0")
            for fault in self.faults.once:
                if (
                    fault.times > 0
                    and fault.path_contains in path
                    and (fault.method is None or fault.method == method)
                ):
                    fault.times -= 1
                    return fault
        return None

    # ------------------------------------------------------------- auth

    def authenticate(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise _validation("Request body must be a JSON object")
        missing = [f for f in ("userIdentifier", "userSecret") if not body.get(f)]
        if missing:
            raise _validation(f"Missing required field(s): {', '.join(missing)}")
        if self.credentials and (body["userIdentifier"], body["userSecret"]) != self.credentials:
            raise ApiError(
                401, "AUTHENTICATION_ERROR", ("invalid_user", "Invalid user identifier or secret")
            )
        return self._issue_tokens()

    def refresh(self, body: Any) -> dict[str, Any]:
        token = body.get("refreshToken") if isinstance(body, dict) else None
        if not token:
            raise _validation("Missing required field: refreshToken")
        with self.state.lock:
            if self.state.refresh_tokens.pop(token, None) is None:
                raise ApiError(401, "AUTHENTICATION_ERROR", ("invalid_token", "Invalid token"))
        return self._issue_tokens()

    def _issue_tokens(self) -> dict[str, Any]:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        with self.state.lock:
            self.state.tokens[access] = {"expires_at": time.monotonic() + self.expires_in}
            self.state.refresh_tokens[refresh] = access
        return {
            "accessToken": access,
            "refreshToken": refresh,
            "expiresIn": self.expires_in,
            "refreshExpiresIn": self.refresh_expires_in,
            "tokenType": "Bearer",
        }

    def check_token(self, header: str | None) -> None:
        invalid = ApiError(401, "AUTHENTICATION_ERROR", ("invalid_token", "Invalid token"))
        if not header or not header.startswith("Bearer "):
            raise invalid
        with self.state.lock:
            token = self.state.tokens.get(header[7:])
            if token is None or time.monotonic() >= token["expires_at"]:
                raise invalid
            self._authenticated_calls += 1
            if self.faults.token_calls and self._authenticated_calls > self.faults.token_calls:
                # Every token issued so far expires now, once: "expired mid-run".
                self.faults.token_calls = 0
                self.state.tokens.clear()
                raise invalid

    def check_project(self, project_id: str) -> None:
        if not PROJECT_ID.match(project_id):
            raise _validation(
                f"Invalid projectId {project_id!r}: expected 9 lowercase letters and digits"
            )
        if self.projects is not None and project_id not in self.projects:
            raise _not_found(f"Project {project_id} not found", "project.not.found")

    # ---------------------------------------------------------- strings

    def create_strings(self, body: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict):
            raise _validation("Request body must be a JSON object")
        unknown = sorted(set(body) - CREATE_FIELDS)
        if unknown:
            raise _validation(f"Unknown field(s): {', '.join(unknown)}", "unknown.field")
        strings = body.get("strings")
        if not isinstance(strings, list) or not strings:
            raise _validation("strings: at least one string is required")
        if len(strings) > MAX_STRINGS:
            raise _validation(f"strings: no more than {MAX_STRINGS} strings in one request")
        placeholder = body.get("placeholderFormat")
        if placeholder is not None and placeholder not in PLACEHOLDER_FORMATS:
            raise _validation(f"placeholderFormat: unknown value {placeholder!r}")
        custom = body.get("placeholderFormatCustom")
        if custom is not None:
            try:
                re.compile(custom)
            except (re.error, TypeError) as exc:
                raise _validation(f"placeholderFormatCustom is not a valid regex: {exc}") from exc
        namespace = body.get("namespace")
        for index, item in enumerate(strings):
            self._validate_string(index, item)
        items = []
        words = 0
        with self.state.lock:
            for item in strings:
                text = item["stringText"]
                code = hashcode(text, item.get("variant"), namespace)
                existing = self.state.strings.get(code)
                self.state.strings[code] = {
                    "hashcode": code,
                    "stringText": text,
                    "variant": item.get("variant"),
                    "namespace": namespace or DEFAULT_NAMESPACE,
                    "instruction": item.get("instruction"),
                    "format": item.get("format"),
                    "placeholderFormat": placeholder,
                    "placeholderFormatCustom": custom,
                    "created": existing["created"] if existing else _now(),
                }
                words += len(text.split())
                items.append(
                    {
                        "hashcode": code,
                        "stringText": text,
                        "parsedStringText": text,
                        "variant": item.get("variant"),
                        "overWritten": "true" if existing else "false",
                    }
                )
        process = self._new_process("CREATE_STRINGS", "CLOSED", {}, polls=0)
        data = {
            "wordCount": words,
            "stringCount": len(items),
            "processUid": process.uid,
            "items": items,
        }
        if self.faults.async_create > 0:
            self.faults.async_create -= 1
            process.polls_left = self.faults.process_polls
            process.final_state = "CLOSED"
            # A 202 may come before the items are known: the client must cope.
            return 202, {**data, "items": []}
        return 200, data

    @staticmethod
    def _validate_string(index: int, item: Any) -> None:
        where = f"strings[{index}]"
        if not isinstance(item, dict):
            raise _validation(f"{where} must be an object")
        unknown = sorted(set(item) - STRING_FIELDS)
        if unknown:
            raise _validation(f"{where}: unknown field(s) {', '.join(unknown)}", "unknown.field")
        text = item.get("stringText")
        if not isinstance(text, str) or not text:
            raise _validation(f"{where}.stringText is required")
        if len(text) > MAX_STRING_CHARS:
            raise _validation(f"{where}.stringText is longer than {MAX_STRING_CHARS} characters")
        if item.get("format") is not None and item["format"] not in STRING_FORMATS:
            raise _validation(f"{where}.format: unknown value {item['format']!r}")

    def source_strings(self, body: Any) -> dict[str, Any]:
        hashcodes = body.get("hashcodes") if isinstance(body, dict) else None
        with self.state.lock:
            items = [
                {
                    "hashcode": s["hashcode"],
                    "stringText": s["stringText"],
                    "parsedStringText": s["stringText"],
                    "stringVariant": s["variant"],
                    "stringInstructions": [s["instruction"]] if s["instruction"] else [],
                }
                for code in hashcodes or []
                if (s := self.state.strings.get(code))
            ]
        return {"totalCount": len(items), "items": items}

    # --------------------------------------------------------- processes

    def _new_process(
        self, kind: str, final: str, result: dict[str, Any], *, polls: int, on_finish: Any = None
    ) -> _Process:
        process = _Process(str(uuid.uuid4()), kind, polls, final, result, _now(), on_finish)
        with self.state.lock:
            self.state.processes[process.uid] = process
        return process

    def process(self, uid: str, api: str) -> dict[str, Any]:
        with self.state.lock:
            process = self.state.processes.get(uid)
            if process is None or (api == "strings") != (process.kind == "CREATE_STRINGS"):
                raise _not_found(f"Process {uid} not found", "not_found")
            if process.polls_left > 0:
                process.polls_left -= 1
                state = "OPEN" if api == "strings" else "IN_PROGRESS"
            else:
                if process.on_finish is not None:
                    process.result = process.on_finish()
                    process.on_finish = None
                state = process.final_state
        data: dict[str, Any] = {
            "processUid": uid,
            "processState": state,
            "createdDate": process.created,
            "modifiedDate": _now(),
        }
        if api == "strings":
            data["processStatistics"] = {"requested": 0, "processed": 0, "errored": 0, "skipped": 0}
        else:
            data.update(processType=process.kind, errorMessage=None, result=process.result)
        return data

    # ----------------------------------------------------------- context

    def upload_context(self, content_type: str, raw: bytes) -> dict[str, Any]:
        parts = _multipart(content_type, raw)
        if "content" not in parts:
            raise _validation("Content stream is required for this context")
        part = parts["content"]
        mime = part["type"] or "application/octet-stream"
        if not mime.startswith("image/") and mime != "text/html":
            raise _validation(f"Unsupported content type {mime!r}: expected image/* or text/html")
        if len(part["data"]) > MAX_CONTEXT_BYTES:
            raise _validation("Context file is larger than the 20MB limit")
        if not part["data"]:
            raise _validation("Content stream is empty")
        name = parts["name"]["data"].decode("utf-8") if "name" in parts else part["filename"]
        context = {
            "contextUid": str(uuid.uuid4()),
            "contextType": "HTML" if mime == "text/html" else "IMAGE",
            "name": name or "context",
            "created": _now(),
        }
        with self.state.lock:
            self.state.contexts[context["contextUid"]] = {
                **context,
                "content": part["data"],
                "mime": mime,
            }
        return context

    def list_contexts(self, query: dict[str, list[str]]) -> dict[str, Any]:
        name_filter = (query.get("nameFilter") or [""])[0]
        type_ = (query.get("type") or [""])[0]
        if type_ and type_ not in {"IMAGE", "HTML", "VIDEO"}:
            raise _validation(f"type: unknown value {type_!r}")
        start = _cursor(query.get("offset"))
        with self.state.lock:
            matching = [
                _public_context(c)
                for c in self.state.contexts.values()
                if name_filter in c["name"] and (not type_ or c["contextType"] == type_)
            ]
        page = matching[start : start + CONTEXT_PAGE]
        more = start + CONTEXT_PAGE < len(matching)
        return {"items": page, "offset": _encode_cursor(start + CONTEXT_PAGE) if more else None}

    def get_context(self, uid: str) -> dict[str, Any]:
        with self.state.lock:
            context = self.state.contexts.get(uid)
            if context is None:
                raise _not_found(f"Context {uid} not found")
            return context

    def delete_context(self, uid: str) -> None:
        with self.state.lock:
            if self.state.contexts.pop(uid, None) is None:
                raise _not_found(f"Context {uid} not found")
            for binding_uid in [
                b for b, v in self.state.bindings.items() if v["contextUid"] == uid
            ]:
                del self.state.bindings[binding_uid]

    def match(self, uid: str, body: Any) -> dict[str, Any]:
        body = body if isinstance(body, dict) else {}
        exclusive = [
            k for k in ("stringHashcodes", "contentFileUri", "translationJobUids") if body.get(k)
        ]
        if len(exclusive) > 1:
            raise _validation(f"Only one of {', '.join(exclusive)} can be specified")
        override = body.get("overrideContextOlderThanDays")
        if override is not None and (not isinstance(override, int) or override < 1):
            raise _validation("overrideContextOlderThanDays must be an integer of at least 1")
        with self.state.lock:
            context = self.state.contexts.get(uid)
            if context is None:
                raise _validation(f"Context {uid} does not exist")
        hashcodes = body.get("stringHashcodes")

        def finish() -> dict[str, Any]:
            return self._ocr_bindings(context, hashcodes, override is not None)

        process = self._new_process(
            "MATCH_CONTEXT", "COMPLETED", {}, polls=self.faults.process_polls, on_finish=finish
        )
        return {"processUid": process.uid, "matchId": process.uid}

    def _ocr_bindings(
        self, context: dict[str, Any], hashcodes: list[str] | None, override: bool
    ) -> dict[str, Any]:
        seen = _ocr_text(context["content"])
        with self.state.lock:
            candidates = (
                [self.state.strings[h] for h in hashcodes if h in self.state.strings]
                if hashcodes is not None
                else list(self.state.strings.values())
            )
            bound = {b["stringHashcode"] for b in self.state.bindings.values()}
            created = []
            for string in candidates:
                box = seen.get(string["stringText"])
                if box is None or (string["hashcode"] in bound and not override):
                    continue
                created.append(self._add_binding(context["contextUid"], string["hashcode"], box))
        return {
            "contextUid": context["contextUid"],
            "checkedStringsCount": len(candidates),
            "bindings": created,
        }

    def _add_binding(self, context_uid: str, code: str, coordinates: Any) -> dict[str, Any]:
        binding = {
            "bindingUid": str(uuid.uuid4()),
            "contextUid": context_uid,
            "stringHashcode": code,
            "coordinates": coordinates or {"top": 0, "left": 0, "width": 0, "height": 0},
        }
        self.state.bindings[binding["bindingUid"]] = binding
        return binding

    def create_bindings(self, body: Any) -> dict[str, Any]:
        bindings = body.get("bindings") if isinstance(body, dict) else None
        if not isinstance(bindings, list) or not bindings:
            raise _validation("bindings: at least one binding is required")
        if len(bindings) > MAX_BINDINGS:
            raise _validation(
                f"Please, limit number of bindings to no more than {MAX_BINDINGS} in one request"
            )
        for index, item in enumerate(bindings):
            if (
                not isinstance(item, dict)
                or not item.get("contextUid")
                or not item.get("stringHashcode")
            ):
                raise _validation(f"bindings[{index}]: contextUid and stringHashcode are required")
            coordinates = item.get("coordinates")
            if coordinates is not None and (
                not isinstance(coordinates, dict)
                or any(
                    not isinstance(coordinates.get(k), int | float)
                    for k in ("top", "left", "width", "height")
                )
            ):
                raise _validation(
                    f"bindings[{index}].coordinates needs numeric top, left, width and height"
                )
        created, errors = [], []
        with self.state.lock:
            for item in bindings:
                if item["contextUid"] not in self.state.contexts:
                    errors.append({"message": f"Context {item['contextUid']} not found"})
                elif item["stringHashcode"] not in self.state.strings:
                    errors.append(
                        {"message": f"String with hashcode {item['stringHashcode']} not found"}
                    )
                else:
                    created.append(
                        self._add_binding(
                            item["contextUid"], item["stringHashcode"], item.get("coordinates")
                        )
                    )
        data: dict[str, Any] = {"created": {"totalCount": len(created), "items": created}}
        if errors:
            data["errors"] = {"totalCount": len(errors), "items": errors}
        return data

    def list_bindings(self, body: Any, query: dict[str, list[str]]) -> dict[str, Any]:
        selectors = {
            k: v
            for k, v in (body if isinstance(body, dict) else {}).items()
            if k in {"stringHashcodes", "contentFileUri", "contextUid", "bindingUids"} and v
        }
        if len(selectors) != 1:
            raise _validation(
                "Exactly one of stringHashcodes, contentFileUri, contextUid or bindingUids "
                "must be specified"
            )
        ((kind, value),) = selectors.items()
        start = _cursor(query.get("offset"))
        with self.state.lock:

            def wanted(b: dict[str, Any]) -> bool:
                if kind == "contextUid":
                    return b["contextUid"] == value
                if kind == "stringHashcodes":
                    return b["stringHashcode"] in value
                if kind == "bindingUids":
                    return b["bindingUid"] in value
                return False

            matching = [dict(b) for b in self.state.bindings.values() if wanted(b)]
        page = matching[start : start + BINDING_PAGE]
        more = start + BINDING_PAGE < len(matching)
        return {"items": page, "offset": _encode_cursor(start + BINDING_PAGE) if more else None}


def _public_context(context: dict[str, Any]) -> dict[str, Any]:
    return {k: context[k] for k in ("contextUid", "contextType", "name", "created")}


def _cursor(values: list[str] | None) -> int:
    if not values or not values[0]:
        return 0
    try:
        return int(bytes.fromhex(values[0]).decode())
    except ValueError as exc:
        raise _validation("offset: invalid cursor") from exc


def _encode_cursor(position: int) -> str:
    return str(position).encode().hex()


def _multipart(content_type: str, raw: bytes) -> dict[str, dict[str, Any]]:
    """Parse multipart/form-data: name -> {data, type, filename}."""
    match = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not content_type.startswith("multipart/form-data") or not match:
        raise _validation("Expected a multipart/form-data body")
    boundary = b"--" + match.group(1).encode()
    parts: dict[str, dict[str, Any]] = {}
    for chunk in raw.split(boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, body = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = re.search(r'\bname="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        if name:
            parts[name.group(1)] = {
                "data": body[:-2] if body.endswith(b"\r\n") else body,
                "type": headers.get("content-type", ""),
                "filename": filename.group(1) if filename else "",
            }
    return parts


def _ocr_text(content: bytes) -> dict[str, dict[str, int]]:
    """The emulator's 'OCR': text boxes a PNG declares in its tEXt chunk."""
    boxes: dict[str, dict[str, int]] = {}
    if not content.startswith(b"\x89PNG\r\n\x1a\n"):
        return boxes
    position = 8
    while position + 8 <= len(content):
        length = int.from_bytes(content[position : position + 4], "big")
        kind = content[position + 4 : position + 8]
        chunk = content[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"tEXt" and chunk.startswith(OCR_KEYWORD + b"\x00"):
            try:
                for box in json.loads(chunk[len(OCR_KEYWORD) + 1 :].decode("latin-1")):
                    boxes[box["text"]] = {
                        k: int(box[k]) for k in ("top", "left", "width", "height")
                    }
            except (ValueError, KeyError, TypeError):
                return {}
        if kind == b"IEND":
            break
    return boxes


def png_with_text(width: int, height: int, boxes: list[dict[str, Any]], shade: int = 0) -> bytes:
    """A plain PNG that the emulator's OCR reads `boxes` from (for demos and tests)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    row = b"\x00" + bytes([(240 + shade) % 256]) * width
    text = OCR_KEYWORD + b"\x00" + json.dumps(boxes).encode("latin-1")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", text)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    (m, re.compile(p), name)
    for m, p, name in [
        ("POST", r"^/auth-api/v2/authenticate$", "authenticate"),
        ("POST", r"^/auth-api/v2/authenticate/refresh$", "refresh"),
        ("POST", r"^/strings-api/v2/projects/(?P<p>[^/]+)$", "create strings"),
        (
            "GET",
            r"^/strings-api/v2/projects/(?P<p>[^/]+)/processes/(?P<id>[^/]+)$",
            "strings process",
        ),
        ("POST", r"^/strings-api/v2/projects/(?P<p>[^/]+)/source-strings$", "source strings"),
        ("POST", r"^/context-api/v2/projects/(?P<p>[^/]+)/contexts$", "upload context"),
        ("GET", r"^/context-api/v2/projects/(?P<p>[^/]+)/contexts$", "list contexts"),
        (
            "GET",
            rf"^/context-api/v2/projects/(?P<p>[^/]+)/contexts/(?P<id>{UUID_RE})$",
            "get context",
        ),
        (
            "DELETE",
            rf"^/context-api/v2/projects/(?P<p>[^/]+)/contexts/(?P<id>{UUID_RE})$",
            "delete context",
        ),
        (
            "GET",
            rf"^/context-api/v2/projects/(?P<p>[^/]+)/contexts/(?P<id>{UUID_RE})/content$",
            "context content",
        ),
        (
            "POST",
            rf"^/context-api/v2/projects/(?P<p>[^/]+)/contexts/(?P<id>{UUID_RE})/match/async$",
            "match",
        ),
        (
            "GET",
            r"^/context-api/v2/projects/(?P<p>[^/]+)/processes/(?P<id>[^/]+)$",
            "context process",
        ),
        ("POST", r"^/context-api/v2/projects/(?P<p>[^/]+)/bindings$", "create bindings"),
        ("POST", r"^/context-api/v2/projects/(?P<p>[^/]+)/bindings/list$", "list bindings"),
    ]
]


class _QuietServer(ThreadingHTTPServer):
    """A threading server that does not print a traceback when a client hangs up."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection resets are part of fault injection, not errors to report."""


class _Handler(BaseHTTPRequestHandler):
    emulator: Emulator
    protocol_version = "HTTP/1.1"
    server_version = "SmartlingEmulator/1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the emulator's request log is `state.requests`."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def _serve(self, method: str) -> None:
        emulator = self.emulator
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        route = next(
            (
                (name, m)
                for verb, pattern, name in _ROUTES
                if verb == method and (m := pattern.match(url.path))
            ),
            None,
        )
        route_name = route[0] if route else "unknown"
        if emulator.faults.latency:
            time.sleep(emulator.faults.latency)
        fault = emulator._next_fault(method, url.path)
        if fault is not None and not fault.after_processing:
            self._fail(fault, route_name, method)
            return
        status, payload = self._dispatch(method, url, raw, route)
        if fault is not None:
            self._fail(fault, route_name, method)
            return
        with emulator.state.lock:
            emulator.state.requests.append((method, route_name, status))
        if isinstance(payload, tuple):
            self._send(status, *payload)
        else:
            self._send(status, json.dumps(payload).encode(), "application/json")

    def _dispatch(self, method: str, url: Any, raw: bytes, route: Any) -> tuple[int, Any]:
        emulator = self.emulator
        try:
            if route is None:
                raise _not_found(f"No endpoint {method} {url.path}", "not_found")
            name, match = route
            params = match.groupdict()
            body = None
            content_type = self.headers.get("Content-Type", "")
            if raw and content_type.startswith("application/json"):
                try:
                    body = json.loads(raw)
                except ValueError as exc:
                    raise _validation(f"Request body is not valid JSON: {exc}") from exc
                with emulator.state.lock:
                    emulator.state.bodies.append((name, body))
            if name == "authenticate":
                return 200, _success(emulator.authenticate(body))
            if name == "refresh":
                return 200, _success(emulator.refresh(body))
            emulator.check_token(self.headers.get("Authorization"))
            emulator.check_project(params["p"])
            query = parse_qs(url.query)
            if name == "create strings":
                status, data = emulator.create_strings(body)
                return status, _success(data)
            if name in ("strings process", "context process"):
                return 200, _success(emulator.process(params["id"], name.split()[0]))
            if name == "source strings":
                return 200, _success(emulator.source_strings(body))
            if name == "upload context":
                return 200, _success(emulator.upload_context(content_type, raw))
            if name == "list contexts":
                return 200, _success(emulator.list_contexts(query))
            if name == "get context":
                return 200, _success(_public_context(emulator.get_context(params["id"])))
            if name == "context content":
                context = emulator.get_context(params["id"])
                return 200, (context["content"], context["mime"])
            if name == "delete context":
                emulator.delete_context(params["id"])
                return 200, _success(None)
            if name == "match":
                return 202, _success(emulator.match(params["id"], body))
            if name == "create bindings":
                return 200, _success(emulator.create_bindings(body))
            return 200, _success(emulator.list_bindings(body, query))
        except ApiError as error:
            return error.status, {
                "response": {
                    "code": error.code,
                    "errors": [
                        {"key": key, "message": message, "details": {}}
                        for key, message in error.errors
                    ],
                }
            }

    def _fail(self, fault: Fault, route_name: str, method: str) -> None:
        with self.emulator.state.lock:
            self.emulator.state.requests.append(
                (method, route_name, 0 if fault.reset else fault.status)
            )
        if fault.reset:
            # Drop the connection without an answer (RST), like a proxy cutting it.
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.close_connection = True
            self.connection.close()
            return
        code = {429: "MAX_OPERATIONS_LIMIT_EXCEEDED", 503: "MAINTENANCE_MODE_ERROR"}.get(
            fault.status, "GENERAL_ERROR"
        )
        key = "too.many.requests" if fault.status == 429 else "general_error"
        payload = {"response": {"code": code, "errors": [{"key": key, "message": code}]}}
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        self._send(fault.status, json.dumps(payload).encode(), "application/json", headers)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-SL-RequestId", str(uuid.uuid4()))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _success(data: Any) -> dict[str, Any]:
    return {"response": {"code": "SUCCESS", "data": data}}


def serve(port: int, credentials: tuple[str, str] | None, project: str | None) -> None:
    """Run the emulator in the foreground until interrupted (the CLI's `emulator`)."""
    emulator = Emulator(port, credentials=credentials, projects={project} if project else None)
    print(f"Smartling emulator listening on {emulator.url}", flush=True)
    try:
        emulator.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.server.server_close()
