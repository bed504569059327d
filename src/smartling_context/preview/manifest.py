"""Previews of a manifest's screenshots: every binding with coordinates, boxes files included."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from smartling_context.errors import ItemFailed
from smartling_context.manifest.model import Manifest, Screenshot
from smartling_context.preview.draw import PreviewBox
from smartling_context.preview.folder import PreviewsWritten, ScreenshotPreview, write_previews
from smartling_context.strings.trees import Tree


@dataclass
class ManifestPreviews:
    """The PNGs written and, per screenshot name, how many boxes each shows."""

    written: PreviewsWritten
    boxes: dict[str, int] = field(default_factory=dict)
    unreadable: list[ItemFailed] = field(default_factory=list)


def screenshot_boxes(shot: Screenshot) -> list[PreviewBox]:
    """The screenshot's bindings that have coordinates (image pixels), as preview boxes."""
    return [
        PreviewBox(bound.key, box["top"], box["left"], box["width"], box["height"])
        for bound in shot.bindings
        if (box := bound.coordinates) is not None
    ]


def write_manifest_previews(
    manifest: Manifest,
    tree: Tree,
    folder: Path,
    *,
    only: Collection[str] | None = None,
    extra: Mapping[str, Sequence[PreviewBox]] | None = None,
) -> ManifestPreviews:
    """One PNG per screenshot of the manifest whose image can be read, into `folder`.

    `only`: the names of the screenshots to draw (a run's), default all; `extra`: more
    boxes by screenshot name, such as the boxes Smartling's OCR matched (kind "ocr").
    """
    shots, unreadable, counts = [], [], {}
    for shot in manifest.screenshots:
        if only is not None and shot.name not in only:
            continue
        try:
            image = tree.read(shot.image)
        except (OSError, KeyError) as error:
            unreadable.append(
                ItemFailed(
                    f"the image cannot be read ({error})",
                    file=shot.image,
                    fix="check the screenshot's `image` path",
                )
            )
            continue
        boxes = screenshot_boxes(shot) + list((extra or {}).get(shot.name, ()))
        counts[shot.name] = len(boxes)
        shots.append(ScreenshotPreview(shot.name, image, boxes))
    return ManifestPreviews(write_previews(shots, folder), counts, unreadable)
