"""The client under faults: repeated 202s, 429 storms, ambiguous retries, deadlines, echoes."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice

import pytest

from conftest import PROJECT, make_client
from smartling_context.emulator import Fault
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.errors import SmartlingError
from smartling_context.smartling.models import (
    BindingRequest,
    CreatedString,
    NewString,
    StringFailure,
)
from smartling_context.smartling.polling import pauses


def strings(count: int) -> list[NewString]:
    return [NewString(f"Text {i}", variant=f"key.{i}", namespace="app") for i in range(count)]


def test_two_202_answers_in_a_row_are_both_polled_and_no_string_is_lost(emulator, client):
    emulator.faults.async_create = 2
    emulator.faults.process_polls = 2

    result = client.create_strings(strings(30))

    created = [o for o in result.outcomes.values() if isinstance(o, CreatedString)]
    assert len({o.hashcode for o in created}) == 30
    # The re-posts after each 202 answer overWritten=true for strings this run created.
    assert not any(o.overwritten for o in created)
    counts = emulator.state.request_counts()
    assert counts["POST create strings"] == 3
    assert counts["GET strings process"] == 6  # both 202s polled to the end (2 OPEN + CLOSED)
    assert len(emulator.state.strings) == 30


def test_a_retry_after_an_ambiguous_failure_does_not_count_new_strings_as_overwritten(
    emulator, client
):
    emulator.faults.once.append(
        Fault(path_contains="/strings-api/", status=500, after_processing=True)
    )

    result = client.create_strings(strings(3))

    outcomes = list(result.outcomes.values())
    assert all(isinstance(o, CreatedString) and not o.overwritten for o in outcomes)
    assert emulator.state.request_counts()["POST create strings"] == 2
    assert len(emulator.state.strings) == 3


def test_a_429_storm_says_it_was_rate_limited_and_how_long_it_waited(emulator):
    client = make_client(emulator, max_attempts=3)
    emulator.faults.once.append(Fault(path_contains="/strings-api/", status=429, times=10))

    (failure,) = client.create_strings(strings(1)).outcomes.values()

    assert isinstance(failure, StringFailure) and failure.error is not None
    text = str(failure.error)
    assert "rate-limited by Smartling: 3 of 3 attempts answered 429" in text
    assert "waited" in text and " s in total" in text
    assert "api-url" not in text


def test_retry_after_is_read_a_long_one_outlasts_the_deadline(emulator):
    # Backoff alone would retry after a millisecond and succeed.
    client = make_client(emulator, backoff_cap=10.0, deadline=time.monotonic() + 1.0)
    emulator.faults.once.append(Fault(path_contains="/strings-api/", status=429, retry_after="5"))

    (failure,) = client.create_strings(strings(1)).outcomes.values()

    assert isinstance(failure, StringFailure)
    assert "time limit passed while rate-limited by Smartling" in failure.message
    assert emulator.state.request_counts()["POST create strings"] == 1


def test_retry_after_is_honoured_instead_of_a_long_backoff(emulator):
    # Backoff alone would wait 5-10 s, past the deadline.
    client = make_client(
        emulator, backoff_base=10.0, backoff_cap=10.0, deadline=time.monotonic() + 3.0
    )
    emulator.faults.once.append(Fault(path_contains="/strings-api/", status=429, retry_after="0"))

    result = client.create_strings(strings(1))

    assert all(isinstance(o, CreatedString) for o in result.outcomes.values())
    assert emulator.state.request_counts()["POST create strings"] == 2


def test_nothing_is_sent_after_the_deadline(emulator):
    client = make_client(emulator, deadline=time.monotonic() - 1)

    with pytest.raises(SmartlingError, match="time limit passed"):
        client.authenticate()
    (failure,) = client.create_strings(strings(1)).outcomes.values()

    assert isinstance(failure, StringFailure) and "time limit passed" in failure.message
    assert emulator.state.requests == []


def test_a_poll_stops_at_the_deadline_and_says_so(emulator):
    client = make_client(
        emulator, poll_interval=0.1, poll_deadline=60.0, deadline=time.monotonic() + 1.0
    )
    emulator.faults.async_create = 1
    emulator.faults.process_polls = 10**6

    (failure,) = client.create_strings(strings(1)).outcomes.values()

    assert isinstance(failure, StringFailure)
    assert "time limit passed while process" in failure.message
    assert "still OPEN" in failure.message


def test_polling_starts_short_and_backs_off_to_the_cap():
    assert list(islice(pauses(0.05, 1.0), 8)) == [0.05, 0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0]


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers: what a wrong `api-url` can do."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_a_request_timeout_never_runs_past_the_deadline(silent_server):
    client = SmartlingClient(
        silent_server, "user", "secret", PROJECT, timeout=30.0, deadline=time.monotonic() + 0.5
    )
    started = time.monotonic()

    with pytest.raises(SmartlingError, match="time limit passed"):
        client.authenticate()

    assert time.monotonic() - started < 10  # a 30 s timeout would have hung here


USER = "user-identifier-1234567890"
SECRET = "the-user-secret-value"


class _EchoHandler(BaseHTTPRequestHandler):
    """A server that echoes what it got: the credentials in a 401, the token in errors."""

    tokens = iter(f"token-{i}-abcdefgh" for i in range(1000))
    wrong_credentials = False

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if self.path.endswith("/authenticate") and self.wrong_credentials:
            self._send(
                401,
                {
                    "response": {
                        "code": "AUTHENTICATION_ERROR",
                        "errors": [{"key": "invalid", "message": f"bad credentials in {body}"}],
                    }
                },
            )
        elif self.path.endswith("/authenticate"):
            data = {
                "accessToken": next(self.tokens),
                "refreshToken": next(self.tokens),
                "expiresIn": 480,
                "refreshExpiresIn": 3660,
            }
            self._send(200, {"response": {"code": "SUCCESS", "data": data}})
        elif "/bindings" in self.path:
            self._send(400, f"Header was {self.headers['Authorization']}", "text/plain")
        else:
            self._send(
                400,
                {
                    "response": {
                        "code": "VALIDATION_ERROR",
                        "errors": [
                            {
                                "key": "x",
                                "message": f"got Authorization: {self.headers['Authorization']}",
                            }
                        ],
                    }
                },
            )

    def _send(self, status: int, body: object, kind: str = "application/json") -> None:
        raw = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("X-SL-RequestId", f"id {self.headers['Authorization']}")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        pass


def _echo_server(wrong_credentials: bool) -> ThreadingHTTPServer:
    handler = type("Handler", (_EchoHandler,), {"wrong_credentials": wrong_credentials})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_credentials_echoed_in_a_401_are_removed_from_the_error():
    server = _echo_server(wrong_credentials=True)
    try:
        client = SmartlingClient(f"http://127.0.0.1:{server.server_port}", USER, SECRET, PROJECT)
        with pytest.raises(SmartlingError) as raised:
            client.authenticate()
    finally:
        server.shutdown()
    text = str(raised.value)
    assert "bad credentials in" in text
    assert SECRET not in text and USER not in text and "***" in text


def test_every_token_is_reported_when_issued_and_removed_from_error_texts():
    server = _echo_server(wrong_credentials=False)
    issued: list[str] = []
    try:
        client = SmartlingClient(
            f"http://127.0.0.1:{server.server_port}", USER, SECRET, PROJECT, on_token=issued.append
        )
        (failure,) = client.create_strings(strings(1)).outcomes.values()
        bindings = client.create_bindings([BindingRequest("context", "hashcode")])
    finally:
        server.shutdown()
    assert len(issued) == 2 and all(t.startswith("token-") for t in issued)
    assert isinstance(failure, StringFailure)
    assert "got Authorization: Bearer ***" in failure.message
    assert "[X-SL-RequestId id Bearer ***]" in failure.message
    (message,) = bindings.values()
    assert isinstance(message, str) and "Header was Bearer ***" in message
    assert not any(token in failure.message + message for token in issued)
