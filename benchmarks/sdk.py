"""Benchmark 5: the action against the official `SmartlingApiSdk` 3.1.9, same scope.

Both sides do the same work for the same PR (S strings created, U screenshots
uploaded, B bindings), each against a fresh emulator at 50 ms a request, and both
are timed from the first request to the last answer: the action's network phase
(authentication and execution, not its git diff and plan), the SDK's calls
(`benchmarks.sdk_client`). The action also looks each context up before uploading
(no duplicates on a rerun) and re-lists bindings before creating them; the SDK does
neither, nor retries, nor polls. The issue sets no target: reported.

Run: `pip install -e '.[bench]' && python -m benchmarks.sdk`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.network import LATENCY, SCOPE, network_phase
from benchmarks.repos import sync_repository
from benchmarks.table import Row, main_for
from smartling_context.emulator import Emulator

ROOT = Path(__file__).resolve().parents[1]


def sdk_seconds(folder: Path, shots: Path) -> tuple[float, int]:
    """The SDK's seconds and requests, in its own process (cwd: a scratch folder, where
    the SDK may write its log; `benchmarks` found through PYTHONPATH)."""
    with Emulator() as emulator:
        emulator.faults.latency = LATENCY
        host = emulator.url.removeprefix("http://")
        command = [sys.executable, "-m", "benchmarks.sdk_client", host, str(shots)]
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        done = subprocess.run(
            command, cwd=folder, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"sdk_client failed: {done.stderr.strip()[-800:]}")
        seconds = float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])
        return seconds, len(emulator.state.requests)


def rows() -> list[Row]:
    if importlib.util.find_spec("smartlingApiSdk") is None:
        return [
            Row("5. official SmartlingApiSdk 3.1.9", "not installed: pip install -e '.[bench]'")
        ]
    with tempfile.TemporaryDirectory(prefix="bench-sdk-") as temp:
        repo = sync_repository(Path(temp))
        with Emulator() as emulator:
            emulator.faults.latency = LATENCY
            ours, _, sent = network_phase(emulator, repo)
        sdk, sdk_requests = sdk_seconds(Path(temp), repo.path / "shots")
    return [
        Row(
            f"5. same work at 50 ms/request ({SCOPE}): SDK 3.1.9, one call at a time",
            f"{sdk:.2f} s, {sdk_requests} requests",
        ),
        Row(
            "5. same work: the action's network phase",
            f"{ours:.2f} s, {sent.total()} requests ({ours / sdk:.2f}x the SDK's time)",
        ),
    ]


if __name__ == "__main__":
    sys.exit(main_for(rows(), sys.stdout))
