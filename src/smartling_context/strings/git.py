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


GIT_FIX = "make sure git is installed and the workspace is a git checkout"


def git(root: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    """Run git in `root` (trusted as a safe.directory); return stdout or raise GitError.

    Run as root on a checkout that belongs to another user, git runs as that
    user (see `_owner`), so what it writes stays theirs.
    """
    uid, gid = _owner(root) or (None, None)
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            input=input_bytes,
            capture_output=True,
            env=_environment(root),
            check=False,
            user=uid,
            group=gid,
            extra_groups=None if uid is None else [],
        )
    except OSError as error:
        raise GitError(f"git could not be started: {error}", fix=GIT_FIX) from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
        raise GitError(f"git {' '.join(args[:2])}: {message}")
    return result.stdout


def start_git(root: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start a long-lived git in `root`, run as `git` runs it, to talk to through
    its stdin and stdout (`cat-file --batch`); its stderr is dropped."""
    uid, gid = _owner(root) or (None, None)
    try:
        return subprocess.Popen(
            ["git", "-C", str(root), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(root),
            user=uid,
            group=gid,
            extra_groups=None if uid is None else [],
        )
    except OSError as error:
        raise GitError(f"git could not be started: {error}", fix=GIT_FIX) from error


def _environment(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "safe.directory",
        "GIT_CONFIG_VALUE_0": str(root),
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }


def _owner(root: Path) -> tuple[int, int] | None:
    """Who git must run as (uid, gid): the checkout's owner when we are root and they
    are not.

    Inside the action's container the action runs as root, but the runner
    mounts the workspace as its own user's (uid 1001 on GitHub-hosted runners).
    Every object, ref, `FETCH_HEAD` and `.git/shallow` a root git writes there
    is root's, and a later step of the job, running as the runner's user,
    cannot write into `.git` any more (its fetch, commit or checkout fails).
    Running git as the owner keeps the checkout theirs and never gives git
    more rights than the checkout's owner has. HOME stays: git reads the global
    config the owner can read and skips one it cannot (on GitHub's runner HOME
    is /github/home, theirs too). None: run git as we are.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:  # Windows has no uids
        return None
    try:
        status = (root / ".git").stat()
    except OSError:
        try:
            status = root.stat()
        except OSError:
            return None  # git says what is wrong with the path
    if status.st_uid == 0:
        return None
    return status.st_uid, status.st_gid


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
