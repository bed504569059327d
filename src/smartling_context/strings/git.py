"""Running git on the workspace, and the commit-level questions the diff asks of it.

Git always runs with the workspace marked a `safe.directory` (inside a
container the checkout belongs to another user) without writing any config.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """A git command that failed, with what git said."""


def git(root: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    """Run git in `root` (trusted as a safe.directory); return stdout or raise GitError."""
    env = {
        **os.environ,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "safe.directory",
        "GIT_CONFIG_VALUE_0": str(root),
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }
    result = subprocess.run(
        ["git", "-C", str(root), *args],
        input=input_bytes,
        capture_output=True,
        env=env,
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
    out = git(repo, "diff", "--name-status", "-z", "-M", base, head, "--")
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


def ensure_commit(repo: Path, sha: str) -> bool:
    """Make sure a commit is in the (maybe shallow) clone: fetch just it from origin."""
    try:
        git(repo, "cat-file", "-e", f"{sha}^{{commit}}")
        return True
    except GitError:
        pass
    try:
        git(repo, "fetch", "--no-tags", "--quiet", "--depth=1", "origin", sha)
        git(repo, "cat-file", "-e", f"{sha}^{{commit}}")
        return True
    except GitError:
        return False


def merge_base(repo: Path, base: str, head: str) -> str:
    """Where head left base (three-dot diff), or base itself when history is too shallow."""
    try:
        return git(repo, "merge-base", base, head).decode().strip() or base
    except GitError:
        return base


def resolve(repo: Path, ref: str) -> str | None:
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        return None
