"""`smartling-context sync`: the action's run from a terminal, credentials from the environment.

Inside GitHub Actions (`GITHUB_ACTIONS=true`) it escapes what it prints exactly as
the action does, and masks the credentials.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from smartling_context.errors import CannotStart
from smartling_context.github.inputs import check_api_url, check_project_id
from smartling_context.github.workflow_commands import add_secret, clean, untrusted
from smartling_context.run.markdown import render
from smartling_context.run.pipeline import (
    EXIT_CANNOT_START,
    EXIT_ITEMS_FAILED,
    EXIT_OK,
    SyncRequest,
    run_sync,
)
from smartling_context.run.report import RunReport
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.errors import SmartlingError
from smartling_context.strings.git import resolve_ref

CREDENTIALS = ("SMARTLING_USER_IDENTIFIER", "SMARTLING_USER_SECRET", "SMARTLING_PROJECT_ID")


def run_from_terminal(args: argparse.Namespace) -> int:
    user, secret, project = (os.environ.get(name, "") for name in CREDENTIALS)
    add_secret(user)
    add_secret(secret)
    report = RunReport(event="terminal", manifest=args.manifest, dry_run=args.dry_run)
    client = None
    if not args.dry_run:
        missing = [name for name in CREDENTIALS if not os.environ.get(name)]
        if missing:
            raise CannotStart(f"set {', '.join(missing)}", fix="or pass --dry-run")
        check_project_id(project, "SMARTLING_PROJECT_ID")
        api_url, warning = check_api_url(args.api_url, args.allow_http)
        if warning:
            print(f"Warning: {warning}", file=sys.stderr)
        client = SmartlingClient(api_url, user, secret, project)
    head = resolve_ref(args.repo, args.head, "--head")
    base = resolve_ref(args.repo, args.base, "--base") if args.base else None
    report.base = base
    try:
        if client is not None:
            client.authenticate()
        validation = run_sync(SyncRequest(args.repo, args.manifest, head, base), client, report)
    except SmartlingError as error:
        raise CannotStart(str(error)) from error
    untrusted(clean(render(report)))
    if args.report:
        text = json.dumps(report.to_json(), indent=2, ensure_ascii=False)
        args.report.write_text(clean(text), encoding="utf-8")
    if not validation.valid:
        untrusted("\n".join(f"  {problem}" for problem in validation.problems), sys.stderr)
        return EXIT_CANNOT_START
    return EXIT_ITEMS_FAILED if report.error_count() else EXIT_OK
