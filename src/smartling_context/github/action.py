"""The GitHub Action: read the run's settings and event, sync, and report everywhere.

Exit status: 0 done (or item errors with `fail-on-error: false`), 1 items
failed, 2 the run could not start (bad manifest, credentials, project, event).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path

from github import GithubException

from smartling_context.errors import CannotStart
from smartling_context.github.event import EventError, Skip, Target, read_payload, target_for
from smartling_context.github.inputs import InputError, Settings, read_settings
from smartling_context.github.rest import GitHubApi
from smartling_context.github.workflow_commands import (
    Annotator,
    annotate_problems,
    append_summary,
    group,
    log,
    mask,
    untrusted,
    write_outputs,
)
from smartling_context.run.markdown import marker, render
from smartling_context.run.pipeline import (
    EXIT_CANNOT_START,
    EXIT_ITEMS_FAILED,
    EXIT_OK,
    ManifestProblems,
    Sync,
    SyncRequest,
)
from smartling_context.run.report import RunInfo, RunReport
from smartling_context.smartling.client import SmartlingClient

REPORT_NAME = "smartling-context-report.json"


def main() -> int:
    return run(os.environ)


def run(env: Mapping[str, str]) -> int:
    annotator = Annotator()
    try:
        settings = read_settings(env)
    except InputError as error:
        annotator.annotate("error", str(error), title="Smartling context")
        log(f"Error: {error}")
        return EXIT_CANNOT_START
    for secret in (settings.user_secret, settings.user_identifier, settings.github_token):
        mask(secret)
    github = (
        GitHubApi(settings.github_api_url, settings.github_token, settings.repository)
        if settings.github_token and settings.repository
        else None
    )
    try:
        target = target_for(settings, read_payload(settings.event_path), github)
    except (EventError, GithubException) as error:
        message = _github_error(error) if isinstance(error, GithubException) else str(error)
        annotator.annotate("error", message, title="Smartling context")
        log(f"Error: {message}")
        return EXIT_CANNOT_START
    if isinstance(target, Skip):
        log(f"Nothing to do: {target.reason}.")
        write_outputs(settings.output_path, {**RunReport("", "").outputs(), "report": ""})
        return EXIT_OK
    _react(github, target, "eyes")
    info = _run_info(settings, target)
    status, report = _sync(settings, target, github, info, annotator)
    _publish(settings, github, report, annotator)
    _react(github, target, "rocket" if status == EXIT_OK else "confused")
    return status


def _run_info(settings: Settings, target: Target) -> RunInfo:
    report = RunInfo(
        event=settings.event_name,
        manifest=settings.manifest,
        base=target.base,
        head=target.head,
        pull_request=target.pull_request,
    )
    if target.notice:
        report.notices.append(target.notice)
    if settings.run_id and settings.repository:
        report.run_url = (
            f"{settings.server_url}/{settings.repository}/actions/runs/{settings.run_id}"
        )
    if settings.dry_run:
        report.dry_run = True
        report.notices.append("dry run: validated, diffed and planned; nothing written")
    elif not (settings.user_identifier and settings.user_secret):
        report.dry_run = True
        why = " (a pull request from a fork gets no secrets)" if target.fork else ""
        report.notices.append(
            f"no Smartling credentials{why}: this is a dry run. Set `user-identifier` and "
            "`user-secret` from secrets to sync."
        )
    for notice in report.notices:
        log(f"Notice: {notice}")
    return report


class _GroupedProgress:
    """The run's progress in the job log: each step a foldable group."""

    def step(self, title: str) -> AbstractContextManager[None]:
        return group(title)

    def log(self, text: str) -> None:
        log(text)


def _sync(
    settings: Settings,
    target: Target,
    github: GitHubApi | None,
    info: RunInfo,
    annotator: Annotator,
) -> tuple[int, RunReport]:
    client = None
    if not info.dry_run:
        client = SmartlingClient(
            settings.api_url, settings.user_identifier, settings.user_secret, settings.project_id
        )
    request = SyncRequest(settings.workspace, settings.manifest, target.head, target.base, github)
    sync = Sync(request, info, _GroupedProgress())
    try:
        report = sync.run(client)
    except ManifestProblems as problems:
        annotate_problems(problems.problems, annotator)
        log(f"The manifest has {len(problems.problems)} problem(s); nothing was synced:")
        untrusted("\n".join(f"  {p}" for p in problems.problems))
        return EXIT_CANNOT_START, sync.report()
    except CannotStart as error:
        annotator.annotate("error", str(error), title="Smartling context")
        log(f"Error: {error}")
        return EXIT_CANNOT_START, sync.report()
    if report.error_count() and settings.fail_on_error:
        return EXIT_ITEMS_FAILED, report
    return EXIT_OK, report


def _publish(
    settings: Settings, github: GitHubApi | None, report: RunReport, annotator: Annotator
) -> None:
    """Comment, summary, outputs, JSON report and annotations."""
    for error in report.errors:
        if error.kind == "strings-file":
            annotator.annotate(
                "error",
                error.message,
                file=error.file,
                line=error.line,
                title="Strings file not read",
            )
    for item in report.strings:
        if item.status == "failed":
            annotator.annotate(
                "error",
                f"{item.key}: {item.error}",
                file=item.file,
                title="String not created in Smartling",
            )
    body = render(report)
    untrusted(body)
    note = _comment(settings, github, report, body)
    append_summary(settings.summary_path, body + (f"\n\n> {note}" if note else ""))
    report_path = _report_path(settings)
    report_path.write_text(
        json.dumps(report.to_json(), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    write_outputs(settings.output_path, {**report.outputs(), "report": str(report_path)})


def _comment(
    settings: Settings, github: GitHubApi | None, report: RunReport, body: str
) -> str | None:
    """Keep the sticky comment; on failure say why (never fail the run for it)."""
    if not settings.comment or report.pull_request is None:
        return None
    if github is None:
        return "No comment was posted: `github-token` is empty."
    try:
        url = github.upsert_comment(report.pull_request, marker(settings.manifest), body)
    except GithubException as error:
        note = (
            f"The pull request comment could not be posted ({_github_error(error)}). "
            "A pull request from a fork gets a read-only token; this summary has the report."
        )
        log(f"Warning: {note}")
        return note
    log(f"Comment: {url}")
    return None


def _react(github: GitHubApi | None, target: Target, content: str) -> None:
    if github is None or target.comment_id is None or target.pull_request is None:
        return
    try:
        github.react(target.comment_id, target.pull_request, content)
    except GithubException as error:
        log(f"Warning: could not react to the comment ({_github_error(error)})")


def _report_path(settings: Settings) -> Path:
    folder = settings.runner_temp
    if folder and Path(folder).is_dir():
        return Path(folder) / REPORT_NAME
    return settings.workspace / REPORT_NAME


def _github_error(error: GithubException) -> str:
    data = error.data if isinstance(error.data, dict) else {}
    return f"GitHub answered HTTP {error.status}: {data.get('message') or error.data}"
