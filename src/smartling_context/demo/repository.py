"""The demo's pull request: a git repository of the bundled example app, its event,
and the environment GitHub would give the action."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from smartling_context.strings.git import git

DEMO_PROJECT = "demo12345"
DEMO_MANIFEST = ".smartling/context.yml"
HEAD_BRANCH = "feature/search"


def build_demo_repository(folder: Path, file_uri: str | None = None) -> tuple[str, str]:
    """A git repository with the example app: returns (base SHA, head SHA).

    With `file_uri`, the manifest of both commits gets `defaults.file-uri` set to it.
    """
    app = resources.files("smartling_context.demo").joinpath("app")
    git(folder, "init", "--quiet", "--initial-branch=main")
    shas = []
    for stage, message in (("base", "Hotel app"), ("head", "Search results and booking screen")):
        with resources.as_file(app.joinpath(stage)) as source:
            shutil.copytree(source, folder, dirs_exist_ok=True)
        if file_uri is not None:
            _set_file_uri(folder / DEMO_MANIFEST, file_uri)
        git(folder, "add", "--all")
        git(
            folder,
            "-c",
            "user.name=Demo",
            "-c",
            "user.email=demo@example.com",
            "commit",
            "--quiet",
            "-m",
            message,
        )
        shas.append(git(folder, "rev-parse", "HEAD").decode().strip())
    return shas[0], shas[1]


def _set_file_uri(manifest: Path, template: str) -> None:
    text = manifest.read_text(encoding="utf-8")
    if "\ndefaults:\n" not in text:
        raise AssertionError(f"the demo manifest {manifest} has no `defaults:` block")
    manifest.write_text(
        text.replace("\ndefaults:\n", f'\ndefaults:\n  file-uri: "{template}"\n', 1),
        encoding="utf-8",
    )


def pull_request_event(base: str, head: str) -> dict[str, Any]:
    repo = {"full_name": "demo/hotel-app", "name": "hotel-app"}
    return {
        "action": "opened",
        "number": 1,
        "pull_request": {
            "number": 1,
            "base": {"sha": base, "ref": "main", "repo": repo},
            "head": {"sha": head, "ref": HEAD_BRANCH, "repo": repo},
        },
        "repository": repo,
    }


def action_env(api_url: str, repo: Path, temp: Path, base: str, head: str) -> dict[str, str]:
    """The action's environment on a `pull_request` event, as GitHub would set it."""
    event = temp / "event.json"
    event.write_text(json.dumps(pull_request_event(base, head)))
    return {
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_REPOSITORY": "demo/hotel-app",
        "RUNNER_TEMP": str(temp),
        "INPUT_PROJECT-ID": DEMO_PROJECT,
        "INPUT_USER-IDENTIFIER": "demo-user",
        "INPUT_USER-SECRET": "demo-secret",
        "INPUT_API-URL": api_url,
        "INPUT_COMMENT": "false",
    }
