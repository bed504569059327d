"""Waiting for Smartling's asynchronous processes, adaptively.

Most processes finish within a fraction of a second, so the first waits are
short (`first` seconds) and double up to `cap`: a quick process costs one or
two short polls, a slow one costs no more requests than a fixed interval.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from smartling_context.smartling.errors import ErrorDetail, SmartlingError
from smartling_context.smartling.transport import Request, TimeLimitPassed, Transport
from smartling_context.smartling.wire import ProcessData


@dataclass(frozen=True)
class ProcessKind:
    """Where an API's processes are polled, and which states end them."""

    api: str  # "strings-api" or "context-api"
    done: frozenset[str]
    failed: frozenset[str]


CREATE_STRINGS = ProcessKind(
    "strings-api", frozenset({"CLOSED", "COMPLETED"}), frozenset({"FAILED"})
)
CONTEXT = ProcessKind("context-api", frozenset({"COMPLETED"}), frozenset({"FAILED"}))


class Poller:
    def __init__(
        self, transport: Transport, project_id: str, *, first: float, cap: float, limit: float
    ) -> None:
        self._transport = transport
        self._project_id = project_id
        self.first = first
        self.cap = cap
        self.limit = limit  # the longest one process may take, within the run's deadline

    def wait(self, kind: ProcessKind, process_uid: str, operation: str) -> ProcessData:
        """Poll until the process ends; raise when it failed or took too long."""
        path = f"/{kind.api}/v2/projects/{self._project_id}/processes/{process_uid}"
        deadline = self._transport.deadline
        waited = 0.0
        schedule = pauses(self.first, self.cap)
        still = f"process {process_uid} had not answered"
        while True:
            try:
                data = cast(ProcessData, self._transport.call(Request("GET", path, operation)).data)
            except TimeLimitPassed:
                raise deadline.passed(operation, f"while {still}") from None
            state = str(data.get("processState", "")).upper()
            if state in kind.done:
                return data
            if state in kind.failed:
                message = data.get("errorMessage") or f"process {process_uid} ended {state}"
                raise SmartlingError(operation, 200, state, [ErrorDetail("", str(message))])
            pause = next(schedule)
            still = f"process {process_uid} was still {state or 'unknown'}"
            if waited + pause > self.limit:
                raise SmartlingError(operation, None, reason=f"{still} after {waited:.1f} s")
            deadline.sleep(pause, operation, f"while {still}")
            waited += pause


def pauses(first: float, cap: float) -> Iterator[float]:
    """The waits between polls: `first`, doubling up to `cap`, then `cap` for ever."""
    pause = min(first, cap)
    while True:
        yield pause
        pause = min(pause * 2, cap)
