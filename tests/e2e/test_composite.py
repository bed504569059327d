"""The composite action (composite/action.yml), the entry for runners without Docker,
run the way GitHub's runner runs its steps (tests/composite_runner.py), against the
emulator and the fake GitHub, on the same pull request as the container test
(tests/pr_origin.py): it must give what the container's entry point gives.

What cannot run here, and stands in for it:
- actions/setup-python: gives `python-path`, this machine's Python 3.11 (the version
  the action asks for), and changes nothing else (`update-environment: false`).
- actions/cache: a miss (an empty folder); pip's cache is this machine's.
The install itself is real: a fresh virtual environment from requirements.lock with
`--require-hashes` (PyPI, or pip's cache), then the project from the action's files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import events
from composite_runner import CompositeRun, default_environment, run_composite
from fake_github import FakeGitHub, FakeRepo
from file_commands import parse_file_command
from pr_origin import REPO, GitHttp, checkout, serve_origin
from smartling_context.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-value-never-printed"
TOKEN = "ghs_token_never_printed"
COUNTS = [
    "strings-created",
    "strings-overwritten",
    "strings-found",
    "strings-pending",
    "contexts-uploaded",
    "contexts-reused",
    "bindings-created",
    "errors",
]
pytestmark = pytest.mark.skipif(
    sys.version_info[:2] != (3, 11),
    reason="the composite action installs CPython 3.11 wheels (its setup-python pins 3.11)",
)


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GitHttp, str, str, str]]:
    yield from serve_origin(tmp_path_factory)


def job_environment(root: Path, github: FakeGitHub, merge: str) -> dict[str, str]:
    """The job's variables on a runner's own machine (no container: host paths)."""
    (root / "temp").mkdir()
    (root / "workflow").mkdir()
    return {
        **default_environment(),
        "HOME": str(root / "home"),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_API_URL": github.url,
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(root / "workflow" / "event.json"),
        "GITHUB_REF": "refs/pull/1/merge",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_RUN_ID": "8675309",
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_SHA": merge,
        "GITHUB_WORKSPACE": str(root / "workspace"),
        "RUNNER_OS": "Linux",
        "RUNNER_TEMP": str(root / "temp"),
    }


def setup_python(with_: dict[str, str], env: dict[str, str]) -> dict[str, str]:
    """actions/setup-python's outputs for `python-version: "3.11"`: this machine's 3.11."""
    assert with_ == {"python-version": "3.11", "update-environment": "false"}
    python = getattr(sys, "_base_executable", sys.executable)
    version = ".".join(map(str, sys.version_info[:3]))
    return {"python-version": version, "python-path": python, "cache-hit": "false"}


def cache_miss(with_: dict[str, str], env: dict[str, str]) -> dict[str, str]:
    """actions/cache on a first run: nothing restored."""
    assert with_["path"].startswith(env["RUNNER_TEMP"]) and with_["key"], with_
    return {"cache-hit": ""}


def stand_ins(action: Path) -> dict[str, Any]:
    uses = [s["uses"] for s in yaml.safe_load(action.read_text())["runs"]["steps"] if "uses" in s]
    by_name = {"actions/setup-python": setup_python, "actions/cache": cache_miss}
    return {name: by_name[name.split("@")[0]] for name in uses}


def run_both(root: Path, origin: tuple[GitHttp, str, str, str], how: str) -> dict[str, Any]:
    """One run on a fresh runner: `how` is "entrypoint" (the container's entry point,
    inputs as the runner hands them to a container) or "composite"."""
    http, base, head, merge = origin
    root.mkdir()
    with FakeGitHub(FakeRepo(REPO)) as github, Emulator() as emulator:
        env = job_environment(root, github, merge)
        checkout(root / "workspace", f"{http.url}/hotel.git", merge)
        (root / "workflow" / "event.json").write_text(
            json.dumps(events.pull_request(REPO, 1, base, head))
        )
        given = {
            "project-id": "abcd12345",
            "user-identifier": "user",
            "user-secret": SECRET,
            "api-url": emulator.url,
        }
        if how == "composite":
            action = ROOT / "composite"
            run = run_composite(
                action,
                given,
                env,
                root / "workspace",
                {"token": TOKEN},
                stand_ins(action / "action.yml"),
            )
        else:
            run = entrypoint(root, env, given)
        return {
            "run": run,
            "texts": {s["stringText"] for s in emulator.state.strings.values()},
            "contexts": len(emulator.state.contexts),
            "comments": github.comments_on(1),
            "temp": Path(env["RUNNER_TEMP"]),
        }


def entrypoint(root: Path, env: dict[str, str], given: dict[str, str]) -> CompositeRun:
    """entrypoint.py with every action.yml input as `INPUT_<NAME>` (hyphens kept)."""
    declared = yaml.safe_load((ROOT / "action.yml").read_text())["inputs"]
    inputs = {
        f"INPUT_{name.upper()}": given.get(name, str(spec.get("default", ""))).replace(
            "${{ github.token }}", TOKEN
        )
        for name, spec in declared.items()
    }
    output, summary = root / "output", root / "summary"
    output.write_text("")
    summary.write_text("")
    python_path = {k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ}
    result = subprocess.run(
        [sys.executable, str(ROOT / "entrypoint.py")],
        cwd=root / "workspace",
        env={
            **env,
            **inputs,
            **python_path,
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return CompositeRun(
        result.returncode,
        result.stdout + result.stderr,
        parse_file_command(output.read_text()),
        summary.read_text(),
    )


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, origin: tuple[GitHttp, str, str, str]
) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("runners")
    return {how: run_both(root / how, origin, how) for how in ("entrypoint", "composite")}


def test_the_composite_action_syncs_the_pull_request_as_the_container_does(
    runs: dict[str, dict[str, Any]],
) -> None:
    composite, container = runs["composite"], runs["entrypoint"]
    run: CompositeRun = composite["run"]
    assert run.returncode == 0, run.log[-4000:]
    assert container["run"].returncode == 0, container["run"].log[-4000:]
    assert composite["texts"] == container["texts"] == {"Find your hotel", "Go"}
    assert composite["contexts"] == container["contexts"] == 2
    declared = yaml.safe_load((ROOT / "action.yml").read_text())["outputs"]
    assert set(run.outputs) == set(declared)
    assert all(run.outputs[name] for name in (*COUNTS, "report"))
    assert {n: run.outputs[n] for n in COUNTS} == {n: container["run"].outputs[n] for n in COUNTS}
    assert run.outputs["strings-created"] == "2" and run.outputs["errors"] == "0"
    # The report is a path a later step on the same machine can open: $RUNNER_TEMP's.
    report = Path(run.outputs["report"])
    assert report == composite["temp"] / "smartling-context-report.json"
    assert json.loads(report.read_text())["summary"]["strings-created"] == 2
    (comment,) = composite["comments"]
    assert "| Strings created | 2 |" in comment["body"] and "| Strings created | 2 |" in run.summary
    assert f"(https://github.example/{REPO}/actions/runs/8675309)" in comment["body"]
    for text in [run.log, run.summary, comment["body"], json.dumps(run.outputs)]:
        visible = "\n".join(x for x in text.splitlines() if not x.startswith("::add-mask::"))
        assert SECRET not in visible and TOKEN not in visible


def test_the_composite_action_installs_from_the_lock_by_hash(
    runs: dict[str, dict[str, Any]],
) -> None:
    run: CompositeRun = runs["composite"]["run"]
    venv = Path(run.steps["venv"]["venv"])
    assert venv.parent == runs["composite"]["temp"]
    assert run.steps["venv"]["key"].startswith("smartling-context-run-linux-")
    frozen = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "freeze", "--all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    locked = {
        normal(line.split()[0])
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line[:1].isalnum()
    }
    installed = {normal(line) for line in frozen.splitlines()}
    project = {p for p in installed if p.startswith("smartling-context-action")}
    assert {p for p in installed if not p.startswith("pip==")} - project == locked


def test_the_composite_action_has_the_containers_inputs_and_outputs() -> None:
    container = yaml.safe_load((ROOT / "action.yml").read_text())
    composite = yaml.safe_load((ROOT / "composite" / "action.yml").read_text())
    for part in ("inputs", "outputs"):
        assert list(composite[part]) == list(container[part]), part
    for name, spec in container["inputs"].items():
        mine = composite["inputs"][name]
        assert mine.get("default") == spec.get("default"), name
        assert bool(mine.get("required")) == bool(spec.get("required")), name
    (run,) = [s for s in composite["runs"]["steps"] if s.get("id") == "run"]
    wanted = {
        f"INPUT_{n.upper().replace('-', '_')}": f"${{{{ inputs.{n} }}}}"
        for n in container["inputs"]
    }
    assert {k: v for k, v in run["env"].items() if k.startswith("INPUT_")} == wanted


def normal(pin: str) -> str:
    """`Name==version` with the name as PyPI compares names."""
    name, _, version = pin.partition("==")
    return re.sub(r"[-_.]+", "-", name).lower() + "==" + version
