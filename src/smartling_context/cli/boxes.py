"""`smartling-context boxes DIR`: boxes files from what a team's own tests wrote.

Each `<name>.png` in DIR with `<name>.page.json` beside it (the Python or npm
helper's output) is matched against the manifest's strings by capture's matcher,
with no browser, and `<name>.boxes.json` is written beside it: the folder is then
what `capture` would have written, for a `folder` entry, `preview`, or a commit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smartling_context.manifest.model import DEFAULT_MANIFEST


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the `smartling-context` parser's subcommands."""
    boxes = commands.add_parser(
        "boxes",
        help="write the boxes file of every PNG + page text document (x.page.json) in a "
        "folder, from the manifest's strings (no browser)",
    )
    boxes.add_argument("folder", type=Path, metavar="DIR", help="the folder the helpers wrote")
    boxes.add_argument("--manifest", default=DEFAULT_MANIFEST)
    boxes.add_argument("--repo", type=Path, default=Path("."), help="the repository root")


def run(args: argparse.Namespace) -> int:
    """Exit 0: every page document matched; 1: one could not be read (the others were);
    2: nothing done (no such folder, no page document in it, manifest unreadable)."""
    from smartling_context.capture.page_boxes import PageBoxes, write_boxes
    from smartling_context.capture.session import strings_to_find
    from smartling_context.github.workflow_commands import untrusted

    if not args.folder.is_dir():
        print(f"boxes: {args.folder}: no such folder", file=sys.stderr)
        return 2
    wanted = strings_to_find(args.repo, args.manifest)  # CannotStart: exit 2, said by main
    done = write_boxes(args.folder, wanted.patterns)
    if not done:
        print(
            f"boxes: {args.folder} holds no PNG with a page text document beside it "
            "(x.png and x.page.json, as smartling_context() / smartlingContext() write them)",
            file=sys.stderr,
        )
        return 2
    boxed = failed = 0
    for image, found in done:
        if isinstance(found, PageBoxes):
            boxed += len(found.outcome.boxed)
            keys = ", ".join(sorted({b.string.key for b in found.outcome.boxed}))
            line = f"{image.with_suffix('.boxes.json')}: {len(found.outcome.boxed)} box(es)"
            untrusted(f"{line}: {keys}" if keys else line)
        else:
            failed += 1
            untrusted(f"{image}: not matched: {found}", sys.stderr)
    print(f"{len(done) - failed} boxes file(s) written, {boxed} box(es); {failed} failed")
    return 1 if failed else 0
