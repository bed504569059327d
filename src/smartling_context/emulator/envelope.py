"""Smartling's answer envelopes and the error every endpoint raises to refuse a request."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class ApiError(Exception):
    """An error answer: HTTP status, Smartling code, and (key, message) pairs."""

    def __init__(self, status: int, code: str, *errors: tuple[str, str]) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.errors = list(errors)

    def payload(self) -> dict[str, Any]:
        """The error envelope: `errors` next to `code`, no `data` (as Smartling answers)."""
        return {
            "response": {
                "code": self.code,
                "errors": [
                    {"key": key, "message": message, "details": {}} for key, message in self.errors
                ],
            }
        }


def validation(message: str, key: str = "wrong_parameters") -> ApiError:
    """400 VALIDATION_ERROR: the request is malformed or breaks a documented limit."""
    return ApiError(400, "VALIDATION_ERROR", (key, message))


def not_found(message: str, key: str = "not_found_error") -> ApiError:
    """404 NOT_FOUND_ERROR."""
    return ApiError(404, "NOT_FOUND_ERROR", (key, message))


def invalid_token() -> ApiError:
    """401 AUTHENTICATION_ERROR with Smartling's `invalid_token` key."""
    return ApiError(401, "AUTHENTICATION_ERROR", ("invalid_token", "Invalid token"))


@dataclass(frozen=True)
class Answer:
    """What an endpoint answers: `data` in a success envelope, or raw `content` bytes."""

    status: int = 200
    data: Any = None
    content: bytes | None = None
    mime: str = "application/json"

    @classmethod
    def refusal(cls, error: ApiError) -> Answer:
        return cls(error.status, content=json.dumps(error.payload()).encode())

    def body(self) -> bytes:
        if self.content is not None:
            return self.content
        return json.dumps({"response": {"code": "SUCCESS", "data": self.data}}).encode()
