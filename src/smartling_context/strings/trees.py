"""A repository's files at one point: the working tree on disk, or a git commit.

Both answer the same questions (which files, what bytes, is it a link and
where to) so manifest checks and string reading do not care which they read.
"""

from __future__ import annotations

import os
import posixpath
import stat
import subprocess
import threading
import weakref
from pathlib import Path
from typing import IO, Protocol

from smartling_context.strings.git import GitError, git, start_git

GREP_PATHS = 500  # paths per `git grep`, well within any command line's length
# Searching a commit, git grep uses one thread unless told (inflating blobs is most of
# its time: 200 files of 5,000 keys take 46 ms on one thread, 30 ms on two).
GREP_THREADS = str(min(os.cpu_count() or 1, 8))


class TreeReadError(OSError):
    """A file that is not read: not a regular file, or a path that leads outside."""


class Tree(Protocol):
    """The files of a repository at one point."""

    def files(self) -> list[str]: ...

    def exists(self, path: str) -> bool: ...

    def read(self, path: str) -> bytes: ...

    def size(self, path: str) -> int: ...

    def link_target(self, path: str) -> str | None: ...


class WorkTree:
    """The files on disk under `root` (what `smartling-context validate` checks)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._files: list[str] | None = None

    def files(self) -> list[str]:
        if self._files is None:
            found = []
            for folder, dirs, names in os.walk(self.root):
                dirs[:] = [d for d in dirs if d != ".git"]
                relative = os.path.relpath(folder, self.root)
                for name in names:
                    path = name if relative == "." else f"{relative}/{name}"
                    found.append(path.replace(os.sep, "/"))
            self._files = sorted(found)
        return self._files

    def exists(self, path: str) -> bool:
        return os.path.lexists(self.root / path)

    def read(self, path: str) -> bytes:
        """A regular file's bytes. A FIFO, device or socket is refused before it is
        opened (and opened non-blocking, in case it was swapped in since), so a
        pull request cannot make the run wait forever."""
        full = (self.root / path).resolve()
        if not full.is_relative_to(self.root):
            raise TreeReadError(f"{path} leads outside the repository; not read")
        if not stat.S_ISREG(full.stat().st_mode):
            raise TreeReadError(f"{path} is not a regular file; not read")
        descriptor = os.open(
            full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise TreeReadError(f"{path} is not a regular file; not read")
            return file.read()

    def size(self, path: str) -> int:
        return (self.root / path).stat().st_size

    def is_regular(self, path: str) -> bool:
        """Whether the path is (or a link inside the root leads to) a regular file."""
        full = (self.root / path).resolve()
        return full.is_relative_to(self.root) and full.is_file()

    def link_target(self, path: str) -> str | None:
        """Where the path really leads, relative to the root, when a link is on the way."""
        full = self.root / path
        real = Path(os.path.realpath(full))
        if real == full.absolute():
            return None
        try:
            return real.relative_to(self.root).as_posix()
        except ValueError:
            return str(real)


class GitTree:
    """The files of one commit, read with git (no checkout switching)."""

    def __init__(self, root: Path, commit: str) -> None:
        self.root = root
        self.commit = commit
        self._entries: dict[str, tuple[str, str, int]] | None = None
        self._blobs: BlobReader | None = None
        self._blobs_lock = threading.Lock()

    def close(self) -> None:
        """End the tree's `git cat-file` process (also done when the tree is collected)."""
        if self._blobs is not None:
            self._blobs.close()

    def _listing(self) -> dict[str, tuple[str, str, int]]:
        if self._entries is None:
            out = git(self.root, "ls-tree", "-r", "-l", "-z", self.commit)
            entries = {}
            for record in out.split(b"\0"):
                if not record:
                    continue
                meta, _, path = record.partition(b"\t")
                mode, kind, sha, size = meta.decode().split()
                if kind == "blob":
                    entries[path.decode("utf-8", "surrogateescape")] = (
                        mode,
                        sha,
                        int(size) if size.isdigit() else 0,
                    )
            self._entries = entries
        return self._entries

    def files(self) -> list[str]:
        return sorted(self._listing())

    def exists(self, path: str) -> bool:
        return path in self._listing()

    def read(self, path: str) -> bytes:
        _, sha, size = self._listing()[path]
        return self._blob(sha, size)

    def _blob(self, sha: str, size: int) -> bytes:
        with self._blobs_lock:
            if self._blobs is None:
                self._blobs = BlobReader(self.root)
                weakref.finalize(self, self._blobs.close)
        return self._blobs.read(sha, size)

    def size(self, path: str) -> int:
        return self._listing()[path][2]

    def grep(self, fixed: list[str], paths: list[str]) -> set[str] | None:
        """Of `paths`, those whose bytes hold one of the `fixed` strings somewhere
        (`git grep -F` on the commit, bytes as they are: `LC_ALL=C`); None when git
        could not search: then the caller reads the files itself."""
        found: set[str] = set()
        prefix = f"{self.commit}:"
        patterns = [arg for string in fixed for arg in ("-e", string)]
        for start in range(0, len(paths), GREP_PATHS):
            chunk = [f":(literal){path}" for path in paths[start : start + GREP_PATHS]]
            try:
                command = ["grep", "-l", "-z", "-F", "--no-textconv", "--threads", GREP_THREADS]
                command += [*patterns, self.commit]
                out = git(self.root, *command, "--", *chunk)
            except GitError as error:
                if error.what.endswith("exit 1"):  # no file matched
                    continue
                return None
            for record in out.split(b"\0"):
                name = record.decode("utf-8", "surrogateescape")
                if name.startswith(prefix):
                    found.add(name[len(prefix) :])
        return found

    def link_target(self, path: str) -> str | None:
        mode, sha, size = self._listing()[path]
        if mode != "120000":
            return None
        target = self._blob(sha, size).decode("utf-8", "replace")
        if target.startswith("/"):
            return target
        return posixpath.normpath(posixpath.join(posixpath.dirname(path), target))


class BlobReader:
    """Blobs read through one long-lived `git cat-file --batch` process.

    A process per file costs more than the read itself once a repository has
    hundreds of strings files. Thread-safe (one request at a time); `close` ends
    the process, and the size `ls-tree` gave is checked against what git sends.
    """

    def __init__(self, root: Path) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = start_git(root, "cat-file", "--batch")

    def read(self, sha: str, size: int) -> bytes:
        """The bytes of blob `sha`, which `ls-tree` said are `size` long."""
        with self._lock:
            process = self._process
            if process is None or process.stdin is None or process.stdout is None:
                raise GitError(f"git cat-file: blob {sha} not read: the reader is closed")
            try:
                return _exchange(process.stdin, process.stdout, sha, size)
            except (OSError, ValueError) as exc:
                self._stop(process)
                raise GitError(f"git cat-file: blob {sha} not read: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                self._stop(self._process)

    def _stop(self, process: subprocess.Popen[bytes]) -> None:
        self._process = None
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _exchange(stdin: IO[bytes], stdout: IO[bytes], sha: str, size: int) -> bytes:
    """Ask for one blob and read git's answer: `<sha> blob <size>`, the bytes, a newline."""
    stdin.write(sha.encode("ascii") + b"\n")
    stdin.flush()
    header = stdout.readline().split()
    if len(header) != 3 or header[1] != b"blob":
        raise ValueError(b" ".join(header).decode("utf-8", "replace") or "git stopped")
    if int(header[2]) != size:
        raise ValueError(f"git sends {int(header[2])} bytes where the tree lists {size}")
    content = stdout.read(size)
    if len(content) != size or stdout.read(1) != b"\n":
        raise ValueError("the answer ended early")
    return content


class WorkspaceTree:
    """The head commit, plus files an earlier step of the job wrote into the workspace.

    Screenshots and boxes files may be generated by the job (`smartling-context
    capture`, UI tests) rather than committed: a path absent from the commit is
    read from the workspace, but only a regular file inside it (no link leading
    out, nothing under `.git/`), and `from_workspace` says so for the report.
    """

    def __init__(self, commit: Tree, workspace_root: Path) -> None:
        self.commit = commit
        self.workspace = WorkTree(workspace_root)

    def from_workspace(self, path: str) -> bool:
        """Whether `path` is read from the workspace (absent from the commit)."""
        if self.commit.exists(path) or path.split("/")[0] == ".git":
            return False
        return self.workspace.exists(path) and self.workspace.is_regular(path)

    def _side(self, path: str) -> Tree:
        return self.workspace if self.from_workspace(path) else self.commit

    def files(self) -> list[str]:
        return self.commit.files()

    def exists(self, path: str) -> bool:
        return self.commit.exists(path) or self.from_workspace(path)

    def read(self, path: str) -> bytes:
        return self._side(path).read(path)

    def size(self, path: str) -> int:
        return self._side(path).size(path)

    def link_target(self, path: str) -> str | None:
        return self._side(path).link_target(path)
