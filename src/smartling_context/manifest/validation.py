"""Validating a manifest in a tree: the one entry point the CLI and the action share."""

from __future__ import annotations

from dataclasses import dataclass, field

from smartling_context.manifest.boxes import BoxesFile, PageMatcher, attach_boxes
from smartling_context.manifest.checks import repository_problems
from smartling_context.manifest.folders import expand_folders
from smartling_context.manifest.loader import MAX_MANIFEST_BYTES, LoadedDocument, node_name
from smartling_context.manifest.model import Manifest, Problem, StringsEntry
from smartling_context.manifest.schema_check import ManifestInvalid, load_manifest
from smartling_context.manifest.settled import (
    Baseline,
    never_settled,
    read_changed_files,
    settled_bindings,
)
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.formats import StringsFileError
from smartling_context.strings.globs import escapes_root
from smartling_context.strings.trees import Tree


@dataclass
class Validation:
    """A manifest's verdict: the model when valid, else every problem. `assets` is the
    tree that images and boxes files were read from (see `validate`)."""

    manifest: Manifest | None
    catalog: StringsCatalog[StringsEntry] | None
    problems: list[Problem] = field(default_factory=list)
    document: LoadedDocument | None = None
    assets: Tree | None = None

    @property
    def valid(self) -> bool:
        return not self.problems


def _refused(manifest_path: str, message: str) -> Validation:
    return Validation(None, None, [Problem(manifest_path, None, "(top level)", message)])


def validate(
    tree: Tree, manifest_path: str, assets: Tree | None = None, baseline: Baseline | None = None
) -> Validation:
    """Check a manifest in `tree` (strings files are read from it). Images and boxes
    files are read from `assets`, default `tree`: the action passes a WorkspaceTree,
    so that files an earlier step of the job wrote are found too. With a `baseline`
    (a run with a base commit), a binding the change cannot have affected is not
    searched again (see `settled`); without one, every bound key is checked."""
    assets = assets or tree
    if escapes_root(manifest_path):
        return _refused(manifest_path, "the manifest path leads outside the repository")
    if not tree.exists(manifest_path):
        return _refused(
            manifest_path,
            "no manifest here; create it (see the README's quick start) or set the "
            "`manifest` input to its path",
        )
    if tree.size(manifest_path) > MAX_MANIFEST_BYTES:
        return _refused(
            manifest_path,
            f"the manifest is {tree.size(manifest_path) / 1e6:.1f} MB; it must be under "
            f"{MAX_MANIFEST_BYTES // 1024} KiB. Is the path pointing at the right file?",
        )
    try:
        content = tree.read(manifest_path)
    except OSError as exc:
        return _refused(manifest_path, f"the manifest cannot be read: {exc}")
    try:
        manifest, document = load_manifest(content, manifest_path)
    except ManifestInvalid as invalid:
        problems = invalid.problems
        if invalid.salvaged is not None and invalid.document is not None:
            _, _, beyond = _beyond(invalid.salvaged, invalid.document, tree, assets, baseline)
            problems = _ordered(problems + [p for p in beyond if p not in problems], manifest_path)
        return Validation(None, None, problems, assets=assets)
    manifest, catalog, problems = _beyond(manifest, document, tree, assets, baseline)
    return Validation(manifest, catalog, _ordered(problems, manifest_path), document, assets)


def _beyond(
    manifest: Manifest,
    document: LoadedDocument,
    tree: Tree,
    assets: Tree,
    baseline: Baseline | None,
) -> tuple[Manifest, StringsCatalog[StringsEntry], list[Problem]]:
    """The manifest with its boxes files bound, its catalog, and the problems beyond
    the schema (the boxes files' own included)."""
    manifest, problems = expand_folders(manifest, document, assets)
    catalog = StringsCatalog(manifest.entries, tree)
    manifest, boxes, found = attach_boxes(manifest, document, assets, _page_matcher(catalog))
    problems += found
    catalog.expect_soon(never_settled(manifest, baseline))
    if baseline is not None:
        read_changed_files(catalog, baseline)  # while git searches
    settled = settled_bindings(manifest, catalog, baseline)
    problems += repository_problems(manifest, document, catalog, assets, boxes, settled)
    return manifest, catalog, problems


def _page_matcher(catalog: StringsCatalog[StringsEntry]) -> PageMatcher:
    """Page text documents of `folder` entries, matched against every string of the
    catalog by capture's matcher (imported, and the strings read, only when one is met)."""
    patterns = None

    def matched(tree: Tree, path: str) -> tuple[BoxesFile | None, list[Problem]]:
        nonlocal patterns
        from smartling_context.capture.page_boxes import boxes_from_tree, catalog_patterns

        if patterns is None:
            patterns = catalog_patterns(catalog)
        return boxes_from_tree(tree, path, patterns)

    return matched


def _ordered(problems: list[Problem], manifest_path: str) -> list[Problem]:
    """The manifest's problems by line, then each other file's (boxes files)."""
    return sorted(
        problems, key=lambda p: (p.manifest != manifest_path, p.manifest, p.line or 0, p.node)
    )


def unreadable_strings_files(validation: Validation) -> list[Problem]:
    """Every strings file that does not parse, as a problem on the entry that names it."""
    catalog, document = validation.catalog, validation.document
    if catalog is None or document is None:
        return []
    problems = []
    for path, entry in catalog.owners().items():
        try:
            catalog.strings(path)
        except StringsFileError as error:
            node = ("strings", entry.index, "files")
            where = f"{path}:{error.line}" if error.line else path
            problems.append(
                Problem(
                    validation.manifest.path if validation.manifest else "",
                    document.line(node),
                    node_name(node),
                    f"{where}: {error.message}",
                )
            )
    return problems
