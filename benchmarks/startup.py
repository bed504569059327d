"""Benchmark 6: start-up and import cost of `entrypoint.py` (#17.4).

Time from process start to the first log line (the first stdout line that is not an
`::add-mask::` command), on an event the action skips and on a dry run; best and
median of `ROUNDS` (the best is the figure least disturbed by other work on the
machine). Then a whole run against the emulator under `python -X importtime`: the
total import time, and each heavy dependency's cumulative import time with the
project module that imports it first (so an eager import is named exactly).
Target: <= 150 ms to the first log line.

Run: `python -m benchmarks.startup`.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.repos import PROJECT, Repo, git
from benchmarks.table import Row, main_for
from smartling_context.emulator import Emulator, png_with_text

ROOT = Path(__file__).resolve().parents[1]
ENTRYPOINT = ROOT / "entrypoint.py"
ROUNDS = 9
TARGET_MS = 150
HEAVY = {  # distribution: top-level module
    "PyGithub": "github",
    "jsonschema": "jsonschema",
    "requests": "requests",
    "Pillow": "PIL",
    "translate-toolkit": "translate",
    "lxml": "lxml",
    "PyYAML": "yaml",
}


def small_repository(folder: Path) -> Repo:
    """A push adding three strings and a screenshot binding one of them."""
    repo = folder / "small"
    (repo / ".smartling").mkdir(parents=True)
    (repo / "en.json").write_text("{}")
    (repo / ".smartling/context.yml").write_text("version: 1\nstrings:\n  - files: en.json\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "en.json").write_text(json.dumps({"a": "Apple", "b": "Banana", "c": "Cherry"}))
    (repo / "shot.png").write_bytes(png_with_text(64, 64, []))
    (repo / ".smartling/context.yml").write_text(
        "version: 1\nstrings:\n  - files: en.json\n"
        "screenshots:\n  - image: shot.png\n    strings:\n      - key: a\n"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head")
    return Repo(repo, base, git(repo, "rev-parse", "HEAD"))


def action_env(folder: Path, repo: Repo, event: str, payload: object) -> dict[str, str]:
    """The variables a runner gives the container, for `event` with `payload`."""
    path = folder / f"{event}.json"
    path.write_text(json.dumps(payload))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    return env | {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_WORKSPACE": str(repo.path),
        "GITHUB_SHA": repo.head,
        "INPUT_PROJECT-ID": PROJECT,
    }


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def first_line_seconds(env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Seconds from starting `entrypoint.py` to its first log line, and the CPU seconds
    of the whole process (less disturbed by other work on the machine than wall time)."""
    cpu = _cpu_of_children()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ENTRYPOINT)], env=env, cwd=cwd, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    seconds = None
    for line in process.stdout:
        if not line.startswith("::add-mask::"):
            seconds = time.perf_counter() - started
            break
    process.communicate()
    if seconds is None:
        raise RuntimeError("entrypoint.py printed no log line")
    return seconds, _cpu_of_children() - cpu


def bare_row() -> Row:
    """The bare interpreter's start to its exit: the floor under the target, and a gauge
    of how much other work on the machine slows every process down."""
    command = [sys.executable, os.devnull]  # an empty program
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return Row("6. bare `python /dev/null` to its exit (best)", f"{min(times) * 1000:.0f} ms")


def start_up_row(name: str, env: dict[str, str], cwd: Path) -> Row:
    runs = [first_line_seconds(env, cwd) for _ in range(ROUNDS)]
    times = sorted(wall for wall, _ in runs)
    best, median = times[0] * 1000, statistics.median(times) * 1000
    cpu = min(cpu for _, cpu in runs) * 1000
    return Row(
        f"6. start to first log line, {name} (best; median of {ROUNDS}; least CPU, whole run)",
        f"{best:.0f} ms; {median:.0f} ms; CPU {cpu:.0f} ms",
        f"<= {TARGET_MS} ms",
        best <= TARGET_MS,
    )


@dataclass(frozen=True)
class Import:
    depth: int
    self_us: int
    cumulative_us: int
    name: str


def parse_importtime(stderr: str) -> list[Import]:
    """`-X importtime` lines, children before their parent, as Python prints them."""
    found = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        found.append(Import(depth, int(self_us), int(cumulative_us), name.strip()))
    return found


def parents(imports: list[Import]) -> list[int | None]:
    """Each import's parent: the next line with a smaller depth (None: a top-level import,
    or one made at run time from inside a function)."""
    found: list[int | None] = [None] * len(imports)
    waiting: list[int] = []  # indexes whose parent is not seen yet, deepest last
    for index, entry in enumerate(imports):
        while waiting and imports[waiting[-1]].depth > entry.depth:
            found[waiting.pop()] = index
        waiting.append(index)
    return found


def _in(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def package_cost(imports: list[Import], package: str) -> tuple[float, list[str]]:
    """Milliseconds spent importing `package` (its outermost imports, summed), and who
    imports it: the nearest project module above each, or "at run time"."""
    up = parents(imports)
    milliseconds, by = 0.0, []
    for index, entry in enumerate(imports):
        parent = up[index]
        if not _in(entry.name, package) or (
            parent is not None and _in(imports[parent].name, package)
        ):
            continue
        milliseconds += entry.cumulative_us / 1000
        while parent is not None and not imports[parent].name.startswith("smartling_context"):
            parent = up[parent]
        who = f"by {imports[parent].name}" if parent is not None else "lazily, at run time"
        if who not in by:
            by.append(who)
    return milliseconds, by


def import_rows(name: str, imports: list[Import]) -> list[Row]:
    total = sum(i.self_us for i in imports) / 1000
    rows = [Row(f"6. import time, {name} (-X importtime)", f"{total:.0f} ms in all")]
    for distribution, module in HEAVY.items():
        milliseconds, by = package_cost(imports, module)
        value = f"{milliseconds:.0f} ms, imported {', '.join(by)}" if by else "not imported"
        rows.append(Row(f"   {distribution} ({module}), {name}", value))
    return rows


def traced(env: dict[str, str], cwd: Path) -> list[Import]:
    command = [sys.executable, "-X", "importtime", str(ENTRYPOINT)]
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"entrypoint.py failed ({done.returncode}): {done.stdout[-800:]}")
    return parse_importtime(done.stderr)


def rows() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as temp:
        folder = Path(temp)
        repo = small_repository(folder)
        skipped = action_env(folder, repo, "pull_request", {"action": "closed"})
        push = {"after": repo.head, "before": repo.base}
        dry = action_env(folder, repo, "push", push) | {"INPUT_DRY-RUN": "true"}
        result = [
            bare_row(),
            start_up_row("skipped event", skipped, repo.path),
            start_up_row("dry run", dry, repo.path),
        ]
        result += import_rows("skipped event", traced(skipped, repo.path))
        with Emulator() as emulator:
            whole = action_env(folder, repo, "push", push) | {
                "INPUT_API-URL": emulator.url,
                "INPUT_USER-IDENTIFIER": "u",
                "INPUT_USER-SECRET": "s",
            }
            result += import_rows("whole run", traced(whole, repo.path))
    return result


if __name__ == "__main__":
    sys.exit(main_for(rows(), sys.stdout))
