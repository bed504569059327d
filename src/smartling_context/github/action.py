"""The GitHub Action: read the run's settings and event, sync, and report everywhere.

Exit status: 0 done (or item errors with `fail-on-error: false`), 1 items
failed, 2 the run could not start or go on (bad input, event, manifest,
credentials, project, git, GitHub, time limit).

`run()` has one error boundary: whatever goes wrong becomes a `CannotStart`,
and the run's record (annotations, comment, summary, JSON report, outputs) is
published all the same.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from smartling_context.errors import CannotStart, ItemFailed
from smartling_context.github.event import (
    CommentCommand,
    Skip,
    Target,
    read_payload,
    target_for,
)
from smartling_context.github.inputs import Runner, Settings, read_input, read_runner, read_settings
from smartling_context.github.publish import (
    PREVIEWS_NAME,
    CommentPlace,
    private_folder,
    publish,
)
from smartling_context.github.rest import GitHubApi
from smartling_context.github.workflow_commands import (
    Annotator,
    add_secret,
    annotate_problems,
    group,
    log,
    untrusted,
    write_outputs,
)
from smartling_context.run.report import ErrorItem, RunInfo, RunReport
from smartling_context.strings.git import resolve_ref

if TYPE_CHECKING:
    from smartling_context.run.pipeline import Sync

# The exit statuses (as run.pipeline names them; not imported from there, so that a
# run with nothing to do starts without loading the sync machinery).
EXIT_OK, EXIT_ITEMS_FAILED, EXIT_CANNOT_START = 0, 1, 2

DEFAULT_MANIFEST = ".smartling/context.yml"
GRACE_SECONDS = 10.0  # after the time limit, for the client to stop on its own

# The outputs of a run that did nothing (a skipped event, a record that could not be built).
NOTHING_DONE = RunReport("", "").outputs()


@dataclass
class _Run:
    """What one run has learnt so far; whatever is known gets published."""

    runner: Runner
    info: RunInfo
    annotator: Annotator = field(default_factory=Annotator)
    settings: Settings | None = None
    github: GitHubApi | None = None
    target: Target | None = None
    sync: Sync | None = None
    errors: list[ErrorItem] = field(default_factory=list)  # those the sync did not record
    timed_out: bool = False

    def report(self) -> RunReport:
        """What happened so far, whenever the run stopped."""
        from smartling_context.run.record import build_report

        if self.sync is not None:
            report = self.sync.report()
        else:
            report = build_report(self.info, None, None, [], [])
        report.errors += self.errors
        return report


class _GroupedProgress:
    """The run's progress in the job log: each step a foldable group."""

    def step(self, title: str) -> AbstractContextManager[None]:
        return group(title)

    def log(self, text: str) -> None:
        untrusted(text)


def main() -> int:
    status, state = _run_with_record(os.environ)
    if state.timed_out:  # a worker may still be blocked in a socket: do not wait for it
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status


def run(env: Mapping[str, str]) -> int:
    return _run_with_record(env)[0]


def _run_with_record(env: Mapping[str, str]) -> tuple[int, _Run]:
    runner = read_runner(env)
    manifest = read_input(env, "manifest") or DEFAULT_MANIFEST
    state = _Run(
        runner, RunInfo(event=runner.event_name, manifest=manifest, run_url=runner.run_url)
    )
    try:
        status = _within_time_limit(env, state)
    except CannotStart as error:
        status = _cannot_start(state, error)
    except ItemFailed as error:  # one that escaped the items it belongs to: stop the run
        status = _cannot_start(state, CannotStart(str(error)))
    except Exception as error:  # the last line: a record, never a traceback
        status = _cannot_start(
            state,
            CannotStart(
                f"unexpected {type(error).__name__}: {error}",
                fix="please report this with the log at "
                "https://github.com/smartling-context-action/issues",
            ),
        )
    if status is None:
        write_outputs(runner.output_path, {**NOTHING_DONE, "report": "", "preview": ""})
        return EXIT_OK, state
    try:
        _publish(state)
    except Exception as error:  # a record in part beats a traceback
        log(f"Error: the run's record could not be published in full: {type(error).__name__}")
        write_outputs(runner.output_path, NOTHING_DONE)
        status = status or EXIT_CANNOT_START
    _react(state, "rocket" if status == EXIT_OK else "confused")
    return status, state


def _cannot_start(state: _Run, error: CannotStart) -> int:
    state.errors.append(ErrorItem("run", str(error), error.file, error.line, error.key))
    state.annotator.annotate(
        "error", str(error), file=error.file, line=error.line, title="Smartling context"
    )
    untrusted(f"Error: {error}")
    return EXIT_CANNOT_START


def _within_time_limit(env: Mapping[str, str], state: _Run) -> int | None:
    """Run in a worker thread; past the `time-limit`, give up on it and publish."""
    settings = _settings(env, state)
    deadline = time.monotonic() + settings.time_limit * 60
    outcome: list[int | BaseException | None] = []

    def work() -> None:
        try:
            outcome.append(_sync_run(state, settings, deadline))
        except BaseException as error:  # handed to the boundary in the main thread
            outcome.append(error)

    worker = threading.Thread(target=work, name="smartling-context-run", daemon=True)
    worker.start()
    worker.join(timeout=max(0.0, deadline - time.monotonic()) + GRACE_SECONDS)
    if not outcome:
        state.timed_out = True
        raise CannotStart(
            f"the run passed its time limit of {settings.time_limit:g} minute(s); "
            "what it did until then is reported",
            fix="raise `time-limit`, or check that `api-url` answers",
        )
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _settings(env: Mapping[str, str], state: _Run) -> Settings:
    for name in ("user-secret", "user-identifier", "github-token"):
        add_secret(read_input(env, name))
    settings = state.settings = read_settings(env)
    for warning in settings.warnings:
        log(f"Warning: {warning}")
        state.annotator.annotate("warning", warning, title="Smartling context")
    if settings.github_token and state.runner.repository:
        state.github = GitHubApi(
            state.runner.github_api_url, settings.github_token, state.runner.repository
        )
    return settings


def _sync_run(state: _Run, settings: Settings, deadline: float) -> int | None:
    target = _target(state, settings)
    if isinstance(target, Skip):
        log(f"Nothing to do: {target.reason}.")
        return None
    state.target = target
    _describe(state.info, settings, target)
    _react(state, "eyes")
    return _sync(state, settings, target, deadline)


def _target(state: _Run, settings: Settings) -> Target | Skip:
    runner = state.runner
    found = target_for(runner, settings, read_payload(runner.event_path))
    if isinstance(found, CommentCommand):
        found = _resolve_comment(found, state.github)
    if isinstance(found, Target) and settings.base:
        found = replace(found, base=resolve_ref(runner.workspace, settings.base, "input `base`"))
    return found


def _resolve_comment(command: CommentCommand, github: GitHubApi | None) -> Target | Skip:
    """Check the commenter's permission and look the pull request up (the API's turn)."""
    if github is None:
        raise CannotStart(
            "a comment command needs `github-token` to check the commenter",
            fix="pass `github-token: ${{ github.token }}` (the default)",
        )
    if not github.can_write(command.login):
        return Skip(f"{command.login} has no write permission on the repository; comment ignored")
    refs = github.pull_request(command.pull_request)
    return Target(
        refs.head_sha,
        refs.base_sha,
        refs.number,
        refs.fork,
        command.comment_id,
        branch=refs.head_ref,
        title=command.title,
    )


def _describe(info: RunInfo, settings: Settings, target: Target) -> None:
    info.base, info.head, info.pull_request = target.base, target.head, target.pull_request
    info.title, info.require_context = target.title, settings.require_context
    if target.notice:
        info.notices.append(target.notice)
    if settings.dry_run:
        info.dry_run = True
        info.notices.append("dry run: validated, diffed and planned; nothing written")
    elif not (settings.user_identifier and settings.user_secret):
        info.dry_run = True
        why = " (a pull request from a fork gets no secrets)" if target.fork else ""
        info.notices.append(
            f"no Smartling credentials{why}: this is a dry run. Set `user-identifier` and "
            "`user-secret` from secrets to sync."
        )
    for notice in info.notices:
        log(f"Notice: {notice}")


def _sync(state: _Run, settings: Settings, target: Target, deadline: float) -> int:
    from smartling_context.run.pipeline import ManifestProblems, Sync, SyncRequest
    from smartling_context.smartling.client import SmartlingClient

    client = None
    if not state.info.dry_run:
        client = SmartlingClient(
            settings.api_url,
            settings.user_identifier,
            settings.user_secret,
            settings.project_id,
            deadline=deadline,
            on_token=add_secret,
        )
    request = SyncRequest(
        state.runner.workspace,
        settings.manifest,
        target.head,
        target.base,
        state.github,
        branch=target.branch,
    )
    sync = state.sync = Sync(request, state.info, _GroupedProgress())
    try:
        report = sync.run(client)
    except ManifestProblems as problems:
        annotate_problems(problems.problems, state.annotator)
        log(f"The manifest has {len(problems.problems)} problem(s); nothing was synced:")
        untrusted("\n".join(f"  {p}" for p in problems.problems))
        return EXIT_CANNOT_START
    except CannotStart as error:  # the sync recorded it in its report already
        state.annotator.annotate("error", str(error), title="Smartling context")
        untrusted(f"Error: {error}")
        return EXIT_CANNOT_START
    if report.error_count() and settings.fail_on_error:
        return EXIT_ITEMS_FAILED
    return EXIT_OK


def _publish(state: _Run) -> None:
    from smartling_context.run.markdown import marker, previews_section, render

    settings = state.settings
    place = CommentPlace(
        state.github, marker(state.info.manifest), settings.comment if settings else True
    )
    report = state.report()
    folder, files = _previews(state, report)
    publish(
        state.runner,
        report,
        render,
        place,
        state.annotator,
        {"preview": str(folder or "")},
        previews_section([f.name for f in files]) if files else "",
    )


def _previews(state: _Run, report: RunReport) -> tuple[Path | None, list[Path]]:
    """Draw the run's screenshots with their boxes (OCR matches too, when Smartling gave
    their boxes): the folder and its files. A preview is a help, never a reason to lose
    the run's record."""
    plan = state.sync.plan if state.sync is not None else None
    if plan is None or not plan.screenshots:
        return None, []
    from smartling_context.preview import PreviewBox, ScreenshotPreview, write_previews
    from smartling_context.preview.manifest import screenshot_boxes
    from smartling_context.run.plan import is_page

    ocr: dict[str, list[PreviewBox]] = {}
    for item in report.bindings:
        if item.kind == "ocr" and item.coordinates is not None:
            box = item.coordinates
            ocr.setdefault(item.image, []).append(
                PreviewBox(item.key, box["top"], box["left"], box["width"], box["height"], "ocr")
            )
    shots = [
        ScreenshotPreview(
            p.shot.name, p.content, screenshot_boxes(p.shot) + ocr.get(p.shot.image, [])
        )
        for p in plan.screenshots
        if not is_page(p)  # an HTML page is drawn by `smartling-context preview`, in a browser
    ]
    try:
        written = write_previews(shots, private_folder(state.runner, PREVIEWS_NAME))
    except Exception as error:  # an image the drawing library chokes on, a full disk
        log(f"Warning: the previews could not be drawn ({type(error).__name__}: {error})")
        return None, []
    for failed in written.failed:
        log(f"Warning: no preview of {failed.file}: {failed.what}")
    return (written.folder, list(written.files.values())) if written.files else (None, [])


def _react(state: _Run, content: str) -> None:
    target, github = state.target, state.github
    if github is None or target is None or target.comment_id is None:
        return
    if target.pull_request is None:
        return
    try:
        github.react(target.comment_id, target.pull_request, content)
    except CannotStart as error:
        log(f"Warning: could not react to the comment ({error})")
