"""Smartling REST client: authentication, retries, envelopes, Strings API v2 and Context API v2.

Everything goes over one `requests.Session` with a timeout on every call.
Retries cover 429/5xx and dropped connections with capped exponential backoff
and jitter (honouring `Retry-After`); a 401 on a data call re-authenticates once
and replays. Calls that are not idempotent (context upload, binding creation)
check what the failed attempt already did before they try again, so a retry
never creates a duplicate.
"""

from __future__ import annotations

import json
import math
import random
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests

from smartling_context.smartling.errors import ErrorDetail, SmartlingError, parse_error_details
from smartling_context.smartling.models import (
    Binding,
    BindingRequest,
    Context,
    Coordinates,
    CreatedString,
    CreateStringsResult,
    FileString,
    NewString,
    StringFailure,
)

MAX_STRINGS_PER_REQUEST = 100
MAX_STRING_CHARS = 10_000
MAX_BINDINGS_PER_REQUEST = 100
SOURCE_STRINGS_PAGE = 500
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# A status that proves the server did not act on the request: safe to replay as is.
NOT_PROCESSED_STATUSES = frozenset({429, 503})
USER_AGENT = "smartling-context-action"


@dataclass
class _Token:
    access: str
    refresh: str
    access_expires_at: float
    refresh_expires_at: float


class SmartlingClient:
    """A client for the parts of Smartling's API the action uses."""

    def __init__(
        self,
        base_url: str,
        user_identifier: str,
        user_secret: str,
        project_id: str,
        *,
        timeout: float = 60.0,
        max_attempts: int = 6,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        poll_interval: float = 1.0,
        poll_deadline: float = 600.0,
        refresh_margin: float = 60.0,
        concurrency: int = 4,
        session: requests.Session | None = None,
        deadline: float | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.project_id = project_id
        self._user_identifier = user_identifier
        self._user_secret = user_secret
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.poll_interval = poll_interval
        self.poll_deadline = poll_deadline
        self.refresh_margin = refresh_margin
        self.concurrency = max(1, concurrency)
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.deadline = deadline
        self._on_token = on_token
        self._token: _Token | None = None
        self._auth_lock = threading.Lock()

    # ------------------------------------------------------------------ auth

    def authenticate(self) -> None:
        """Get a fresh token pair now (also how a run checks its credentials early)."""
        with self._auth_lock:
            self._authenticate_locked()

    def _authenticate_locked(self) -> None:
        data = self._call(
            "POST",
            "/auth-api/v2/authenticate",
            "Authenticate with Smartling",
            json_body={"userIdentifier": self._user_identifier, "userSecret": self._user_secret},
            authenticated=False,
        )
        self._store_token(data)

    def _store_token(self, data: Any) -> None:
        if not isinstance(data, dict) or not data.get("accessToken"):
            raise SmartlingError(
                "Authenticate with Smartling", 200, reason="the answer held no accessToken"
            )
        now = time.monotonic()
        if self._on_token is not None:
            self._on_token(str(data["accessToken"]))
            if data.get("refreshToken"):
                self._on_token(str(data["refreshToken"]))
        self._token = _Token(
            access=data["accessToken"],
            refresh=data.get("refreshToken") or "",
            access_expires_at=now + _seconds(data.get("expiresIn"), 300),
            refresh_expires_at=now + _seconds(data.get("refreshExpiresIn"), 0),
        )

    def _access_token(self) -> str:
        with self._auth_lock:
            token = self._token
            now = time.monotonic()
            if token is None:
                self._authenticate_locked()
            elif now >= token.access_expires_at - self.refresh_margin:
                self._refresh_locked(token, now)
            assert self._token is not None
            return self._token.access

    def _refresh_locked(self, token: _Token, now: float) -> None:
        """Refresh ahead of expiry; authenticate again when refresh cannot help."""
        if not token.refresh or now >= token.refresh_expires_at - self.refresh_margin:
            self._authenticate_locked()
            return
        try:
            data = self._call(
                "POST",
                "/auth-api/v2/authenticate/refresh",
                "Refresh the Smartling token",
                json_body={"refreshToken": token.refresh},
                authenticated=False,
            )
            self._store_token(data)
        except SmartlingError:
            self._authenticate_locked()
            return
        # Near the 12-hour session cap refresh hands out shrinking lifetimes.
        if _seconds(data.get("expiresIn"), 0) < self.refresh_margin:
            self._authenticate_locked()

    def _invalidate_token(self, used: str) -> None:
        with self._auth_lock:
            if self._token is not None and self._token.access == used:
                self._token = None

    # ------------------------------------------------------------- transport

    def _call(
        self,
        method: str,
        path: str,
        operation: str,
        *,
        json_body: Any = None,
        params: Any = None,
        files: Any = None,
        data: Any = None,
        authenticated: bool = True,
        replay_safe: bool = True,
        accepted: Iterable[int] = (200,),
        recover: Callable[[], Any] | None = None,
        with_status: bool = False,
    ) -> Any:
        """Send one API call with retries; return the envelope's `data`.

        `replay_safe=False` marks a call that must not be sent twice blindly:
        after an ambiguous failure (a dropped connection or a 500/502/504, when
        the server may have acted) `recover()` is asked first and its non-None
        answer is taken as the call's result.
        """
        url = self.base_url + path
        reauthenticated = False
        attempt = 0
        while True:
            attempt += 1
            headers = {}
            token = ""
            if authenticated:
                token = self._access_token()
                headers["Authorization"] = f"Bearer {token}"
            retry_after = None
            timeout = self._timeout_within_deadline(operation)
            try:
                response = self.session.request(
                    method,
                    url,
                    json=json_body,
                    params=params,
                    files=files,
                    data=data,
                    headers=headers,
                    timeout=timeout,
                )
            except requests.RequestException as exc:
                error = SmartlingError(operation, None, reason=_network_reason(exc, url))
                ambiguous = True
            else:
                body = _json_or_none(response)
                status = response.status_code
                if status in accepted:
                    payload = (
                        body.get("response", {}).get("data") if isinstance(body, dict) else None
                    )
                    return (payload, status) if with_status else payload
                code, details = parse_error_details(body)
                if not details and not isinstance(body, dict):
                    details = [ErrorDetail("", _short_text(response))]
                error = SmartlingError(
                    operation, status, code, details, response.headers.get("X-SL-RequestId")
                )
                if status == 401 and authenticated and not reauthenticated:
                    reauthenticated = True
                    self._invalidate_token(token)
                    attempt -= 1
                    continue
                if status not in RETRYABLE_STATUSES:
                    raise error
                ambiguous = status not in NOT_PROCESSED_STATUSES
                retry_after = response.headers.get("Retry-After")
            if attempt >= self.max_attempts or (ambiguous and not replay_safe and not recover):
                raise error
            self._sleep_before_retry(attempt, retry_after)
            if ambiguous and not replay_safe and recover is not None:
                found = recover()
                if found is not None:
                    return (found, 200) if with_status else found

    def _timeout_within_deadline(self, operation: str) -> float:
        """The request timeout, cut so that it never runs past the deadline."""
        if self.deadline is None:
            return self.timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise SmartlingError(operation, None, reason="the run's time limit passed")
        return min(self.timeout, left)

    def _sleep_before_retry(self, attempt: int, retry_after: str | None) -> None:
        delay = _retry_after_seconds(retry_after)
        if delay is None:
            delay = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
            delay = delay / 2 + random.uniform(0, delay / 2)
        time.sleep(min(delay, self.backoff_cap))

    def _project_path(self, api: str, suffix: str = "") -> str:
        return f"/{api}/v2/projects/{self.project_id}{suffix}"

    def _poll(
        self, api: str, process_uid: str, operation: str, done: set[str], failed: set[str]
    ) -> dict[str, Any]:
        """Poll an async process until it reaches a final state or the deadline passes."""
        deadline = time.monotonic() + self.poll_deadline
        path = self._project_path(api, f"/processes/{process_uid}")
        while True:
            data = self._call("GET", path, operation) or {}
            state = str(data.get("processState", "")).upper()
            if state in done:
                return data
            if state in failed:
                message = data.get("errorMessage") or f"process {process_uid} ended {state}"
                raise SmartlingError(operation, 200, state, [ErrorDetail("", str(message))])
            if time.monotonic() + self.poll_interval > deadline:
                raise SmartlingError(
                    operation,
                    None,
                    reason=f"process {process_uid} still {state or 'unknown'} after "
                    f"{self.poll_deadline:.0f} s",
                )
            time.sleep(self.poll_interval)

    def map_concurrently(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """Run independent calls at once (bounded by `concurrency`); results in input order."""
        if len(items) <= 1 or self.concurrency == 1:
            return [function(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(items))) as pool:
            return list(pool.map(function, items))

    # ---------------------------------------------------------- strings api

    def create_strings(self, requested: Collection[NewString]) -> CreateStringsResult:
        """Create strings: grouped by request settings, 100 a request, 202s polled."""
        strings = list(dict.fromkeys(requested))
        outcomes: list[CreatedString | StringFailure | None] = [None] * len(strings)
        groups: dict[tuple[str | None, str | None, str | None], list[int]] = {}
        for index, item in enumerate(strings):
            if len(item.text) > MAX_STRING_CHARS:
                outcomes[index] = StringFailure(
                    f"the text has {len(item.text):,} characters; Smartling accepts at most "
                    f"{MAX_STRING_CHARS:,}. Shorten or split it.",
                    "string.too.long",
                )
            else:
                groups.setdefault(item.request_settings, []).append(index)
        batches = [
            indexes[start : start + MAX_STRINGS_PER_REQUEST]
            for indexes in groups.values()
            for start in range(0, len(indexes), MAX_STRINGS_PER_REQUEST)
        ]
        results = self.map_concurrently(
            lambda batch: self._create_batch([strings[i] for i in batch]), batches
        )
        words = 0
        for batch, (batch_outcomes, batch_words) in zip(batches, results, strict=True):
            words += batch_words
            for index, outcome in zip(batch, batch_outcomes, strict=True):
                outcomes[index] = outcome
        return CreateStringsResult(
            {s: o for s, o in zip(strings, outcomes, strict=True) if o is not None}, words
        )

    def _create_batch(
        self, batch: list[NewString]
    ) -> tuple[list[CreatedString | StringFailure], int]:
        operation = "Create strings"
        try:
            data, status = self._post_strings(batch, operation)
            if status == 202 and data.get("processUid"):
                self._poll(
                    "strings-api",
                    data["processUid"],
                    "Wait for Smartling to create strings",
                    done={"CLOSED", "COMPLETED"},
                    failed={"FAILED"},
                )
        except SmartlingError as error:
            failure = StringFailure(error.item_message(), error.first_key, error.status, error)
            return [failure] * len(batch), 0
        found = _index_items(data.get("items"))
        outcomes: list[CreatedString | StringFailure] = []
        missing: list[int] = []
        for position, item in enumerate(batch):
            hit = _take(found, item)
            outcomes.append(hit or StringFailure("", None))
            if hit is None:
                missing.append(position)
        if missing:
            # A 202 may answer before every item is listed. Creating is idempotent
            # (same text, variant, namespace = same string), so ask again for them.
            try:
                again, _ = self._post_strings([batch[i] for i in missing], operation)
            except SmartlingError as error:
                again = {"items": []}
                reason = error.item_message()
            else:
                reason = "Smartling's answer did not list this string"
            refound = _index_items(again.get("items"))
            for position in missing:
                hit = _take(refound, batch[position])
                outcomes[position] = (
                    CreatedString(hit.hashcode, False) if hit else StringFailure(reason)
                )
        return outcomes, _int(data.get("wordCount"))

    def _post_strings(self, batch: list[NewString], operation: str) -> tuple[dict, int]:
        first = batch[0]
        body: dict[str, Any] = {"strings": [_string_json(s) for s in batch]}
        if first.placeholder_format:
            body["placeholderFormat"] = first.placeholder_format
        if first.placeholder_custom:
            body["placeholderFormatCustom"] = first.placeholder_custom
        if first.namespace:
            body["namespace"] = first.namespace
        data, status = self._call(
            "POST",
            self._project_path("strings-api"),
            operation,
            json_body=body,
            accepted=(200, 202),
            with_status=True,
        )
        return (data if isinstance(data, dict) else {}), status

    # ---------------------------------------------------------- context api

    def upload_context(self, name: str, content: bytes, filename: str, mime_type: str) -> Context:
        """Upload an image as a context. A retry first looks for the context by name."""

        def already_uploaded() -> Context | None:
            return self.find_context(name)

        data = self._call(
            "POST",
            self._project_path("context-api", "/contexts"),
            f"Upload context {name!r}",
            files={"content": (filename, content, mime_type), "name": (None, name)},
            replay_safe=False,
            recover=already_uploaded,
        )
        if isinstance(data, Context):
            return data
        return _context(data)

    def find_context(self, name: str) -> Context | None:
        """The context named exactly `name`, if there is one."""
        return next((c for c in self.list_contexts(name) if c.name == name), None)

    def list_contexts(self, name_filter: str | None = None, type_: str = "IMAGE") -> list[Context]:
        """All contexts whose name contains `name_filter`, following the opaque cursor."""
        contexts: list[Context] = []
        offset: str | None = None
        while True:
            params = {"type": type_}
            if name_filter:
                params["nameFilter"] = name_filter
            if offset:
                params["offset"] = offset
            data = self._call(
                "GET",
                self._project_path("context-api", "/contexts"),
                "List contexts",
                params=params,
            )
            data = data or {}
            contexts.extend(_context(item) for item in data.get("items") or [])
            offset = data.get("offset")
            if not offset:
                return contexts

    def match_context(self, context_uid: str, hashcodes: Sequence[str]) -> list[Binding]:
        """Ask Smartling's OCR to bind these strings on the context, and wait for it."""
        data = self._call(
            "POST",
            self._project_path("context-api", f"/contexts/{context_uid}/match/async"),
            "Start OCR match",
            json_body={"stringHashcodes": list(hashcodes)},
            accepted=(200, 202),
        )
        process_uid = (data or {}).get("processUid") or (data or {}).get("matchId")
        if not process_uid:
            raise SmartlingError("Start OCR match", 202, reason="the answer held no processUid")
        result = self._poll(
            "context-api",
            process_uid,
            "Wait for the OCR match",
            done={"COMPLETED"},
            failed={"FAILED"},
        )
        bindings = (result.get("result") or {}).get("bindings") or []
        return [_binding(b) for b in bindings]

    def create_bindings(
        self, requested: Collection[BindingRequest]
    ) -> dict[tuple[str, str], Binding | str]:
        """Create bindings 100 a request: each (context, hashcode)'s binding or error message."""
        unique = list({(r.context_uid, r.hashcode): r for r in requested}.values())
        batches = [
            unique[i : i + MAX_BINDINGS_PER_REQUEST]
            for i in range(0, len(unique), MAX_BINDINGS_PER_REQUEST)
        ]
        outcomes: dict[tuple[str, str], Binding | str] = {}
        for created, failed in self.map_concurrently(self._create_binding_batch, batches):
            for binding in created:
                outcomes[(binding.context_uid, binding.hashcode)] = binding
            for request, message in failed:
                outcomes[(request.context_uid, request.hashcode)] = message
        return outcomes

    def delete_bindings(self, binding_uids: Collection[str]) -> None:
        """Delete bindings by their uids (Context API `bindings/remove`), 100 a request."""
        uids = list(dict.fromkeys(binding_uids))
        for start in range(0, len(uids), MAX_BINDINGS_PER_REQUEST):
            self._call(
                "POST",
                self._project_path("context-api", "/bindings/remove"),
                "Delete bindings",
                json_body={"bindingUids": uids[start : start + MAX_BINDINGS_PER_REQUEST]},
            )

    def file_strings(self, file_uri: str) -> list[FileString]:
        """Every string Smartling holds under `file_uri`, 500 a page until a short page."""
        found: list[FileString] = []
        offset = 0
        while True:
            data = self._call(
                "POST",
                self._project_path("strings-api", "/source-strings"),
                f"List the strings of {file_uri!r}",
                json_body={"fileUri": file_uri, "limit": SOURCE_STRINGS_PAGE, "offset": offset},
            )
            items = (data or {}).get("items") or []
            found.extend(_file_string(item, file_uri) for item in items if isinstance(item, dict))
            if len(items) < SOURCE_STRINGS_PAGE:
                return [f for f in found if f.hashcode]
            offset += len(items)

    def _create_binding_batch(
        self, batch: list[BindingRequest]
    ) -> tuple[list[Binding], list[tuple[BindingRequest, str]]]:
        """Post one batch. After an ambiguous failure, bind only what is still missing."""
        pending = list(batch)
        created: list[Binding] = []
        attempt = 0
        while True:
            attempt += 1
            try:
                data = self._call(
                    "POST",
                    self._project_path("context-api", "/bindings"),
                    "Create bindings",
                    json_body={"bindings": [r.as_json() for r in pending]},
                    replay_safe=False,
                )
                break
            except SmartlingError as error:
                if not error.ambiguous or attempt >= self.max_attempts:
                    return created, [(r, error.item_message()) for r in pending]
                self._sleep_before_retry(attempt, None)
                existing = {
                    (b.context_uid, b.hashcode): b
                    for uid in {r.context_uid for r in pending}
                    for b in self.list_bindings(uid)
                }
                created += [
                    existing[(r.context_uid, r.hashcode)]
                    for r in pending
                    if (r.context_uid, r.hashcode) in existing
                ]
                pending = [r for r in pending if (r.context_uid, r.hashcode) not in existing]
                if not pending:
                    return created, []
        created += [_binding(b) for b in ((data or {}).get("created") or {}).get("items") or []]
        created_pairs = {(b.context_uid, b.hashcode) for b in created}
        messages = [
            str(e.get("message") or e) if isinstance(e, dict) else str(e)
            for e in ((data or {}).get("errors") or {}).get("items") or []
        ]
        failed: list[tuple[BindingRequest, str]] = []
        for request in pending:
            if (request.context_uid, request.hashcode) not in created_pairs:
                # Smartling's error items carry no index; name the one about this string.
                message = next((m for m in messages if request.hashcode in m), None)
                failed.append((request, message or "; ".join(messages) or "not created"))
        return created, failed

    def list_bindings(self, context_uid: str) -> list[Binding]:
        """Every binding of one context, following the cursor."""
        body = {"contextUid": context_uid}
        bindings: list[Binding] = []
        offset: str | None = None
        while True:
            data = self._call(
                "POST",
                self._project_path("context-api", "/bindings/list"),
                "List bindings",
                json_body=body,
                params={"offset": offset} if offset else None,
            )
            data = data or {}
            bindings.extend(_binding(b) for b in data.get("items") or [])
            offset = data.get("offset")
            if not offset:
                return bindings


def _string_json(item: NewString) -> dict[str, Any]:
    body: dict[str, Any] = {"stringText": item.text}
    if item.variant:
        body["variant"] = item.variant
    if item.instruction:
        body["instruction"] = item.instruction
    if item.format:
        body["format"] = item.format
    return body


def _index_items(items: Any) -> dict[tuple[str, str], list[CreatedString]]:
    found: dict[tuple[str, str], list[CreatedString]] = {}
    for item in items or []:
        if not isinstance(item, dict) or not item.get("hashcode"):
            continue
        key = (str(item.get("stringText", "")), str(item.get("variant") or ""))
        found.setdefault(key, []).append(
            CreatedString(str(item["hashcode"]), _bool(item.get("overWritten")))
        )
    return found


def _take(
    found: dict[tuple[str, str], list[CreatedString]], item: NewString
) -> CreatedString | None:
    hits = found.get((item.text, item.variant or ""))
    if not hits:
        return None
    # Two identical strings in one batch are one string: both get its hashcode.
    return hits.pop(0) if len(hits) > 1 else hits[0]


def _context(data: Any) -> Context:
    data = data if isinstance(data, dict) else {}
    return Context(
        str(data.get("contextUid", "")), str(data.get("name", "")), str(data.get("contextType", ""))
    )


def _binding(data: Any) -> Binding:
    data = data if isinstance(data, dict) else {}
    return Binding(
        str(data.get("bindingUid", "")),
        str(data.get("contextUid", "")),
        str(data.get("stringHashcode", "")),
        _coordinates(data.get("coordinates")),
    )


def _coordinates(data: Any) -> Coordinates | None:
    if not isinstance(data, dict):
        return None
    try:
        values = [int(float(data[k])) for k in ("top", "left", "width", "height")]
    except (KeyError, TypeError, ValueError):
        return None
    return Coordinates(*values)


def _file_string(data: dict[str, Any], file_uri: str) -> FileString:
    text = data.get("stringText")
    if text is None:
        text = data.get("parsedStringText")
    keys = tuple(
        str(k["key"])
        for k in data.get("keys") or []
        if isinstance(k, dict) and k.get("key") and k.get("fileUri", file_uri) == file_uri
    )
    return FileString(str(data.get("hashcode") or ""), str(text or ""), keys)


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _seconds(value: Any, default: float) -> float:
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return default


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
