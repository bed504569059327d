"""`smartling-context capture` with no URL: every screen the manifest describes.

One line per screen, in the manifest's order (entries with `capture`, then the
Storybook's stories), and a total. Exit 0 when every screen was captured, 1 when
any failed, 2 when nothing could start (no browser, manifest unreadable).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smartling_context.capture.batch import ScreenResult
    from smartling_context.capture.matching import StringRef
    from smartling_context.capture.screens import Screen
    from smartling_context.capture.session import Wanted

MAX_LISTED = 10


def screens_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the no-URL mode."""
    parser.add_argument(
        "--jobs",
        type=positive,
        default=os.cpu_count() or 1,
        help="screens captured at a time (default: the CPU count)",
    )
    parser.add_argument(
        "--only",
        metavar="GLOB",
        action="append",
        default=[],
        help="capture only screens whose name or image path matches (repeatable)",
    )
    parser.add_argument(
        "--shard", type=shard, metavar="I/N", help="capture the I-th of N parts of the screens"
    )
    parser.add_argument(
        "--changed-since",
        metavar="BASE",
        help="also say which keys added or changed since BASE each screen shows",
    )


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of 1 or more")
    return int(text)


def shard(text: str) -> tuple[int, int]:
    from smartling_context.capture.shards import parse_shard

    try:
        return parse_shard(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def run_screens(args: argparse.Namespace) -> int:
    from smartling_context.capture.batch import capture_all
    from smartling_context.capture.changes import changed_keys
    from smartling_context.capture.session import strings_to_find
    from smartling_context.errors import CannotStart

    started = time.monotonic()
    try:
        wanted = strings_to_find(args.repo, args.manifest)
        changed = (
            changed_keys(args.repo, args.changed_since, wanted.manifest)
            if args.changed_since
            else None
        )
        with screens_to_capture(wanted, args) as (screens, described):
            if not described:
                print(
                    f"capture: {args.manifest} describes no screen to capture; add `capture:` "
                    "to a screenshot entry or `capture.storybook`",
                    file=sys.stderr,
                )
                return 2
            if not screens:  # e.g. a shard of more shards than screens: nothing to do
                print(f"0 of {described} screen(s) picked by --only/--shard: nothing captured")
                return 0
            failed, boxed, seen = 0, 0, set()
            for result in capture_all(
                screens,
                wanted,
                args.repo,
                args.jobs,
                args.browser,
                markers=args.markers,
                html=args.html,
            ):
                print(screen_line(result, changed))
                failed += result.failure is not None
                if result.result is not None:
                    boxed += len(result.result.outcome.boxed)
                    seen |= {boxed.string for boxed in result.result.outcome.boxed}
    except CannotStart as error:
        print(f"capture: {error}", file=sys.stderr)
        return 2
    print(
        f"{len(screens)} screen(s): {len(screens) - failed} captured, {failed} failed; "
        f"{boxed} box(es) in {time.monotonic() - started:.1f} s"
    )
    if changed is not None:
        unseen = [ref for ref in changed if ref not in seen]
        print(
            f"{len(changed)} key(s) added or changed since {args.changed_since}; "
            + (f"on no screen: {listed(unseen)}" if unseen else "every one is on a screen")
        )
    return 1 if failed else 0


@contextmanager
def screens_to_capture(
    wanted: Wanted, args: argparse.Namespace
) -> Iterator[tuple[list[Screen], int]]:
    """The screens to capture (`--only`, `--shard` applied) and how many the manifest
    describes, with the Storybook served for as long as the block runs."""
    from smartling_context.capture.screens import manifest_screens
    from smartling_context.capture.shards import in_shard
    from smartling_context.capture.storybook import served, story_screens

    manifest = wanted.manifest
    with ExitStack() as stack:
        screens = manifest_screens(manifest, args.repo, args.timeout)
        settings = manifest.capture
        if settings is not None and settings.storybook is not None:
            base = stack.enter_context(served(settings.storybook.url, args.repo))
            screens += story_screens(settings.storybook, settings, base)
        described = len(screens)
        if args.only:
            screens = [s for s in screens if any(_picked(s, glob) for glob in args.only)]
        if args.shard:
            screens = in_shard(screens, *args.shard)
        yield screens, described


def _picked(screen: Screen, glob: str) -> bool:
    return fnmatchcase(screen.name, glob) or fnmatchcase(screen.image, glob)


def screen_line(found: ScreenResult, changed: list[StringRef] | None) -> str:
    """`ok    name  image: N boxed` (and the changed keys it shows), or `FAIL  name: why`."""
    if found.failure is not None or found.result is None:
        return f"FAIL  {found.screen.name}: {found.failure}"
    result = found.result
    width, height = result.pixel_size
    line = (
        f"ok    {found.screen.name}  {found.screen.image}  {width}x{height} "
        f"@{result.scale:g}: {len(result.outcome.boxed)} boxed"
    )
    if changed is not None:
        shown = sorted({b.string for b in result.outcome.boxed} & set(changed))
        keys = listed(shown)
        line += f"; {len(shown)} changed key(s) shown" + (f": {keys}" if shown else "")
    return line


def listed(refs: list[StringRef]) -> str:
    keys = [ref.key for ref in refs]
    more = f" and {len(keys) - MAX_LISTED} more" if len(keys) > MAX_LISTED else ""
    return ", ".join(keys[:MAX_LISTED]) + more
