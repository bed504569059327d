"""Authentication (tokens, refresh, expiry) and the project-id check every data call makes."""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

from smartling_context.emulator.envelope import (
    Answer,
    ApiError,
    invalid_token,
    not_found,
    validation,
)
from smartling_context.emulator.faults import Faults
from smartling_context.emulator.request import Request
from smartling_context.emulator.state import EmulatorState

PROJECT_ID = re.compile(r"^[a-z0-9]{9}$")


class Auth:
    """The Authentication API, plus the token and project checks of every other call."""

    def __init__(
        self,
        state: EmulatorState,
        faults: Faults,
        *,
        credentials: tuple[str, str] | None,
        projects: set[str] | None,
        expires_in: int,
        refresh_expires_in: int,
    ) -> None:
        self.state = state
        self.faults = faults
        self.credentials = credentials
        self.projects = projects
        self.expires_in = expires_in
        self.refresh_expires_in = refresh_expires_in
        self._authenticated_calls = 0

    def authenticate(self, request: Request) -> Answer:
        body = request.json_object()
        missing = [f for f in ("userIdentifier", "userSecret") if not body.get(f)]
        if missing:
            raise validation(f"Missing required field(s): {', '.join(missing)}")
        if self.credentials and (body["userIdentifier"], body["userSecret"]) != self.credentials:
            raise ApiError(
                401, "AUTHENTICATION_ERROR", ("invalid_user", "Invalid user identifier or secret")
            )
        return Answer(data=self._issue_tokens())

    def refresh(self, request: Request) -> Answer:
        token = request.json_object().get("refreshToken")
        if not token:
            raise validation("Missing required field: refreshToken")
        with self.state.lock:
            if self.state.refresh_tokens.pop(token, None) is None:
                raise invalid_token()
        return Answer(data=self._issue_tokens())

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

    def check(self, request: Request) -> None:
        """Refuse a data call without a live token or with a bad or unknown project id."""
        self._check_token(request.authorization)
        project_id = request.params.get("p", "")
        if not PROJECT_ID.match(project_id):
            raise validation(
                f"Invalid projectId {project_id!r}: expected 9 lowercase letters and digits"
            )
        if self.projects is not None and project_id not in self.projects:
            raise not_found(f"Project {project_id} not found", "project.not.found")

    def _check_token(self, header: str | None) -> None:
        if not header or not header.startswith("Bearer "):
            raise invalid_token()
        with self.state.lock:
            token = self.state.tokens.get(header[7:])
            if token is None or time.monotonic() >= token["expires_at"]:
                raise invalid_token()
            self._authenticated_calls += 1
            if self.faults.token_calls and self._authenticated_calls > self.faults.token_calls:
                # Every token issued so far expires now, once: "expired mid-run".
                self.faults.token_calls = 0
                self.state.tokens.clear()
                raise invalid_token()
