"""`smartling-context capture`: a page's screenshot and the exact box of every string it shows."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartling_context.cli.screens import run_screens, screens_arguments
from smartling_context.manifest.model import DEFAULT_MANIFEST

if TYPE_CHECKING:
    from smartling_context.capture.html_snapshot import HtmlSnapshot
    from smartling_context.capture.matching import StringRef
    from smartling_context.capture.session import CaptureRequest, CaptureResult

MAX_LISTED = 10


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the `smartling-context` parser's subcommands."""
    capture = commands.add_parser(
        "capture",
        help="screenshot a page in headless Chromium and write the boxes of the strings it shows",
    )
    capture.add_argument(
        "page",
        metavar="URL_OR_HTML_FILE",
        nargs="?",
        help="one page to capture; without it, every screen the manifest describes",
    )
    capture.add_argument("--out", type=png, help="the screenshot (PNG) to write (with a URL)")
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
    capture.add_argument(
        "--markers",
        action="store_true",
        help="box each key by its invisible markers: strings files the page fetches are "
        "answered marked; bundled strings need `smartling-context markers apply` first",
    )
    capture.add_argument(
        "--json", action="store_true", help="print the report as JSON (machine-readable)"
    )
    screens_arguments(capture)


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
    from smartling_context.capture.browser import Browser, PageRequest, ScreenFailed, page_url
    from smartling_context.capture.session import CaptureRequest, capture, strings_to_find
    from smartling_context.errors import CannotStart

    if args.page is None:
        return run_screens(args)
    if args.out is None:
        print("capture: a URL needs --out FILE.png (where the screenshot goes)", file=sys.stderr)
        return 2
    request = CaptureRequest(
        PageRequest(
            args.page, args.viewport, args.scale, args.full_page, args.wait_for, args.timeout
        ),
        args.out,
        args.boxes,
        args.repo,
        args.manifest,
        args.markers,
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
    except ScreenFailed as failed:
        print(f"capture: {args.page}: {failed}; nothing written", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report_json(result), ensure_ascii=False, indent=2))
    else:
        print_summary(result, request)
    return 0 if result.outcome.boxed else 1


def report_json(result: CaptureResult) -> dict[str, Any]:
    """The report for machines: every string in its category, boxes in CSS pixels."""
    outcome = result.outcome

    def ref(string: StringRef) -> dict[str, str]:
        return {"file": string.file, "key": string.key}

    return {
        "image": str(result.image),
        "boxes_file": str(result.boxes_file),
        "pixels": {"width": result.pixel_size[0], "height": result.pixel_size[1]},
        "scale": result.scale,
        "boxed": [
            {
                **ref(b.string),
                "by": b.by,
                "box": {
                    "left": b.box.left,
                    "top": b.box.top,
                    "width": b.box.right - b.box.left,
                    "height": b.box.bottom - b.box.top,
                },
                **({"note": b.note} if b.note else {}),
            }
            for b in outcome.boxed
        ],
        "ambiguous": [
            {**ref(s), "same_text_as": [ref(o) for o in others]}
            for s, others in outcome.ambiguous.items()
        ],
        "partial_only": [{**ref(s), "seen_in": seen} for s, seen in outcome.partial.items()],
        "hidden": [{**ref(s), "why": why} for s, why in outcome.hidden.items()],
        "outside_screenshot": [ref(s) for s in outcome.outside],
        "not_found": [
            {
                **ref(s),
                **(
                    {"same_text_as": [ref(o) for o in outcome.same_text_shown[s]]}
                    if s in outcome.same_text_shown
                    else {}
                ),
            }
            for s in outcome.not_found
        ],
        "placeholders_only": [ref(s) for s in outcome.placeholders_only],
        "markers": {
            "spans_on_page": len(result.document.markers),
            "served_marked": result.served_marked,
        },
    }


def print_summary(result: CaptureResult, request: CaptureRequest) -> None:
    """What was written, and one line per category of what happened to the strings."""
    from smartling_context.run.report import listed

    outcome = result.outcome
    width, height = result.pixel_size
    print(f"{result.image}: {width}x{height} pixels (scale {result.scale:g})")
    print(f"{result.boxes_file}: {len(outcome.boxed)} box(es)")
    if result.snapshot is not None:
        print_snapshot(result.snapshot, request.html_path)
    by_marker = sum(1 for boxed in outcome.boxed if boxed.by == "marker")
    lines = [
        (
            f"boxed ({by_marker} by marker, {len(outcome.boxed) - by_marker} by whole text)",
            [f"{b.string.key} ({b.note})" if b.note else b.string.key for b in outcome.boxed],
        ),
        (
            "ambiguous (same text as another key; not boxed, --markers tells them apart)",
            [
                f"{s.key} (= {', '.join(o.key for o in others)})"
                for s, others in outcome.ambiguous.items()
            ],
        ),
        (
            "partial only (inside a longer, different text; not boxed)",
            [f"{s.key} in “{seen}”" for s, seen in outcome.partial.items()],
        ),
        ("hidden (not boxed)", [f"{s.key} ({why})" for s, why in outcome.hidden.items()]),
        ("outside the screenshot (--full-page?)", [s.key for s in outcome.outside]),
        (
            "not shown; the page shows their text as another key's (by marker)",
            [
                f"{s.key} (= {', '.join(o.key for o in others)})"
                for s, others in outcome.same_text_shown.items()
            ],
        ),
        ("not found on the page", [s.key for s in outcome.not_found]),
        (
            "not looked for (placeholders only, no text of their own)",
            [s.key for s in outcome.placeholders_only],
        ),
    ]
    for label, items in lines:
        if items:
            print(f"  {label}: {len(items)}: {listed(items, MAX_LISTED)}")
    if request.markers:
        served = sorted(set(result.served_marked.values()))
        print(
            f"  markers: {len(result.document.markers)} marked text(s) on the page; "
            f"served marked: {', '.join(served) if served else 'none'}"
        )
    print(
        f"{len(outcome.boxed)} boxed, {len(outcome.ambiguous)} ambiguous, "
        f"{len(outcome.partial)} partial only, {len(outcome.hidden)} hidden, "
        f"{len(outcome.outside)} outside the screenshot, "
        f"{len(outcome.not_found)} not found on the page"
    )
    if request.markers and not result.document.markers:
        print(
            "No marked text on the page: an app that bundles its strings needs "
            "`smartling-context markers apply` and a rebuild before `capture --markers`",
            file=sys.stderr,
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
