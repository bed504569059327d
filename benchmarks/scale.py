"""Benchmark 4: the plan's cost follows the change, not the repository (#17.1, #17.5).

A PR adds 100 keys to one of N strings files. Two manifests bind keys by name, without
`file:` (so the run must find each key's file): one screenshot binding one new key
(the issue's case), and a realistic one (five screenshots, 50 keys in five files, four
of the screenshots unchanged by the PR); the baseline is the same run with no
screenshot. Each dry run (validate, diff, plan) runs
in its own process (`benchmarks.plan_probe`): time is the best of seven, memory the
process's peak RSS. Target: the screenshot run within 1.3x of the baseline, time and
memory, at every size.

Run: `python -m benchmarks.scale`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.repos import (
    ONE_MANIFEST,
    PLAIN_MANIFEST,
    SHOTS_MANIFEST,
    Repo,
    scale_repository,
)
from benchmarks.table import Row, main_for

SIZES = ((20, 5_000), (20, 50_000), (200, 5_000))  # (files, keys per file)
TARGET = 1.3
ROUNDS = 7  # best of: on a shared machine, the least disturbed


def probe(repo: Repo, manifest: str) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.plan_probe", str(repo.path), repo.base]
    command += [repo.head, manifest, "--rounds", str(ROUNDS)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"plan_probe failed: {done.stderr.strip()[-800:]}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def compared(name: str, figures: dict[str, float], baseline: dict[str, float]) -> Row:
    time_ratio = figures["seconds"] / baseline["seconds"]
    memory_ratio = figures["peak_mb"] / baseline["peak_mb"]
    return Row(
        name,
        f"{figures['seconds']:.2f} s ({time_ratio:.2f}x), peak {figures['peak_mb']:.0f} MB "
        f"({memory_ratio:.2f}x), {figures['screenshots']:.0f} screenshot(s) planned",
        f"<= {TARGET}x time and memory",
        max(time_ratio, memory_ratio) <= TARGET,
    )


def size_rows(folder: Path, files: int, keys: int) -> list[Row]:
    repo = scale_repository(folder, files, keys)
    plain = probe(repo, PLAIN_MANIFEST)
    name = f"4. dry run, {files} files x {keys:,} keys, PR adds 100 keys"
    return [
        Row(
            f"{name}: no screenshot (baseline)",
            f"{plain['seconds']:.2f} s, peak {plain['peak_mb']:.0f} MB, "
            f"{plain['strings']:.0f} strings planned",
        ),
        compared(f"{name}: + 1 screenshot binding 1 new key", probe(repo, ONE_MANIFEST), plain),
        compared(
            f"{name}: + 5 screenshots binding 50 keys in 5 files",
            probe(repo, SHOTS_MANIFEST),
            plain,
        ),
    ]


def rows() -> list[Row]:
    result: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temp:
        for files, keys in SIZES:
            result += size_rows(Path(temp), files, keys)
    return result


if __name__ == "__main__":
    sys.exit(main_for(rows(), sys.stdout))
