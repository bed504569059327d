"""Benchmarks: requests against the lower bound, rerun, latency overlap, diff at scale,
the official SDK side by side, and start-up. Prints a table of figures and ratios.

Run: `python -m benchmarks` (or `python benchmarks/run.py`). Not part of the tests.
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smartling_context.emulator import Emulator, png_with_text
from smartling_context.run.pipeline import Sync, SyncRequest
from smartling_context.run.progress import Silent
from smartling_context.run.report import RunInfo
from smartling_context.smartling.client import SmartlingClient

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "bench1234"
S, U, B = 1000, 20, 1000


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=B", "-c", "user.email=b@example.com", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def sync_repository(folder: Path) -> tuple[Path, str, str]:
    """A PR adding S strings and U screenshots binding B of them explicitly."""
    repo = folder / "sync"
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "locales").mkdir()
    (repo / "shots").mkdir()
    (repo / "locales/app.json").write_text("{}")
    (repo / ".smartling").mkdir()
    (repo / ".smartling/context.yml").write_text(
        "version: 1\nstrings:\n  - files: locales/app.json\n"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "locales/app.json").write_text(
        json.dumps({f"s{i}": f"String number {i}" for i in range(S)}, indent=1)
    )
    per_shot = B // U
    shots = []
    for u in range(U):
        (repo / f"shots/{u}.png").write_bytes(png_with_text(64, 64, [], shade=u))
        keys = "".join(
            f"      - key: s{u * per_shot + k}\n        coordinates: "
            f"{{top: {k}, left: 0, width: 10, height: 10}}\n"
            for k in range(per_shot)
        )
        shots.append(f"  - image: shots/{u}.png\n    strings:\n{keys}")
    (repo / ".smartling/context.yml").write_text(
        "version: 1\nstrings:\n  - files: locales/app.json\nscreenshots:\n" + "".join(shots)
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head")
    return repo, base, git(repo, "rev-parse", "HEAD")


def timed_sync(emulator: Emulator, repo: Path, base: str, head: str, concurrency: int = 4):
    client = SmartlingClient(
        emulator.url, "u", "s", PROJECT, concurrency=concurrency, poll_interval=0.05
    )
    sync = Sync(
        SyncRequest(repo, ".smartling/context.yml", head, base),
        RunInfo("bench", ".smartling/context.yml"),
        Silent(),
    )
    emulator.state.requests.clear()
    start = time.perf_counter()
    report = sync.run(client)
    return time.perf_counter() - start, emulator.state.request_counts(), report


def requests_and_latency(folder: Path, rows: list[tuple[str, str]]) -> None:
    repo, base, head = sync_repository(folder)
    bound = 1 + math.ceil(S / 100) + U + math.ceil(B / 100)
    with Emulator() as emulator:
        _, counts, report = timed_sync(emulator, repo, base, head)
        total = sum(counts.values())
        rows.append(
            (
                "1. requests, first run (S=1000, U=20, B=1000)",
                f"{total} (lower bound {bound}); "
                + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())),
            )
        )
        polling = sum(v for k, v in counts.items() if "process" in k)
        lookups = counts.get("GET list contexts", 0)
        listings = counts.get("POST list bindings", 0)
        split = counts.get("POST create bindings", 0) - math.ceil(B / 100)
        rows.append(
            (
                "   over the bound",
                f"{total - bound} = {lookups} context look-ups + {listings} binding listings "
                f"(the re-checks before creating) + {split} binding requests split per "
                f"screenshot (each binds as soon as it is ready) + {polling} polling",
            )
        )
        assert report.error_count() == 0, report.errors
        _, counts, report = timed_sync(emulator, repo, base, head)
        rows.append(
            (
                "2. rerun: uploads / new bindings / requests",
                f"{report.outputs()['contexts-uploaded']} / "
                f"{report.outputs()['bindings-created']} / {sum(counts.values())} ("
                + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                + ")",
            )
        )
    for concurrency in (4, 1):
        with Emulator() as emulator:
            emulator.faults.latency = 0.05
            seconds, _, _ = timed_sync(emulator, repo, base, head, concurrency)
        rows.append(
            (f"3. wall time at 50 ms/request, concurrency {concurrency}", f"{seconds:.2f} s")
        )
    overlapped = float(rows[-2][1].split()[0])
    sequential = float(rows[-1][1].split()[0])
    rows.append(("   ratio overlapped / one after another", f"{overlapped / sequential:.2f}"))


def scale_repository(folder: Path) -> tuple[Path, str, str]:
    repo = folder / "scale"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".smartling").mkdir()
    (repo / ".smartling/context.yml").write_text("version: 1\nstrings:\n  - files: 'l/*.json'\n")
    (repo / "l").mkdir()
    for f in range(20):
        data = {
            f"sec{s}": {f"k{s * 100 + i}": f"File {f} text {s * 100 + i}" for i in range(100)}
            for s in range(500)
        }
        (repo / f"l/f{f}.json").write_text(json.dumps(data, indent=1))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    data = json.loads((repo / "l/f7.json").read_text())
    data["new"] = {f"n{i}": f"New text {i}" for i in range(100)}
    (repo / "l/f7.json").write_text(json.dumps(data, indent=1))
    git(repo, "commit", "-qam", "head")
    return repo, base, git(repo, "rev-parse", "HEAD")


DIFF_PROBE = """
import json, resource, sys, time
from pathlib import Path
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.manifest.schema_check import load_manifest
from smartling_context.strings.trees import GitTree
from smartling_context.strings.git import changed_files
from smartling_context.strings.diff import diff_strings
from smartling_context.strings.formats import read_strings
repo, base, head, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
start = time.perf_counter()
tree, old = GitTree(repo, head), GitTree(repo, base)
manifest, _ = load_manifest(tree.read(".smartling/context.yml"), "m")
if mode == "action":
    result = diff_strings(StringsCatalog(manifest.entries, tree),
                          changed_files(repo, base, head),
                          lambda p: old.read(p) if old.exists(p) else None, manifest.entries)
    found = len(result.strings)
else:  # naive: parse every strings file at both commits and compare
    found = 0
    for path in [p for p in tree.files() if p.endswith(".json")]:
        before = {s.key: s.text for s in read_strings(old.read(path), "json")}
        after = {s.key: s.text for s in read_strings(tree.read(path), "json")}
        found += sum(1 for k, v in after.items() if before.get(k) != v)
print(json.dumps({"seconds": time.perf_counter() - start, "found": found,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def diff_at_scale(folder: Path, rows: list[tuple[str, str]]) -> None:
    repo, base, head = scale_repository(folder)
    figures = {}
    for mode in ("action", "naive"):
        out = subprocess.run(
            [sys.executable, "-c", DIFF_PROBE, str(repo), base, head, mode],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures[mode] = json.loads(out)
        rows.append(
            (
                f"4. diff, 20 files x 50,000 keys, +100 keys ({mode})",
                f"{figures[mode]['seconds']:.2f} s, peak {figures[mode]['peak_mb']:.0f} MB,"
                f" {figures[mode]['found']} strings found",
            )
        )
    rows.append(
        (
            "   ratio action / naive (time, memory)",
            f"{figures['action']['seconds'] / figures['naive']['seconds']:.3f}, "
            f"{figures['action']['peak_mb'] / figures['naive']['peak_mb']:.2f}",
        )
    )


SDK_PROBE = """
import json, sys, time
from smartlingApiSdk.Settings import Settings
Settings.printToLogfile = False
from smartlingApiSdk import HttpClient
HttpClient.HttpClient.protocol = "http://"
from smartlingApiSdk.api.StringsApi import StringsApi
from smartlingApiSdk.api.ContextApi import ContextApi
host, folder, S, U, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
apis = [StringsApi("u", "s", "bench1234"), ContextApi("u", "s", "bench1234")]
for api in apis:
    api.httpClient.host = host
    api.authClient.httpClient.host = host
strings, contexts = apis
start = time.perf_counter()
codes = []
for i in range(0, S, 100):
    batch = [{"stringText": f"String number {k}", "variant": f"s{k}"} for k in range(i, i + 100)]
    response, status = strings.addStringsToProject(batch, namespace="bench")
    codes += [item["hashcode"] for item in response.data.items]
for u in range(U):
    response, status = contexts.uploadNewVisualContext(name=f"{u}.png", content=f"{folder}/{u}.png")
    uid = response.data.contextUid
    bindings = [{"contextUid": uid, "stringHashcode": h,
                 "coordinates": {"top": 0, "left": 0, "width": 1, "height": 1}}
                for h in codes[u * per:(u + 1) * per]]
    contexts.createStringToContextBindings(bindings=bindings)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def side_by_side(folder: Path, rows: list[tuple[str, str]]) -> None:
    try:
        import smartlingApiSdk  # noqa: F401
    except ImportError:
        rows.append(("5. official SmartlingApiSdk", "not installed: pip install SmartlingApiSdk"))
        return
    repo, base, head = sync_repository(folder / "sdk")
    shots = repo / "shots"
    with Emulator() as emulator:
        emulator.faults.latency = 0.05
        ours, counts, _ = timed_sync(emulator, repo, base, head)
        ours_requests = sum(counts.values())
    with Emulator() as emulator:
        emulator.faults.latency = 0.05
        host = emulator.url.removeprefix("http://")
        out = subprocess.run(
            [sys.executable, "-c", SDK_PROBE, host, str(shots), str(S), str(U), str(B // U)],
            check=True,
            capture_output=True,
            text=True,
            cwd=folder,
        ).stdout
        sdk = json.loads(out.strip().splitlines()[-1])["seconds"]
        sdk_requests = len(emulator.state.requests)
    rows.append(
        (
            "5. SDK 3.1.9 (same work, 50 ms/request)",
            f"{sdk:.2f} s, {sdk_requests} requests; action {ours:.2f} s, {ours_requests}",
        )
    )
    rows.append(
        (
            "   ratio action / SDK (time, requests)",
            f"{ours / sdk:.2f}, {ours_requests / sdk_requests:.2f}",
        )
    )


def start_up(folder: Path, rows: list[tuple[str, str]]) -> None:
    event = folder / "event.json"
    event.write_text(json.dumps({"action": "closed", "pull_request": {}}))
    env = {
        **os.environ,
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "INPUT_PROJECT-ID": PROJECT,
    }
    env.pop("GITHUB_ACTIONS", None)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "entrypoint.py")],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        process.stdout.readline()
        times.append(time.perf_counter() - start)
        process.wait()
    rows.append(("6. start to first log line (median of 5)", f"{sorted(times)[2] * 1000:.0f} ms"))
    trace = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import smartling_context.github.action"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    total = max(int(line.split("|")[1]) for line in trace.splitlines()[1:] if "|" in line)
    rows.append(("   import time of smartling_context.action", f"{total / 1000:.0f} ms"))


def main() -> int:
    rows: list[tuple[str, str]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        requests_and_latency(folder, rows)
        diff_at_scale(folder, rows)
        side_by_side(folder, rows)
        start_up(folder, rows)
    from benchmarks import pipeline  # it builds on this module's repository

    pipeline.measure(rows)
    width = max(len(name) for name, _ in rows)
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"(benchmarks took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
