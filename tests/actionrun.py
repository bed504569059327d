"""Running the action as the runner does, for the end-to-end tests: a repository with a
pull request's two commits, the project's own event payloads, a fake GitHub, and
`entrypoint.py` in a subprocess with the runner's variables. Needs nothing outside
the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import events
from fake_github import FakeGitHub, FakeRepo
from file_commands import parse_file_command
from gitrepo import GitRepo, screenshot
from smartling_context.emulator import Emulator

ROOT = Path(__file__).resolve().parents[1]
REPO = "octo/hotel"
SECRET = "s3cr3t-value-never-printed"
TOKEN = "ghs_token_never_printed"
USER = "user-identifier-7f3a"
PROJECT = "abcd12345"

MANIFEST = """\
version: 1
defaults:
  namespace: hotel
strings:
  - files: "locales/**/*.json"
    placeholders: {format: none}
  - files: "res/strings.xml"
    placeholders: {format: java}
screenshots:
  - image: shots/search.png
    name: Search
    strings:
      - key: search.title
        coordinates: {top: 1, left: 2, width: 190, height: 20}
  - image: shots/booking.png
    name: Booking
    match: ocr
"""
BASE_JSON = '{"search": {"title": "Find a hotel"}, "nav": {"back": "Back"}}'
HEAD_JSON = '{"search": {"title": "Find your hotel", "go": "Go"}, "nav": {"back": "Back"}}'
ANDROID = """<?xml version="1.0" encoding="utf-8"?>
<resources>
  <string name="book">Book now</string>%s
</resources>
"""


@pytest.fixture
def project(tmp_path):
    """A repository with a base and a head commit, like a pull request's."""
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/en/app.json": BASE_JSON,
            "res/strings.xml": ANDROID % "",
            "shots/search.png": screenshot("Find a hotel"),
            "shots/booking.png": screenshot("Book now"),
        }
    )
    head = repo.commit(
        {
            "locales/en/app.json": HEAD_JSON,
            "res/strings.xml": ANDROID % '\n  <string name="cancel">Cancel booking</string>',
            "shots/booking.png": screenshot("Book now", "Cancel booking", shade=3),
        }
    )
    return repo, base, head


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub(FakeRepo(REPO)) as fake:
        yield fake


def write_event(tmp_path: Path, payload: dict[str, Any], name: str = "event.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload))
    return path


def pr_event(tmp_path: Path, base: str, head: str, fork: bool = False) -> Path:
    head_repo = "someone/fork" if fork else REPO
    return write_event(tmp_path, events.pull_request(REPO, 1, base, head, head_repo=head_repo))


def runner_variables(emulator: Emulator, github: FakeGitHub) -> dict[str, str]:
    """What every run gets whatever the paths: the runner's flags, the repository, inputs."""
    return {
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": github.url,
        "INPUT_PROJECT-ID": PROJECT,
        "INPUT_USER-IDENTIFIER": USER,
        "INPUT_USER-SECRET": SECRET,
        "INPUT_GITHUB-TOKEN": TOKEN,
        "INPUT_API-URL": emulator.url,
        "INPUT_MANIFEST": ".smartling/context.yml",
    }


def assert_no_secret_shown(text: str) -> None:
    """No secret in what a person sees; the runner swallows `::add-mask::` lines."""
    shown = "\n".join(line for line in text.splitlines() if not line.startswith("::add-mask::"))
    assert SECRET not in shown and TOKEN not in shown


def run_action(
    tmp_path: Path,
    emulator: Emulator,
    github: FakeGitHub,
    workspace: Path,
    event_name: str,
    event_path: Path,
    environment: dict[str, str | None] | None = None,
    timeout: float = 120,
    **inputs: str,
) -> tuple[int, str, dict[str, str], str]:
    """Run entrypoint.py as the runner would; return (exit, stdout, outputs, summary).

    `environment` sets (or, with None, removes) runner variables."""
    temp = tmp_path / "runner_temp"
    temp.mkdir(exist_ok=True)
    output, summary = tmp_path / "output.txt", tmp_path / "summary.md"
    output.write_text("")
    summary.write_text("")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_SHA": inputs.pop("sha", ""),
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_RUN_ID": "77",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(temp),
        **runner_variables(emulator, github),
    }
    env.update({f"INPUT_{k.upper().replace('_', '-')}": v for k, v in inputs.items()})
    for name, value in (environment or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    result = subprocess.run(
        [sys.executable, str(ROOT / "entrypoint.py")],
        env=env,
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=timeout,
        check=False,
    )
    outputs = parse_file_command(output.read_text())
    everything = result.stdout + result.stderr + output.read_text() + summary.read_text()
    assert "Traceback" not in everything, everything[-3000:]
    assert_no_secret_shown(everything)
    assert f"::add-mask::{inputs_secret(env)}" in everything or not inputs_secret(env)
    return result.returncode, result.stdout + result.stderr, outputs, summary.read_text()


def run_pull_request(
    tmp_path: Path,
    emulator: Emulator,
    github: FakeGitHub,
    project: tuple[GitRepo, str, str],
    **options: Any,
) -> tuple[int, str, dict[str, str], str]:
    """`run_action` on the `project` fixture's pull request (its base and head commits)."""
    repo, base, head = project
    event = pr_event(tmp_path, base, head)
    return run_action(tmp_path, emulator, github, repo.path, "pull_request", event, **options)


def inputs_secret(env: dict[str, str]) -> str:
    return env.get("INPUT_USER-SECRET", "")


def comment_body(github: FakeGitHub, number: int = 1) -> str:
    (comment,) = github.comments_on(number)
    return comment["body"]


def texts(emulator: Emulator) -> set[str]:
    return {s["stringText"] for s in emulator.state.strings.values()}
