"""Bound keys whose manifest check cannot have a new answer since the base commit.

Proving that a key bound by name is in exactly one strings file costs a search of
every strings file, and a parse of each that may hold it. On a run with a base
commit that proof is already known for most bindings: when the strings rules are
the base's, the base manifest binds the same (key, file) pair, and no file the
change touches holds the key on either side of the change (those files are parsed:
the diff parses them anyway, and reuses the parses), then every file that holds it
is byte for byte the base's, owned by the same rule: its holders are the base's.
Such a binding is "settled" and not searched again. A problem it had at the base is
still there, reported by a full check (`smartling-context validate`, a full sync).
"""

from __future__ import annotations

from dataclasses import dataclass

from smartling_context.manifest.model import Manifest, StringsEntry
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.formats import StringsFileError

Pair = tuple[str, str | None]  # a binding's key and its `file:` (None: by name)


@dataclass(frozen=True)
class Baseline:
    """What the base commit tells validation: its manifest, its strings files (the
    base manifest's rules over the base commit's tree), and every path the change
    touches (added, modified, deleted; both paths of a rename)."""

    manifest: Manifest
    catalog: StringsCatalog[StringsEntry]
    changed: frozenset[str]


def settled_bindings(
    manifest: Manifest, catalog: StringsCatalog[StringsEntry], baseline: Baseline | None
) -> set[Pair]:
    """The (key, file) pairs of `manifest`'s bindings whose holders are the base's.
    `catalog` is the head's; None for `baseline`: nothing is settled (a full check)."""
    pairs = _pairs(manifest) & _base_pairs(manifest, baseline)
    if baseline is None or not pairs:
        return set()
    keys = {key for key, _ in pairs}
    changed = sorted(baseline.changed)
    touched = catalog.holding_any(keys, changed)
    touched |= baseline.catalog.holding_any(keys - touched, changed)
    return {pair for pair in pairs if pair[0] not in touched}


def read_changed_files(catalog: StringsCatalog[StringsEntry], baseline: Baseline) -> None:
    """Parse both sides of every changed strings file now, and keep them: the check of
    settled bindings reads them, the diff reuses them, and git's search (`expect_soon`)
    runs meanwhile. A file that does not parse is reported where it is used."""
    for side in (catalog, baseline.catalog):
        owners = side.owners()
        for path in sorted(baseline.changed):
            if path in owners:
                try:
                    side.strings(path)
                except StringsFileError:
                    continue


def never_settled(manifest: Manifest, baseline: Baseline | None) -> set[str]:
    """Keys bound by name that `settled_bindings` cannot settle, known without reading
    a file: the check will search for them whatever the change touched."""
    return {key for key, file in _pairs(manifest) - _base_pairs(manifest, baseline) if file is None}


def _base_pairs(manifest: Manifest, baseline: Baseline | None) -> set[Pair]:
    """The base manifest's bindings, when its strings rules are `manifest`'s (else none:
    the same key may be held by other files)."""
    if baseline is None or _rules(baseline.manifest) != _rules(manifest):
        return set()
    return _pairs(baseline.manifest)


def _rules(manifest: Manifest) -> list[tuple[str, str | None]]:
    """What decides which files the catalog owns and how it reads them."""
    return [(entry.files, entry.format) for entry in manifest.entries]


def _pairs(manifest: Manifest) -> set[Pair]:
    return {(bound.key, bound.file) for shot in manifest.screenshots for bound in shot.bindings}
