"""The action's image run exactly as the runner runs it (docker run, mounts, -e variables).

Needs a built image: `.ci/run` builds it (scripts/container-e2e.sh) and sets
SMARTLING_CONTAINER_IMAGE; without it this test skips, saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from actionrun import (  # noqa: F401 (fixtures)
    assert_no_secret_shown,
    github,
    pr_event,
    project,
    runner_variables,
    texts,
)
from smartling_context.emulator import Emulator

IMAGE = os.environ.get("SMARTLING_CONTAINER_IMAGE", "")
pytestmark = pytest.mark.skipif(
    not IMAGE, reason="SMARTLING_CONTAINER_IMAGE is not set (scripts/container-e2e.sh sets it)"
)


def test_the_image_syncs_a_pull_request_as_the_runner_runs_it(tmp_path, github, project):  # noqa: F811
    repo, base, head = project
    host = {
        name: tmp_path / "runner" / name
        for name in ("workspace", "file_commands", "runner_temp", "workflow", "home")
    }
    shutil.copytree(repo.path, host["workspace"], symlinks=True)
    for name in ("file_commands", "runner_temp", "workflow", "home"):
        host[name].mkdir()
    shutil.copy(pr_event(tmp_path, base, head), host["workflow"] / "event.json")
    (host["file_commands"] / "set_output_1").write_text("")
    (host["file_commands"] / "step_summary_1").write_text("")
    # The checkout belongs to the runner's user, not to the container's root.
    subprocess.run(["chown", "-R", "1001:1001", str(host["workspace"])], check=True)

    with Emulator() as emulator:
        env = {
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": "/github/workflow/event.json",
            "GITHUB_WORKSPACE": "/github/workspace",
            "GITHUB_OUTPUT": "/github/file_commands/set_output_1",
            "GITHUB_STEP_SUMMARY": "/github/file_commands/step_summary_1",
            "RUNNER_TEMP": "/github/runner_temp",
            "HOME": "/github/home",
            **runner_variables(emulator, github),
        }
        command = ["docker", "run", "--rm", "--network", "host", "--workdir", "/github/workspace"]
        for name in env:
            command += ["-e", name]  # values by name only, as the runner passes them
        for name, path in host.items():
            command += ["-v", f"{path}:/github/{name}"]
        result = subprocess.run(
            [*command, IMAGE],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        log = result.stdout + result.stderr
        assert result.returncode == 0, log
        assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}
        assert len(emulator.state.contexts) == 2 and len(emulator.state.bindings) == 2

    outputs = (host["file_commands"] / "set_output_1").read_text()
    assert (
        "strings-created<<" in outputs
        and "/github/runner_temp/smartling-context-report.json" in outputs
    )
    report = json.loads((host["runner_temp"] / "smartling-context-report.json").read_text())
    assert report["summary"]["strings-created"] == 3
    (comment,) = github.comments_on(1)
    assert "| Strings created | 3 |" in comment["body"]
    assert "dubious ownership" not in log
    assert_no_secret_shown(log)
    # Nothing root-owned is left in the runner's checkout.
    owners = {p.stat().st_uid for p in Path(host["workspace"]).rglob("*")}
    assert owners == {1001}
