"""Validating a manifest in a tree: the one entry point the CLI and the action share."""

from __future__ import annotations

from dataclasses import dataclass, field

from smartling_context.manifest.checks import repository_problems
from smartling_context.manifest.loader import LoadedDocument, node_name
from smartling_context.manifest.model import Manifest, Problem
from smartling_context.manifest.schema_check import ManifestInvalid, load_manifest
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.formats import StringsFileError
from smartling_context.strings.globs import escapes_root
from smartling_context.strings.trees import Tree


@dataclass
class Validation:
    """A manifest's verdict: the model when valid, else every problem."""

    manifest: Manifest | None
    catalog: StringsCatalog | None
    problems: list[Problem] = field(default_factory=list)
    document: LoadedDocument | None = None

    @property
    def valid(self) -> bool:
        return not self.problems


def _refused(manifest_path: str, message: str) -> Validation:
    return Validation(None, None, [Problem(manifest_path, None, "(top level)", message)])


def validate(tree: Tree, manifest_path: str) -> Validation:
    if escapes_root(manifest_path):
        return _refused(manifest_path, "the manifest path leads outside the repository")
    if not tree.exists(manifest_path):
        return _refused(
            manifest_path,
            "no manifest here; create it (see the README's quick start) or set the "
            "`manifest` input to its path",
        )
    try:
        manifest, document = load_manifest(tree.read(manifest_path), manifest_path)
    except ManifestInvalid as invalid:
        problems = invalid.problems
        if invalid.salvaged is not None and invalid.document is not None:
            beyond = repository_problems(
                invalid.salvaged, invalid.document, StringsCatalog(invalid.salvaged.entries, tree)
            )
            problems = sorted(
                problems + [p for p in beyond if p not in problems],
                key=lambda p: (p.line or 0, p.node),
            )
        return Validation(None, None, problems)
    catalog = StringsCatalog(manifest.entries, tree)
    return Validation(manifest, catalog, repository_problems(manifest, document, catalog), document)


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
