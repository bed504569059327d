"""Running git on the workspace, and the commit-level questions the diff asks of it.

Git always runs with the workspace marked a `safe.directory` (inside a
container the checkout belongs to another user) without writing any config.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from smartling_context.errors import CannotStart


class GitError(CannotStart):
    """A git command that failed, with what git said: the run cannot go on."""


def git_environment(root: Path) -> dict[str, str]:
    """The environment git runs with: `root` trusted as a safe.directory, no prompt."""
    return {
        **os.environ,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "safe.directory",
        "GIT_CONFIG_VALUE_0": str(root),
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }


def git(root: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    """Run git in `root` (trusted as a safe.directory); return stdout or raise GitError."""
    result = subprocess.run(
        ["git", "-C", str(root), *args],
        input=input_bytes,
        capture_output=True,
        env=git_environment(root),
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
        raise GitError(f"git {' '.join(args[:2])}: {message}")
    return result.stdout


@dataclass(frozen=True)
class FileChange:
    """A file that differs between base and head: added, modified, renamed or deleted."""

    status: str
    path: str
    old_path: str | None = None


_STATUS = {
    "A": "added",
    "M": "modified",
    "R": "renamed",
    "D": "deleted",
    "C": "added",
    "T": "modified",
}


def changed_files(repo: Path, base: str, head: str) -> list[FileChange]:
    """Files that differ between two commits, with renames detected."""
    out = git(repo, "diff", "--name-status", "-z", "-M", "--end-of-options", base, head, "--")
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes = []
    index = 0
    while index < len(fields) and fields[index]:
        code = fields[index][0]
        if code in "RC":
            changes.append(FileChange(_STATUS[code], fields[index + 2], fields[index + 1]))
            index += 3
        else:
            changes.append(FileChange(_STATUS.get(code, "modified"), fields[index + 1]))
            index += 2
    return changes


def is_shallow(repo: Path) -> bool:
    return git(repo, "rev-parse", "--is-shallow-repository").strip() == b"true"


def _fetch(repo: Path, *args: str) -> bool:
    try:
        git(repo, "fetch", "--no-tags", "--quiet", *args)
        return True
    except GitError:
        return False


def _has_commit(repo: Path, sha: str) -> bool:
    try:
        git(repo, "cat-file", "-e", "--end-of-options", f"{sha}^{{commit}}")
        return True
    except GitError:
        return False


def ensure_commit(repo: Path, sha: str) -> bool:
    """Make sure a commit is in the clone: fetch just it from origin.

    `--depth` only in a clone that is already shallow: on a full clone it would
    write `.git/shallow` and cut the history the merge base lives in.
    """
    if _has_commit(repo, sha):
        return True
    depth = ["--depth=1"] if is_shallow(repo) else []
    return _fetch(repo, *depth, "origin", "--end-of-options", sha) and _has_commit(repo, sha)


DEEPEN_STEPS = (16, 64, 256, 1024, 4096)  # commits; each step fetches more history


def merge_base(repo: Path, base: str, head: str) -> str | None:
    """Where head left base (for a three-dot diff), or None when it cannot be found.

    In a shallow clone the history is deepened step by step (bounded by
    DEEPEN_STEPS) until the merge base is reachable.
    """
    found = _merge_base(repo, base, head)
    if found or not is_shallow(repo):
        return found
    for depth in DEEPEN_STEPS:
        if not _fetch(repo, f"--deepen={depth}", "origin", "--end-of-options", base, head):
            return None
        found = _merge_base(repo, base, head)
        if found or not is_shallow(repo):
            return found
    return None


def _merge_base(repo: Path, base: str, head: str) -> str | None:
    try:
        return git(repo, "merge-base", "--end-of-options", base, head).decode().strip() or None
    except GitError:
        return None


def resolve(repo: Path, ref: str) -> str | None:
    """The commit a ref or SHA names, or None; never read as an option."""
    try:
        out = git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        return out.decode().strip()
    except GitError:
        return None


def resolve_ref(repo: Path, ref: str, what: str) -> str:
    """A user-given ref or SHA as a commit SHA, fetching it from origin when needed.

    Only a ref name (as `git check-ref-format` accepts it) or a hex SHA is taken;
    nothing that starts with `-` ever reaches git. Raises GitError.
    """
    hex_sha = re.fullmatch(r"[0-9a-f]{7,64}", ref) is not None
    if ref.startswith("-") or not (hex_sha or _is_ref_name(repo, ref)):
        raise GitError(f"{what} {ref[:100]!r} is not a ref or a commit SHA", fix=RESOLVE_FIX)
    found = resolve(repo, ref)
    if found is None and (ensure_commit(repo, ref) if hex_sha else _fetch_ref(repo, ref)):
        found = resolve(repo, ref if hex_sha else "FETCH_HEAD")
    if found is None:
        raise GitError(
            f"{what} {ref[:100]!r} names no commit in the checkout or on origin", fix=RESOLVE_FIX
        )
    return found


RESOLVE_FIX = "give a branch, a tag or a commit SHA, e.g. main or 1a2b3c4"


def _is_ref_name(repo: Path, ref: str) -> bool:
    try:
        git(repo, "check-ref-format", "--allow-onelevel", ref)
        return True
    except GitError:
        return False


def _fetch_ref(repo: Path, ref: str) -> bool:
    depth = ["--depth=1"] if is_shallow(repo) else []
    return _fetch(repo, *depth, "origin", "--end-of-options", ref)
