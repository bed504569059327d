"""Fault injection: rate limits, failures, dropped connections, latency, expiring tokens."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Fault:
    """A one-off failure: answer `status` (or drop the connection when `reset`).

    `after_processing` makes the server act on the request first, then fail:
    the case where a client cannot know whether its request took effect.
    """

    path_contains: str = ""
    method: str | None = None
    status: int = 500
    reset: bool = False
    after_processing: bool = False
    times: int = 1
    retry_after: str | None = None


@dataclass
class Faults:
    """Fault injection a test can switch on while the emulator runs.

    `latency` is network latency: every request, answered or failed, takes that
    many seconds from its arrival to its answer, half of it before the server
    reads it (one delay per request; concurrent requests wait side by side, as
    they would on a network). The server's own work counts against the other
    half: it answers late only when that work takes longer.
    """

    rate_limit_every: int = 0
    latency: float = 0.0
    token_calls: int = 0  # after this many authenticated calls, all tokens expire (once)
    async_create: int = 0
    process_polls: int = 2
    once: list[Fault] = field(default_factory=list)
    _requests: int = field(default=0, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def next_fault(self, method: str, path: str) -> Fault | None:
        """The fault this request meets, if any (counts the request for `rate_limit_every`)."""
        with self._lock:
            self._requests += 1
            every = self.rate_limit_every
            if every and self._requests % every == 0:
                return Fault(status=429, retry_after="0")
            for fault in self.once:
                if (
                    fault.times > 0
                    and fault.path_contains in path
                    and (fault.method is None or fault.method == method)
                ):
                    fault.times -= 1
                    return fault
        return None

    def take_async_create(self) -> bool:
        """Whether this create-strings request answers 202 (uses up one `async_create`)."""
        with self._lock:
            if self.async_create > 0:
                self.async_create -= 1
                return True
            return False
