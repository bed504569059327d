"""The run's settings as GitHub hands them to a container: `INPUT_*` and `GITHUB_*`.

An input named `project-id` arrives as `INPUT_PROJECT-ID` (hyphen kept);
`INPUT_PROJECT_ID` is accepted too. Booleans take exactly what the Actions
toolkit takes (true/True/TRUE/false/False/FALSE), so typos fail loudly.

The runner's own variables (`Runner`) are read apart from the inputs and never
fail, so that a run whose inputs are wrong still writes its summary and outputs.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from smartling_context.errors import CannotStart

TRUE = {"true", "True", "TRUE"}
FALSE = {"false", "False", "FALSE"}
PROJECT_ID = re.compile(r"[a-z0-9]{9}")
DEFAULT_TIME_LIMIT = 20.0  # minutes
DEFAULT_API_URL = "https://api.smartling.com"
REQUIRE_CONTEXT = ("off", "warn", "fail")


class InputError(CannotStart):
    """An input the run cannot start with."""


@dataclass(frozen=True)
class Runner:
    """Where the runner wants things written, and what it says about the run."""

    event_name: str
    event_path: str
    workspace: Path
    repository: str
    sha: str
    ref_name: str
    github_api_url: str
    server_url: str
    run_id: str
    output_path: str | None
    summary_path: str | None
    runner_temp: str | None

    @property
    def run_url(self) -> str | None:
        if not (self.run_id and self.repository):
            return None
        return f"{self.server_url}/{self.repository}/actions/runs/{self.run_id}"


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
    time_limit: float  # minutes
    warnings: tuple[str, ...] = ()
    require_context: str = "warn"  # off | warn | fail


def read_input(env: Mapping[str, str], name: str, default: str = "") -> str:
    upper = name.upper()
    for key in (f"INPUT_{upper}", f"INPUT_{upper.replace('-', '_')}"):
        if key in env:
            return env[key].strip()
    return default


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = read_input(env, name) or ("true" if default else "false")
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise InputError(
        f"input `{name}` is {value!r}", fix="use true or false (as every GitHub action does)"
    )


def read_runner(env: Mapping[str, str]) -> Runner:
    return Runner(
        event_name=env.get("GITHUB_EVENT_NAME", ""),
        event_path=env.get("GITHUB_EVENT_PATH", ""),
        workspace=Path(env.get("GITHUB_WORKSPACE") or "."),
        repository=env.get("GITHUB_REPOSITORY", ""),
        sha=env.get("GITHUB_SHA", ""),
        ref_name=env.get("GITHUB_REF_NAME", ""),
        github_api_url=env.get("GITHUB_API_URL", "https://api.github.com"),
        server_url=env.get("GITHUB_SERVER_URL", "https://github.com"),
        run_id=env.get("GITHUB_RUN_ID", ""),
        output_path=env.get("GITHUB_OUTPUT") or None,
        summary_path=env.get("GITHUB_STEP_SUMMARY") or None,
        runner_temp=env.get("RUNNER_TEMP") or None,
    )


def read_settings(env: Mapping[str, str]) -> Settings:
    """The inputs, checked before any request is made. Raises InputError."""
    project_id = read_input(env, "project-id")
    check_project_id(project_id, "input `project-id`")
    api_url, warning = check_api_url(
        read_input(env, "api-url") or DEFAULT_API_URL, _bool(env, "allow-http", False)
    )
    return Settings(
        project_id=project_id,
        user_identifier=read_input(env, "user-identifier"),
        user_secret=read_input(env, "user-secret"),
        manifest=read_input(env, "manifest") or ".smartling/context.yml",
        github_token=read_input(env, "github-token"),
        api_url=api_url,
        base=read_input(env, "base"),
        dry_run=_bool(env, "dry-run", False),
        comment=_bool(env, "comment", True),
        fail_on_error=_bool(env, "fail-on-error", True),
        command=_command(read_input(env, "command") or "/smartling"),
        time_limit=_time_limit(read_input(env, "time-limit")),
        warnings=(warning,) if warning else (),
        require_context=_require_context(read_input(env, "require-context") or "warn"),
    )


def _require_context(value: str) -> str:
    if value not in REQUIRE_CONTEXT:
        raise InputError(
            f"input `require-context` is {value[:40]!r}",
            fix="use off, warn (the default) or fail",
        )
    return value


def check_project_id(value: str, name: str) -> None:
    if not value:
        raise InputError(f"{name} is required", fix="set `with: project-id: <your project id>`")
    if not PROJECT_ID.fullmatch(value):
        raise InputError(
            f"{name} {value[:40]!r} is not a Smartling project id",
            fix="a project id is nine lowercase letters and digits, e.g. abcd12345 "
            "(Smartling: Project Settings > API)",
        )


def check_api_url(url: str, allow_http: bool) -> tuple[str, str | None]:
    """The URL, and a warning to show. Plain http sends credentials in clear: refused
    unless `allow-http: true`, except to this machine (the emulator), which only warns."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"input `api-url` {url[:200]!r} is not an http(s) URL")
    if parts.scheme == "https":
        return url, None
    if _loopback(parts.hostname):
        return url, f"`api-url` {url} is plain http (allowed: it is this machine)"
    if allow_http:
        return url, f"`api-url` {url} is plain http: credentials travel in clear"
    raise InputError(
        f"input `api-url` {url[:200]!r} is plain http: the credentials would travel in clear",
        fix="use https, or set `allow-http: true` if you really mean it",
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _command(value: str) -> str:
    if not re.fullmatch(r"\S+", value):
        raise InputError(f"input `command` {value!r} must be one word, e.g. /smartling")
    return value


def _time_limit(value: str) -> float:
    if not value:
        return DEFAULT_TIME_LIMIT
    try:
        minutes = float(value)
    except ValueError:
        minutes = math.nan
    if not (math.isfinite(minutes) and minutes > 0):
        raise InputError(
            f"input `time-limit` is {value!r}", fix="give the minutes the run may take, e.g. 20"
        )
    return minutes
