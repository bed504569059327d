"""What the Smartling client raises, and how Smartling's error envelope is read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smartling_context.errors import ItemFailed


@dataclass(frozen=True)
class ErrorDetail:
    """One entry of Smartling's `errors` array: a machine key and a human message."""

    key: str
    message: str


class SmartlingError(ItemFailed):
    """A call to Smartling that failed for good (after any retries).

    Carries everything a user needs to act or to open a ticket with Smartling:
    the HTTP status, Smartling's `code`, every error key/message and the
    `X-SL-RequestId` of the last attempt.
    """

    def __init__(
        self,
        operation: str,
        status: int | None,
        code: str | None = None,
        errors: list[ErrorDetail] | None = None,
        request_id: str | None = None,
        reason: str | None = None,
        *,
        fix: str = "",
    ) -> None:
        self.operation = operation
        self.status = status
        self.code = code
        self.errors = list(errors or [])
        self.request_id = request_id
        self.reason = reason
        super().__init__(self._headline(), fix=fix)

    @property
    def first_key(self) -> str | None:
        return self.errors[0].key if self.errors else None

    def details(self) -> str:
        """The error's messages, without the operation name."""
        parts = [f"{e.key}: {e.message}" if e.key else e.message for e in self.errors]
        if self.reason:
            parts.append(self.reason)
        return "; ".join(parts) or "no error message"

    def item_message(self) -> str:
        """The error as told on one item of a report: status, code, messages, request id."""
        text = self.details()
        if self.status is not None:
            text = f"HTTP {self.status}{f' {self.code}' if self.code else ''}: {text}"
        if self.request_id:
            text += f" [X-SL-RequestId {self.request_id}]"
        return text

    def _headline(self) -> str:
        head = self.operation
        head += f" failed with HTTP {self.status}" if self.status is not None else " failed"
        if self.code:
            head += f" ({self.code})"
        text = f"{head}: {self.details()}"
        if self.request_id:
            text += f" [X-SL-RequestId {self.request_id}]"
        return text

    @property
    def ambiguous(self) -> bool:
        """True when the server may have acted although the call failed."""
        return self.status is None or self.status in (500, 502, 504)

    @property
    def is_credentials_problem(self) -> bool:
        """Smartling refused who we are: no call of this run can succeed."""
        return self.status in (401, 403) or self.code in (
            "AUTHENTICATION_ERROR",
            "AUTHORIZATION_ERROR",
        )

    @property
    def is_project_problem(self) -> bool:
        """Smartling does not know the project (404) or refuses its id (400)."""
        if self.status not in (400, 404):
            return False
        return any(
            "project" in e.key.lower() or "project" in e.message.lower() for e in self.errors
        )


def parse_error_details(body: Any) -> tuple[str | None, list[ErrorDetail]]:
    """Read `code` and `errors` from an error body, leniently.

    Smartling's sources disagree: errors sit next to `code`, or under
    `response.data` (the context-upload examples); `errors` is an array or a
    single object; `details` may be anything. Whatever the shape, return what
    can be found rather than failing on it.
    """
    if not isinstance(body, dict):
        return None, []
    response = body.get("response", body)
    if not isinstance(response, dict):
        return None, []
    code = response.get("code") if isinstance(response.get("code"), str) else None
    raw = response.get("errors")
    data = response.get("data")
    if raw is None and isinstance(data, dict):
        raw = data.get("errors")
    if isinstance(raw, dict):
        raw = [raw]
    details: list[ErrorDetail] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            details.append(ErrorDetail(str(item.get("key") or ""), str(item.get("message") or "")))
        elif isinstance(item, str):
            details.append(ErrorDetail("", item))
    return code, details
