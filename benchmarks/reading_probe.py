"""One reader measured in a process of its own: `python -m benchmarks.reading_probe PATH FORMAT
SMALL`. `benchmarks.reading` runs it with `PYTHONPATH` pointing at the `src/` to measure
(today's or the baseline's), and reads the one JSON line it prints.

Seconds: the best of five reads. Memory: the peak of Python allocations during one read
(tracemalloc), the result included; the file's bytes are not counted.
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from pathlib import Path


def main(path: str, fmt: str, small: str) -> None:
    from smartling_context.strings.formats import read_strings

    read_strings(Path(small).read_bytes(), fmt)  # imports and first-call costs
    content = Path(path).read_bytes()
    times = []
    keys = 0
    for _ in range(5):
        started = time.perf_counter()
        keys = len(read_strings(content, fmt))
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    read_strings(content, fmt)
    peak = tracemalloc.get_traced_memory()[1]
    print(json.dumps({"keys": keys, "seconds": min(times), "peak_kb": peak / 1024}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
