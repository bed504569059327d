"""Git repositories the benchmarks run on, built from scratch in a temporary folder."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from smartling_context.emulator import png_with_text

PROJECT = "bench1234"
STRINGS, SCREENSHOTS, BINDINGS = 1000, 20, 1000  # S, U, B of issue #17.3


@dataclass(frozen=True)
class Repo:
    path: Path
    base: str
    head: str


def git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=B", "-c", "user.email=b@example.com"]
    done = subprocess.run([*command, *args], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


def sync_repository(folder: Path) -> Repo:
    """A PR adding S strings and U screenshots that bind B of them with coordinates."""
    repo = folder / "sync"
    (repo / "locales").mkdir(parents=True)
    (repo / "shots").mkdir()
    (repo / ".smartling").mkdir()
    (repo / "locales/app.json").write_text("{}")
    (repo / ".smartling/context.yml").write_text(
        "version: 1\nstrings:\n  - files: locales/app.json\n"
    )
    git(repo, "init", "-q")
    base = _commit(repo, "base")
    (repo / "locales/app.json").write_text(
        json.dumps({f"s{i}": f"String number {i}" for i in range(STRINGS)}, indent=1)
    )
    per_shot, shots = BINDINGS // SCREENSHOTS, []
    for u in range(SCREENSHOTS):
        (repo / f"shots/{u}.png").write_bytes(png_with_text(64, 64, [], shade=u))
        keys = "".join(
            f"      - key: s{u * per_shot + k}\n"
            f"        coordinates: {{top: {k}, left: 0, width: 10, height: 10}}\n"
            for k in range(per_shot)
        )
        shots.append(f"  - image: shots/{u}.png\n    strings:\n{keys}")
    (repo / ".smartling/context.yml").write_text(
        "version: 1\nstrings:\n  - files: locales/app.json\nscreenshots:\n" + "".join(shots)
    )
    return Repo(repo, base, _commit(repo, "head"))


PLAIN_MANIFEST = ".smartling/plain.yml"
ONE_MANIFEST = ".smartling/one.yml"
SHOTS_MANIFEST = ".smartling/shots.yml"
ADDED_KEYS = 100
SECTIONS = 500


def _screenshot(name: str, keys: list[str]) -> str:
    """A screenshot entry binding keys by name only (no `file:`), as the README's example."""
    return f"  - image: shots/{name}.png\n    strings:\n" + "".join(
        f"      - key: {key}\n" for key in keys
    )


def scale_repository(folder: Path, files: int, keys: int) -> Repo:
    """`files` JSON files of `keys` keys; the PR adds 100 keys to one of them.

    Three manifests over the same files: `plain.yml` has no screenshot; in `one.yml` the
    PR adds one screenshot binding one new key by name (issue #17.1's case); `shots.yml`
    has four screenshots binding ten existing keys each, in four files, and the PR adds
    a fifth binding ten of its new keys. Keys are bound by name only (no `file:`), so
    the run must find each key's file.
    """
    repo = folder / f"scale-{files}x{keys}"
    (repo / "l").mkdir(parents=True)
    (repo / "shots").mkdir()
    (repo / ".smartling").mkdir()
    per = keys // SECTIONS
    for f in range(files):
        data = {
            f"sec{s}": {f"k{s * per + i}": f"File {f} text {s * per + i}" for i in range(per)}
            for s in range(SECTIONS)
        }
        (repo / f"l/f{f}.json").write_text(json.dumps(data, indent=1))
    for u in range(5):
        (repo / f"shots/{u}.png").write_bytes(png_with_text(64, 64, [], shade=u))
    plain = "version: 1\nstrings:\n  - files: l/*.json\n"
    (repo / PLAIN_MANIFEST).write_text(plain)
    (repo / ONE_MANIFEST).write_text(plain)
    # Every file numbers its keys alike ("sec3.k301" is in all of them), so the
    # screenshots bind keys that one file alone holds: `only{u}.k{k}`, spread over files.
    existing = [_screenshot(str(u), [f"only{u}.k{k}" for k in range(10)]) for u in range(4)]
    for u in range(4):  # keys that exist in exactly one file, spread over the files
        path = repo / f"l/f{(u * 5) % files}.json"
        data = json.loads(path.read_text())
        data[f"only{u}"] = {f"k{k}": f"Screen {u} label {k}" for k in range(10)}
        path.write_text(json.dumps(data, indent=1))
    (repo / SHOTS_MANIFEST).write_text(plain + "screenshots:\n" + "".join(existing))
    git(repo, "init", "-q")
    base = _commit(repo, "base")
    changed = repo / f"l/f{7 % files}.json"
    data = json.loads(changed.read_text())
    data["new"] = {f"n{i}": f"New text {i}" for i in range(ADDED_KEYS)}
    changed.write_text(json.dumps(data, indent=1))
    (repo / ONE_MANIFEST).write_text(plain + "screenshots:\n" + _screenshot("4", ["new.n5"]))
    added = _screenshot("4", [f"new.n{i}" for i in range(10)])
    (repo / SHOTS_MANIFEST).write_text(plain + "screenshots:\n" + "".join(existing) + added)
    return Repo(repo, base, _commit(repo, "head"))
