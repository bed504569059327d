"""Check that the locks cover every runner the composite actions claim (README, "Where
it runs"): for each platform, pip finds a wheel with a locked hash for every locked
package, for CPython 3.11 (the Python composite/action.yml sets up), and the project's
dependencies resolved for that platform need nothing the lock lacks (a dependency
that only one platform pulls in would be missing from a lock made on Linux).

    python scripts/check-lock.py          # asks PyPI; prints one line per platform

Resolution only (pip --dry-run): nothing is installed; wheels' metadata is read from
the index. Exit 1 when a platform is not covered.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = "3.11"
# pip takes several --platform tags: the ones a runner's pip would accept.
PLATFORMS = {
    "Linux x64 (ubuntu-*, ubuntu-slim)": ["manylinux_2_28_x86_64", "manylinux2014_x86_64"],
    "Linux ARM64 (ubuntu-*-arm)": ["manylinux_2_28_aarch64", "manylinux2014_aarch64"],
    "macOS ARM64 (macos-14, -15, -latest)": ["macosx_14_0_arm64"],
    "macOS x64 (macos-*-intel)": ["macosx_13_0_x86_64"],
    "Windows x64 (windows-*)": ["win_amd64"],
}
# Left out of the lock on purpose (scripts/lock.sh says why); the build backend is
# in the lock though no runtime dependency asks for it.
LEFT_OUT = {"cryptography"}
BUILD = {"setuptools", "wheel", "packaging"}  # packaging: what wheel needs


def pip(args: list[str], report: Path) -> tuple[int, str]:
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for name in ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_NO_INDEX"):
        env.pop(name, None)
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet"]
    command += ["--ignore-installed", "--target", str(report.parent / "target")]
    command += ["--only-binary=:all:", "--python-version", PYTHON, "--implementation", "cp"]
    command += ["--report", str(report), *args]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return result.returncode, result.stderr.strip()


def names(report: Path) -> set[str]:
    return {normal(item["metadata"]["name"]) for item in json.loads(report.read_text())["install"]}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(*locks: str) -> list[str]:
    pins = []
    for lock in locks:
        for line in (ROOT / lock).read_text().splitlines():
            if line[:1].isalnum():
                pins.append(line.split()[0])
    return pins


def check(title: str, tags: list[str], extra: bool, work: Path) -> list[str]:
    locks = ["requirements.lock", *(["requirements-capture.lock"] if extra else [])]
    platform = [arg for tag in tags for arg in ("--platform", tag)]
    problems = []
    files = [arg for lock in locks for arg in ("-r", str(ROOT / lock))]
    report = work / "hashes.json"
    code, error = pip([*platform, "--require-hashes", "--no-deps", *files], report)
    if code:
        return [f"{title}: no locked wheel for every package: {error.splitlines()[-1:]}"]
    pins = work / "pins.txt"
    pins.write_text("\n".join(locked(*locks)) + "\n")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    if extra:
        wanted += project["optional-dependencies"]["capture"]
    code, error = pip([*platform, "-c", str(pins), *wanted], work / "closure.json")
    if code:
        return [f"{title}: the project does not resolve with the lock's pins: {error[-300:]}"]
    needed, have = names(work / "closure.json"), {normal(p.split("==")[0]) for p in locked(*locks)}
    if needed - have - LEFT_OUT:
        problems.append(f"{title}: needs what the lock lacks: {sorted(needed - have - LEFT_OUT)}")
    if have - needed - BUILD:
        problems.append(f"{title}: locks what it does not need: {sorted(have - needed - BUILD)}")
    return problems


def main() -> int:
    problems = []
    with tempfile.TemporaryDirectory() as temp:
        for title, tags in PLATFORMS.items():
            for extra in (False, True):
                work = Path(temp) / f"{len(problems)}-{title[:5]}-{extra}"
                work.mkdir(parents=True, exist_ok=True)
                found = check(title, tags, extra, work)
                problems += found
                what = (
                    "requirements.lock + requirements-capture.lock"
                    if extra
                    else "requirements.lock"
                )
                print(f"{'FAIL' if found else 'ok  '} CPython {PYTHON}, {title}: {what}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
