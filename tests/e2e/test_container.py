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
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from fake_github import FakeGitHub, FakeRepo
from gitrepo import GitRepo, run_git, screenshot
from smartling_context.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]
IMAGE = os.environ.get("SMARTLING_CONTAINER_IMAGE", "")
pytestmark = pytest.mark.skipif(
    not IMAGE, reason="SMARTLING_CONTAINER_IMAGE is not set (scripts/container-e2e.sh sets it)"
)
REPO = "octo/hotel"
RUNNER_UID = 1001  # the `runner` user of GitHub-hosted Ubuntu
SECRET = "s3cr3t-value-never-printed"
TOKEN = "ghs_token_never_printed"
RUNTIME_TOKEN = "actions-runtime-token-never-printed"

MANIFEST = """\
version: 1
strings:
  - files: "locales/**/*.json"
    placeholders: {format: none}
screenshots:
  - image: shots/search.png
    name: Search
    strings:
      - key: search.title
        coordinates: {top: 1, left: 2, width: 150, height: 18}
  - image: shots/booking.png
    name: Booking
    match: ocr
"""


class GitHttp:
    """Bare repositories under `root`, served over git's smart HTTP on 127.0.0.1
    (`git http-backend`), as github.com serves a clone; `fetches` counts pack requests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fetches = 0
        handler = type("Handler", (_GitHandler,), {"server_of": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> GitHttp:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _GitHandler(BaseHTTPRequestHandler):
    server_of: GitHttp

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._backend()

    def do_POST(self) -> None:
        self._backend()

    def _backend(self) -> None:
        path, _, query = self.path.partition("?")
        if path.endswith("/git-upload-pack"):
            self.server_of.fetches += 1
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": str(self.server_of.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            "REMOTE_ADDR": "127.0.0.1",
        }
        result = subprocess.run(
            ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
        )
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        headers = [line.split(":", 1) for line in head.decode().split("\r\n") if ":" in line]
        status = next((int(v.split()[0]) for k, v in headers if k.lower() == "status"), 200)
        self.send_response(status)
        for name, value in headers:
            if name.lower() != "status":
                self.send_header(name, value.strip())
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GitHttp, str, str, str]]:
    """github.com's side: the repository with a pull request's base, head and the
    merge commit GitHub makes for it (refs/pull/1/merge), served over HTTP."""
    tmp_path = tmp_path_factory.mktemp("github")
    repo = GitRepo(tmp_path / "origin-work")
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/en/app.json": '{"search": {"title": "Find a hotel"}}',
            "shots/search.png": screenshot("Find a hotel"),
            "shots/booking.png": screenshot("Book now"),
        }
    )
    head = repo.commit(
        {
            "locales/en/app.json": '{"search": {"title": "Find your hotel", "go": "Go"}}',
            "shots/booking.png": screenshot("Book now", "Go", shade=3),
        }
    )
    merge = repo.git("commit-tree", f"{head}^{{tree}}", "-p", base, "-p", head, "-m", "Merge")
    repo.git("update-ref", "refs/pull/1/merge", merge)
    repo.git("update-ref", "refs/pull/1/head", head)
    repo.git("reset", "--quiet", "--hard", base)  # the base branch is still at base
    served = tmp_path / "served"
    run_git(tmp_path, "clone", "--quiet", "--mirror", str(repo.path), str(served / "hotel.git"))
    run_git(served / "hotel.git", "config", "uploadpack.allowAnySHA1InWant", "true")
    with GitHttp(served) as http:
        yield http, base, head, merge


def checkout(workspace: Path, url: str, merge: str) -> None:
    """What actions/checkout does for a pull_request event: the merge commit, depth 1."""
    workspace.mkdir(parents=True)
    run_git(workspace, "init", "--quiet")
    run_git(workspace, "remote", "add", "origin", url)
    run_git(
        workspace,
        "fetch",
        "--quiet",
        "--no-tags",
        "--depth=1",
        "origin",
        f"+{merge}:refs/remotes/pull/1/merge",
    )
    run_git(workspace, "checkout", "--quiet", "--force", "refs/remotes/pull/1/merge")


def pull_request_event(base: str, head: str) -> dict[str, Any]:
    """A pull_request `opened` payload with the fields GitHub always sends."""
    owner, name = REPO.split("/")
    repository = {"full_name": REPO, "name": name, "owner": {"login": owner, "type": "User"}}
    user = {"login": "someone", "type": "User"}
    return {
        "action": "opened",
        "number": 1,
        "pull_request": {
            "number": 1,
            "state": "open",
            "title": "New search strings",
            "user": user,
            "base": {"ref": "main", "sha": base, "repo": repository},
            "head": {"ref": "feature", "sha": head, "repo": repository},
        },
        "repository": repository,
        "sender": user,
    }


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
        "GITHUB_HEAD_REF": "feature",
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
    (host["workflow"] / "event.json").write_text(json.dumps(pull_request_event(base, head)))
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
    outputs = _outputs((run.host["file_commands"] / run.files["output"]).read_text())
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


def _outputs(text: str) -> dict[str, str]:
    """The `name<<DELIMITER ... DELIMITER` and `name=value` entries of an output file."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line:
            name, _, delimiter = line.partition("<<")
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            outputs[name] = "\n".join(block)
        elif "=" in line:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


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
