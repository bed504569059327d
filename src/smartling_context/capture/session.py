"""`capture`: the manifest's strings, a page in the browser, the screenshot and its boxes file."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smartling_context.capture.browser import Browser, PageRequest
from smartling_context.capture.html_snapshot import (
    HtmlSnapshot,
    boxed_spans,
    check_size,
    take_snapshot,
)
from smartling_context.capture.matching import Outcome, StringRef, match
from smartling_context.capture.page_document import PageDocument
from smartling_context.capture.strings_requests import MarkedStrings, StringsFile
from smartling_context.capture.texts import TextPattern, text_pattern
from smartling_context.errors import CannotStart
from smartling_context.manifest.model import DEFAULT_MANIFEST, Manifest, StringsEntry
from smartling_context.manifest.schema_check import ManifestInvalid, load_manifest
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.formats import StringsFileError
from smartling_context.strings.markers import marker_table
from smartling_context.strings.trees import WorkTree


@dataclass(frozen=True)
class CaptureRequest:
    page: PageRequest
    out: Path
    boxes: Path | None = None
    repo: Path = Path(".")
    manifest: str = DEFAULT_MANIFEST
    markers: bool = False  # box marked text by its marker; serve strings files marked
    html: bool = False  # also save the page beside the image, anchored (`--html`)

    @property
    def boxes_path(self) -> Path:
        """`--boxes`, else next to the screenshot: `search.png` -> `search.boxes.json`."""
        return self.boxes or self.out.with_suffix(".boxes.json")

    @property
    def html_path(self) -> Path:
        """The HTML page beside the screenshot: `search.png` -> `search.html`."""
        return self.out.with_suffix(".html")


@dataclass(frozen=True)
class CaptureResult:
    image: Path
    boxes_file: Path
    pixel_size: tuple[int, int]
    scale: float
    outcome: Outcome
    manifest_scale: float | None  # the `scale` of the manifest's entry for this image, if any
    document: PageDocument
    served_marked: dict[str, str]  # marker mode: URL -> the strings file answered marked
    snapshot: HtmlSnapshot | None = None  # with `--html`: the page written beside the image


@dataclass(frozen=True)
class Wanted:
    """The manifest, and every string of its strings files as a pattern to look for."""

    manifest: Manifest
    patterns: dict[StringRef, TextPattern | None]
    files: list[StringsFile]

    def markers(self) -> dict[str, StringRef]:
        """Each string's marker id (tag characters) -> the string; raises CannotStart when
        two strings share an id (about one chance in 10^8 for 50,000 strings)."""
        try:
            return marker_table((ref.file, ref.key, ref) for ref in self.patterns)
        except ValueError as error:
            raise CannotStart(str(error), fix="capture these keys without --markers") from error


def strings_to_find(repo: Path, manifest: str) -> Wanted:
    """The manifest's strings to look for; raises CannotStart when it cannot be read.

    Only the manifest's schema and its strings files matter here: the screenshot
    and boxes file it names may not exist yet (capture is what writes them).
    """
    tree = WorkTree(repo)
    if not tree.exists(manifest):
        raise CannotStart(f"{manifest}: no manifest here", fix="pass --manifest and --repo")
    try:
        model, _ = load_manifest(tree.read(manifest), manifest)
    except ManifestInvalid as invalid:
        listed = "".join(f"\n  {problem}" for problem in invalid.problems)
        raise CannotStart(
            f"{manifest} has {len(invalid.problems)} problem(s):{listed}",
            fix="fix them; `smartling-context validate` checks the manifest",
        ) from invalid
    catalog = StringsCatalog(model.entries, tree)
    patterns: dict[StringRef, TextPattern | None] = {}
    files = []
    for path, entry in catalog.owners().items():
        try:
            strings = catalog.strings(path)
        except StringsFileError as error:
            raise CannotStart(error.message, file=path, line=error.line) from error
        files.append(
            StringsFile(path, catalog.format_of(path) or "", {s.key: s.text for s in strings})
        )
        for string in strings:
            patterns[StringRef(path, string.key)] = pattern_of(string.text, entry)
    return Wanted(model, patterns, files)


def pattern_of(text: str, entry: StringsEntry) -> TextPattern | None:
    """What a string of `entry`'s files looks like on a page (its placeholders filled)."""
    custom = entry.settings.placeholder_custom
    return text_pattern(
        text, re.compile(custom) if custom else None, markup=entry.settings.html != "plain_text"
    )


def capture(browser: Browser, request: CaptureRequest, wanted: Wanted) -> CaptureResult:
    """Open the page, save its screenshot and write its boxes file (and, with `html`,
    the anchored page beside the screenshot).

    Raises CannotStart (the page could not be loaded, or its HTML is over 20 MB) or
    ScreenFailed (it never held still); nothing is written then."""
    served = MarkedStrings(wanted.files) if request.markers else None
    markers = wanted.markers() if request.markers else None
    snapshot: HtmlSnapshot | None = None
    with browser.open(request.page, served) as captured:
        shot = captured.shot
        outcome = match(shot.document, wanted.patterns, markers)
        if request.html:  # the page is still open: anchor the boxed strings' elements
            snapshot = take_snapshot(captured.page, boxed_spans(outcome.boxed, shot.document))
            check_size(snapshot, str(request.html_path))
    document = boxes_document(
        outcome, shot.pixel_size, shot.document.scale, snapshot.anchors if snapshot else None
    )
    request.out.parent.mkdir(parents=True, exist_ok=True)
    request.out.write_bytes(shot.png)
    if snapshot is not None:
        request.html_path.write_bytes(snapshot.html)
    boxes = request.boxes_path
    boxes.parent.mkdir(parents=True, exist_ok=True)
    boxes.write_text(boxes_json(document), encoding="utf-8")
    image = repo_path(request.repo, request.out)
    return CaptureResult(
        request.out,
        boxes,
        shot.pixel_size,
        shot.document.scale,
        outcome,
        next((entry.scale for entry in wanted.manifest.screenshots if entry.image == image), None),
        shot.document,
        dict(served.served) if served else {},
        snapshot,
    )


def repo_path(repo: Path, path: Path) -> str | None:
    """A path as the manifest names it (relative to the repository root, with `/`), or
    None when it lies outside the repository."""
    full, root = path.resolve(), repo.resolve()
    return full.relative_to(root).as_posix() if full.is_relative_to(root) else None


def boxes_document(
    outcome: Outcome,
    pixel_size: tuple[int, int],
    scale: float,
    anchors: Mapping[StringRef, tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """The boxes file (manifest.md): boxes and `image` in CSS pixels, to be multiplied by
    the screenshot's `scale`. Each edge is snapped to the nearest image pixel, so at
    scale 2 a value may end in .5 and box x scale is exact. A box names its `file` only
    when its key is in several strings files, and its `anchors` in the HTML page when
    one was saved."""
    keys = Counter(ref.key for ref in _all(outcome))
    boxes = []
    for boxed in outcome.boxed:
        left, top = _pixel(boxed.box.left, scale), _pixel(boxed.box.top, scale)
        right, bottom = _pixel(boxed.box.right, scale), _pixel(boxed.box.bottom, scale)
        entry: dict[str, Any] = {"key": boxed.string.key}
        if keys[boxed.string.key] > 1:
            entry["file"] = boxed.string.file
        entry |= {
            "top": _css(top, scale),
            "left": _css(left, scale),
            "width": _css(right - left, scale),
            "height": _css(bottom - top, scale),
        }
        if anchors and anchors.get(boxed.string):
            entry["anchors"] = list(anchors[boxed.string])
        boxes.append(entry)
    width, height = pixel_size
    return {
        "version": 1,
        "image": {"width": _css(width, scale), "height": _css(height, scale)},
        "boxes": boxes,
    }


def boxes_json(document: dict[str, Any]) -> str:
    """The boxes file's text: one box a line, so that a new capture diffs line by line."""
    head = {name: value for name, value in document.items() if name != "boxes"}
    lines = [f"  {json.dumps(name)}: {json.dumps(value)}," for name, value in head.items()]
    boxes = [f"    {json.dumps(box, ensure_ascii=False)}" for box in document["boxes"]]
    body = "[\n" + ",\n".join(boxes) + "\n  ]" if boxes else "[]"
    return "{\n" + "\n".join(lines) + f'\n  "boxes": {body}\n}}\n'


def _pixel(css: float, scale: float) -> int:
    """A CSS coordinate as the nearest whole image pixel (half up)."""
    return math.floor(css * scale + 0.5)


def _css(pixels: int, scale: float) -> int | float:
    """Image pixels back in CSS pixels, as the boxes file holds them."""
    value = round(pixels / scale, 4)
    return int(value) if value.is_integer() else value


def _all(outcome: Outcome) -> list[StringRef]:
    return [
        *(b.string for b in outcome.boxed),
        *outcome.ambiguous,
        *outcome.partial,
        *outcome.hidden,
        *outcome.outside,
        *outcome.not_found,
        *outcome.placeholders_only,
    ]
