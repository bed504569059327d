"""Keeping the credentials and tokens out of every text the client produces.

A server (or a proxy in front of it) may echo the `Authorization` header or
the credentials back in an error body; that text ends up in logs, the summary
and the pull-request comment. The client registers every secret it knows (the
user identifier and secret, every access and refresh token as it is issued)
and every answer body passes through `Redactor.json` before anything reads it.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote

MASK = "***"
# Shorter values would mask ordinary words; no real credential or token is this short.
MIN_SECRET_LENGTH = 4
# The user identifier is a name more than a secret; Smartling issues 30-character ones.
# A short one ("user" in a demo) would garble "Invalid user identifier or secret".
MIN_IDENTIFIER_LENGTH = 12


class Redactor:
    """A thread-safe set of secrets, replaced by `***` wherever they appear."""

    def __init__(self, user_identifier: str, user_secret: str) -> None:
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()
        self.add(user_secret)
        self.add(user_identifier, minimum=MIN_IDENTIFIER_LENGTH)

    def add(self, secret: str, *, minimum: int = MIN_SECRET_LENGTH) -> None:
        """Remember a secret, also in the URL-encoded form a server may echo."""
        if len(secret) < minimum:
            return
        with self._lock:
            known = set(self._secrets) | {secret, quote(secret, safe="")}
            # Longest first, so that a secret containing another is masked whole.
            self._secrets = tuple(sorted(known, key=len, reverse=True))

    def text(self, value: str) -> str:
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, MASK)
        return value

    def json(self, value: Any) -> Any:
        """The same JSON value with every secret masked in every key and string."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {self.text(str(k)): self.json(v) for k, v in value.items()}
        return value
