"""The composite actions' install step: a virtual environment with the project, made
with the runner's Python from the hash-pinned lock, as the image's is.

    python venv.py prepare [--capture]   # writes venv, python, bin and key to $GITHUB_OUTPUT
    python venv.py install VENV KEY [--capture]

Standard library only: it runs before anything is installed. `prepare` names the
folder and the cache key (the lock, the project's source, the Python and the
platform), so that actions/cache can restore the folder; `install` does nothing
when the folder holds a working install for that key, else builds it afresh.
Paths are written with forward slashes, which bash on Windows runs as they are.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCKS = {False: ["requirements.lock"], True: ["requirements.lock", "requirements-capture.lock"]}
# What the Dockerfile copies to build the project.
SOURCES = ["pyproject.toml", "README.md", "schemas", "src"]
MARK = ".smartling-context-key"


def venv_python(venv: Path) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def cache_key(capture: bool) -> str:
    digest = hashlib.sha256()
    for name in LOCKS[capture]:
        digest.update((ROOT / name).read_bytes())
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts or file.suffix == ".pyc":
                continue
            digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    python = f"py{sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]}"
    where = f"{platform.system()}-{platform.machine()}".lower()
    kind = "capture" if capture else "run"
    return f"smartling-context-{kind}-{where}-{python}-{digest.hexdigest()[:20]}"


def prepare(capture: bool) -> int:
    temp = os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()
    venv = Path(temp) / ("smartling-context-capture" if capture else "smartling-context")
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8", newline="\n") as out:
        out.write(f"venv={venv.as_posix()}\n")
        out.write(f"python={venv_python(venv).as_posix()}\n")
        out.write(f"bin={venv_python(venv).parent.as_posix()}\n")
        out.write(f"key={cache_key(capture)}\n")
    return 0


def installed(venv: Path, key: str) -> bool:
    """The folder (restored from the cache, or left by an earlier step) works for `key`."""
    mark = venv / MARK
    if not mark.is_file() or mark.read_text(encoding="utf-8").strip() != key:
        return False
    probe = [str(venv_python(venv)), "-c", "import smartling_context.cli"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def install(venv: Path, key: str, capture: bool) -> int:
    if installed(venv, key):
        print(f"smartling-context: using the installed environment {venv.as_posix()}")
        return 0
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv_python(venv)), "-m", "pip", "--disable-pip-version-check", "--no-input"]
    pip += ["install", "--quiet", "--no-compile"]
    locks: list[str] = []
    for name in LOCKS[capture]:
        locks += ["-r", str(ROOT / name)]
    # The lock is the whole closure, every file by hash, wheels only (as the image).
    subprocess.run(
        [*pip, "--require-hashes", "--no-deps", "--only-binary=:all:", *locks], check=True
    )
    # The project from the action's own files, built by the locked setuptools in a
    # copy (the action's folder is left as it was).
    with tempfile.TemporaryDirectory() as build:
        for name in SOURCES:
            source, target = ROOT / name, Path(build) / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, target)
        subprocess.run([*pip, "--no-deps", "--no-build-isolation", build], check=True)
    (venv / MARK).write_text(key + "\n", encoding="utf-8")
    print(f"smartling-context: installed into {venv.as_posix()}")
    return 0


def main(argv: list[str]) -> int:
    capture = "--capture" in argv
    args = [a for a in argv if a != "--capture"]
    if args[:1] == ["prepare"] and len(args) == 1:
        return prepare(capture)
    if args[:1] == ["install"] and len(args) == 3:
        return install(Path(args[1]), args[2], capture)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
