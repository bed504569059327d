"""One request as the endpoints see it: path parameters, query, body."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from smartling_context.emulator.envelope import validation


@dataclass(frozen=True)
class Request:
    """What an endpoint method receives; `body` is the parsed JSON body, or None."""

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)
    raw: bytes = b""
    content_type: str = ""
    authorization: str | None = None
    body: Any = None

    def json_object(self) -> dict[str, Any]:
        """The JSON body, which must be an object (400 otherwise)."""
        if not isinstance(self.body, dict):
            raise validation("Request body must be a JSON object")
        return self.body

    def first(self, name: str) -> str | None:
        """The first value of a query parameter, or None."""
        values = self.query.get(name)
        return values[0] if values else None


def parse_json(raw: bytes, content_type: str) -> Any:
    """A JSON body, or None when the request has no JSON body; 400 when it is not JSON."""
    if not raw or not content_type.lower().startswith("application/json"):
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise validation(f"Request body is not valid JSON: {exc}") from exc
