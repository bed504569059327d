"""Cost follows the change (#17.1): validation, diff and locating bound keys for a PR adding 100 keys to one of 20 strings
files of 50,000 keys, without a screenshot and with one screenshot binding a key
without `file:`. Target: the screenshot run within 1.3x of the other (time and memory).

Run: `python -m benchmarks.bound_keys`. Not part of the tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

FILES, KEYS = 20, 50_000
PROBE = """
import json, resource, sys, time
from pathlib import Path
from smartling_context.manifest.validation import validate
from smartling_context.strings.diff import diff_strings
from smartling_context.strings.git import changed_files
from smartling_context.strings.trees import GitTree
repo, base, head, manifest = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
start = time.perf_counter()
tree, old = GitTree(repo, head), GitTree(repo, base)
validation = validate(tree, manifest)
assert validation.valid, validation.problems
catalog = validation.catalog
diff = diff_strings(catalog, changed_files(repo, base, head),
                    lambda p: old.read(p) if old.exists(p) else None, validation.manifest.entries)
for shot in validation.manifest.screenshots:  # what the plan's `locate` asks
    for bound in shot.bindings:
        catalog.holders(bound.key, [bound.file] if bound.file else list(catalog.owners()))
print(json.dumps({"seconds": time.perf_counter() - start, "found": len(diff.strings),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=B", "-c", "user.email=b@example.com"]
    return subprocess.run(
        [*command, *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def repository(folder: Path) -> tuple[Path, str, str]:
    from PIL import Image

    repo = folder / "repo"
    (repo / "l").mkdir(parents=True)
    (repo / ".smartling").mkdir()
    Image.new("RGB", (64, 64), "white").save(repo / "shot.png")
    plain = "version: 1\nstrings:\n  - files: l/*.json\n"
    (repo / ".smartling/plain.yml").write_text(plain)
    (repo / ".smartling/shot.yml").write_text(
        plain + "screenshots:\n  - image: shot.png\n    strings:\n      - key: new.n5\n"
    )
    per = KEYS // 500
    for f in range(FILES):
        data = {
            f"sec{s}": {f"k{s * per + i}": f"File {f} text {s * per + i}" for i in range(per)}
            for s in range(500)
        }
        (repo / f"l/f{f}.json").write_text(json.dumps(data, indent=1))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    data = json.loads((repo / "l/f7.json").read_text())
    data["new"] = {f"n{i}": f"New text {i}" for i in range(100)}
    (repo / "l/f7.json").write_text(json.dumps(data, indent=1))
    git(repo, "commit", "-qam", "head")
    return repo, base, git(repo, "rev-parse", "HEAD")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        repo, base, head = repository(Path(folder))
        figures = {}
        for name in ("plain", "shot"):
            result = subprocess.run(
                [sys.executable, "-c", PROBE, str(repo), base, head, f".smartling/{name}.yml"],
                check=False,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                return 1
            out = result.stdout
            figures[name] = json.loads(out)
            print(
                f"validate + diff + locate, {FILES} files x {KEYS:,} keys, +100 keys, {name}: "
                f"{figures[name]['seconds']:.2f} s, peak {figures[name]['peak_mb']:.0f} MB"
            )
        time_ratio = figures["shot"]["seconds"] / figures["plain"]["seconds"]
        memory_ratio = figures["shot"]["peak_mb"] / figures["plain"]["peak_mb"]
        met = "met" if max(time_ratio, memory_ratio) <= 1.3 else "NOT met"
        print(
            f"ratio with / without the screenshot: time {time_ratio:.2f}, memory "
            f"{memory_ratio:.2f} (target <= 1.3: {met})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
