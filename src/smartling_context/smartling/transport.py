"""Sending one API call: session, timeouts, deadline, retries and recovery.

Retries cover 429/5xx and dropped connections with capped exponential
backoff and jitter, honouring `Retry-After`. A call that is not idempotent
passes a `recover` function: after an ambiguous failure (the server may have
acted: a dropped connection, a 500/502/504) it is asked what the failed
attempt already did, and answers either the `Reply` that stands for it or
the `Request` to send instead (the remainder). That is the one mechanism
that keeps a retry from creating a duplicate.
"""

from __future__ import annotations

import json
import math
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import requests

from smartling_context.smartling.errors import ErrorDetail, SmartlingError, parse_error_details
from smartling_context.smartling.redact import Redactor
from smartling_context.smartling.wire import JsonObject

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# A status that proves the server did not act on the request: safe to replay as is.
NOT_PROCESSED_STATUSES = frozenset({429, 503})
USER_AGENT = "smartling-context-action"
RATE_LIMIT_FIX = (
    "Smartling limits how many calls a project may make at once; run again later, "
    "or lower the number of parallel calls"
)
DEADLINE_FIX = "raise the run's time limit, or run again to finish the rest"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    operation: str  # what a person reads in an error: "Create strings"
    json: Any = None
    params: Mapping[str, str] | None = None
    files: Mapping[str, Any] | None = None
    accepted: frozenset[int] = frozenset({200})
    authenticated: bool = True


@dataclass(frozen=True)
class Reply:
    """A call's answer: its status and the envelope's `data` (`{}` when absent).

    `after_ambiguous`: an earlier attempt of this call failed in a way that
    may have let the server act, so this answer may describe our own effect
    (a string "overwritten" by the attempt that seemed to fail).
    """

    status: int
    data: JsonObject = field(default_factory=dict)
    after_ambiguous: bool = False


Recover = Callable[[Request], "Request | Reply"]


class TimeLimitPassed(SmartlingError):
    """The run's deadline came before the call could (go on to) succeed."""


class Deadline:
    """A `time.monotonic()` instant after which nothing new starts (None: no limit)."""

    def __init__(self, at: float | None) -> None:
        self.at = at

    def left(self) -> float:
        return math.inf if self.at is None else self.at - time.monotonic()

    def check(self, operation: str, doing: str = "") -> None:
        if self.left() <= 0:
            raise self.passed(operation, doing)

    def passed(self, operation: str, doing: str = "") -> TimeLimitPassed:
        reason = "the run's time limit passed" + (f" {doing}" if doing else "")
        return TimeLimitPassed(operation, None, reason=reason, fix=DEADLINE_FIX)

    def sleep(self, seconds: float, operation: str, doing: str = "") -> None:
        """Sleep, unless the sleep would end after the deadline: then fail now."""
        if seconds >= self.left():
            raise self.passed(operation, doing)
        time.sleep(seconds)


@dataclass
class _Failure:
    error: SmartlingError
    retryable: bool
    ambiguous: bool
    retry_after: float | None = None


class Transport:
    """One `requests.Session`; `call` sends a `Request` and returns its `Reply`."""

    def __init__(
        self,
        base_url: str,
        *,
        redactor: Redactor,
        deadline: Deadline,
        timeout: float,
        max_attempts: int,
        backoff_base: float,
        backoff_cap: float,
        session: requests.Session | None = None,
        max_in_flight: int = 8,
    ) -> None:
        """`max_in_flight`: requests on the wire at once, however many threads call
        (backoffs and polls' pauses hold no slot)."""
        self.base_url = base_url.rstrip("/")
        self.redactor = redactor
        self.deadline = deadline
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._in_flight = threading.BoundedSemaphore(max(1, max_in_flight))
        self._holding = threading.local()
        # Set by the client: the auth itself sends through this transport.
        self.auth: requests.auth.AuthBase | None = None

    def call(self, request: Request, recover: Recover | None = None) -> Reply:
        """Send with retries; raise `SmartlingError` when the call failed for good."""
        ambiguous_before = False
        waited = 0.0
        rate_limited = 0
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(request)
            if isinstance(outcome, Reply):
                return replace(outcome, after_ambiguous=ambiguous_before)
            rate_limited += outcome.error.status == 429
            if not outcome.retryable or attempt >= self.max_attempts:
                raise _final(outcome.error, attempt, rate_limited, waited)
            delay = self._delay(attempt, outcome.retry_after)
            doing = f"({outcome.error.details()})"
            if rate_limited:
                doing = (
                    f"while rate-limited by Smartling "
                    f"(429 {rate_limited} times, {waited:.1f} s waited)"
                )
            self.deadline.sleep(delay, request.operation, doing)
            waited += delay
            if outcome.ambiguous:
                ambiguous_before = True
                if recover is not None:
                    recovered = recover(request)
                    if isinstance(recovered, Reply):
                        return replace(recovered, after_ambiguous=True)
                    request = recovered

    def timeout_left(self, operation: str) -> float:
        """The request timeout, cut so that it never runs past the deadline."""
        self.deadline.check(operation)
        return min(self.timeout, self.deadline.left())

    def _attempt(self, request: Request) -> Reply | _Failure:
        url = self.base_url + request.path
        try:
            with self._slot():
                response = self._send(request, url)
        except requests.RequestException as exc:
            reason = _network_reason(exc, url)
            if self.deadline.left() <= 0:  # the timeout was cut short by the deadline
                raise self.deadline.passed(request.operation, f"({reason})") from None
            error = SmartlingError(request.operation, None, reason=reason)
            return _Failure(error, retryable=True, ambiguous=True)
        status = response.status_code
        body = _json_or_none(response)
        if status in request.accepted:
            if request.authenticated:  # the auth answers are the only ones meant to hold secrets
                body = self.redactor.json(body)
            data = body.get("response", {}).get("data") if isinstance(body, dict) else None
            return Reply(status, data if isinstance(data, dict) else {})
        return _Failure(
            self._error(request.operation, response, self.redactor.json(body)),
            retryable=status in RETRYABLE_STATUSES,
            ambiguous=status not in NOT_PROCESSED_STATUSES,
            retry_after=_retry_after_seconds(response.headers.get("Retry-After")),
        )

    @contextmanager
    def _slot(self) -> Iterator[None]:
        """One of the in-flight slots. A call made while sending (the token refresh the
        auth hook makes) rides on its caller's slot: waiting for another could deadlock."""
        if getattr(self._holding, "slot", False):
            yield
            return
        with self._in_flight:
            self._holding.slot = True
            try:
                yield
            finally:
                self._holding.slot = False

    def _send(self, request: Request, url: str) -> requests.Response:
        return self.session.request(
            request.method,
            url,
            json=request.json,
            params=request.params,
            files=request.files,
            auth=self.auth if request.authenticated else None,
            timeout=self.timeout_left(request.operation),
        )

    def _error(self, operation: str, response: requests.Response, body: Any) -> SmartlingError:
        code, details = parse_error_details(body)
        if not details and not isinstance(body, dict):
            details = [ErrorDetail("", self.redactor.text(_short_text(response)))]
        request_id = response.headers.get("X-SL-RequestId")
        request_id = self.redactor.text(request_id) if request_id else None
        return SmartlingError(operation, response.status_code, code, details, request_id)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.backoff_cap)
        delay = min(self.backoff_cap, self.backoff_base * 2.0 ** (attempt - 1))
        return delay / 2 + random.uniform(0, delay / 2)


def _final(
    error: SmartlingError, attempts: int, rate_limited: int, waited: float
) -> SmartlingError:
    """The last attempt's error; after a 429 storm, says so and how long was waited."""
    if error.status != 429 or not rate_limited:
        return error
    reason = (
        f"rate-limited by Smartling: {rate_limited} of {attempts} attempts answered 429 "
        f"(too many requests); waited {waited:.1f} s in total between attempts"
    )
    return SmartlingError(
        error.operation, 429, error.code, error.errors, error.request_id, reason, fix=RATE_LIMIT_FIX
    )


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError):
        return None


def _short_text(response: requests.Response) -> str:
    text = (response.text or "").strip().replace("\n", " ")
    return text[:200] or f"empty {response.status_code} answer"


def _network_reason(exc: requests.RequestException, url: str) -> str:
    kind = "timed out" if isinstance(exc, requests.Timeout) else "could not be reached"
    host = url.split("/", 3)[2] if "://" in url else url
    return f"{host} {kind} ({type(exc).__name__})"
