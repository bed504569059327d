"""`capture --changed-since BASE`: the keys a pull request adds or changes, to report which
of them each screen shows (and which no screen shows).

The same diff the action syncs: the merge base of BASE and HEAD against HEAD,
read with strings/git and strings/diff, the manifest's strings entries at both
ends (a file the base manifest did not name counts as added whole).
"""

from __future__ import annotations

from pathlib import Path

from smartling_context.capture.matching import StringRef
from smartling_context.errors import CannotStart
from smartling_context.manifest.model import Manifest
from smartling_context.manifest.schema_check import ManifestInvalid, load_manifest
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.diff import diff_strings
from smartling_context.strings.git import changed_files, merge_base, resolve_ref
from smartling_context.strings.trees import GitTree


def changed_keys(repo: Path, base: str, manifest: Manifest) -> list[StringRef]:
    """The strings added or changed between BASE (its merge base with HEAD) and HEAD,
    in file and key order. Raises CannotStart when BASE or HEAD cannot be read."""
    head = resolve_ref(repo, "HEAD", "HEAD")
    start = merge_base(repo, resolve_ref(repo, base, "--changed-since"), head)
    if start is None:
        raise CannotStart(
            f"--changed-since {base}: no common history with HEAD",
            fix="fetch more history (actions/checkout `fetch-depth: 0`) or name another base",
        )
    head_tree, base_tree = GitTree(repo, head), GitTree(repo, start)
    try:
        base_manifest = _manifest_at(base_tree, manifest.path)

        def read_base(path: str) -> bytes | None:
            return base_tree.read(path) if base_tree.exists(path) else None

        diff = diff_strings(
            StringsCatalog(manifest.entries, head_tree),
            changed_files(repo, start, head),
            read_base,
            base_manifest.entries if base_manifest else None,
            start,
        )
    finally:
        head_tree.close()
        base_tree.close()
    return sorted({StringRef(s.file, s.key) for s in diff.strings})


def _manifest_at(tree: GitTree, path: str) -> Manifest | None:
    """The manifest at the base commit; None when absent or unreadable there (every
    strings file then counts as added)."""
    if not tree.exists(path):
        return None
    try:
        return load_manifest(tree.read(path), path)[0]
    except ManifestInvalid:
        return None
