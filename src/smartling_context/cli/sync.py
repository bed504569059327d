"""`smartling-context sync`: the action's run from a terminal, credentials from the environment.

Inside GitHub Actions (`GITHUB_ACTIONS=true`) it escapes what it prints exactly as
the action does, and masks the credentials.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from smartling_context.errors import CannotStart
from smartling_context.github.inputs import check_api_url, check_project_id
from smartling_context.github.workflow_commands import add_secret, clean, untrusted
from smartling_context.run.markdown import render
from smartling_context.run.pipeline import (
    EXIT_CANNOT_START,
    EXIT_ITEMS_FAILED,
    EXIT_OK,
    ManifestProblems,
    Sync,
    SyncRequest,
)
from smartling_context.run.progress import Plain
from smartling_context.run.report import RunInfo
from smartling_context.smartling.client import SmartlingClient
from smartling_context.strings.git import GitError, git, resolve_ref

CREDENTIALS = ("SMARTLING_USER_IDENTIFIER", "SMARTLING_USER_SECRET", "SMARTLING_PROJECT_ID")


def run_from_terminal(args: argparse.Namespace) -> int:
    _check_paths(args.repo, args.report)
    user, secret, project = (os.environ.get(name, "") for name in CREDENTIALS)
    add_secret(user)
    add_secret(secret)
    client = None
    if not args.dry_run:
        missing = [name for name in CREDENTIALS if not os.environ.get(name)]
        if missing:
            raise CannotStart(f"set {', '.join(missing)}", fix="or pass --dry-run")
        check_project_id(project, "SMARTLING_PROJECT_ID")
        api_url, warning = check_api_url(args.api_url, args.allow_http)
        if warning:
            print(f"Warning: {warning}", file=sys.stderr)
        deadline = time.monotonic() + args.time_limit * 60
        client = SmartlingClient(
            api_url, user, secret, project, deadline=deadline, on_token=add_secret
        )
    head = resolve_ref(args.repo, args.head, "--head")
    base = resolve_ref(args.repo, args.base, "--base") if args.base else None
    info = RunInfo("terminal", args.manifest, base, head, dry_run=args.dry_run)
    sync = Sync(SyncRequest(args.repo, args.manifest, head, base), info, _Progress())
    status = EXIT_OK
    try:
        sync.run(client)
    except ManifestProblems as problems:
        untrusted("\n".join(f"  {problem}" for problem in problems.problems), sys.stderr)
        status = EXIT_CANNOT_START
    except CannotStart as error:
        untrusted(f"Error: {error}", sys.stderr)
        status = EXIT_CANNOT_START
    report = sync.report()
    untrusted(clean(render(report)))
    if args.report:
        text = json.dumps(report.to_json(), indent=2, ensure_ascii=False)
        try:
            args.report.write_text(clean(text), encoding="utf-8")
        except OSError as error:
            reason = error.strerror or error
            untrusted(f"Error: --report {args.report}: {reason}; give a file's path", sys.stderr)
            status = status or EXIT_CANNOT_START
    if status == EXIT_OK and report.error_count():
        return EXIT_ITEMS_FAILED
    return status


def _check_paths(repo: Path, report: Path | None) -> None:
    """Before anything is sent: the paths the user gave can serve the run."""
    if not repo.is_dir():
        raise CannotStart(f"--repo {repo}: not a folder", fix="pass the repository's root")
    try:
        git(repo, "rev-parse", "--git-dir")
    except GitError:
        raise CannotStart(
            f"--repo {repo}: not a git checkout", fix="pass the root of the repository's clone"
        ) from None
    if report is not None and not report.parent.is_dir():
        raise CannotStart(
            f"--report {report}: the folder {report.parent} does not exist",
            fix="create it, or give a path in an existing folder",
        )


class _Progress(Plain):
    """The terminal's progress; inside Actions, lines from the pull request are escaped."""

    def log(self, text: str) -> None:
        untrusted(text, self.stream)
