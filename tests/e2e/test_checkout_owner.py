"""The runner's checkout stays the runner's: inside the action's container the action
runs as root, but the workspace belongs to the runner's user. Every fetch the action
makes (the base, the head, a deepening of a shallow clone) must leave nothing under
`.git` that user cannot write, or a later step's git fails. Without Docker: the test
runs as root and hands the checkout to another uid, as the runner's mount is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from actionrun import pr_event, run_action, texts
from gitrepo import GitRepo, run_git

RUNNER_UID = 1001  # the `runner` user of GitHub-hosted Ubuntu
pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="needs root: the action runs as root in its container"
)


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temp folder the runner's user can traverse (pytest's `tmp_path` base is 0700)."""
    path = Path(tempfile.mkdtemp(prefix="smartling-checkout-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def owned_by_others(folder: Path, uid: int) -> list[str]:
    return [str(p.relative_to(folder)) for p in folder.rglob("*") if p.lstat().st_uid != uid]


def runners_git(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A later step of the job: git as the runner's user."""
    return subprocess.run(
        ["git", "-C", str(workspace), *args],
        env={"PATH": os.environ["PATH"], "HOME": "/nonexistent"},
        user=RUNNER_UID,
        group=RUNNER_UID,
        extra_groups=[],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_shallow_runners_checkout_is_fetched_and_deepened_as_the_runner(
    tmp_path, open_tmp, emulator, github
):
    """Main moved on after the branch was cut, deeper than the first deepening step;
    the checkout is the pull request's head at depth 1, without the base commit."""
    work = GitRepo(open_tmp / "author")
    work.commit(
        {
            ".smartling/context.yml": 'version: 1\nstrings:\n  - files: "locales/*.json"\n',
            "locales/en.json": json.dumps({"back": "Back"}),
        }
    )
    for index in range(20):
        work.commit({"notes.txt": f"note {index}"})
    branch_point = work.git("rev-parse", "HEAD")
    base = work.commit({"locales/en.json": json.dumps({"back": "Go back"})})
    work.git("checkout", "--quiet", "-b", "feature", branch_point)
    head = work.commit({"locales/en.json": json.dumps({"back": "Back", "book": "Book"})})
    origin = open_tmp / "origin.git"
    run_git(open_tmp, "clone", "--quiet", "--bare", str(work.path), str(origin))
    workspace = open_tmp / "workspace"
    run_git(open_tmp, "clone", "--quiet", "--no-local", "--depth=1", str(origin), str(workspace))
    # origin stands for github.com: root's, serving whoever fetches from it.
    run_git(workspace, "config", "remote.origin.uploadpack", "git -c safe.directory=* upload-pack")
    subprocess.run(["chown", "-R", f"{RUNNER_UID}:{RUNNER_UID}", str(workspace)], check=True)
    assert runners_git(workspace, "rev-parse", "HEAD").stdout.strip() == head

    code, log, _, _ = run_action(
        tmp_path, emulator, github, workspace, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    assert texts(emulator) == {"Book"}  # diffed from the merge base: the fetches worked
    assert runners_git(workspace, "cat-file", "-t", base).stdout.strip() == "commit"
    assert owned_by_others(workspace, RUNNER_UID) == []
    later = runners_git(workspace, "fetch", "--quiet", "--unshallow", "origin")
    assert later.returncode == 0, later.stderr
