"""One sync, from commits to Smartling: validate -> diff -> plan -> create/upload/bind.

The action, the `sync` command and the demo all run this; only where the
settings come from and where the report goes differ.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from smartling_context.errors import CannotStart
from smartling_context.manifest.model import Manifest, Problem, StringsEntry
from smartling_context.manifest.schema_check import ManifestInvalid, load_manifest
from smartling_context.manifest.settled import Baseline
from smartling_context.manifest.validation import validate
from smartling_context.run.execute import RunRefused, execute
from smartling_context.run.outcomes import Outcomes
from smartling_context.run.plan import Plan, build_plan
from smartling_context.run.progress import Progress
from smartling_context.run.record import build_report
from smartling_context.run.report import ErrorItem, RunInfo, RunReport
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.errors import SmartlingError
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.diff import diff_strings
from smartling_context.strings.git import FileChange, changed_files, ensure_commit, merge_base
from smartling_context.strings.trees import GitTree, WorkspaceTree

EXIT_OK, EXIT_ITEMS_FAILED, EXIT_CANNOT_START = 0, 1, 2
CREDENTIALS_FIX = (
    "check the `user-identifier` and `user-secret` inputs (Smartling: Account Settings > API)"
)
PROJECT_FIX = "check the `project-id` input (Smartling: Account Settings > API > Project ID)"


class CommitReader(Protocol):
    """Reads a base commit git could not fetch (the GitHub API, at the edge)."""

    def file_at(self, path: str, ref: str) -> bytes | None: ...

    def changed_files(self, base: str, head: str) -> list[tuple[str, str, str | None]]: ...

    def merge_base(self, base: str, head: str) -> str: ...


@dataclass
class SyncRequest:
    repo: Path
    manifest: str
    head: str
    base: str | None  # None: full sync
    github: CommitReader | None = None  # fallback for a base commit git cannot fetch
    branch: str | None = None  # fills `{branch}` in file-URI templates


class ManifestProblems(CannotStart):
    """The manifest is invalid: every problem, each with its file, line and node."""

    def __init__(self, manifest: str, problems: list[Problem]) -> None:
        super().__init__(
            f"the manifest has {len(problems)} problem(s); nothing was synced",
            fix="fix them (each is listed with its line) and push again",
            file=manifest,
        )
        self.problems = problems


class Sync:
    """One run. `run()` may raise `CannotStart` at any point; `report()` always
    returns the report of what happened until then, built from plan + outcomes."""

    def __init__(self, request: SyncRequest, info: RunInfo, progress: Progress) -> None:
        self.request, self.info, self.progress = request, info, progress
        self.plan: Plan | None = None
        self.outcomes: Outcomes | None = None
        self.errors: list[ErrorItem] = []
        self.removed: list[dict[str, str]] = []
        self.notices: list[str] = []
        self._authentication: _Authentication | None = None

    def report(self) -> RunReport:
        info = replace(self.info, notices=[*self.info.notices, *self.notices])
        return build_report(info, self.plan, self.outcomes, self.errors, self.removed)

    def run(self, client: SmartlingClient | None) -> RunReport:
        """Validate, diff, plan; then (unless `client` is None: a dry run) authenticate
        and execute. Raises `CannotStart` (`ManifestProblems` for the manifest)."""
        try:
            self._run(client)
        except ManifestProblems as problems:
            self.notices.append(
                f"The manifest has {len(problems.problems)} problem(s); nothing was synced. "
                "Fix them (details below) and push again."
            )
            raise
        except CannotStart as error:
            self.errors.append(ErrorItem("run", str(error)))
            raise
        return self.report()

    def _run(self, client: SmartlingClient | None) -> None:
        self.plan = self._plan(client)
        if client is None:
            return
        with self.progress.step("Sync with Smartling"):
            self.outcomes = Outcomes()  # from here on, what was not reached is "not done"
            assert self._authentication is not None  # started once the manifest was valid
            self._authentication.wait()
            try:
                execute(self.plan, client, self.outcomes)
            except RunRefused as refused:
                raise _cannot_start(refused.error) from refused

    def _plan(self, client: SmartlingClient | None) -> Plan:
        """Validate, diff and plan; authentication starts beside the diff and the plan
        once the manifest is valid."""
        request, progress = self.request, self.progress
        if not ensure_commit(request.repo, request.head):
            raise CannotStart(
                f"commit {request.head} is not in the checkout and could not be fetched "
                "from origin",
                fix="check out the repository first (actions/checkout)",
            )
        head_tree = GitTree(request.repo, request.head)
        assets = WorkspaceTree(head_tree, request.repo)
        # A base git can read is read first: validation does not search again for a
        # bound key the change cannot have affected. Any other base (the GitHub API,
        # or none to be had) is read after validation, as a bad manifest comes first.
        side = _git_base_side(request)
        with progress.step("Validate the manifest"):
            baseline = side.baseline() if side else None
            validation = validate(head_tree, request.manifest, assets, baseline)
        if not validation.valid:
            self.errors += [
                ErrorItem("manifest", p.message, p.manifest, p.line, p.node)
                for p in validation.problems
            ]
            raise ManifestProblems(request.manifest, validation.problems)
        if client is not None:
            self._authentication = _Authentication(client)
        manifest, catalog = validation.manifest, validation.catalog
        assert manifest is not None and catalog is not None
        with progress.step("Find the changed strings"):
            if request.base is None:
                diff, base_manifest, changed = None, None, set()
            else:
                side = side or _api_base_side(request, progress)
                changed = {c.path for c in side.changes}
                base_manifest = side.manifest
                old_entries = base_manifest.entries if base_manifest else None
                parsed = side.catalog.parsed if side.catalog else None
                diff = diff_strings(
                    catalog, side.changes, side.read, old_entries, side.commit, parsed
                )
                self.removed = [
                    {"file": r.file, "key": r.key, "text": r.text} for r in diff.removed
                ]
            plan = build_plan(
                manifest, catalog, diff, base_manifest, changed, request.branch, assets
            )
            looked_up = sum(1 for s in plan.strings if s.file_uri)
            progress.log(
                f"{len(plan.strings) - looked_up} string(s) to create, {looked_up} to look up "
                f"by file URI, {len(plan.screenshots)} screenshot(s) to sync"
            )
        return plan


class _Authentication:
    """Authentication in the background, started once the manifest is valid (a bad
    manifest is never hidden by bad credentials, and costs no request), so that its
    round trip overlaps the diff and the plan. A daemon thread: a run that stops
    before it needs the token does not wait for it."""

    def __init__(self, client: SmartlingClient) -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._authenticate, args=(client,), name="authenticate", daemon=True
        )
        self._thread.start()

    def _authenticate(self, client: SmartlingClient) -> None:
        try:
            client.authenticate()
        except BaseException as error:  # raised where the run waits for it
            self._error = error

    def wait(self) -> None:
        """Return once authenticated; raise CannotStart when Smartling refused or failed."""
        self._thread.join()
        if isinstance(self._error, SmartlingError):
            raise _cannot_start(self._error) from self._error
        if self._error is not None:
            raise self._error


def _cannot_start(error: SmartlingError) -> CannotStart:
    if error.is_credentials_problem:
        return CannotStart(f"Smartling refused the credentials: {error}", fix=CREDENTIALS_FIX)
    if error.is_project_problem:
        return CannotStart(f"Smartling does not know the project: {error}", fix=PROJECT_FIX)
    return CannotStart(f"Smartling could not be reached: {error}", fix="check the `api-url` input")


@dataclass
class _BaseSide:
    """The changed files, a reader of base versions, the base manifest, and the
    commit they were read from: the merge base when git finds one, else the base.
    `tree` is that commit when git reads it (None: read through the GitHub API)."""

    changes: list[FileChange]
    read: Callable[[str], bytes | None]
    manifest: Manifest | None
    commit: str
    tree: GitTree | None = None
    catalog: StringsCatalog[StringsEntry] | None = None  # the base's files, once read

    def baseline(self) -> Baseline | None:
        """What validation may take as known at the base (None: check everything)."""
        if self.tree is None or self.manifest is None:
            return None
        changed = {c.path for c in self.changes} | {c.old_path for c in self.changes if c.old_path}
        self.catalog = StringsCatalog(self.manifest.entries, self.tree)
        return Baseline(self.manifest, self.catalog, frozenset(changed))


def _git_base_side(request: SyncRequest) -> _BaseSide | None:
    """The base side as git reads it; None for a full sync or a base git cannot fetch."""
    repo, base, head = request.repo, request.base, request.head
    if base is None or not ensure_commit(repo, base):
        return None
    base = merge_base(repo, base, head) or _api_merge_base(request, base, head) or base
    tree = GitTree(repo, base)

    def read_base(path: str) -> bytes | None:
        return tree.read(path) if tree.exists(path) else None

    changes = changed_files(repo, base, head)
    return _BaseSide(changes, read_base, _base_manifest(read_base, request.manifest), base, tree)


def _api_base_side(request: SyncRequest, progress: Progress) -> _BaseSide:
    """The base side read through the GitHub API, when git could not fetch the base."""
    base = request.base
    assert base is not None
    if request.github is None:
        raise CannotStart(
            f"base commit {base} is not in the checkout and could not be fetched",
            fix="use `fetch-depth: 0` in actions/checkout or pass `github-token`",
        )
    progress.log(f"base commit {base} could not be fetched; reading it through the GitHub API")
    github = request.github

    def read_base(path: str) -> bytes | None:
        return github.file_at(path, base)

    status = {"removed": "deleted", "renamed": "renamed", "added": "added"}
    changes = [
        FileChange(status.get(kind, "modified"), path, previous)
        for kind, path, previous in github.changed_files(base, request.head)
    ]
    return _BaseSide(changes, read_base, _base_manifest(read_base, request.manifest), base)


def _base_manifest(read_base: Callable[[str], bytes | None], path: str) -> Manifest | None:
    """The manifest at the base, or None when it did not exist or was invalid there."""
    old = read_base(path)
    if old is None:
        return None
    try:
        manifest, _ = load_manifest(old, path)
    except ManifestInvalid:
        return None
    return manifest


def _api_merge_base(request: SyncRequest, base: str, head: str) -> str | None:
    """The merge base from GitHub's compare API, when git's history is too short for it."""
    if request.github is None:
        return None
    try:
        found = request.github.merge_base(base, head)
    except CannotStart:
        return None
    return found if ensure_commit(request.repo, found) else None
