"""Which strings a range of commits added or changed, down to the key.

Git gives the list of changed files and both versions of each (no checkout
switching); only the strings files the manifest names and that changed are
parsed. A file the manifest names for the first time counts as added whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from smartling_context.manifest import Manifest, StringsCatalog
from smartling_context.repo_tree import GitError, git, glob_regex
from smartling_context.strings_formats import (
    SourceString,
    StringsFileError,
    infer_format,
    read_strings,
)


@dataclass(frozen=True)
class FileChange:
    """A file that differs between base and head: added, modified, renamed or deleted."""

    status: str
    path: str
    old_path: str | None = None


@dataclass(frozen=True)
class ChangedString:
    file: str
    key: str
    text: str
    note: str
    old_text: str | None  # None: the key is new

    @property
    def change(self) -> str:
        return "added" if self.old_text is None else "changed"


@dataclass(frozen=True)
class RemovedString:
    file: str
    key: str
    text: str


@dataclass(frozen=True)
class FileError:
    file: str
    line: int | None
    message: str


@dataclass
class StringsDiff:
    files: list[FileChange] = field(default_factory=list)
    strings: list[ChangedString] = field(default_factory=list)
    removed: list[RemovedString] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


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


def diff_strings(
    manifest: Manifest,
    head: StringsCatalog,
    changes: list[FileChange],
    read_base: Callable[[str], bytes | None],
    base_manifest: Manifest | None,
) -> StringsDiff:
    """The strings added or changed, and the keys removed, in the changed files.

    `read_base(path)` gives a file's base version (None when absent);
    `base_manifest` is the manifest at base (None when it did not exist), so
    that files it did not name count as new.
    """
    result = StringsDiff()
    owners = head.owners()
    by_path = {c.path: c for c in changes}
    newly_named = [
        path for path in owners if path not in by_path and not _named_by(base_manifest, path)
    ]
    for path in newly_named:
        by_path[path] = FileChange("added", path)
    for change in sorted(by_path.values(), key=lambda c: c.path):
        if change.status == "deleted":
            old_owner = _owner_format(base_manifest, change.path)
            if old_owner is None:
                continue
            result.files.append(change)
            old = _parse(read_base(change.path), old_owner, change.path, result)
            result.removed += [RemovedString(change.path, s.key, s.text) for s in old.values()]
            continue
        if change.path not in owners:
            continue
        result.files.append(change)
        try:
            new_strings = head.strings(change.path)
        except StringsFileError as error:
            result.errors.append(FileError(change.path, error.line, error.message))
            continue
        old: dict[str, SourceString] = {}
        if change.status != "added" and change.path not in newly_named:
            source = change.old_path or change.path
            fmt = _owner_format(base_manifest, source) or head.format_of(change.path)
            old = _parse(read_base(source), fmt, source, None)
        new = {s.key: s for s in new_strings}
        for key, string in new.items():
            before = old.get(key)
            if before is None or before.text != string.text:
                result.strings.append(
                    ChangedString(
                        change.path, key, string.text, string.note, before.text if before else None
                    )
                )
        result.removed += [
            RemovedString(change.path, key, s.text) for key, s in old.items() if key not in new
        ]
    return result


def _named_by(manifest: Manifest | None, path: str) -> bool:
    return manifest is not None and any(
        glob_regex(entry.files).match(path) for entry in manifest.entries
    )


def _owner_format(manifest: Manifest | None, path: str) -> str | None:
    if manifest is None:
        return None
    for entry in manifest.entries:
        if glob_regex(entry.files).match(path):
            return entry.format or infer_format(path)
    return None


def _parse(
    content: bytes | None, fmt: str | None, path: str, result: StringsDiff | None
) -> dict[str, SourceString]:
    """A base version's strings by key. A base that does not parse counts as empty
    (its strings are then all new); reported only for deleted files."""
    if content is None or fmt is None:
        return {}
    try:
        return {s.key: s for s in read_strings(content, fmt)}
    except StringsFileError as error:
        if result is not None:
            result.errors.append(FileError(path, error.line, f"base version: {error.message}"))
        return {}


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
