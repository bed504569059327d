"""Run every benchmark and print one Markdown table: figure, value, target, met.

`python -m benchmarks [NAME ...]` runs the named ones only. Exit status 1 when a
target is missed or a benchmark failed. `reading` (strings formats, #13/#17.2) and
`capture` (the visual helper's) are other helpers' modules: their rows are taken as
they give them (`reading` at 0.25 MB a format), and said absent when their module is
not in this checkout.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import time
from collections.abc import Callable

from benchmarks import network, scale, sdk, startup, storybook
from benchmarks.table import Row, machine, print_table

BENCHMARKS: dict[str, Callable[[], list[Row]]] = {
    "network": network.rows,
    "scale": scale.rows,
    "sdk": sdk.rows,
    "startup": startup.rows,
    "storybook": storybook.rows,
}
# module: its rows function and arguments. Reading reads 0.25 MB a format instead of
# its own default of 1 MB (figures are per MB and per key): 1 MB takes 5 minutes on 2
# cores, mostly the baseline's YAML reader under tracemalloc.
OTHERS: dict[str, tuple[str, dict[str, float]]] = {
    "reading": ("rows", {"megabytes": 0.25}),
    "capture": ("capture_rows", {}),
}


def _other(module: str, function: str, arguments: dict[str, float]) -> Callable[[], list[Row]]:
    def rows() -> list[Row]:
        if importlib.util.find_spec(f"benchmarks.{module}") is None:
            return [Row(f"{module}: benchmarks/{module}.py", "not in this checkout")]
        found = getattr(importlib.import_module(f"benchmarks.{module}"), function)(**arguments)
        return [Row(*row) for row in found]

    return rows


BENCHMARKS |= {module: _other(module, *other) for module, other in OTHERS.items()}


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
