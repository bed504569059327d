"""One sync, from commits to Smartling: validate -> diff -> plan -> create/upload/bind.

The action, the `sync` command and the demo all run this; only where the
settings come from and where the report goes differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from smartling_context.errors import CannotStart
from smartling_context.github.rest import GitHubApi
from smartling_context.github.workflow_commands import group, log
from smartling_context.manifest.model import Manifest
from smartling_context.manifest.schema_check import ManifestInvalid, load_manifest
from smartling_context.manifest.validation import Validation, validate
from smartling_context.run.execute import SetupFailure, execute, record_plan
from smartling_context.run.plan import build_plan
from smartling_context.run.report import ErrorItem, RunReport
from smartling_context.smartling.client import SmartlingClient
from smartling_context.strings.diff import diff_strings
from smartling_context.strings.git import FileChange, changed_files, ensure_commit, merge_base
from smartling_context.strings.trees import GitTree

EXIT_OK, EXIT_ITEMS_FAILED, EXIT_CANNOT_START = 0, 1, 2


@dataclass
class SyncRequest:
    repo: Path
    manifest: str
    head: str
    base: str | None  # None: full sync
    github: GitHubApi | None = None  # fallback for a base commit git cannot fetch


def run_sync(request: SyncRequest, client: SmartlingClient | None, report: RunReport) -> Validation:
    """Fill `report` with the run. `client=None` is a dry run. Raises CannotStart."""
    repo = request.repo
    if not ensure_commit(repo, request.head):
        raise CannotStart(
            f"commit {request.head} is not in the checkout and could not be fetched from origin; "
            "check out the repository first (actions/checkout)"
        )
    report.head = request.head
    head_tree = GitTree(repo, request.head)
    with group("Validate the manifest"):
        validation = validate(head_tree, request.manifest)
    if not validation.valid:
        report.errors += [
            ErrorItem("manifest", p.message, p.manifest, p.line, p.node)
            for p in validation.problems
        ]
        return validation
    manifest, catalog = validation.manifest, validation.catalog
    assert manifest is not None and catalog is not None
    with group("Find the changed strings"):
        if request.base is None:
            diff, base_manifest, changed = None, None, set()
        else:
            changes, read_base, base_manifest = _base_side(request, manifest)
            changed = {c.path for c in changes}
            diff = diff_strings(
                catalog, changes, read_base, base_manifest.entries if base_manifest else None
            )
            report.removed = [{"file": r.file, "key": r.key, "text": r.text} for r in diff.removed]
        plan = build_plan(manifest, catalog, diff, base_manifest, changed)
        report.errors += [
            ErrorItem("strings-file", e.message, e.file, e.line) for e in plan.file_errors
        ]
        log(f"{len(plan.strings)} string(s) and {len(plan.screenshots)} screenshot(s) to sync")
    if client is None:
        record_plan(plan, report)
        return validation
    with group("Sync with Smartling"):
        try:
            execute(plan, client, report)
        except SetupFailure as failure:
            raise CannotStart(f"Smartling refused the run: {failure}") from failure
    return validation


def _base_side(
    request: SyncRequest, manifest: Manifest
) -> tuple[list[FileChange], Callable[[str], bytes | None], Manifest | None]:
    """The changed files, a reader of base versions, and the base manifest."""
    repo, base, head = request.repo, request.base, request.head
    assert base is not None
    if ensure_commit(repo, base):
        base = merge_base(repo, base, head) or _api_merge_base(request, base, head) or base
        tree = GitTree(repo, base)

        def read_base(path: str) -> bytes | None:
            return tree.read(path) if tree.exists(path) else None

        changes = changed_files(repo, base, head)
    elif request.github is not None:
        log(f"base commit {base} could not be fetched; reading it through the GitHub API")
        github = request.github

        def read_base(path: str) -> bytes | None:
            return github.file_at(path, base)

        status = {"removed": "deleted", "renamed": "renamed", "added": "added"}
        changes = [
            FileChange(status.get(kind, "modified"), path, previous)
            for kind, path, previous in github.changed_files(base, head)
        ]
    else:
        raise CannotStart(
            f"base commit {base} is not in the checkout and could not be fetched; use "
            "`fetch-depth: 0` in actions/checkout or pass `github-token`"
        )
    old = read_base(manifest.path)
    base_manifest = None
    if old is not None:
        try:
            base_manifest, _ = load_manifest(old, manifest.path)
        except ManifestInvalid:
            base_manifest = None
    return changes, read_base, base_manifest


def _api_merge_base(request: SyncRequest, base: str, head: str) -> str | None:
    """The merge base from GitHub's compare API, when git's history is too short for it."""
    if request.github is None:
        return None
    try:
        found = request.github.merge_base(base, head)
    except CannotStart:
        return None
    return found if ensure_commit(request.repo, found) else None
