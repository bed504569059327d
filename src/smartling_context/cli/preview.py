"""`smartling-context preview`: each screenshot of the manifest with its boxes and keys drawn."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smartling_context.manifest.model import DEFAULT_MANIFEST

DEFAULT_FOLDER = Path("smartling-context-preview")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the `smartling-context` parser's subcommands."""
    preview = commands.add_parser(
        "preview",
        help="draw each screenshot's binding boxes and keys into PNGs, and render each "
        "screenshot's HTML page with its bound elements outlined",
    )
    preview.add_argument("--manifest", default=DEFAULT_MANIFEST)
    preview.add_argument("--repo", type=Path, default=Path("."), help="the repository root")
    preview.add_argument(
        "--out", type=Path, default=DEFAULT_FOLDER, help=f"the folder (default {DEFAULT_FOLDER})"
    )


def run(args: argparse.Namespace) -> int:
    """Draw every screenshot the manifest can give. Manifest problems are listed, and the
    screenshots are drawn all the same when the manifest can be read: a preview is how a
    misplaced box is seen. Exit 2 when it cannot be read, 1 when a screenshot failed."""
    from smartling_context.errors import CannotStart, ItemFailed
    from smartling_context.manifest.validation import validate
    from smartling_context.preview.html_page import page_previews, write_page_previews
    from smartling_context.preview.manifest import write_manifest_previews
    from smartling_context.strings.trees import WorkTree

    tree = WorkTree(args.repo)
    validation = validate(tree, args.manifest)
    for problem in validation.problems:
        print(f"  {problem}", file=sys.stderr)
    if validation.manifest is None:
        print(f"{args.manifest}: cannot be read; nothing drawn", file=sys.stderr)
        return 2
    result = write_manifest_previews(validation.manifest, tree, args.out)
    pages = page_previews(validation.manifest, tree)
    if pages:
        try:
            write_page_previews(pages, args.out, result.written)
        except CannotStart as refused:
            result.written.failed.append(ItemFailed(f"HTML pages not drawn: {refused}"))
    anchored = {page.name: sum(map(len, page.labels.values())) for page in pages}
    for name, path in result.written.files.items():
        if name in anchored:
            print(f"{path}  ({name}: {anchored[name]} string(s) bound live)")
        else:
            print(f"{path}  ({name}: {result.boxes[name]} box(es))")
    failed = result.unreadable + result.written.failed
    for error in failed:
        print(f"not drawn: {error}", file=sys.stderr)
    print(f"{len(result.written.files)} preview(s) in {args.out}")
    return 1 if failed else 0
