"""One preview PNG per screenshot, written into a folder under safe, unique names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from smartling_context.errors import ItemFailed
from smartling_context.preview.draw import PreviewBox, draw

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 100


@dataclass(frozen=True)
class ScreenshotPreview:
    """What to draw: a screenshot's name (its context name or image path), bytes and boxes."""

    name: str
    image: bytes
    boxes: Sequence[PreviewBox]


@dataclass
class PreviewsWritten:
    """The PNGs written, by screenshot name, and the screenshots that could not be drawn."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    failed: list[ItemFailed] = field(default_factory=list)


def safe_name(name: str) -> str:
    """A file name made of letters, digits, `.`, `_` and `-`, ending in `.png`.

    `docs/screens/search.png` -> `docs-screens-search.png`, `Hotel search` ->
    `Hotel-search.png`; no name can climb out of the folder or hide as a dot file.
    """
    stem = name[:-4] if name.lower().endswith(".png") else name
    stem = _UNSAFE.sub("-", stem).strip(".-")[:MAX_NAME] or "screenshot"
    return f"{stem}.png"


def write_previews(shots: Iterable[ScreenshotPreview], folder: Path) -> PreviewsWritten:
    """Draw each screenshot's boxes and write it to `folder` (created when missing).

    Two screenshots whose names give the same file name get `-2`, `-3`... A screenshot
    that cannot be drawn is listed in `failed` (named by `file`); the others go on.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = PreviewsWritten(folder)
    taken: set[str] = set()
    for shot in shots:
        try:
            png = draw(shot.image, shot.boxes)
        except ItemFailed as error:
            error.file = shot.name
            written.failed.append(error)
            continue
        path = folder / unique_name(safe_name(shot.name), taken)
        path.write_bytes(png)
        written.files[shot.name] = path
    return written


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name-2.png`, `-3`... when taken (case-insensitive); now taken."""
    stem, number = name[:-4], 1
    while name.lower() in taken:
        number += 1
        name = f"{stem}-{number}.png"
    taken.add(name.lower())
    return name
