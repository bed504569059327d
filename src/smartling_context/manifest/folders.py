"""`screenshots[].folder`: every PNG in a folder with a boxes file beside it is a screenshot.

The interchange format between anything that takes screenshots (capture's
Storybook mode, a team's own UI tests) and the action: `x.png` + `x.boxes.json`,
named after the file. The folder is listed in the head commit and, in the
action, in the workspace (an earlier step of the job wrote it).
"""

from __future__ import annotations

import dataclasses
import json

from smartling_context.manifest.loader import LoadedDocument, NodePath, node_name
from smartling_context.manifest.model import FOLDER, Manifest, Problem, Screenshot
from smartling_context.manifest.screens import Folder, boxes_beside
from smartling_context.strings.globs import escapes_root
from smartling_context.strings.trees import Tree, WorkspaceTree


def expand_folders(
    manifest: Manifest, document: LoadedDocument, assets: Tree
) -> tuple[Manifest, list[Problem]]:
    """The manifest with one screenshot per PNG + boxes file of each `folder` entry,
    and a problem for each folder that cannot be used."""
    problems: list[Problem] = []
    shots = list(manifest.screenshots)

    def add(node: NodePath, message: str) -> None:
        problems.append(Problem(manifest.path, document.line(node), node_name(node), message))

    for folder in manifest.folders:
        node: NodePath = ("screenshots", folder.index, "folder")
        if folder.extra:
            add(
                ("screenshots", folder.index, folder.extra[0]),
                f"a `folder` entry takes only {', '.join(sorted(FOLDER))}; each image is named "
                f"after its file and bound from its boxes file (remove {', '.join(folder.extra)})",
            )
        if escapes_root(folder.path):
            add(node, f"{folder.path!r} leads outside the repository")
            continue
        images = folder_images(assets, folder.path)
        if not images:
            add(
                node,
                f"{folder.path!r} holds no PNG with a boxes file beside it (x.png and "
                "x.boxes.json); did the step that writes it (`smartling-context capture`, "
                "your UI tests) run before the action?",
            )
        shots += [_screenshot(folder, image) for image in images]
    return dataclasses.replace(manifest, screenshots=tuple(shots)), problems


def folder_images(tree: Tree, folder: str) -> list[str]:
    """The PNGs directly in `folder` that have a boxes file beside them, sorted."""
    files = set(tree.files())
    if isinstance(tree, WorkspaceTree):
        files |= {path for path in tree.workspace.files() if tree.from_workspace(path)}
    prefix = folder.strip("/") + "/"
    return sorted(
        path
        for path in files
        if path.startswith(prefix)
        and "/" not in path[len(prefix) :]
        and path.lower().endswith(".png")
        and boxes_beside(path) in files
    )


def _screenshot(folder: Folder, image: str) -> Screenshot:
    name = image.rsplit("/", 1)[-1][: -len(".png")]
    definition = json.dumps({"folder": folder.path, "image": image}, sort_keys=True)
    return Screenshot(
        folder.index,
        image,
        name,
        (),
        folder.match,
        definition,
        boxes_beside(image),
        scale_from_boxes=True,
    )
