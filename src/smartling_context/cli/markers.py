"""`smartling-context markers apply|restore`: the manifest's strings files marked in place, and back.

For apps that bundle their strings (capture.md §3): `apply` before the build that
`capture --markers` screenshots, `restore` after it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smartling_context.manifest.model import DEFAULT_MANIFEST


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the `smartling-context` parser's subcommands."""
    markers = commands.add_parser(
        "markers",
        help="write key markers into the manifest's strings files (apply) or take them out "
        "(restore), for `capture --markers` on an app that bundles its strings",
    )
    actions = markers.add_subparsers(dest="markers_action", required=True)
    for name, text in (
        ("apply", "rewrite every strings file of the manifest with markers (committed files only)"),
        ("restore", "put the strings files back as they are in the last commit"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("--manifest", default=DEFAULT_MANIFEST)
        action.add_argument("--repo", type=Path, default=Path("."), help="the repository root")


def run(args: argparse.Namespace) -> int:
    """0: done; 1: a file could not be marked or restored (the others were); 2: nothing
    could start (no manifest, not a git checkout, `apply` on uncommitted changes)."""
    from smartling_context.github.workflow_commands import untrusted
    from smartling_context.manifest.validation import validate
    from smartling_context.strings.marking import MARKABLE_FORMATS
    from smartling_context.strings.marking.worktree import Done, apply, restore
    from smartling_context.strings.trees import WorkTree

    if not args.repo.is_dir():
        untrusted(f"Error: {args.repo}: not a folder; pass the repository's root", sys.stderr)
        return 2
    validation = validate(WorkTree(args.repo), args.manifest)
    if validation.manifest is None or validation.catalog is None:
        listed = "".join(f"\n  {problem}" for problem in validation.problems)
        untrusted(f"Error: {args.manifest}: cannot be read{listed}", sys.stderr)
        return 2
    catalog = validation.catalog
    files: dict[str, str] = {}
    problems: dict[str, str] = {}
    for path in catalog.owners():
        fmt = catalog.format_of(path)
        if fmt in MARKABLE_FORMATS:
            files[path] = fmt
        else:
            problems[path] = (
                f"no markers for the format {fmt or '(unknown)'} "
                f"(the formats with markers: {', '.join(MARKABLE_FORMATS)})"
            )
    if args.markers_action == "apply":
        outcome = apply(args.repo, files)
    else:
        outcome = restore(args.repo, files)
    outcome.problems.update(problems)
    verb = {"apply": "marked", "restore": "restored"}[args.markers_action]
    for path, done in sorted(outcome.done.items()):
        untrusted(f"{done.value}: {path}")
    for path, problem in sorted(outcome.problems.items()):
        untrusted(f"not {verb}: {path}: {problem}", sys.stderr)
    counts = {d: sum(1 for v in outcome.done.values() if v is d) for d in Done}
    if args.markers_action == "apply":
        summary = (
            f"{counts[Done.MARKED]} file(s) marked, {counts[Done.ALREADY]} already marked; "
            "`smartling-context markers restore` puts them back"
        )
    else:
        summary = f"{counts[Done.RESTORED]} file(s) restored, {counts[Done.CLEAN]} unchanged"
    if outcome.problems:
        summary += f"; {len(outcome.problems)} file(s) not {verb}"
    untrusted(summary)
    return 1 if outcome.problems else 0
