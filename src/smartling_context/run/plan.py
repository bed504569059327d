"""What one run will do in Smartling: strings to create, screenshots to upload, bindings.

A screenshot is uploaded when its image changed, its manifest entry changed,
or it shows a string of this run. Every string an uploaded screenshot binds
explicitly is (re)created too: creating is idempotent, and it is how the run
learns the string's hashcode, which it never computes itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from smartling_context.manifest.images import image_type
from smartling_context.manifest.model import BoundString, Manifest, Screenshot, StringsEntry
from smartling_context.smartling.models import NewString
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.diff import FileError, StringsDiff
from smartling_context.strings.formats import StringsFileError

StringId = tuple[str, str]  # (file, key)


@dataclass(frozen=True)
class PlannedString:
    file: str
    key: str
    text: str
    change: str  # added | changed | bound
    request: NewString


@dataclass(frozen=True)
class PlannedBinding:
    bound: BoundString
    string: StringId | None  # None when the key could not be found


@dataclass(frozen=True)
class PlannedScreenshot:
    shot: Screenshot
    reason: str
    content: bytes
    mime_type: str
    bindings: tuple[PlannedBinding, ...]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.content).hexdigest()[:12]

    @property
    def context_name(self) -> str:
        """The name in Smartling: the manifest's name plus a content fingerprint, so
        that a context with identical content is found again instead of re-uploaded."""
        return f"{self.shot.name} #{self.fingerprint}"


@dataclass
class Plan:
    strings: list[PlannedString] = field(default_factory=list)
    screenshots: list[PlannedScreenshot] = field(default_factory=list)
    file_errors: list[FileError] = field(default_factory=list)


def build_plan(
    manifest: Manifest,
    catalog: StringsCatalog,
    diff: StringsDiff | None,
    base_manifest: Manifest | None,
    changed_paths: set[str],
) -> Plan:
    """Plan a run. `diff=None` plans a full sync: every string and every screenshot."""
    plan = Plan()
    owners = catalog.owners()
    if diff is None:
        for path in owners:
            try:
                strings = catalog.strings(path)
            except StringsFileError as error:
                plan.file_errors.append(FileError(path, error.line, error.message))
                continue
            plan.strings += [
                _planned(owners[path], catalog, path, s.key, s.text, s.note, "added")
                for s in strings
            ]
    else:
        plan.file_errors += diff.errors
        plan.strings += [
            _planned(owners[s.file], catalog, s.file, s.key, s.text, s.note, s.change)
            for s in diff.strings
        ]
    _add_screenshots(plan, manifest, catalog, changed_paths, base_manifest, diff is None)
    return plan


def _planned(
    entry: StringsEntry,
    catalog: StringsCatalog,
    path: str,
    key: str,
    text: str,
    note: str,
    change: str,
) -> PlannedString:
    settings = entry.settings
    fmt = catalog.format_of(path) or ""
    variant = (
        settings.variant.replace("{key}", key).replace("{file}", path).replace("{format}", fmt)
    )
    instruction = "\n".join(part for part in (settings.instruction, note) if part)
    return PlannedString(
        path,
        key,
        text,
        change,
        NewString(
            text=text,
            variant=variant,
            instruction=instruction or None,
            format=settings.html,
            placeholder_format=settings.placeholder_format,
            placeholder_custom=settings.placeholder_custom,
            namespace=settings.namespace,
        ),
    )


def screenshot_reason(
    shot: Screenshot,
    changed_paths: set[str],
    old_definitions: dict[str, str] | None,
    run_strings: set[StringId],
    bindings: tuple[PlannedBinding, ...],
) -> str | None:
    """Why a screenshot must be uploaded this run, or None."""
    if old_definitions is None:
        return "full sync"
    if shot.image in changed_paths:
        return "image changed"
    if old_definitions.get(shot.name) != shot.definition:
        return "manifest entry added or changed"
    if any(b.string in run_strings for b in bindings):
        return "shows a string of this run"
    return None


def locate(bound: BoundString, catalog: StringsCatalog) -> StringId | None:
    """The strings file that holds a bound key (the manifest check made it unique)."""
    holding, _ = catalog.holders(bound.key, [bound.file] if bound.file else list(catalog.owners()))
    return (holding[0], bound.key) if holding else None


def _add_screenshots(
    plan: Plan,
    manifest: Manifest,
    catalog: StringsCatalog,
    changed_paths: set[str],
    base_manifest: Manifest | None,
    full: bool,
) -> None:
    """Decide each screenshot's upload and the strings its bindings need."""
    owners = catalog.owners()
    planned = {(s.file, s.key): s for s in plan.strings}
    run_strings = set(planned)
    old_definitions = (
        None
        if full
        else ({s.name: s.definition for s in base_manifest.screenshots} if base_manifest else {})
    )
    for shot in manifest.screenshots:
        bindings = tuple(PlannedBinding(b, locate(b, catalog)) for b in shot.bindings)
        reason = screenshot_reason(shot, changed_paths, old_definitions, run_strings, bindings)
        if reason is None:
            continue
        content = catalog.tree.read(shot.image)
        plan.screenshots.append(
            PlannedScreenshot(
                shot, reason, content, image_type(content[:8]) or "image/png", bindings
            )
        )
        for binding in bindings:
            if binding.string is None or binding.string in planned:
                continue
            path, key = binding.string
            string = catalog.by_key(path)[key]
            planned[binding.string] = _planned(
                owners[path], catalog, path, key, string.text, string.note, "bound"
            )
            plan.strings.append(planned[binding.string])
