"""`smartling-context capture`: a page's screenshot and the exact box of every string it shows."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartling_context.manifest.model import DEFAULT_MANIFEST

if TYPE_CHECKING:
    from smartling_context.capture.html_snapshot import HtmlSnapshot
    from smartling_context.capture.session import CaptureRequest, CaptureResult

MAX_LISTED = 10


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the `smartling-context` parser's subcommands."""
    capture = commands.add_parser(
        "capture",
        help="screenshot a page in headless Chromium and write the boxes of the strings it shows",
    )
    capture.add_argument("page", metavar="URL_OR_HTML_FILE")
    capture.add_argument("--out", type=png, required=True, help="the screenshot (PNG) to write")
    capture.add_argument(
        "--boxes", type=Path, help="the boxes file to write (default: OUT with .boxes.json)"
    )
    capture.add_argument("--viewport", type=viewport, default=(1280, 800), help="e.g. 1280x800")
    capture.add_argument("--scale", type=scale, default=1.0, help="device scale factor, e.g. 2")
    capture.add_argument("--manifest", default=DEFAULT_MANIFEST)
    capture.add_argument("--repo", type=Path, default=Path("."), help="the repository root")
    capture.add_argument("--wait-for", metavar="SELECTOR", help="wait until this is visible")
    capture.add_argument(
        "--full-page", action="store_true", help="the whole page, not only the viewport"
    )
    capture.add_argument(
        "--html",
        action="store_true",
        help="also save the page beside the screenshot (OUT with .html), self-contained and "
        "anchored, for Smartling's live HTML context",
    )
    capture.add_argument("--browser", metavar="PATH", help="the Chromium to use")
    capture.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")


def png(text: str) -> Path:
    if not text.lower().endswith(".png"):
        raise argparse.ArgumentTypeError(f"{text!r}: the screenshot is a PNG; end it in .png")
    return Path(text)


def viewport(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
        raise argparse.ArgumentTypeError(
            f"{text!r}: give WIDTHxHEIGHT in CSS pixels, e.g. 1280x800"
        )
    return int(width), int(height)


def scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= 8:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number from 0 to 8, e.g. 2")
    return value


def run(args: argparse.Namespace) -> int:
    from smartling_context.capture.browser import Browser, PageRequest, page_url
    from smartling_context.capture.session import CaptureRequest, capture, strings_to_find
    from smartling_context.errors import CannotStart

    request = CaptureRequest(
        PageRequest(
            args.page, args.viewport, args.scale, args.full_page, args.wait_for, args.timeout
        ),
        args.out,
        args.boxes,
        args.repo,
        args.manifest,
        args.html,
    )
    try:
        page_url(args.page)  # a missing file or a bad manifest: said before the browser starts
        wanted = strings_to_find(args.repo, args.manifest)
        with Browser(args.browser) as browser:
            result = capture(browser, request, wanted)
    except CannotStart as error:
        print(f"capture: {error}", file=sys.stderr)
        return 2
    print_summary(result, request)
    return 0 if result.outcome.boxed else 1


def print_summary(result: CaptureResult, request: CaptureRequest) -> None:
    """What was written, and what happened to each string that was not boxed."""
    outcome = result.outcome
    width, height = result.pixel_size
    print(f"{result.image}: {width}x{height} pixels (scale {result.scale:g})")
    print(f"{result.boxes_file}: {len(outcome.boxed)} box(es)")
    if result.snapshot is not None:
        print_snapshot(result.snapshot, request.html_path)
    for boxed in outcome.boxed:
        note = f"  ({boxed.note})" if boxed.note else ""
        print(f"  {boxed.string.key}  [{boxed.string.file}]{note}")
    for string, others in outcome.ambiguous.items():
        shared = ", ".join(other.key for other in others)
        print(f"  ambiguous: {string.key}: same text as {shared}; not boxed, bind it by hand")
    for string, why in outcome.hidden.items():
        print(f"  hidden: {string.key}: {why}; not boxed")
    missing = [string.key for string in outcome.not_found]
    if missing:
        more = f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
        print(f"  not found on the page: {', '.join(missing[:MAX_LISTED])}{more}")
    if outcome.placeholders_only:
        keys = ", ".join(string.key for string in outcome.placeholders_only[:MAX_LISTED])
        print(f"  not looked for (placeholders only, no text of their own): {keys}")
    print(
        f"{len(outcome.boxed)} boxed, {len(outcome.ambiguous)} ambiguous, "
        f"{len(outcome.hidden)} hidden, {len(outcome.not_found)} not found on the page"
    )
    if not outcome.boxed:
        print(
            "The page shows none of the manifest's strings: is it the right page, fully "
            "loaded? (--wait-for SELECTOR waits for it)",
            file=sys.stderr,
        )
    print_manifest_hint(result, request)


def print_manifest_hint(result: CaptureResult, request: CaptureRequest) -> None:
    """The manifest entry to add for a new screenshot, or the `scale` to fix."""
    from smartling_context.capture.session import repo_path

    image = repo_path(request.repo, result.image)
    boxes = repo_path(request.repo, result.boxes_file)
    if result.manifest_scale is None and image and boxes:
        print(
            f"\nAdd it to {request.manifest}:\n\nscreenshots:\n  - image: {image}\n"
            f"    boxes: {boxes}\n    scale: {result.scale:g}"
        )
    elif result.manifest_scale is not None and result.manifest_scale != result.scale:
        print(
            f"{request.manifest}: the screenshot {image} has scale {result.manifest_scale:g}; "
            f"set `scale: {result.scale:g}` to match this capture",
            file=sys.stderr,
        )


def print_snapshot(snapshot: HtmlSnapshot, path: Path) -> None:
    """The HTML page written, and what it could not make self-contained."""
    from smartling_context.capture.html_snapshot import megabytes

    anchored = len(snapshot.anchors)
    print(f"{path}: {megabytes(len(snapshot.html))}, {anchored} string(s) anchored")
    for url in snapshot.missing[:MAX_LISTED]:
        print(f"  not inlined (could not be read; left as a link): {url}")
