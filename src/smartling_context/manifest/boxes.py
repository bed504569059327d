"""Boxes files: the coordinates of many strings on one screenshot, read with their lines.

A boxes file is checked like the manifest (its JSON Schema, then each box's key
and place on the image), and each problem names the boxes file, the line and
the node (`boxes[3].key`). Its boxes become the screenshot's bindings, after
the manifest's explicit ones, which win for the same key.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from smartling_context.manifest.images import ImageUnreadable, image_size
from smartling_context.manifest.loader import (
    LoadedDocument,
    ManifestUnreadable,
    NodePath,
    duplicate_problems,
    load_document,
    node_name,
)
from smartling_context.manifest.model import BoundString, Manifest, Problem, Screenshot, scaled
from smartling_context.manifest.schema_check import BOXES_SCHEMA, schema_problems
from smartling_context.strings.catalog import outside
from smartling_context.strings.globs import escapes_root
from smartling_context.strings.trees import Tree

MAX_BOXES_BYTES = 4 * 1024 * 1024
MAX_BOXES_NODES = 400_000


@dataclass(frozen=True)
class BoxesFile:
    """A boxes file that passed its schema: the size it declares and its boxes."""

    path: str
    document: LoadedDocument
    image: tuple[float, float] | None  # (width, height) in the file's units
    boxes: tuple[dict[str, Any], ...]

    def problem(self, node: NodePath, message: str) -> Problem:
        return Problem(self.path, self.document.line(node), node_name(node), message)


def attach_boxes(
    manifest: Manifest, document: LoadedDocument, assets: Tree
) -> tuple[Manifest, dict[str, BoxesFile], list[Problem]]:
    """The manifest with each boxes file's boxes bound to its screenshot, the boxes
    files read (by path), and every problem found reading them."""
    files: dict[str, BoxesFile] = {}
    problems: list[Problem] = []
    shots = []
    for shot in manifest.screenshots:
        if shot.boxes is not None and shot.boxes not in files:
            node: NodePath = ("screenshots", shot.index, "boxes")
            refusal = path_problem(assets, shot.boxes)
            if refusal:
                problems.append(
                    Problem(manifest.path, document.line(node), node_name(node), refusal)
                )
            else:
                found, trouble = read_boxes(assets, shot.boxes)
                problems += trouble
                if found is not None:
                    files[shot.boxes] = found
        boxes = files.get(shot.boxes) if shot.boxes else None
        if boxes is not None and shot.scale_from_boxes:
            shot = dataclasses.replace(shot, scale=scale_of(assets, shot.image, boxes))
        shots.append(with_boxes(shot, boxes) if boxes else shot)
    return dataclasses.replace(manifest, screenshots=tuple(shots)), files, problems


def scale_of(tree: Tree, image: str, boxes: BoxesFile) -> float:
    """The image's pixel width over the width its boxes file declares (1 when either is
    unknown): the scale a capture wrote it at."""
    if boxes.image is None or boxes.image[0] <= 0 or path_problem(tree, image):
        return 1.0
    try:
        width, _ = image_size(tree.read(image))
    except (ImageUnreadable, OSError):
        return 1.0  # the image's own problem is reported on its own
    return round(width / boxes.image[0], 3)


def path_problem(tree: Tree, path: str) -> str | None:
    """Why a path the manifest names cannot be read, or None."""
    if escapes_root(path):
        return f"{path!r} leads outside the repository; use a path relative to the repository root"
    if not tree.exists(path):
        return f"{path!r} does not exist in the repository"
    if outside(tree, path):
        return f"{path!r} is a link that leads outside the repository"
    return None


def read_boxes(tree: Tree, path: str) -> tuple[BoxesFile | None, list[Problem]]:
    """Read and schema-check one boxes file."""

    def refused(message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(path, line, "(top level)", message)]

    if tree.size(path) > MAX_BOXES_BYTES:
        return refused(f"a boxes file must be under {MAX_BOXES_BYTES // 1024 // 1024} MB")
    try:
        document = load_document(tree.read(path), MAX_BOXES_BYTES, MAX_BOXES_NODES)
    except ManifestUnreadable as exc:
        return refused(exc.message, exc.line)
    except OSError as exc:
        return refused(f"cannot be read: {exc}")
    if not isinstance(document.data, dict):
        return refused('a boxes file is a JSON object: {"version": 1, "boxes": [...]}', 1)
    problems = schema_problems(document, path, BOXES_SCHEMA)
    problems += [Problem(path, *found) for found in duplicate_problems(document)]
    if problems:
        return None, sorted(problems, key=lambda p: (p.line or 0, p.node))
    image = document.data.get("image")
    size = (image["width"], image["height"]) if image else None
    return BoxesFile(path, document, size, tuple(document.data["boxes"])), []


def with_boxes(shot: Screenshot, boxes: BoxesFile) -> Screenshot:
    """The screenshot with the boxes' keys bound, in image pixels; an explicit
    manifest binding for the same key wins over a box, and keeps the box's
    anchors (a place in the HTML page is no place on the image)."""
    explicit = {bound.key for bound in shot.bindings}
    anchors = {box["key"]: tuple(box.get("anchors", ())) for box in boxes.boxes}
    kept = tuple(
        dataclasses.replace(bound, anchors=anchors.get(bound.key, ())) for bound in shot.bindings
    )
    added = tuple(
        BoundString(
            index,
            box["key"],
            box.get("file"),
            scaled(box, shot.scale),
            "boxes",
            tuple(box.get("anchors", ())),
        )
        for index, box in enumerate(boxes.boxes)
        if box["key"] not in explicit
    )
    return dataclasses.replace(shot, bindings=kept + added)
