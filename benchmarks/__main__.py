"""Run every benchmark and print one Markdown table: figure, value, target, met.

`python -m benchmarks [NAME ...]` runs the named ones only (network, scale, sdk,
startup). Exit status 1 when a target is missed or a benchmark failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from benchmarks import network, scale, sdk, startup
from benchmarks.table import Row, machine, print_table

BENCHMARKS: dict[str, Callable[[], list[Row]]] = {
    "network": network.rows,
    "scale": scale.rows,
    "sdk": sdk.rows,
    "startup": startup.rows,
}


def run(names: list[str]) -> list[Row]:
    """Every named benchmark's rows; one that fails is a row saying so, not a traceback."""
    rows: list[Row] = []
    for name in names:
        started = time.perf_counter()
        try:
            rows += BENCHMARKS[name]()
        except Exception as error:  # one failure must not hide the others
            rows.append(Row(f"{name}: failed", f"{type(error).__name__}: {error}", "runs", False))
        print(f"{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    names = parser.parse_args(argv).names or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        parser.error(
            f"no benchmark named {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}"
        )
    started = time.perf_counter()
    rows = run(names)
    print(f"{machine()}; {time.perf_counter() - started:.0f} s in all")
    print_table(rows, sys.stdout)
    return 1 if any(row.met is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
