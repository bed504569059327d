"""The action's image run exactly as the GitHub runner runs it.

What the runner gives a Docker action (../shared/research/github-actions.md, §1):
`docker run --workdir /github/workspace --rm` with `-e NAME` for every variable (the
values by name only), every action.yml input as `INPUT_<NAME>` with its default when
the workflow leaves it out, the `GITHUB_*`, `RUNNER_*` and `ACTIONS_*` variables, the
five file-command files, and six mounts owned by the runner's user, not root. The
checkout is actions/checkout's: the pull request's merge commit at depth 1, so the
action must fetch the base and head commits itself, here over git's smart HTTP.

Needs a built image: scripts/container-e2e.sh builds it and sets
SMARTLING_CONTAINER_IMAGE; without it this test skips, saying why.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import events
from fake_github import FakeGitHub, FakeRepo
from file_commands import parse_file_command
from pr_origin import REPO, GitHttp, checkout, serve_origin
from smartling_context.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]
IMAGE = os.environ.get("SMARTLING_CONTAINER_IMAGE", "")
pytestmark = pytest.mark.skipif(
    not IMAGE, reason="SMARTLING_CONTAINER_IMAGE is not set (scripts/container-e2e.sh sets it)"
)
RUNNER_UID = 1001  # the `runner` user of GitHub-hosted Ubuntu
SECRET = "s3cr3t-value-never-printed"
TOKEN = "ghs_token_never_printed"
RUNTIME_TOKEN = "actions-runtime-token-never-printed"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GitHttp, str, str, str]]:
    yield from serve_origin(tmp_path_factory)


def action_inputs(given: dict[str, str]) -> dict[str, str]:
    """Every input of action.yml as the runner passes it: INPUT_ + the name upper-cased
    (hyphens kept), the workflow's value or else the default, `${{ github.token }}`
    evaluated; an input with no default is passed as an empty string."""
    declared = yaml.safe_load((ROOT / "action.yml").read_text())["inputs"]
    unknown = set(given) - set(declared)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    env = {}
    for name, spec in declared.items():
        value = given.get(name, str(spec.get("default", "")))
        value = value.replace("${{ github.token }}", TOKEN)
        assert "${{" not in value, f"input {name}: the test cannot evaluate {value}"
        env[f"INPUT_{name.upper()}"] = value
    return env


def runner_environment(
    github: FakeGitHub, sha: str, files: dict[str, str], inputs: dict[str, str]
) -> dict[str, str]:
    """The variables the runner sets for a step, with paths translated to the container's."""
    return {
        "HOME": "/github/home",
        "GITHUB_ACTION": "__run",
        "GITHUB_ACTION_PATH": "",
        "GITHUB_ACTION_REF": "",
        "GITHUB_ACTION_REPOSITORY": "",
        "GITHUB_ACTOR": "someone",
        "GITHUB_ACTOR_ID": "4242",
        "GITHUB_API_URL": github.url,
        "GITHUB_BASE_REF": "main",
        "GITHUB_ENV": f"/github/file_commands/{files['env']}",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": "/github/workflow/event.json",
        "GITHUB_GRAPHQL_URL": f"{github.url}/graphql",
        "GITHUB_HEAD_REF": "feature/booking",
        "GITHUB_JOB": "context",
        "GITHUB_OUTPUT": f"/github/file_commands/{files['output']}",
        "GITHUB_PATH": f"/github/file_commands/{files['path']}",
        "GITHUB_REF": "refs/pull/1/merge",
        "GITHUB_REF_NAME": "1/merge",
        "GITHUB_REF_PROTECTED": "false",
        "GITHUB_REF_TYPE": "branch",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_REPOSITORY_ID": "123456",
        "GITHUB_REPOSITORY_OWNER": REPO.split("/")[0],
        "GITHUB_REPOSITORY_OWNER_ID": "654321",
        "GITHUB_RETENTION_DAYS": "90",
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_RUN_ID": "8675309",
        "GITHUB_RUN_NUMBER": "12",
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_SHA": sha,
        "GITHUB_STATE": f"/github/file_commands/{files['state']}",
        "GITHUB_STEP_SUMMARY": f"/github/file_commands/{files['summary']}",
        "GITHUB_TRIGGERING_ACTOR": "someone",
        "GITHUB_WORKFLOW": "Smartling",
        "GITHUB_WORKFLOW_REF": f"{REPO}/.github/workflows/smartling.yml@refs/pull/1/merge",
        "GITHUB_WORKFLOW_SHA": sha,
        "GITHUB_WORKSPACE": "/github/workspace",
        "RUNNER_ARCH": "X64",
        "RUNNER_ENVIRONMENT": "github-hosted",
        "RUNNER_NAME": "GitHub Actions 2",
        "RUNNER_OS": "Linux",
        "RUNNER_TEMP": "/github/runner_temp",
        "RUNNER_TOOL_CACHE": "/opt/hostedtoolcache",
        "ACTIONS_RUNTIME_URL": "http://127.0.0.1:9/runtime/",
        "ACTIONS_RUNTIME_TOKEN": RUNTIME_TOKEN,
        "ACTIONS_CACHE_URL": "http://127.0.0.1:9/cache/",
        "ACTIONS_RESULTS_URL": "http://127.0.0.1:9/results/",
        **inputs,
    }


def run_as_the_runner(
    host: dict[str, Path], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The runner's `docker run` (ContainerActionHandler / DockerCommandManager)."""
    command = ["docker", "run", "--name", f"smartling_context_{uuid.uuid4().hex[:6]}"]
    command += ["--label", "a1b2c3", "--workdir", "/github/workspace", "--rm", "--network", "host"]
    for name in env:
        command += ["-e", name]  # values by name only: no secret on a command line
    command += ["-e", "GITHUB_ACTIONS=true", "-e", "CI=true"]
    for name, path in host.items():
        command += ["-v", f"{path}:/github/{name}"]
    return subprocess.run(
        [*command, IMAGE],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@dataclass
class Run:
    """One run of the image, and what the runner, Smartling and GitHub saw of it."""

    host: dict[str, Path]
    files: dict[str, str]
    result: subprocess.CompletedProcess[str]
    texts: set[str]
    contexts: int
    comments: list[dict[str, Any]]
    fetches: int


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, origin: tuple[GitHttp, str, str, str]) -> Run:
    http, base, head, merge = origin
    root = tmp_path_factory.mktemp("runner")
    host = {
        name: root / name
        for name in ("workspace", "file_commands", "runner_temp", "workflow", "home")
    }
    checkout(host["workspace"], f"{http.url}/hotel.git", merge)
    for name in ("file_commands", "runner_temp", "workflow", "home"):
        host[name].mkdir()
    (host["workflow"] / "event.json").write_text(
        json.dumps(events.pull_request(REPO, 1, base, head))
    )
    guid = uuid.uuid4()
    kinds = [("output", "set_output"), ("env", "set_env"), ("path", "add_path")]
    kinds += [("state", "save_state"), ("summary", "step_summary")]
    files = {kind: f"{prefix}_{guid}" for kind, prefix in kinds}
    for name in files.values():
        (host["file_commands"] / name).write_text("")
    # Every mount belongs to the runner's user; the container runs as root.
    subprocess.run(
        ["chown", "-R", f"{RUNNER_UID}:{RUNNER_UID}", *map(str, host.values())], check=True
    )

    with FakeGitHub(FakeRepo(REPO)) as github, Emulator() as emulator:
        given = {"project-id": "abcd12345", "user-identifier": "user", "user-secret": SECRET}
        inputs = action_inputs({**given, "api-url": emulator.url})
        result = run_as_the_runner(host, runner_environment(github, merge, files, inputs))
        return Run(
            host,
            files,
            result,
            {s["stringText"] for s in emulator.state.strings.values()},
            len(emulator.state.contexts),
            github.comments_on(1),
            http.fetches,
        )


def test_the_image_syncs_a_shallow_pull_request_checkout_as_the_runner_runs_it(run: Run) -> None:
    log = run.result.stdout + run.result.stderr
    assert run.result.returncode == 0, log
    assert run.texts == {"Find your hotel", "Go"} and run.contexts == 2
    assert run.fetches >= 2, "the base and head commits were not fetched from origin"
    assert "through the GitHub API" not in log and "dubious ownership" not in log
    (comment,) = run.comments
    summary = (run.host["file_commands"] / run.files["summary"]).read_text()
    assert "| Strings created | 2 |" in summary
    assert "| Strings created | 2 |" in comment["body"]
    # GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID make the run's link.
    assert f"(https://github.example/{REPO}/actions/runs/8675309)" in comment["body"]
    outputs = parse_file_command((run.host["file_commands"] / run.files["output"]).read_text())
    declared = yaml.safe_load((ROOT / "action.yml").read_text())["outputs"]
    assert set(declared) <= set(outputs), f"outputs not written: {set(declared) - set(outputs)}"
    assert outputs["strings-created"] == "2" and outputs["errors"] == "0"
    report = json.loads((run.host["runner_temp"] / "smartling-context-report.json").read_text())
    assert report["summary"]["strings-created"] == 2
    for text in [log, summary, comment["body"], json.dumps(outputs), json.dumps(report)]:
        visible = "\n".join(x for x in text.splitlines() if not x.startswith("::add-mask::"))
        assert SECRET not in visible and TOKEN not in visible and RUNTIME_TOKEN not in visible


def test_the_runners_checkout_stays_the_runners(run: Run) -> None:
    root_owned = [p for p in run.host["workspace"].rglob("*") if p.lstat().st_uid != RUNNER_UID]
    assert root_owned == [], [str(p.relative_to(run.host["workspace"])) for p in root_owned[:5]]


def test_the_image_holds_nothing_of_the_build_machine_and_no_unused_tools() -> None:
    """No CA bundle or pip/requests setting of the machine that built it (a proxy's CA
    stays in the build stage), and none of perl, a shell or apt (#18: small)."""
    inspect = subprocess.run(
        ["docker", "image", "inspect", IMAGE, "--format", "{{json .Config.Env}}"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {entry.partition("=")[0] for entry in json.loads(inspect.stdout)}
    assert not names & {"PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"}
    paths = ["/usr/local/share/ca-bundle.crt", "/usr/bin/perl", "/bin/sh", "/usr/bin/apt-get"]
    probe = (
        "import os, sys; print([p for p in sys.argv[1:] if os.path.lexists(p)],"
        " sum(len(f) for _, _, f in os.walk('/usr/share/locale')))"
    )
    result = subprocess.run(
        ["docker", "run", "--rm", "--entrypoint", "/usr/bin/python3", IMAGE, "-c", probe, *paths],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[] 0"  # none of those, no translation files
