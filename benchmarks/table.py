"""The benchmarks' one output shape: rows of (figure, value, target, met).

`met` is None when the issue sets no target for a figure (it is reported only).
"""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable
from typing import NamedTuple, TextIO


class Row(NamedTuple):
    figure: str
    value: str
    target: str = ""
    met: bool | None = None


def verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "NOT MET")


def machine() -> str:
    """The machine the figures belong to, with its load (other work skews wall times)."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load}"
    )


def print_table(rows: Iterable[Row], stream: TextIO) -> None:
    """A Markdown table, so that the README's table is this output pasted."""
    print("| figure | value | target | met |", file=stream)
    print("|---|---|---|---|", file=stream)
    for row in rows:
        cells = (row.figure, row.value, row.target, verdict(row.met))
        print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |", file=stream)


def main_for(rows: list[Row], stream: TextIO) -> int:
    """Print one benchmark module's rows; exit status 1 when a target is missed."""
    print(machine(), file=stream)
    print_table(rows, stream)
    return 1 if any(row.met is False for row in rows) else 0
