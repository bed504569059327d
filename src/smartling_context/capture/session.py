"""`capture`: the manifest's strings, a page in the browser, the screenshot and its boxes file."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smartling_context.capture.browser import Browser, PageRequest
from smartling_context.capture.matching import Outcome, StringRef, find_spans, resolve
from smartling_context.capture.texts import TextPattern, text_pattern
from smartling_context.errors import CannotStart
from smartling_context.manifest.model import Manifest
from smartling_context.manifest.schema_check import ManifestInvalid, load_manifest
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.formats import StringsFileError
from smartling_context.strings.trees import WorkTree


@dataclass(frozen=True)
class CaptureRequest:
    page: PageRequest
    out: Path
    boxes: Path | None = None
    repo: Path = Path(".")
    manifest: str = ".smartling/context.yml"

    @property
    def boxes_path(self) -> Path:
        """`--boxes`, else next to the screenshot: `search.png` -> `search.boxes.json`."""
        return self.boxes or self.out.with_suffix(".boxes.json")


@dataclass(frozen=True)
class CaptureResult:
    image: Path
    boxes_file: Path
    pixel_size: tuple[int, int]
    scale: float
    outcome: Outcome
    document: dict[str, Any]  # the boxes file as written
    in_manifest: bool  # a screenshot entry of the manifest names this image


def strings_to_find(
    repo: Path, manifest: str
) -> tuple[Manifest, dict[StringRef, TextPattern | None]]:
    """The manifest, and every string of its strings files as a pattern to look for.

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
    for path, entry in catalog.owners().items():
        custom = entry.settings.placeholder_custom
        try:
            strings = catalog.strings(path)
        except StringsFileError as error:
            raise CannotStart(error.message, file=path, line=error.line) from error
        for string in strings:
            patterns[StringRef(path, string.key)] = text_pattern(
                string.text,
                re.compile(custom) if custom else None,
                markup=entry.settings.html != "plain_text",
            )
    return model, patterns


def capture(browser: Browser, request: CaptureRequest) -> CaptureResult:
    """Open the page, save its screenshot and write its boxes file."""
    model, patterns = strings_to_find(request.repo, request.manifest)
    page = browser.open(request.page)
    try:
        runs = page.runs()
        spans = find_spans(patterns, runs)
        places = sorted({span for found in spans.values() for span in found})
        outcome = resolve(patterns, spans, page.measure(places))
    finally:
        page.close()
    document = boxes_document(outcome, page.pixel_size, request.page.scale)
    request.out.parent.mkdir(parents=True, exist_ok=True)
    request.out.write_bytes(page.png)
    boxes = request.boxes_path
    boxes.parent.mkdir(parents=True, exist_ok=True)
    boxes.write_text(boxes_json(document), encoding="utf-8")
    image = repo_path(request.repo, request.out)
    return CaptureResult(
        request.out,
        boxes,
        page.pixel_size,
        request.page.scale,
        outcome,
        document,
        any(shot.image == image for shot in model.screenshots),
    )


def repo_path(repo: Path, path: Path) -> str | None:
    """A path as the manifest names it (relative to the repository root, with `/`), or
    None when it lies outside the repository."""
    full, root = path.resolve(), repo.resolve()
    return full.relative_to(root).as_posix() if full.is_relative_to(root) else None


def boxes_document(outcome: Outcome, pixel_size: tuple[int, int], scale: float) -> dict[str, Any]:
    """The boxes file (manifest.md): boxes and `image` in CSS pixels, and `scale`, so that
    box x scale is the box in the screenshot's own pixels. A box names its `file` only
    when its key is in several strings files."""
    keys = Counter(ref.key for ref in _all(outcome))
    boxes = []
    for boxed in outcome.boxed:
        left, top = _round(boxed.box.left), _round(boxed.box.top)
        entry: dict[str, Any] = {"key": boxed.string.key}
        if keys[boxed.string.key] > 1:
            entry["file"] = boxed.string.file
        entry |= {
            "top": top,
            "left": left,
            "width": _round(boxed.box.right) - left,
            "height": _round(boxed.box.bottom) - top,
        }
        boxes.append(entry)
    document: dict[str, Any] = {"version": 1}
    width, height = pixel_size[0] / scale, pixel_size[1] / scale
    if width.is_integer() and height.is_integer():
        document["image"] = {"width": int(width), "height": int(height)}
    document["scale"] = int(scale) if float(scale).is_integer() else scale
    document["boxes"] = boxes
    return document


def boxes_json(document: dict[str, Any]) -> str:
    """The boxes file's text: one box a line, so that a new capture diffs line by line."""
    head = {name: value for name, value in document.items() if name != "boxes"}
    lines = [f"  {json.dumps(name)}: {json.dumps(value)}," for name, value in head.items()]
    boxes = [f"    {json.dumps(box, ensure_ascii=False)}" for box in document["boxes"]]
    body = "[\n" + ",\n".join(boxes) + "\n  ]" if boxes else "[]"
    return "{\n" + "\n".join(lines) + f'\n  "boxes": {body}\n}}\n'


def _round(value: float) -> int:
    """Half up, so that every edge is within half a CSS pixel of the measured one."""
    return math.floor(value + 0.5)


def _all(outcome: Outcome) -> list[StringRef]:
    return [
        *(b.string for b in outcome.boxed),
        *outcome.ambiguous,
        *outcome.hidden,
        *outcome.not_found,
        *outcome.placeholders_only,
    ]
