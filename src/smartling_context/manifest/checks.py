"""The rules the action enforces beyond the schema: paths, images, boxes, bound keys, names."""

from __future__ import annotations

import difflib
from collections.abc import Callable

from smartling_context.manifest.boxes import BoxesFile, path_problem
from smartling_context.manifest.images import (
    MAX_IMAGE_BYTES,
    ImageUnreadable,
    image_size,
    image_type,
)
from smartling_context.manifest.loader import LoadedDocument, NodePath, node_name
from smartling_context.manifest.model import (
    BoundString,
    Manifest,
    Problem,
    Screenshot,
    StringsEntry,
)
from smartling_context.strings.catalog import StringsCatalog, outside
from smartling_context.strings.formats import StringsFileError
from smartling_context.strings.globs import escapes_root, glob_match, glob_problem
from smartling_context.strings.trees import Tree, TreeReadError

Add = Callable[[NodePath, str], None]


def repository_problems(
    manifest: Manifest,
    document: LoadedDocument,
    catalog: StringsCatalog[StringsEntry],
    assets: Tree | None = None,
    boxes: dict[str, BoxesFile] | None = None,
    settled: set[tuple[str, str | None]] | None = None,
) -> list[Problem]:
    """The rules beyond the schema: paths, images, boxes, bound keys, unique names.
    `assets` reads images (default: the catalog's tree); `boxes` are the boxes files read;
    `settled` are the (key, file) bindings not checked again (`manifest.settled`)."""
    problems: list[Problem] = []

    def add(node: NodePath, message: str) -> None:
        problems.append(Problem(manifest.path, document.line(node), node_name(node), message))

    _entry_problems(manifest, catalog, add)
    settled = settled or set()
    catalog.expect(
        b.key
        for s in manifest.screenshots
        for b in s.bindings
        if b.file is None and (b.key, b.file) not in settled
    )
    names: dict[str, int] = {}
    for shot in manifest.screenshots:
        base: NodePath = ("screenshots", shot.index)
        if shot.capture is not None:
            base_url = manifest.capture.base_url if manifest.capture else None
            _capture_problems(shot, base_url, catalog.tree, add)
        size = _image_size(assets or catalog.tree, shot, add)
        boxes_file = (boxes or {}).get(shot.boxes) if shot.boxes else None
        if size is not None:
            problems += _box_problems(shot, size, document, manifest.path, boxes_file)
        if shot.name in names:
            node = (*base, "name") if (*base, "name") in document.value_lines else (*base, "image")
            add(
                node,
                f"the name {shot.name!r} is already used by screenshots[{names[shot.name]}]; "
                "give each screenshot a unique `name`",
            )
        names.setdefault(shot.name, shot.index)
        for bound in shot.bindings:
            if (bound.key, bound.file) in settled:
                continue  # its holders are the base's: not searched again
            found = _binding_problem(bound, catalog)
            if found is None:
                continue
            field, message = found
            if bound.source == "boxes" and boxes_file is not None:
                problems.append(boxes_file.problem(("boxes", bound.index, field), message))
            else:
                add((*base, "strings", bound.index, field), message)
    return sorted(problems, key=lambda p: (p.manifest != manifest.path, p.line or 0, p.node))


def _entry_problems(manifest: Manifest, catalog: StringsCatalog[StringsEntry], add: Add) -> None:
    files = catalog.tree.files()
    for entry in manifest.entries:
        node = ("strings", entry.index, "files")
        if escapes_root(entry.files):
            add(
                node,
                f"{entry.files!r} leads outside the repository; use a path relative to "
                "the repository root",
            )
            continue
        unusable = glob_problem(entry.files)
        if unusable:
            add(node, f"{entry.files!r} is not a usable glob: {unusable}")
            continue
        matched = glob_match(entry.files, files)
        if not matched:
            add(
                node,
                f"{entry.files!r} matches no file in the repository; check the path and "
                "that `**` is used to cross folders",
            )
        for file in matched:
            if catalog.owners().get(file) is entry and catalog.format_of(file) is None:
                add(node, f"cannot tell the format of {file!r} from its name; add `format:`")
            elif outside(catalog.tree, file):
                add(node, f"{file!r} is a link that leads outside the repository")


def _capture_problems(shot: Screenshot, base_url: str | None, tree: Tree, add: Add) -> None:
    """A relative URL with no base URL, and the files a capture reads from the
    repository: its storage state and init script."""
    assert shot.capture is not None
    if "://" not in shot.capture.url and base_url is None:
        add(
            ("screenshots", shot.index, "capture", "url"),
            f"{shot.capture.url!r} is relative: set `capture.base-url` (e.g. "
            "http://127.0.0.1:3000) or give the whole URL",
        )
    for field, path in (
        ("storage-state", shot.capture.storage_state),
        ("init-script", shot.capture.init_script),
    ):
        refusal = path_problem(tree, path) if path else None
        if refusal:
            add(("screenshots", shot.index, "capture", field), refusal)


def _image_size(tree: Tree, shot: Screenshot, add: Add) -> tuple[int, int] | None:
    """The image's pixel size, or None after reporting why it cannot be used."""
    node: NodePath = ("screenshots", shot.index, "image")
    refusal = path_problem(tree, shot.image)
    if refusal:
        if shot.capture is not None and not tree.exists(shot.image):
            refusal += "; `smartling-context capture` writes it: run it before the action"
        add(node, refusal)
        return None
    size = tree.size(shot.image)
    if size > MAX_IMAGE_BYTES:
        add(
            node,
            f"{shot.image!r} is {size / 1024 / 1024:.1f} MB; Smartling accepts images up to 20 MB",
        )
        return None
    try:
        content = tree.read(shot.image)
    except (TreeReadError, OSError) as exc:
        add(node, f"{shot.image!r} cannot be read: {exc}")
        return None
    if image_type(content[:8]) is None:
        add(node, f"{shot.image!r} is not a PNG, JPEG or GIF (by its first bytes)")
        return None
    try:
        return image_size(content)
    except ImageUnreadable as exc:
        add(node, f"{shot.image!r} is refused: {exc}")
        return None


def _box_problems(
    shot: Screenshot,
    size: tuple[int, int],
    document: LoadedDocument,
    path: str,
    boxes: BoxesFile | None,
) -> list[Problem]:
    """Every box that does not lie inside the image, and a boxes file made for
    another size; each names the box, the key, the image's size and the fix."""
    width, height = size
    scale = f"{shot.scale:g}"
    problems = []
    if boxes is not None and boxes.image is not None:
        declared_w, declared_h = boxes.image
        if abs(declared_w * shot.scale - width) >= 1 or abs(declared_h * shot.scale - height) >= 1:
            problems.append(
                boxes.problem(
                    ("image",),
                    f"the boxes were made for a {declared_w:g}x{declared_h:g} image, but "
                    f"{shot.image} is {width}x{height} pixels, which at scale {scale} is "
                    f"{width / shot.scale:g}x{height / shot.scale:g}; set the screenshot's "
                    f"`scale` to {width / declared_w:g} or capture the boxes again",
                )
            )
            return problems  # every box would be reported too: one cause, one problem
    for bound in shot.bindings:
        box = bound.coordinates
        if box is None:
            continue
        right, bottom = box["left"] + box["width"], box["top"] + box["height"]
        if right <= width and bottom <= height:
            continue
        message = (
            f"the box of {bound.key!r} (left {box['left']}, top {box['top']}, width "
            f"{box['width']}, height {box['height']} in image pixels, at scale {scale}) reaches "
            f"{right}x{bottom}, outside {shot.image} ({width}x{height} pixels); fix the box"
            + (" or the screenshot's `scale`" if shot.scale != 1 or boxes else "")
        )
        if bound.source == "boxes" and boxes is not None:
            problems.append(boxes.problem(("boxes", bound.index), message))
        else:
            node: NodePath = ("screenshots", shot.index, "strings", bound.index, "coordinates")
            problems.append(Problem(path, document.line(node), node_name(node), message))
    return problems


def _binding_problem(
    bound: BoundString, catalog: StringsCatalog[StringsEntry]
) -> tuple[str, str] | None:
    """The field at fault and what is wrong, or None when the binding is sound."""
    owners = catalog.owners()
    if not owners:
        return None  # no strings file at all: reported on `strings` already
    if bound.file is not None:
        if bound.file not in owners:
            return "file", (
                f"{bound.file!r} is not one of the manifest's strings files; name a "
                "file that a `strings:` entry matches"
            )
        candidates = [bound.file]
    else:
        candidates = list(owners)
    holders, unreadable = catalog.holders(bound.key, candidates)
    if len(holders) == 1:
        return None
    if len(holders) > 1:
        return "key", (
            f"{bound.key!r} is in several files ({', '.join(holders)}); add `file:` to say which"
        )
    if unreadable:
        return None  # the unreadable file is reported on its own; it may hold the key
    where = f"in {bound.file}" if bound.file else "in any strings file"
    suggestion = _nearest_key(bound.key, candidates, catalog)
    hint = f"; did you mean {suggestion!r}?" if suggestion else ""
    return "key", f"{bound.key!r} is not {where}{hint}"


def _nearest_key(key: str, files: list[str], catalog: StringsCatalog[StringsEntry]) -> str | None:
    keys = []
    for path in files:
        try:
            keys += [s.key for s in catalog.strings(path)]
        except StringsFileError:
            continue  # a broken file is reported on its own
    hits = difflib.get_close_matches(key, keys, n=1)
    return hits[0] if hits else None
