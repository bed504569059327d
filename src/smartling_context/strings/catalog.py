"""The manifest's strings files in one tree: which entry owns each file, read on demand and kept.

Finding the file that holds a bound key must not cost a parse of every strings
file (a repository may have hundreds, each of 50,000 keys): the raw bytes of
each file are searched first for the key's literal pieces, and only the files
that may hold it are parsed. Keys are derived (dotted paths, escapes, YAML's
`yes:` read as `True`), so a file is proven not to hold a key only where the
pieces are certain to appear verbatim; whenever that is unsure, the file is
parsed. On a git commit the search starts with one `git grep -F` per format (in
C, without piping every file through Python): a file it does not list has none
of the keys' longest pieces, no escape that could spell one otherwise and no
UTF-16 byte-order mark, so the byte search would have ruled it out too (iOS
strings files, often UTF-16 without a mark, and formats whose keys are derived,
gettext and XLIFF, are never ruled out by git).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from typing import Generic, Protocol, TypeVar

from smartling_context.strings.formats import (
    MAX_FILE_BYTES,
    SourceString,
    StringsFileError,
    infer_format,
    read_strings,
)
from smartling_context.strings.globs import escapes_root, glob_match
from smartling_context.strings.trees import Tree, TreeReadError

# Escapes that can spell a letter or digit of a key another way, per format; a file
# that has one is parsed rather than searched. Formats not listed (gettext, whose
# msgids wrap over lines; XLIFF, whose ids the reader may derive) are always parsed.
_SPELLED_OTHERWISE = {
    "json": re.compile(rb"\\u"),
    "arb": re.compile(rb"\\u"),
    "yaml": re.compile(rb"(?m)\\[xuU]|^[ \t-]*\?(?:[ \t]|$)"),
    "properties": re.compile(rb"\\[A-Za-z0-9_\r\n]"),
    "ios-strings": re.compile(rb"\\[0-9uUx]"),
    "android": re.compile(rb"&#"),
    "xcstrings": re.compile(rb"\\u"),
    "stringsdict": re.compile(rb"&#"),
    "resx": re.compile(rb"&#"),
    "qt-ts": re.compile(rb"&#"),
    "fluent": re.compile(rb"(?!)"),  # identifiers have no escapes
    "toml": re.compile(rb"\\[uU]"),
}
# Pieces of a key that a file may spell differently: YAML reads `yes:`/`on:` as True,
# `0x10:` as 16, `.NaN:` as nan; bracketed suffixes (`rooms[one]`, `days[0]`) are made up.
_UNSAFE_PIECES = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "nan", "inf"}
# Searching costs a read of every file: past this many keys at once, or this many
# searches in all, parsing every file once (and keeping it) is cheaper.
_SEARCH_KEYS = 64
_SEARCHES = 8
# The same escapes as fixed strings for `git grep -F` (each a superset: any backslash
# in a properties file, any `?` in YAML for its complex keys), plus UTF-16's byte-order
# marks. A file with a NUL but no mark is UTF-16 without a BOM at best, which only the
# iOS reader reads: those files are never searched by git, always in Python.
_BOMS = ("\udcff\udcfe", "\udcfe\udcff")  # bytes FF FE and FE FF, as argv carries them
_GREP_SPELLED_OTHERWISE: dict[str, tuple[str, ...]] = {
    "json": ("\\u", *_BOMS),
    "arb": ("\\u", *_BOMS),
    "yaml": ("\\x", "\\u", "\\U", "?", *_BOMS),
    "properties": ("\\", *_BOMS),
    "android": ("&#", *_BOMS),
}


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
        # key -> the files not proven to lack it (None: not searched, any file may)
        self._may_hold: dict[str, set[str] | None] = {}
        self._searches = 0
        # keys -> git's search for them, started by `expect_soon`
        self._soon: dict[frozenset[str], Future[set[str] | None]] = {}

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
                self._parsed[path] = read_strings(self._read(path), fmt)
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

    def _read(self, path: str) -> bytes:
        """A strings file's bytes, its size checked before it is read."""
        size = self.tree.size(path)
        if size > MAX_FILE_BYTES:
            raise StringsFileError(
                f"the file is {size / 1e6:.0f} MB; strings files over "
                f"{MAX_FILE_BYTES // 1_000_000} MB are not read"
            )
        try:
            return self.tree.read(path)
        except (TreeReadError, OSError) as exc:
            raise StringsFileError(str(exc) or "cannot be read") from exc

    def holders(self, key: str, files: list[str]) -> tuple[list[str], list[str]]:
        """Of `files`, those that hold `key`, and those that could not be read.

        Only the files that may hold the key are parsed (see `expect`)."""
        if len(files) > 1:
            self.expect([key])
            may_hold = self._may_hold.get(key)
            if may_hold is not None:
                files = [path for path in files if path in may_hold]
        holding: list[str] = []
        unreadable: list[str] = []
        for path in files:
            try:
                if key in self.by_key(path):
                    holding.append(path)
            except StringsFileError:
                unreadable.append(path)
        return holding, unreadable

    def expect(self, keys: Iterable[str]) -> None:
        """Search every strings file once for the pieces of each key that `holders`
        will be asked about, so that it parses only the files that may hold them."""
        pending = {key for key in keys if key not in self._may_hold}
        if not pending:
            return
        self._searches += 1
        if len(pending) > _SEARCH_KEYS or self._searches > _SEARCHES:
            self._may_hold.update(dict.fromkeys(pending))
            return
        pieces = {key: _pieces(key) for key in pending}
        may_hold: dict[str, set[str]] = {key: set() for key in pending}
        candidates = self._candidates(pieces)
        for path in self.owners():
            if candidates is not None and path not in candidates:
                continue  # none of the keys' longest pieces, no escape: holds none
            content = None if path in self._parsed else self._searchable(path)
            if content is None:
                for key in pending:
                    may_hold[key].add(path)
                continue
            found = _Found(content)  # keys share pieces (`settings.title`, `settings.save`)
            for key in pending:
                if all(found[piece] for piece in pieces[key]):
                    may_hold[key].add(path)
        self._may_hold.update(may_hold)

    def expect_soon(self, keys: Iterable[str]) -> None:
        """Start git's part of the search `expect` will make for these keys, in the
        background (git inflates every strings file of the commit: tens of
        milliseconds on hundreds of files, which overlap what the caller does next)."""
        pending = frozenset(key for key in keys if key not in self._may_hold)
        if not pending or len(pending) > _SEARCH_KEYS or getattr(self.tree, "grep", None) is None:
            return
        self.owners()  # the tree's listing, read here, not beside the caller
        pieces = {key: _pieces(key) for key in pending}
        future: Future[set[str] | None] = Future()

        def search() -> None:
            try:
                future.set_result(self._grep(pieces))
            except BaseException as error:  # raised where `expect` takes the result
                future.set_exception(error)

        threading.Thread(target=search, name="grep", daemon=True).start()
        self._soon[pending] = future

    def _candidates(self, pieces: dict[str, list[bytes]]) -> set[str] | None:
        """The files git cannot rule out for any of the keys (see `_grep`), taking
        the searches `expect_soon` started for some of them."""
        candidates: set[str] | None = set()
        rest = dict(pieces)
        for keys, future in list(self._soon.items()):
            if not keys <= pieces.keys():
                continue
            del self._soon[keys]
            found = future.result()
            candidates = None if found is None or candidates is None else candidates | found
            for key in keys:
                del rest[key]
        if rest:
            found = self._grep(rest)
            candidates = None if found is None or candidates is None else candidates | found
        return candidates

    def holding_any(self, keys: Iterable[str], paths: Iterable[str]) -> set[str]:
        """Of `keys`, those that one of `paths` holds. Each path is parsed and kept (the
        diff parses a changed file anyway); one that does not parse may hold any key.
        A path that is not one of the strings files holds none."""
        wanted = set(keys)
        found: set[str] = set()
        owners = self.owners()
        for path in paths:
            if path not in owners or found == wanted:
                continue
            try:
                held = self.by_key(path)
            except StringsFileError:
                return wanted
            found |= {key for key in wanted if key in held}
        return found

    def parsed(self, path: str) -> list[SourceString] | None:
        """A file's strings when they have been read already without error, else None."""
        result = self._parsed.get(path)
        return None if result is None or isinstance(result, StringsFileError) else result

    def _grep(self, pieces: dict[str, list[bytes]]) -> set[str] | None:
        """The strings files `git grep` cannot rule out for any of the keys, or None
        when the tree is no git commit, git has no PCRE, or a key has no piece."""
        grep = getattr(self.tree, "grep", None)
        if grep is None or not all(pieces.values()):
            return None
        longest = sorted({found[0].decode() for found in pieces.values()})
        by_format: dict[str, list[str]] = {}
        kept: set[str] = set()
        for path in self.owners():
            fmt = self.format_of(path) or ""
            if fmt not in _GREP_SPELLED_OTHERWISE or self.tree.link_target(path) is not None:
                kept.add(path)  # never searched: always a candidate
            elif self.tree.size(path) > MAX_FILE_BYTES:
                kept.add(path)  # parsing reports it
            else:
                by_format.setdefault(fmt, []).append(path)
        for fmt, paths in by_format.items():
            matched = grep([*longest, *_GREP_SPELLED_OTHERWISE[fmt]], paths)
            if matched is None:
                return None
            kept |= matched
        return kept

    def _searchable(self, path: str) -> bytes | None:
        """A file's bytes when a key's pieces would appear in them verbatim, else None."""
        spelled_otherwise = _SPELLED_OTHERWISE.get(self.format_of(path) or "")
        if spelled_otherwise is None or self.tree.link_target(path) is not None:
            return None
        try:
            content = self._read(path)
        except StringsFileError:
            return None  # parsing reports it
        if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in content[:4096]:
            return None  # UTF-16: ASCII pieces are not spelled byte for byte
        return None if spelled_otherwise.search(content) else content


class _Found(dict[bytes, bool]):
    """Whether each piece is in `content`, each piece searched for once."""

    def __init__(self, content: bytes) -> None:
        super().__init__()
        self.content = content

    def __missing__(self, piece: bytes) -> bool:
        self[piece] = piece in self.content
        return self[piece]


def _pieces(key: str) -> list[bytes]:
    """The longest two runs of ASCII letters, digits and `_` in a key that any file
    holding it must contain verbatim (unless an escape spells them otherwise)."""
    key = re.sub(r"\[[^\]]*\]", " ", key)
    runs = {
        run
        for run in re.findall(r"[A-Za-z0-9_]+", key)
        if re.search(r"[A-Za-z]", run) and run.lower() not in _UNSAFE_PIECES
    }
    return [run.encode() for run in sorted(runs, key=len, reverse=True)[:2]]


def outside(tree: Tree, file: str) -> bool:
    """Whether a path is a link that leads outside the repository."""
    target = tree.link_target(file)
    return target is not None and escapes_root(target)
