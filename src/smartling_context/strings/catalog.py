"""The manifest's strings files in one tree: which entry owns each file, read on demand and kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar

from smartling_context.strings.formats import (
    SourceString,
    StringsFileError,
    infer_format,
    read_strings,
)
from smartling_context.strings.globs import escapes_root, glob_match
from smartling_context.strings.trees import Tree


class FileRule(Protocol):
    """What the catalog needs of a manifest `strings` entry: its glob and its format."""

    @property
    def files(self) -> str: ...

    @property
    def format(self) -> str | None: ...


Rule = TypeVar("Rule", bound=FileRule)


class StringsCatalog(Generic[Rule]):
    """The strings files that `rules` name in one tree, read on demand and kept."""

    def __init__(self, rules: Sequence[Rule], tree: Tree) -> None:
        self.rules = rules
        self.tree = tree
        self._owner: dict[str, Rule] | None = None
        self._parsed: dict[str, list[SourceString] | StringsFileError] = {}
        self._by_key: dict[str, dict[str, SourceString]] = {}

    def owners(self) -> dict[str, Rule]:
        """Each strings file and the rule that names it (the first that does)."""
        if self._owner is None:
            files = self.tree.files()
            self._owner = {}
            for rule in self.rules:
                for path in glob_match(rule.files, files):
                    self._owner.setdefault(path, rule)
        return self._owner

    def format_of(self, path: str) -> str | None:
        entry = self.owners().get(path)
        return (entry.format if entry else None) or infer_format(path)

    def strings(self, path: str) -> list[SourceString]:
        """The strings of one file; raises StringsFileError (kept, not retried)."""
        if path not in self._parsed:
            try:
                fmt = self.format_of(path)
                if fmt is None:
                    raise StringsFileError("cannot tell the format from the name; set `format:`")
                if outside(self.tree, path):
                    raise StringsFileError("a link that leads outside the repository; not read")
                self._parsed[path] = read_strings(self.tree.read(path), fmt)
            except StringsFileError as exc:
                self._parsed[path] = exc
        result = self._parsed[path]
        if isinstance(result, StringsFileError):
            raise result
        return result

    def by_key(self, path: str) -> dict[str, SourceString]:
        """One file's strings by key (the last wins, as in the diff); raises StringsFileError."""
        if path not in self._by_key:
            self._by_key[path] = {s.key: s for s in self.strings(path)}
        return self._by_key[path]

    def holders(self, key: str, files: list[str]) -> tuple[list[str], list[str]]:
        """Of `files`, those that hold `key`, and those that could not be read."""
        holding: list[str] = []
        unreadable: list[str] = []
        for path in files:
            try:
                if key in self.by_key(path):
                    holding.append(path)
            except StringsFileError:
                unreadable.append(path)
        return holding, unreadable


def outside(tree: Tree, file: str) -> bool:
    """Whether a path is a link that leads outside the repository."""
    target = tree.link_target(file)
    return target is not None and escapes_root(target)
