"""Benchmarks 1-3: requests of a first run and a rerun, and the network phase at 50 ms
a request against the API's dependency limit (#17.3, #17.5).

The PR adds S=1,000 strings and U=20 screenshots binding B=1,000 of them. The lower
bound of requests: authenticate, S/100 string batches, U uploads, B/100 binding
batches (the contract's limit a request); target: at most 10 % over it, pages of a listing
aside. The dependency limit: whatever overlaps, a first run must authenticate, look
a context up, upload it, bind, and read back what it wrote (5 round trips: the
re-read that settles racing runs, #26, follows the last write); string creation
runs beside them. Targets at 50 ms: network phase <= 1.5x that limit (the 4 round
trips without the re-read are shown too); a rerun no slower than the first run.
The emulator sets TCP_NODELAY and gives every request its latency once, so 50 ms here
is 50 ms a request for every client. For the timed runs it is a process of its own
(`smartling-context emulator --latency 0.05`), as Smartling's servers are not on
the runner: in the run's own process, its work would take the run's CPU.

Run: `python -m benchmarks.network`.
"""

from __future__ import annotations

import math
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.repos import BINDINGS, PROJECT, SCREENSHOTS, STRINGS, Repo, sync_repository
from benchmarks.table import Row, main_for
from smartling_context.emulator import Emulator
from smartling_context.run.execute import WORKERS
from smartling_context.run.pipeline import Sync, SyncRequest
from smartling_context.run.report import RunInfo, RunReport
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.context_api import BINDINGS_PER_REQUEST

LATENCY = 0.05
DEPENDENCY_ROUND_TRIPS = 5  # authenticate, find context, upload, bind, read back
MANIFEST = ".smartling/context.yml"
SCOPE = f"S={STRINGS:,}, U={SCREENSHOTS}, B={BINDINGS:,}"


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


def synced(url: str, repo: Repo) -> tuple[float, RunReport]:
    """Seconds of the run's "Sync with Smartling" step (after the plan: the rest of the
    authentication, which starts once the manifest is valid, and the execution), and
    the report."""
    client = SmartlingClient(url, "u", "s", PROJECT, poll_interval=0.05)
    times = StepTimes()
    request = SyncRequest(repo.path, MANIFEST, repo.head, repo.base)
    report = Sync(request, RunInfo("bench", MANIFEST), times).run(client)
    if report.error_count():
        raise RuntimeError(f"the benchmark's sync failed: {report.errors}")
    return times.seconds["Sync with Smartling"], report


def network_phase(emulator: Emulator, repo: Repo) -> tuple[float, RunReport, Counter[str]]:
    """`synced` against an emulator in this process, and the requests by endpoint."""
    emulator.state.requests.clear()
    seconds, report = synced(emulator.url, repo)
    return seconds, report, emulator.state.request_counts()


@contextmanager
def emulator_process(latency: float) -> Iterator[str]:
    """The URL of an emulator in a process of its own, with `latency` a request."""
    command = [sys.executable, "-m", "smartling_context.cli", "emulator", "--port", "0"]
    server = subprocess.Popen(
        [*command, "--latency", str(latency)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # "Smartling emulator listening on http://..."
        yield line.rsplit(" ", 1)[-1].strip()
    finally:
        server.terminate()
        server.wait()


def _counts(counts: Counter[str]) -> str:
    return ", ".join(f"{name}: {n}" for name, n in sorted(counts.items()))


def _over_the_bound(counts: Counter[str], bound: int) -> str:
    split = counts["POST create bindings"] - math.ceil(BINDINGS / BINDINGS_PER_REQUEST)
    polling = sum(n for name, n in counts.items() if "process" in name)
    return (
        f"{counts.total() - bound} = {counts['GET list contexts']} context listings (the "
        f"look-up of every fingerprint, so a rerun uploads nothing, and the read-back) + "
        f"{counts['POST list bindings']} binding listings (the read-back by hashcode) + "
        f"{split} binding requests not full + {polling} polling"
    )


def request_rows(repo: Repo) -> tuple[list[Row], int]:
    """Benchmarks 1 and 2, without latency; and the requests of the first run."""
    bound = 1 + math.ceil(STRINGS / 100) + SCREENSHOTS + math.ceil(BINDINGS / BINDINGS_PER_REQUEST)
    with Emulator() as emulator:
        _, _, first = network_phase(emulator, repo)
        _, report, rerun = network_phase(emulator, repo)
    outputs = report.outputs()
    rows = [
        Row(
            f"1. requests, first run ({SCOPE})",
            f"{first.total()} ({_counts(first)})",
            f"<= lower bound 1 + ceil(S/100) + U + ceil(B/100) = {bound}, + 10 % "
            f"= {bound * 1.1:.1f}",
            first.total() <= bound * 1.1,
        ),
        Row("   over the bound", _over_the_bound(first, bound)),
        Row(
            "2. rerun of the same PR: uploads, new bindings (requests)",
            f"{outputs['contexts-uploaded']}, {outputs['bindings-created']} "
            f"({rerun.total()}: {_counts(rerun)})",
            "0, 0",
            outputs["contexts-uploaded"] == "0" and outputs["bindings-created"] == "0",
        ),
    ]
    return rows, first.total()


def latency_rows(repo: Repo, sent: int) -> list[Row]:
    """Benchmark 3: the network phase at 50 ms a request, first run and rerun (`sent`:
    the first run's requests)."""
    with emulator_process(LATENCY) as url:
        first, _ = synced(url, repo)
        rerun, _ = synced(url, repo)
    limit = DEPENDENCY_ROUND_TRIPS * LATENCY
    without_read_back = (DEPENDENCY_ROUND_TRIPS - 1) * LATENCY
    floor = math.ceil(sent / WORKERS) * LATENCY
    return [
        Row(
            f"3. network phase at 50 ms/request, first run ({SCOPE})",
            f"{first:.2f} s = {first / limit:.2f}x the dependency limit of "
            f"{DEPENDENCY_ROUND_TRIPS} round trips ({limit:.2f} s); "
            f"{first / without_read_back:.2f}x the 4 without the read-back",
            "<= 1.5x the dependency limit",
            first <= 1.5 * limit,
        ),
        Row(
            "   its floor at this request count",
            f"{sent} requests, {WORKERS} in flight: >= {floor:.2f} s",
        ),
        Row(
            "3. network phase at 50 ms/request, rerun",
            f"{rerun:.2f} s ({rerun / first:.2f}x the first run)",
            "<= first run",
            rerun <= first,
        ),
    ]


def rows() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-network-") as temp:
        repo = sync_repository(Path(temp))
        rows, sent = request_rows(repo)
        return rows + latency_rows(repo, sent)


if __name__ == "__main__":
    sys.exit(main_for(rows(), sys.stdout))
