"""The run's settings as GitHub hands them to a container: `INPUT_*` and `GITHUB_*`.

An input named `project-id` arrives as `INPUT_PROJECT-ID` (hyphen kept);
`INPUT_PROJECT_ID` is accepted too. Booleans take exactly what the Actions
toolkit takes (true/True/TRUE/false/False/FALSE), so typos fail loudly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

TRUE = {"true", "True", "TRUE"}
FALSE = {"false", "False", "FALSE"}


class InputError(Exception):
    """An input the run cannot start with."""


@dataclass(frozen=True)
class Settings:
    project_id: str
    user_identifier: str
    user_secret: str
    manifest: str
    github_token: str
    api_url: str
    base: str
    dry_run: bool
    comment: bool
    fail_on_error: bool
    command: str
    event_name: str
    event_path: str
    workspace: Path
    repository: str
    sha: str
    github_api_url: str
    server_url: str
    run_id: str
    output_path: str | None
    summary_path: str | None
    runner_temp: str | None


def read_input(env: Mapping[str, str], name: str, default: str = "") -> str:
    upper = name.upper()
    for key in (f"INPUT_{upper}", f"INPUT_{upper.replace('-', '_')}"):
        if key in env:
            return env[key].strip()
    return default


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = read_input(env, name, "true" if default else "false") or (
        "true" if default else "false"
    )
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise InputError(
        f"input `{name}` is {value!r}; use true or false (as every GitHub action does)"
    )


def read_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    project_id = read_input(env, "project-id")
    if not project_id:
        raise InputError("input `project-id` is required: set `with: project-id: <your project>`")
    return Settings(
        project_id=project_id,
        user_identifier=read_input(env, "user-identifier"),
        user_secret=read_input(env, "user-secret"),
        manifest=read_input(env, "manifest", ".smartling/context.yml") or ".smartling/context.yml",
        github_token=read_input(env, "github-token"),
        api_url=read_input(env, "api-url", "https://api.smartling.com")
        or "https://api.smartling.com",
        base=read_input(env, "base"),
        dry_run=_bool(env, "dry-run", False),
        comment=_bool(env, "comment", True),
        fail_on_error=_bool(env, "fail-on-error", True),
        command=read_input(env, "command", "/smartling") or "/smartling",
        event_name=env.get("GITHUB_EVENT_NAME", ""),
        event_path=env.get("GITHUB_EVENT_PATH", ""),
        workspace=Path(env.get("GITHUB_WORKSPACE") or "."),
        repository=env.get("GITHUB_REPOSITORY", ""),
        sha=env.get("GITHUB_SHA", ""),
        github_api_url=env.get("GITHUB_API_URL", "https://api.github.com"),
        server_url=env.get("GITHUB_SERVER_URL", "https://github.com"),
        run_id=env.get("GITHUB_RUN_ID", ""),
        output_path=env.get("GITHUB_OUTPUT") or None,
        summary_path=env.get("GITHUB_STEP_SUMMARY") or None,
        runner_temp=env.get("RUNNER_TEMP") or None,
    )
