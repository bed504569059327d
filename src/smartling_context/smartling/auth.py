"""Smartling's bearer tokens as a `requests` auth: refreshed ahead of expiry.

The token pair comes from `POST /auth-api/v2/authenticate`; it is refreshed
`refresh_margin` seconds before the access token expires, and authenticated
again when the refresh token is near its own end, when refresh fails, or
when refresh hands out a lifetime shorter than the margin (Smartling's
sessions end after 12 hours). A 401 on a data call means the token died
early: the auth gets a new one and resends the request once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import requests
from requests.hooks import default_hooks

from smartling_context.smartling.errors import SmartlingError
from smartling_context.smartling.redact import Redactor
from smartling_context.smartling.transport import Reply, Request
from smartling_context.smartling.wire import TokenData, seconds

AUTHENTICATE = "/auth-api/v2/authenticate"
REFRESH = "/auth-api/v2/authenticate/refresh"


@dataclass(frozen=True)
class _Token:
    access: str
    refresh: str
    access_expires_at: float
    refresh_expires_at: float


class TokenAuth(requests.auth.AuthBase):
    """Puts a valid access token on every request; thread-safe."""

    def __init__(
        self,
        send: Callable[[Request], Reply],
        user_identifier: str,
        user_secret: str,
        *,
        redactor: Redactor,
        refresh_margin: float,
        time_left: Callable[[str], float],
        on_token: Callable[[str], None] | None = None,
    ) -> None:
        self._send = send
        self._credentials = {"userIdentifier": user_identifier, "userSecret": user_secret}
        self._redactor = redactor
        self._refresh_margin = refresh_margin
        self._time_left = time_left
        self._on_token = on_token
        self._token: _Token | None = None
        self._lock = threading.Lock()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.access_token()}"
        request.hooks.setdefault("response", []).append(self._resend_once_on_401)
        return request

    def authenticate(self) -> None:
        """Get a fresh token pair now."""
        with self._lock:
            self._authenticate_locked()

    def access_token(self) -> str:
        with self._lock:
            token = self._token
            if token is None:
                token = self._authenticate_locked()
            elif time.monotonic() >= token.access_expires_at - self._refresh_margin:
                token = self._refresh_locked(token)
            return token.access

    def _authenticate_locked(self) -> _Token:
        reply = self._send(
            Request(
                "POST",
                AUTHENTICATE,
                "Authenticate with Smartling",
                json=self._credentials,
                authenticated=False,
            )
        )
        return self._store(reply)

    def _refresh_locked(self, token: _Token) -> _Token:
        """Refresh ahead of expiry; authenticate again when refresh cannot help."""
        if not token.refresh or time.monotonic() >= token.refresh_expires_at - self._refresh_margin:
            return self._authenticate_locked()
        request = Request(
            "POST",
            REFRESH,
            "Refresh the Smartling token",
            json={"refreshToken": token.refresh},
            authenticated=False,
        )
        try:
            fresh = self._store(self._send(request))
        except SmartlingError:
            return self._authenticate_locked()
        if fresh.access_expires_at - time.monotonic() < self._refresh_margin:
            return self._authenticate_locked()
        return fresh

    def _store(self, reply: Reply) -> _Token:
        data = cast(TokenData, reply.data)
        access = data.get("accessToken")
        if not isinstance(access, str) or not access:
            raise SmartlingError(
                "Authenticate with Smartling", reply.status, reason="the answer held no accessToken"
            )
        refresh = data.get("refreshToken")
        refresh = refresh if isinstance(refresh, str) else ""
        for secret in (access, refresh):
            if secret:
                self._redactor.add(secret)
                if self._on_token is not None:
                    self._on_token(secret)
        now = time.monotonic()
        self._token = _Token(
            access,
            refresh,
            now + seconds(data.get("expiresIn"), 300),
            now + seconds(data.get("refreshExpiresIn"), 0),
        )
        return self._token

    def _forget(self, used: str) -> None:
        with self._lock:
            if self._token is not None and self._token.access == used:
                self._token = None

    def _resend_once_on_401(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        """A 401 means the token died before its time: get a new one, resend once."""
        if response.status_code != 401:
            return response
        sent = response.request
        used = str(sent.headers.get("Authorization", "")).removeprefix("Bearer ")
        self._forget(used)
        retry = sent.copy()
        retry.hooks = default_hooks()  # no second resend
        retry.headers["Authorization"] = f"Bearer {self.access_token()}"
        kwargs["timeout"] = self._time_left("Resend after a new token")
        _ = response.content  # read to the end, so that the connection can be reused
        response.close()
        adapter = cast(requests.adapters.BaseAdapter, response.connection)
        fresh = adapter.send(retry, **kwargs)
        fresh.history.append(response)
        fresh.request = retry
        return fresh
