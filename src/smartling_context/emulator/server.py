"""The HTTP server: one route table from (method, path) straight to one endpoint method.

Timing is honest: accepted sockets set `TCP_NODELAY`, and headers and body of
an answer leave in one write (a buffered writer flushed once per request), so
a keep-alive client never waits for a delayed ACK; the listen backlog is 128.
"""

from __future__ import annotations

import dataclasses
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from smartling_context.emulator.auth import Auth
from smartling_context.emulator.bindings import BindingsApi
from smartling_context.emulator.contexts import ContextsApi
from smartling_context.emulator.envelope import Answer, ApiError, not_found
from smartling_context.emulator.faults import Fault, Faults
from smartling_context.emulator.files import FilesApi
from smartling_context.emulator.request import Request, parse_json
from smartling_context.emulator.state import EmulatorState
from smartling_context.emulator.strings import StringsApi

PROJECT = "/projects/(?P<p>[^/]+)"
AUTH = "/auth-api/v2"
STRINGS = f"/strings-api/v2{PROJECT}"
FILES = f"/files-api/v2{PROJECT}"
CONTEXTS = f"/context-api/v2{PROJECT}"
UUID = "(?P<id>[0-9a-fA-F-]{36})"
PROCESS = "(?P<id>[^/]+)"
FAULT_CODES = {429: "MAX_OPERATIONS_LIMIT_EXCEEDED", 503: "MAINTENANCE_MODE_ERROR"}


@dataclasses.dataclass(frozen=True)
class Route:
    """One endpoint: `name` is how `state.requests` and `state.bodies` call it."""

    method: str
    pattern: re.Pattern[str]
    name: str
    answer: Callable[[Request], Answer]
    public: bool = False  # authentication itself: no token, no project


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
        self.auth = Auth(
            self.state,
            self.faults,
            credentials=credentials,
            projects=projects,
            expires_in=expires_in,
            refresh_expires_in=refresh_expires_in,
        )
        self.strings = StringsApi(self.state, self.faults)
        self.files = FilesApi(self.state)
        self.contexts = ContextsApi(self.state, self.faults)
        self.bindings = BindingsApi(self.state)
        self.routes = self._routes()
        handler = type("Handler", (_Handler,), {"emulator": self})
        self.server = _Server(("127.0.0.1", port), handler)
        self._thread: threading.Thread | None = None

    @property
    def credentials(self) -> tuple[str, str] | None:
        return self.auth.credentials

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _routes(self) -> list[Route]:
        strings, files, contexts, bindings = self.strings, self.files, self.contexts, self.bindings
        table: list[tuple[str, str, str, Callable[[Request], Answer]]] = [
            ("POST", f"{AUTH}/authenticate", "authenticate", self.auth.authenticate),
            ("POST", f"{AUTH}/authenticate/refresh", "refresh", self.auth.refresh),
            ("POST", STRINGS, "create strings", strings.create),
            ("GET", f"{STRINGS}/processes/{PROCESS}", "strings process", strings.process),
            ("GET", f"{STRINGS}/source-strings", "source strings", strings.source_strings),
            ("POST", f"{STRINGS}/source-strings", "source strings", strings.source_strings),
            ("POST", f"{FILES}/file", "upload file", files.upload),
            ("POST", f"{CONTEXTS}/contexts", "upload context", contexts.upload),
            ("GET", f"{CONTEXTS}/contexts", "list contexts", contexts.list_contexts),
            ("GET", f"{CONTEXTS}/contexts/{UUID}", "get context", contexts.get),
            ("DELETE", f"{CONTEXTS}/contexts/{UUID}", "delete context", contexts.delete),
            ("GET", f"{CONTEXTS}/contexts/{UUID}/content", "context content", contexts.content),
            ("POST", f"{CONTEXTS}/contexts/{UUID}/match/async", "match", contexts.match),
            ("GET", f"{CONTEXTS}/processes/{PROCESS}", "context process", contexts.process),
            ("POST", f"{CONTEXTS}/bindings", "create bindings", bindings.create),
            ("POST", f"{CONTEXTS}/bindings/list", "list bindings", bindings.list_bindings),
            ("POST", f"{CONTEXTS}/bindings/remove", "delete bindings", bindings.remove),
        ]
        return [
            Route(method, re.compile(pattern), name, answer, public=pattern.startswith(AUTH))
            for method, pattern, name, answer in table
        ]

    def upload_file(
        self, file_uri: str, file_type: str, content: bytes, namespace: str | None = None
    ) -> dict[str, Any]:
        """Seed the project with a strings file, exactly as a File API upload would."""
        return self.files.store(file_uri, file_type, content, namespace)

    def upload_context(self, content_type: str, raw: bytes) -> dict[str, Any]:
        """Seed a context from a multipart body, exactly as an upload would."""
        request = Request("POST", "", content_type=content_type, raw=raw)
        data: dict[str, Any] = self.contexts.upload(request).data
        return data

    def route(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            match = route.pattern.fullmatch(path)
            if route.method == method and match:
                return route, match.groupdict()
        return None

    def answer(self, found: tuple[Route, dict[str, str]] | None, request: Request) -> Answer:
        """Run the endpoint; a refusal becomes Smartling's error envelope."""
        try:
            if found is None:
                raise not_found(f"No endpoint {request.method} {request.path}", "not_found")
            route, _ = found
            body = parse_json(request.raw, request.content_type)
            if body is not None:
                with self.state.lock:
                    self.state.bodies.append((route.name, body))
            request = dataclasses.replace(request, body=body)
            if not route.public:
                self.auth.check(request)
            return route.answer(request)
        except ApiError as error:
            return Answer.refusal(error)

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


class _Server(ThreadingHTTPServer):
    """A threading server with a normal backlog, no Nagle delay, and quiet hang-ups."""

    daemon_threads = True
    request_queue_size = 128

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection resets are part of fault injection, not errors to report."""


class _Handler(BaseHTTPRequestHandler):
    emulator: Emulator
    protocol_version = "HTTP/1.1"
    server_version = "SmartlingEmulator/1"
    # A buffered writer, flushed once per request: headers and body in one write.
    wbufsize = 256 * 1024
    _due = 0.0  # when the answer is due (`time.monotonic()`), for the latency

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
        latency = emulator.faults.latency
        # The network's, once per request: half on the way there, then the answer is
        # due at `latency` after arrival (Smartling's servers work in parallel; ours
        # process one request at a time, so their time counts against the way back).
        self._due = time.monotonic() + latency
        if latency:
            time.sleep(latency / 2)
        found = emulator.route(method, url.path)
        name = found[0].name if found else "unknown"
        fault = emulator.faults.next_fault(method, url.path)
        if fault is not None and not fault.after_processing:
            self._fail(fault, name, method)
            return
        request = Request(
            method=method,
            path=url.path,
            params=found[1] if found else {},
            query=parse_qs(url.query),
            raw=raw,
            content_type=self.headers.get("Content-Type", ""),
            authorization=self.headers.get("Authorization"),
        )
        answer = emulator.answer(found, request)
        if fault is not None:
            self._fail(fault, name, method)
            return
        with emulator.state.lock:
            emulator.state.requests.append((method, name, answer.status))
        self._send(answer.status, answer.body(), answer.mime)

    def _wait_until_due(self) -> None:
        left = self._due - time.monotonic()
        if left > 0:
            time.sleep(left)

    def _fail(self, fault: Fault, route_name: str, method: str) -> None:
        with self.emulator.state.lock:
            self.emulator.state.requests.append(
                (method, route_name, 0 if fault.reset else fault.status)
            )
        if fault.reset:
            # Drop the connection without an answer (RST), like a proxy cutting it.
            self._wait_until_due()
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.close_connection = True
            self.connection.close()
            return
        code = FAULT_CODES.get(fault.status, "GENERAL_ERROR")
        key = "too.many.requests" if fault.status == 429 else "general_error"
        answer = Answer.refusal(ApiError(fault.status, code, (key, code)))
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        self._send(fault.status, answer.body(), answer.mime, headers)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self._wait_until_due()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-SL-RequestId", str(uuid.uuid4()))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def serve(
    port: int, credentials: tuple[str, str] | None, project: str | None, latency: float = 0.0
) -> None:
    """Run the emulator in the foreground until interrupted (the CLI's `emulator`)."""
    emulator = Emulator(port, credentials=credentials, projects={project} if project else None)
    emulator.faults.latency = latency
    print(f"Smartling emulator listening on {emulator.url}", flush=True)
    try:
        emulator.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.server.server_close()
