"""One dry run (validate, diff, plan; no Smartling) in its own process, so that its
peak memory is its own: `python -m benchmarks.plan_probe REPO BASE HEAD MANIFEST`.

Prints JSON: seconds (best of `--rounds`), peak_mb (the process's peak RSS), and what
the plan holds. Used by `benchmarks.scale`.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from smartling_context.run.pipeline import Sync, SyncRequest
from smartling_context.run.progress import Silent
from smartling_context.run.report import RunInfo


def dry_run(repo: Path, base: str, head: str, manifest: str) -> tuple[float, int, int]:
    """Seconds of one dry run, strings and screenshots it plans."""
    sync = Sync(SyncRequest(repo, manifest, head, base), RunInfo("bench", manifest), Silent())
    started = time.perf_counter()
    sync.run(None)
    seconds = time.perf_counter() - started
    assert sync.plan is not None
    return seconds, len(sync.plan.strings), len(sync.plan.screenshots)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.plan_probe")
    parser.add_argument("repo", type=Path)
    parser.add_argument("base")
    parser.add_argument("head")
    parser.add_argument("manifest")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    runs = [dry_run(args.repo, args.base, args.head, args.manifest) for _ in range(args.rounds)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best = min(runs)
    figures = {"seconds": best[0], "peak_mb": peak_mb, "strings": best[1], "screenshots": best[2]}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
