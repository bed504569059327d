"""Which strings a range of commits added or changed, down to the key.

Git gives the list of changed files and both versions of each (no checkout
switching); only the strings files the manifest names and that changed are
parsed. A file the manifest names for the first time counts as added whole.
A base version that does not parse is never silently empty: it is an error
item naming the file and the base commit (its head strings then count as added,
which is safe since creating a string is idempotent).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from smartling_context.strings.catalog import FileRule, Rule, StringsCatalog
from smartling_context.strings.formats import (
    SourceString,
    StringsFileError,
    infer_format,
    read_strings,
)
from smartling_context.strings.git import FileChange
from smartling_context.strings.globs import matches_glob


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


def diff_strings(
    head: StringsCatalog[Rule],
    changes: list[FileChange],
    read_base: Callable[[str], bytes | None],
    base_rules: Sequence[FileRule] | None,
    base_commit: str | None = None,
    base_parsed: Callable[[str], list[SourceString] | None] | None = None,
) -> StringsDiff:
    """The strings added or changed, and the keys removed, in the changed files.

    `read_base(path)` gives a file's base version (None when absent);
    `base_rules` are the manifest's strings entries at base (None when it did
    not exist), so that files it did not name count as new. `base_commit`
    names the base in the error of a base version that does not parse.
    `base_parsed(path)` gives a base version's strings already read with
    `base_rules` (the manifest check reads some), None when it has not.
    """
    result = StringsDiff()
    owners = head.owners()
    by_path = {c.path: c for c in changes}
    newly_named = [
        path for path in owners if path not in by_path and not _named_by(base_rules, path)
    ]
    for path in newly_named:
        by_path[path] = FileChange("added", path)
    base = _Base(read_base, base_rules, base_commit, base_parsed)
    for change in sorted(by_path.values(), key=lambda c: c.path):
        if change.status == "deleted":
            _diff_deleted(change, base, result)
        elif change.path in owners:
            fresh = change.status == "added" or change.path in newly_named
            _diff_changed(change, head, None if fresh else base, result)
    return result


@dataclass(frozen=True)
class _Base:
    """The base side of a diff: a file's base version, the entries then, the commit."""

    read: Callable[[str], bytes | None]
    rules: Sequence[FileRule] | None
    commit: str | None
    parsed: Callable[[str], list[SourceString] | None] | None = None

    def strings(self, path: str, fmt: str | None, result: StringsDiff) -> dict[str, SourceString]:
        """A base version's strings by key, read once: parsed with the base rules'
        format when that is `fmt`, else here (an error item when it does not parse)."""
        known = None
        if self.parsed is not None and fmt is not None and fmt == _owner_format(self.rules, path):
            known = self.parsed(path)
        if known is not None:
            return {s.key: s for s in known}
        return _parse(self.read(path), fmt, path, result, self.commit)


def _diff_deleted(change: FileChange, base: _Base, result: StringsDiff) -> None:
    """A deleted file the manifest named at base: every key it had is removed."""
    old_owner = _owner_format(base.rules, change.path)
    if old_owner is None:
        return
    result.files.append(change)
    gone = base.strings(change.path, old_owner, result)
    result.removed += [RemovedString(change.path, s.key, s.text) for s in gone.values()]


def _diff_changed(
    change: FileChange, head: StringsCatalog[Rule], base: _Base | None, result: StringsDiff
) -> None:
    """A file at head against its base version (`base` None: new, every string is added)."""
    result.files.append(change)
    try:
        new_strings = head.strings(change.path)
    except StringsFileError as error:
        result.errors.append(FileError(change.path, error.line, error.message))
        return
    old: dict[str, SourceString] = {}
    if base is not None:
        source = change.old_path or change.path
        fmt = _owner_format(base.rules, source) or head.format_of(change.path)
        old = base.strings(source, fmt, result)
    new = {s.key: s for s in new_strings}
    for key, string in new.items():
        before = old.get(key)
        if before is None or before.compared != string.compared:
            result.strings.append(
                ChangedString(
                    change.path, key, string.text, string.note, before.text if before else None
                )
            )
    result.removed += [
        RemovedString(change.path, key, s.text) for key, s in old.items() if key not in new
    ]


def _named_by(rules: Sequence[FileRule] | None, path: str) -> bool:
    return rules is not None and any(matches_glob(rule.files, path) for rule in rules)


def _owner_format(rules: Sequence[FileRule] | None, path: str) -> str | None:
    if rules is None:
        return None
    for entry in rules:
        if matches_glob(entry.files, path):
            return entry.format or infer_format(path)
    return None


def _parse(
    content: bytes | None,
    fmt: str | None,
    path: str,
    result: StringsDiff,
    base_commit: str | None,
) -> dict[str, SourceString]:
    """A base version's strings by key; one that does not parse is an error item."""
    if content is None or fmt is None:
        return {}
    try:
        return {s.key: s for s in read_strings(content, fmt)}
    except StringsFileError as error:
        at = f" at {base_commit[:12]}" if base_commit else ""
        result.errors.append(
            FileError(
                path,
                None,
                f"the base version{at} does not parse ({error.message}"
                f"{f', line {error.line}' if error.line else ''}); its strings cannot be "
                "compared: every string of the file at head is treated as added, and "
                "removed keys are not listed",
            )
        )
        return {}
