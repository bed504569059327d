"""The README's install command, run as written on a fresh machine: a local clone
stands in for the GitHub repository (its URL swapped for a `file://localhost/` one,
nothing else changed), with the tag the command names made the way the release workflow
makes it (scripts/release-version.sh, a release commit, the tag). A fresh virtual
environment, `pip install` from the git URL (pip fetches the dependencies from the
package index, or its cache), then `smartling-context --help` and the demo.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import venv
from pathlib import Path

import pytest

from gitrepo import run_git

ROOT = Path(__file__).resolve().parents[2]
REMOTE = "https://github.com/smartling-context-action/smartling-context-action"
COMMAND = re.compile(r"^pip install '([^']+ @ git\+" + re.escape(REMOTE) + r"@([\w.]+))'$", re.M)


def readme_commands() -> list[tuple[str, str]]:
    """(requirement, ref) of every `pip install '… @ git+URL@ref'` line of the README."""
    return COMMAND.findall((ROOT / "README.md").read_text())


def test_the_readme_installs_from_the_repository_by_branch_and_by_release_tag() -> None:
    refs = [ref for _, ref in readme_commands()]
    assert "main" in refs and any(re.fullmatch(r"v\d+\.\d+\.\d+", r) for r in refs), refs


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_the_readmes_tag_install_works_in_a_fresh_environment(tmp_path: Path) -> None:
    (requirement, tag) = next((r, t) for r, t in readme_commands() if t.startswith("v"))
    remote = tmp_path / "smartling-context-action"
    run_git(tmp_path, "clone", "--quiet", "--no-local", str(ROOT), str(remote))
    run_git(remote, "checkout", "--quiet", "-B", "main")
    # The release commit and tag, as .github/workflows/release.yml makes them.
    subprocess.run(["bash", "scripts/release-version.sh", tag], cwd=remote, check=True)
    run_git(remote, "-c", "user.name=r", "-c", "user.email=r@example.com", "commit", "-qam", tag)
    run_git(remote, "tag", tag)

    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # `file://localhost/…`: pip's requirement parser wants a host in a file URL.
    stand_in = f"file://localhost{remote.as_posix()}"
    command = f"pip install {shlex.quote(requirement.replace(REMOTE, stand_in))}"
    install = subprocess.run(
        [str(python), "-m", *shlex.split(command)[0:2], *shlex.split(command)[2:], "--quiet"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    shown = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m; print(m.version('smartling-context-action'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == tag.removeprefix("v")
    command_line = env_dir / "bin" / "smartling-context"
    help_ = subprocess.run(
        [str(command_line), "--help"], capture_output=True, text=True, check=False
    )
    assert help_.returncode == 0 and "capture" in help_.stdout and "demo" in help_.stdout
    assert subprocess.run([str(python), "-c", "import playwright"], check=False).returncode == 0
    demo = subprocess.run(
        [str(command_line), "demo"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        check=False,
    )
    assert demo.returncode == 0, (demo.stdout + demo.stderr)[-3000:]
    assert re.search(r"^\| Strings created \| [1-9][0-9]* \|$", demo.stdout, re.M), demo.stdout
