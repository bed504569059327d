"""`smartling-context sync`: the action's run from a terminal, credentials from the environment."""

from __future__ import annotations

import argparse
import json
import os
import sys

from smartling_context.errors import CannotStart
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
from smartling_context.strings.git import GitError, resolve


def run_from_terminal(args: argparse.Namespace) -> int:
    user = os.environ.get("SMARTLING_USER_IDENTIFIER", "")
    secret = os.environ.get("SMARTLING_USER_SECRET", "")
    project = os.environ.get("SMARTLING_PROJECT_ID", "")
    info = RunInfo(event="terminal", manifest=args.manifest, dry_run=args.dry_run)
    client = None
    if not args.dry_run:
        missing = [
            name
            for name, value in [
                ("SMARTLING_USER_IDENTIFIER", user),
                ("SMARTLING_USER_SECRET", secret),
                ("SMARTLING_PROJECT_ID", project),
            ]
            if not value
        ]
        if missing:
            print(f"Error: set {', '.join(missing)} (or pass --dry-run)", file=sys.stderr)
            return EXIT_CANNOT_START
        client = SmartlingClient(args.api_url, user, secret, project)
    head = resolve(args.repo, args.head)
    base = resolve(args.repo, args.base) if args.base else None
    if head is None or (args.base and base is None):
        bad = args.head if head is None else args.base
        print(f"Error: {bad!r} is not a commit in {args.repo}", file=sys.stderr)
        return EXIT_CANNOT_START
    info.base, info.head = base, head
    sync = Sync(SyncRequest(args.repo, args.manifest, head, base), info, Plain())
    status = EXIT_OK
    try:
        sync.run(client)
    except ManifestProblems as problems:
        for problem in problems.problems:
            print(f"  {problem}", file=sys.stderr)
        status = EXIT_CANNOT_START
    except (CannotStart, GitError) as error:
        print(f"Error: {error}", file=sys.stderr)
        status = EXIT_CANNOT_START
    report = sync.report()
    print(render(report))
    if args.report:
        args.report.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    if status == EXIT_OK and report.error_count():
        return EXIT_ITEMS_FAILED
    return status
