"""Marking the strings files of a working tree, and putting them back, with git as the ledger.

`apply` writes each file's marked copy in place; it refuses to start when any of
the files differs from the last commit (HEAD), so `restore` can always put back
HEAD's bytes without losing work. A file whose content already is the marked
copy of its HEAD version was marked by an earlier `apply`: it is left alone, so
applying twice is the same as applying once. `restore` writes HEAD's bytes back
only over a file that is exactly that marked copy; a file changed in any other
way since is reported and left alone. Both name a file that the last commit
already holds marked (committed after an `apply`): the action will not sync it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from smartling_context.errors import CannotStart
from smartling_context.strings.formats import StringsFileError, read_strings
from smartling_context.strings.git import GitError, git
from smartling_context.strings.markers import has_marker
from smartling_context.strings.marking import mark_file


class Done(Enum):
    """What happened to one file."""

    MARKED = "marked"
    ALREADY = "already marked"
    RESTORED = "restored"
    CLEAN = "unchanged"
    SKIPPED = "no strings"


@dataclass
class Outcome:
    """Per file: what was done, or the problem that kept it from being done."""

    done: dict[str, Done] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


def apply(root: Path, files: dict[str, str]) -> Outcome:
    """Write the marked copy of every file (`{path: format}`, relative to `root`).

    Raises CannotStart naming the files that differ from HEAD (uncommitted
    changes, untracked or ignored files), before anything is written.
    """
    head = _head_blobs(root, files)
    outcome = Outcome()
    plans: dict[str, bytes] = {}
    dirty = []
    for path in sorted(files):
        if path not in head:
            dirty.append(f"{path} (not committed)")
            continue
        try:
            current = _read(root, path)
            marked = _marked(head[path], files[path], path)
        except (OSError, StringsFileError) as error:
            outcome.problems[path] = _problem(error)
            continue
        if marked is None:
            outcome.done[path] = Done.SKIPPED
        elif _holds_markers(head[path], files[path]):
            outcome.problems[path] = COMMITTED_MARKED
        elif current == marked:
            outcome.done[path] = Done.ALREADY
        elif current != head[path]:
            dirty.append(path)
        else:
            plans[path] = marked
    if dirty:
        listed = "".join(f"\n  {path}" for path in dirty)
        raise CannotStart(
            "these strings files differ from the last commit; commit or stash the changes "
            "first (`markers restore` puts files back as the last commit has them, so `apply` "
            f"marks only committed files):{listed}"
        )
    for path, marked in plans.items():
        (root / path).write_bytes(marked)
        outcome.done[path] = Done.MARKED
    return outcome


def restore(root: Path, files: dict[str, str]) -> Outcome:
    """Put HEAD's bytes back over every file that is exactly what `apply` wrote."""
    head = _head_blobs(root, files)
    outcome = Outcome()
    for path in sorted(files):
        if path not in head:
            outcome.done[path] = Done.CLEAN  # never committed, so never marked by `apply`
            continue
        try:
            current = _read(root, path)
            if _holds_markers(head[path], files[path]):
                outcome.problems[path] = COMMITTED_MARKED
                continue
            if current == head[path]:
                outcome.done[path] = Done.CLEAN
                continue
            marked = _marked(head[path], files[path], path)
        except (OSError, StringsFileError) as error:
            outcome.problems[path] = _problem(error)
            continue
        if current != marked:
            outcome.problems[path] = (
                "changed since `markers apply` (not only by markers): keep or commit your "
                f"change, or discard it with `git checkout -- {path}`"
            )
            continue
        (root / path).write_bytes(head[path])
        outcome.done[path] = Done.RESTORED
    return outcome


COMMITTED_MARKED = (
    "the last commit holds this file with markers (committed after `markers apply`?): "
    "the action will not sync its strings; commit the file without markers"
)


def _holds_markers(content: bytes, fmt: str) -> bool:
    """Whether a file's strings (for gettext, its `msgstr`s too) hold markers."""
    if any(has_marker(string.text) for string in read_strings(content, fmt)):
        return True
    return fmt == "po" and has_marker(content.decode("utf-8", "replace"))


def _marked(content: bytes, fmt: str, path: str) -> bytes | None:
    """The marked copy, or None for a file with no strings (it is left as it is)."""
    if not read_strings(content, fmt):
        return None
    return mark_file(content, fmt, path)


def _read(root: Path, path: str) -> bytes:
    if os.path.islink(root / path):
        raise OSError(f"{path} is a link; strings files are marked only where they are")
    return (root / path).read_bytes()


def _problem(error: OSError | StringsFileError) -> str:
    if isinstance(error, StringsFileError):
        return f"line {error.line}: {error.message}" if error.line else error.message
    return str(error.strerror or error) if error.filename else str(error)


def _head_blobs(root: Path, files: dict[str, str]) -> dict[str, bytes]:
    """Each file's bytes in HEAD as a checkout writes them, for the files HEAD has."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError as error:
        raise CannotStart(
            f"{root}: no commit to compare the strings files with ({error.what})",
            fix="run `markers` in a git checkout with at least one commit",
        ) from error
    if not files:
        return {}
    listed = git(root, "ls-tree", "-z", "--full-name", "HEAD", "--", *(f"./{p}" for p in files))
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    blobs: dict[str, bytes] = {}
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        full = name.decode("utf-8", "surrogateescape")
        path = full.removeprefix(prefix)
        if kind == b"blob" and mode != b"120000" and path in files:
            # as a checkout writes it: line endings and filters of .gitattributes applied
            blobs[path] = git(root, "cat-file", "--filters", f"--path={full}", sha.decode())
    return blobs
