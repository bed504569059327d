"""The manifest as the rest of the run sees it: typed entries, screenshots, bindings, problems."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from smartling_context.manifest.placeholders import placeholder_settings
from smartling_context.manifest.screens import (
    CaptureSettings,
    Folder,
    ScreenCapture,
    boxes_beside,
    capture_settings,
    screen_capture,
)

DEFAULT_MANIFEST = ".smartling/context.yml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the manifest, pointing at its line and node."""

    manifest: str
    line: int | None
    node: str
    message: str

    def __str__(self) -> str:
        where = f"{self.manifest}:{self.line}" if self.line else self.manifest
        return f"{where}: {self.node}: {self.message}"


@dataclass(frozen=True)
class StringSettings:
    placeholder_format: str | None
    placeholder_custom: str | None
    html: str | None
    variant: str
    namespace: str | None
    instruction: str


@dataclass(frozen=True)
class StringsEntry:
    index: int
    files: str
    format: str | None
    settings: StringSettings
    # The entry's (or `defaults.file-uri`) template, unexpanded: `{path}`, `{name}` and
    # `{branch}` are filled in by the run. None: the run creates these strings itself.
    file_uri: str | None = None


BindingSource = Literal["manifest", "boxes"]


@dataclass(frozen=True)
class BoundString:
    """A key bound to a screenshot. `index` is the item's position in `source`: the
    screenshot's `strings` list, or the boxes file's `boxes` list. `coordinates` are
    in image pixels (already multiplied by the screenshot's `scale`)."""

    index: int
    key: str
    file: str | None
    coordinates: dict[str, int] | None
    source: BindingSource = "manifest"
    anchors: tuple[str, ...] = ()  # `data-sl-anchor` values in the screenshot's HTML page


@dataclass(frozen=True)
class Screenshot:
    index: int
    image: str
    name: str
    bindings: tuple[BoundString, ...]  # explicit entries, then the boxes file's other keys
    match: str
    definition: str  # the entry as canonical JSON: a changed entry means a new upload
    boxes: str | None = None  # the boxes file's path
    scale: float = 1.0  # manifest and boxes coordinates are multiplied by it
    capture: ScreenCapture | None = None  # how `smartling-context capture` takes it
    # The scale is the image's width over the width its boxes file declares: a folder's
    # screenshots, and a capture on a device whose scale the manifest does not say.
    scale_from_boxes: bool = False


@dataclass(frozen=True)
class Manifest:
    path: str
    entries: tuple[StringsEntry, ...]
    screenshots: tuple[Screenshot, ...]
    capture: CaptureSettings | None = None
    folders: tuple[Folder, ...] = ()  # expanded into screenshots when the tree is read


def manifest_from_data(data: dict[str, Any], path: str) -> Manifest:
    """The manifest's model. Items without their required field are skipped, their
    index kept, so a salvaged manifest still names the right nodes."""
    defaults = data.get("defaults") or {}
    entries = []
    for index, entry in enumerate(_items(data.get("strings"), "files")):
        if entry is None:
            continue
        placeholders = {**(defaults.get("placeholders") or {}), **(entry.get("placeholders") or {})}
        placeholder_format, placeholder_custom = placeholder_settings(
            placeholders.get("format"), placeholders.get("custom")
        )
        entries.append(
            StringsEntry(
                index,
                entry["files"],
                entry.get("format"),
                StringSettings(
                    placeholder_format=placeholder_format,
                    placeholder_custom=placeholder_custom,
                    html=entry.get("html", defaults.get("html")),
                    variant=entry.get("variant", defaults.get("variant", "{key}")),
                    namespace=defaults.get("namespace"),
                    instruction=entry.get("instruction", defaults.get("instruction", "")),
                ),
                entry.get("file-uri", defaults.get("file-uri")) or None,
            )
        )
    shared = capture_settings(data.get("capture"))
    screenshots = [
        _screenshot(index, shot, shared)
        for index, shot in enumerate(_items(data.get("screenshots"), "image"))
        if shot is not None
    ]
    folders = [
        Folder(index, shot["folder"], shot.get("match", "none"), tuple(sorted(set(shot) - FOLDER)))
        for index, shot in enumerate(_items(data.get("screenshots"), "folder"))
        if shot is not None and "image" not in shot
    ]
    return Manifest(path, tuple(entries), tuple(screenshots), shared, tuple(folders))


FOLDER = {"folder", "match"}  # the fields a `folder` entry takes


def _screenshot(index: int, shot: dict[str, Any], shared: CaptureSettings | None) -> Screenshot:
    how = screen_capture(shot.get("capture"), shared)
    scale = shot.get("scale", 1 if how is None or how.scale is None else how.scale)
    scale = float(scale) if isinstance(scale, int | float) and scale > 0 else 1.0
    boxes = shot.get("boxes", boxes_beside(shot["image"]) if how else None)
    return Screenshot(
        index,
        shot["image"],
        shot.get("name", shot["image"]),
        tuple(
            BoundString(number, b["key"], b.get("file"), scaled(b.get("coordinates"), scale))
            for number, b in enumerate(_items(shot.get("strings"), "key"))
            if b is not None
        ),
        shot.get("match", "none"),
        json.dumps(shot, sort_keys=True),
        boxes,
        scale,
        how,
        how is not None and how.scale is None and "scale" not in shot and how.device is not None,
    )


def scaled(box: dict[str, Any] | None, scale: float) -> dict[str, int] | None:
    """A box in image pixels: each side multiplied by `scale`, rounded to a whole pixel."""
    sides = ("top", "left", "width", "height")
    if not isinstance(box, dict) or not all(isinstance(box.get(s), int | float) for s in sides):
        return None
    return {side: round(box[side] * scale) for side in sides}


def _items(items: Any, required: str) -> list[dict[str, Any] | None]:
    """List items that are mappings with their required field; None in place of others."""
    if not isinstance(items, list):
        return []
    return [i if isinstance(i, dict) and required in i else None for i in items]
