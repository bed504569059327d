"""The rules the action enforces beyond the schema: paths, images, bound keys, unique names."""

from __future__ import annotations

import difflib

from smartling_context.manifest.images import MAX_IMAGE_BYTES, image_type
from smartling_context.manifest.loader import LoadedDocument, NodePath, node_name
from smartling_context.manifest.model import BoundString, Manifest, Problem, Screenshot
from smartling_context.strings.catalog import StringsCatalog, outside
from smartling_context.strings.globs import escapes_root, glob_match
from smartling_context.strings.trees import Tree


def repository_problems(
    manifest: Manifest, document: LoadedDocument, catalog: StringsCatalog
) -> list[Problem]:
    """The rules beyond the schema: paths, images, bound keys, unique names."""
    tree = catalog.tree
    path = manifest.path
    problems: list[Problem] = []

    def add(node: NodePath, message: str) -> None:
        problems.append(Problem(path, document.line(node), node_name(node), message))

    files = tree.files()
    for entry in manifest.entries:
        node = ("strings", entry.index, "files")
        if escapes_root(entry.files):
            add(
                node,
                f"{entry.files!r} leads outside the repository; use a path relative to "
                "the repository root",
            )
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
            elif outside(tree, file):
                add(node, f"{file!r} is a link that leads outside the repository")

    names: dict[str, int] = {}
    for shot in manifest.screenshots:
        base: NodePath = ("screenshots", shot.index)
        problems += _image_problems(tree, shot, document, path)
        if shot.name in names:
            node = (*base, "name") if (*base, "name") in document.value_lines else (*base, "image")
            add(
                node,
                f"the name {shot.name!r} is already used by screenshots[{names[shot.name]}]; "
                "give each screenshot a unique `name`",
            )
        names.setdefault(shot.name, shot.index)
        for bound in shot.bindings:
            found = _binding_problem(bound, catalog)
            if found:
                field, message = found
                add((*base, "strings", bound.index, field), message)
    return sorted(problems, key=lambda p: (p.line or 0, p.node))


def _image_problems(
    tree: Tree, shot: Screenshot, document: LoadedDocument, path: str
) -> list[Problem]:
    node: NodePath = ("screenshots", shot.index, "image")

    def problem(message: str) -> list[Problem]:
        return [Problem(path, document.line(node), node_name(node), message)]

    if escapes_root(shot.image):
        return problem(
            f"{shot.image!r} leads outside the repository; use a path relative to the "
            "repository root"
        )
    if not tree.exists(shot.image):
        return problem(f"{shot.image!r} does not exist in the repository")
    if outside(tree, shot.image):
        return problem(f"{shot.image!r} is a link that leads outside the repository")
    size = tree.size(shot.image)
    if size > MAX_IMAGE_BYTES:
        return problem(
            f"{shot.image!r} is {size / 1024 / 1024:.1f} MB; Smartling accepts images up to 20 MB"
        )
    if image_type(tree.read(shot.image)[:8]) is None:
        return problem(f"{shot.image!r} is not a PNG, JPEG or GIF (by its first bytes)")
    return []


def _binding_problem(bound: BoundString, catalog: StringsCatalog) -> tuple[str, str] | None:
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


def _nearest_key(key: str, files: list[str], catalog: StringsCatalog) -> str | None:
    keys = [s.key for f in files for s in catalog.strings(f)]
    hits = difflib.get_close_matches(key, keys, n=1)
    return hits[0] if hits else None
