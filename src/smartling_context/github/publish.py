"""Publishing a run's record: annotations, the sticky comment, the job summary, the JSON
report and the outputs. Each is written whatever happened to the others, and all text
goes through `clean()` (secrets out, undecodable bytes escaped).
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from smartling_context.errors import CannotStart
from smartling_context.github.inputs import Runner
from smartling_context.github.rest import GitHubApi
from smartling_context.github.workflow_commands import (
    Annotator,
    append_summary,
    clean,
    log,
    untrusted,
    write_outputs,
)
from smartling_context.run.report import RunReport

REPORT_NAME = "smartling-context-report.json"
PREVIEWS_NAME = "smartling-context-previews"
T = TypeVar("T")


@dataclass(frozen=True)
class CommentPlace:
    """Where the sticky comment goes, when it goes anywhere."""

    github: GitHubApi | None
    marker: str
    wanted: bool  # the `comment` input


def publish(
    runner: Runner,
    report: RunReport,
    render: Callable[[RunReport], str],
    place: CommentPlace,
    annotator: Annotator,
    extra_outputs: dict[str, str],
    summary_extra: str = "",
) -> None:
    """Comment, summary, JSON report, outputs and annotations, each on its own.

    `summary_extra` is Markdown for the job summary only (the previews' list).

    The report is scrubbed first (`clean()` on every text in it), so that neither a
    secret nor an undecodable file name reaches any of them.
    """
    scrub(report)
    _annotate(report, annotator)
    body = clean(render(report))
    untrusted(body)
    note = _comment(place, report.pull_request, body)
    summary = body + (f"\n\n> {note}" if note else "")
    append_summary(
        runner.summary_path, summary + (f"\n\n{clean(summary_extra)}" if summary_extra else "")
    )
    path = write_report(runner, report)
    outputs = {**report.outputs(), **extra_outputs, "report": str(path or "")}
    write_outputs(runner.output_path, outputs)


def scrub(value: T) -> T:
    """`clean()` every text inside a report, in place where it can be."""
    result: Any = value
    if isinstance(value, str):
        result = clean(value)
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            object.__setattr__(value, item.name, scrub(getattr(value, item.name)))
    elif isinstance(value, list):
        value[:] = [scrub(item) for item in value]
    elif isinstance(value, dict):
        result = {scrub(key): scrub(item) for key, item in value.items()}
    elif isinstance(value, tuple):
        result = tuple(scrub(item) for item in value)
    return cast(T, result)


def _annotate(report: RunReport, annotator: Annotator) -> None:
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
                line=item.line or None,
                title="String not created in Smartling",
            )
    _annotate_context(report, annotator)


def _annotate_context(report: RunReport, annotator: Annotator) -> None:
    """The gate: each string without context on its own line (warning, or error with
    `fail`; nothing with `off`), and each string whose context may be stale (a warning)."""
    if report.require_context == "off":
        return
    level = "error" if report.require_context == "fail" else "warning"
    for gap in report.without_context:
        annotator.annotate(
            level,
            f"`{gap.key}` has no visual context: {gap.why}. Next: {gap.fix}.",
            file=gap.file,
            line=gap.line or None,
            title="String without visual context",
        )
    for stale in report.stale:
        annotator.annotate(
            "warning",
            f"`{stale.key}` changed but {', '.join(stale.screenshots)} did not: "
            "its context may be stale. Capture the screen again.",
            file=stale.file,
            line=stale.line or None,
            title="Context may be stale",
        )


def _comment(place: CommentPlace, pull_request: int | None, body: str) -> str | None:
    """Keep the sticky comment; on failure say why (never fail the run for it)."""
    if not place.wanted or pull_request is None:
        return None
    if place.github is None:
        return "No comment was posted: `github-token` is empty."
    try:
        url = place.github.upsert_comment(pull_request, place.marker, body)
    except CannotStart as error:
        note = (
            f"The pull request comment could not be posted ({error}). "
            "A pull request from a fork gets a read-only token; this summary has the report."
        )
        log(f"Warning: {note}")
        return note
    log(f"Comment: {url}")
    return None


def write_report(runner: Runner, report: RunReport) -> Path | None:
    """Write the JSON report; returns its path (None when no folder would take it)."""
    data = clean(json.dumps(report.to_json(), indent=2, ensure_ascii=False)).encode("utf-8")
    try:
        fd, path = private_file(runner, REPORT_NAME)
    except OSError as error:
        log(f"Warning: the JSON report could not be written: {error.strerror}")
        return None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def private_file(runner: Runner, name: str) -> tuple[int, Path]:
    """Open `name` for writing in `$RUNNER_TEMP`, else in the workspace, never through a link.

    The workspace is the pull request's: a committed symlink or directory there may
    hold the name. Then (or if the name is taken at all, in the workspace) a fresh
    file with a random name is made instead (`mkstemp`: exclusive, private).
    """
    temp = runner.runner_temp
    in_temp = bool(temp) and Path(str(temp)).is_dir()
    folder = Path(str(temp)) if in_temp else runner.workspace
    # Windows has neither O_NOFOLLOW nor O_NONBLOCK, and needs O_BINARY (else the C
    # runtime writes every \n as \r\n).
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= os.O_TRUNC if in_temp else os.O_EXCL
    try:
        fd = os.open(folder / name, flags, 0o644)
    except OSError:
        fd = -1
    if fd >= 0 and stat.S_ISREG(os.fstat(fd).st_mode):
        return fd, folder / name
    if fd >= 0:
        os.close(fd)
    stem, dot, suffix = name.rpartition(".")
    fd, fresh = tempfile.mkstemp(prefix=f"{stem}-", suffix=f"{dot}{suffix}", dir=folder)
    return fd, Path(fresh)


def private_folder(runner: Runner, name: str) -> Path:
    """A folder for the run's files: `name` in `$RUNNER_TEMP` when it is free or a real
    folder there, else a fresh private one (`mkdtemp`) in `$RUNNER_TEMP` or the workspace,
    never through a link the pull request committed."""
    temp = runner.runner_temp
    if temp and Path(temp).is_dir():
        folder = Path(temp) / name
        if not os.path.lexists(folder):
            folder.mkdir()
        if folder.is_dir() and not folder.is_symlink():
            return folder
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=temp))
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=runner.workspace))
