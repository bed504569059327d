"""The overlapped pipeline at 50 ms a request: the network phase against the API's
dependency limit, first run and rerun (issue #17.3).

The dependency limit: whatever overlaps, a first run must authenticate, look the
context up, upload it, and bind (4 round trips); string creation runs beside it.
Target: network phase <= 1.5x that limit, and a rerun no slower than a first run.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.run import PROJECT, sync_repository
from smartling_context.emulator import Emulator
from smartling_context.run.execute import WORKERS
from smartling_context.run.pipeline import Sync, SyncRequest
from smartling_context.run.report import RunInfo, RunReport
from smartling_context.smartling.client import SmartlingClient

LATENCY = 0.05
DEPENDENCY_ROUND_TRIPS = 4  # authenticate, find context, upload, bind


class StepTimes:
    """A `Progress` that records how long each step took."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[title] = time.perf_counter() - start

    def log(self, text: str) -> None:
        pass


def network_phase(
    emulator: Emulator, repo: Path, base: str, head: str
) -> tuple[float, RunReport, int]:
    """Seconds of the "Sync with Smartling" step, the report, and the requests it sent."""
    emulator.state.requests.clear()
    client = SmartlingClient(emulator.url, "u", "s", PROJECT, poll_interval=0.05)
    times = StepTimes()
    request = SyncRequest(repo, ".smartling/context.yml", head, base)
    report = Sync(request, RunInfo("bench", ".smartling/context.yml"), times).run(client)
    return times.seconds["Sync with Smartling"], report, len(emulator.state.requests)


def measure(rows: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        repo, base, head = sync_repository(Path(temp))
        with Emulator() as emulator:
            emulator.faults.latency = LATENCY
            first, report, sent = network_phase(emulator, repo, base, head)
            assert report.error_count() == 0, report.errors
            rerun, _, _ = network_phase(emulator, repo, base, head)
    limit = DEPENDENCY_ROUND_TRIPS * LATENCY
    floor = -(-sent // WORKERS) * LATENCY  # every request once, WORKERS at a time
    rows.append(
        (
            "7. network phase at 50 ms (S=1000, U=20, B=1000)",
            f"first {first:.2f} s = {first / limit:.2f}x the dependency limit {limit:.2f} s "
            f"(target <= 1.5x: {'met' if first <= 1.5 * limit else 'NOT met'}; {sent} requests "
            f"at {WORKERS} in flight cannot take under {floor:.2f} s); "
            f"rerun {rerun:.2f} s (target <= first: {'met' if rerun <= first else 'NOT met'})",
        )
    )


if __name__ == "__main__":
    found: list[tuple[str, str]] = []
    measure(found)
    for name, value in found:
        print(f"{name}  {value}")
