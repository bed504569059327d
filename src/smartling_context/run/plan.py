"""What one run will do in Smartling: strings to create, screenshots to upload, bindings.

A screenshot is synced when its image or boxes file changed, its manifest entry
changed, it shows a string of this run, or it is matched by OCR and the run
has new strings (they may be on it). Every string an uploaded screenshot binds
explicitly is (re)created too (or, for a `file-uri` entry, looked up): creating
is idempotent, and it is how the run learns the string's hashcode, which it
never computes itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

from smartling_context.manifest.images import MAX_PAGE_BYTES, image_type
from smartling_context.manifest.model import BoundString, Manifest, Screenshot, StringsEntry
from smartling_context.run.lookup import expand_file_uri
from smartling_context.run.outcomes import StringId
from smartling_context.smartling.models import NewString
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.diff import FileError, StringsDiff
from smartling_context.strings.formats import StringsFileError
from smartling_context.strings.markers import has_marker, strip_markers
from smartling_context.strings.trees import Tree, WorkspaceTree

FULL_SYNC, IMAGE_CHANGED = "full sync", "image changed"  # why a screenshot is synced


@dataclass(frozen=True)
class PlannedString:
    file: str
    key: str
    text: str
    change: str  # added | changed | bound
    request: NewString
    file_uri: str | None = None  # expanded: look the string up there instead of creating it
    line: int = 0  # the key's line in its file (0: unknown), for annotations

    @property
    def id(self) -> StringId:
        return (self.file, self.key)


@dataclass(frozen=True)
class PlannedBinding:
    bound: BoundString
    string: StringId | None  # None when the key could not be found
    problem: str | None = None  # why not, when the plan knows (see `locate`)


@dataclass(frozen=True)
class PlannedScreenshot:
    shot: Screenshot
    reason: str
    content: bytes
    mime_type: str
    bindings: tuple[PlannedBinding, ...]
    from_workspace: bool = False

    @property
    def image_unchanged(self) -> bool:
        """The image is the base's, byte for byte: not changed in the range (nor new), not
        written by the job. Only a range's run knows; a full sync's images count as new.
        Said of images only: a page (`is_page`) keeps its image's reason."""
        return self.reason not in (IMAGE_CHANGED, FULL_SYNC) and not self.from_workspace

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
    screenshots: list[PlannedScreenshot] = field(default_factory=list)  # images, then pages
    file_errors: list[FileError] = field(default_factory=list)
    page_errors: list[FileError] = field(default_factory=list)  # HTML pages that cannot go


HTML_TYPE = "text/html"


def page_beside(image: str) -> str:
    """The HTML page that `capture --html` saves beside a screenshot: `search.png` ->
    `search.html`. Its presence is what makes the screenshot also an HTML context."""
    stem, dot, _ = image.rpartition(".")
    return f"{stem}.html" if dot and "/" not in image[len(stem) :] else f"{image}.html"


def is_page(planned: PlannedScreenshot) -> bool:
    """An HTML context (live context), as opposed to an image."""
    return planned.mime_type == HTML_TYPE


def build_plan(
    manifest: Manifest,
    catalog: StringsCatalog[StringsEntry],
    diff: StringsDiff | None,
    base_manifest: Manifest | None,
    changed_paths: set[str],
    branch: str | None = None,
    assets: Tree | None = None,
) -> Plan:
    """Plan a run. `diff=None` plans a full sync: every string and every screenshot.
    `branch` fills `{branch}` in file-URI templates; images are read from `assets`
    (default: the catalog's tree)."""
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
                _planned(owners[path], catalog, path, s.key, s.text, s.note, "added", branch)
                for s in strings
            ]
    else:
        plan.file_errors += diff.errors
        plan.strings += [
            _planned(owners[s.file], catalog, s.file, s.key, s.text, s.note, s.change, branch)
            for s in diff.strings
        ]
    context = _ScreenshotContext(catalog, assets or catalog.tree, changed_paths, branch)
    _add_screenshots(plan, manifest, context, base_manifest, diff is None)
    _hold_back_markers(plan, catalog)
    return plan


MARKED_FIX = "run `smartling-context markers restore` and commit the clean file"
_KEYS_NAMED = 5


def _hold_back_markers(plan: Plan, catalog: StringsCatalog[StringsEntry]) -> None:
    """Strings whose request holds capture markers (a strings file committed while marked
    by `markers apply`) are never sent: one error item per file names them."""
    marked: dict[str, list[PlannedString]] = {}
    kept = []
    for planned in plan.strings:
        request = planned.request
        parts = (planned.key, request.text, request.variant, request.instruction)
        if any(part and has_marker(part) for part in parts):
            marked.setdefault(planned.file, []).append(planned)
        else:
            kept.append(planned)
    plan.strings = kept
    for path, strings in marked.items():
        keys = [strip_markers(s.key) for s in strings]
        named = ", ".join(keys[:_KEYS_NAMED]) + (", …" if len(keys) > _KEYS_NAMED else "")
        what = (
            f"the string {keys[0]} carries"
            if len(keys) == 1
            else f"{len(keys)} strings ({named}) carry"
        )
        found = catalog.by_key(path).get(strings[0].key)
        line = found.line if found and found.line else None
        plan.file_errors.append(
            FileError(path, line, f"{what} capture markers, not sent: {MARKED_FIX}")
        )


def _planned(
    entry: StringsEntry,
    catalog: StringsCatalog[StringsEntry],
    path: str,
    key: str,
    text: str,
    note: str,
    change: str,
    branch: str | None,
) -> PlannedString:
    settings = entry.settings
    fmt = catalog.format_of(path) or ""
    variant = (
        settings.variant.replace("{key}", key).replace("{file}", path).replace("{format}", fmt)
    )
    instruction = "\n".join(part for part in (settings.instruction, note) if part)
    try:
        line = catalog.by_key(path)[key].line
    except (StringsFileError, KeyError):
        line = 0
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
        expand_file_uri(entry.file_uri, path, branch) if entry.file_uri else None,
        line,
    )


def screenshot_reason(
    shot: Screenshot,
    changed_paths: set[str],
    old_definitions: dict[str, str] | None,
    run_strings: set[StringId],
    bindings: tuple[PlannedBinding, ...],
) -> str | None:
    """Why a screenshot must be synced this run, or None."""
    if old_definitions is None:
        return FULL_SYNC
    if shot.image in changed_paths:
        return IMAGE_CHANGED
    if shot.boxes and shot.boxes in changed_paths:
        return "boxes file changed"
    if old_definitions.get(shot.name) != shot.definition:
        return "manifest entry added or changed"
    if any(b.string in run_strings for b in bindings):
        return "shows a string of this run"
    if shot.match == "ocr" and run_strings:
        return "OCR: may show a string of this run"
    return None


def locate(bound: BoundString, catalog: StringsCatalog[StringsEntry]) -> PlannedBinding:
    """A binding with the one strings file that holds its key. The manifest check
    proved it unique, unless the binding was settled (`manifest.settled`): a key
    that no file or several files hold then binds to none, saying why."""
    holding, _ = catalog.holders(bound.key, [bound.file] if bound.file else list(catalog.owners()))
    if len(holding) == 1:
        return PlannedBinding(bound, (holding[0], bound.key))
    if holding:
        return PlannedBinding(bound, None, SEVERAL_FILES.format(", ".join(holding)))
    return PlannedBinding(bound, None, NO_FILE)


NO_FILE = "the key is in no strings file"
SEVERAL_FILES = (
    "the key is in several files ({}); add `file:` to say which "
    "(`smartling-context validate` lists every such binding)"
)


@dataclass(frozen=True)
class _ScreenshotContext:
    """What deciding screenshots needs beyond the manifest."""

    catalog: StringsCatalog[StringsEntry]
    assets: Tree  # where images are read: the commit, or the workspace for what it lacks
    changed_paths: set[str]
    branch: str | None


def _add_screenshots(
    plan: Plan,
    manifest: Manifest,
    context: _ScreenshotContext,
    base_manifest: Manifest | None,
    full: bool,
) -> None:
    """Decide each screenshot's upload and the strings its bindings need."""
    catalog, assets = context.catalog, context.assets
    owners = catalog.owners()
    planned = {(s.file, s.key): s for s in plan.strings}
    run_strings = set(planned)
    old_definitions = (
        None
        if full
        else ({s.name: s.definition for s in base_manifest.screenshots} if base_manifest else {})
    )
    run_keys = {key for _, key in run_strings}
    for shot in manifest.screenshots:
        # Only a binding of one of the run's keys can be one of its strings: the others
        # are located (a search of the strings files) only when the screenshot syncs.
        of_run = tuple(
            locate(b, catalog) if b.key in run_keys else PlannedBinding(b, None)
            for b in shot.bindings
        )
        reason = screenshot_reason(
            shot, context.changed_paths, old_definitions, run_strings, of_run
        )
        bindings = of_run
        if reason is not None or page_beside(shot.image) in context.changed_paths:
            bindings = tuple(
                b if b.bound.key in run_keys else locate(b.bound, catalog) for b in of_run
            )
        page = _page(plan, shot, reason, bindings, context)
        if reason is not None:
            content = assets.read(shot.image)
            overlay = isinstance(assets, WorkspaceTree) and assets.from_workspace(shot.image)
            boxed = tuple(  # an image binds by box; anchors are the page's
                dataclasses.replace(b, bound=dataclasses.replace(b.bound, anchors=()))
                for b in bindings
            )
            mime = image_type(content[:8]) or "image/png"
            plan.screenshots.append(PlannedScreenshot(shot, reason, content, mime, boxed, overlay))
        if page is not None:
            plan.screenshots.append(page)
        elif reason is None:
            continue
        for binding in bindings:
            if binding.string is None or binding.string in planned:
                continue
            path, key = binding.string
            string = catalog.by_key(path)[key]
            planned[binding.string] = _planned(
                owners[path], catalog, path, key, string.text, string.note, "bound", context.branch
            )
            plan.strings.append(planned[binding.string])


def _page(
    plan: Plan,
    shot: Screenshot,
    reason: str | None,
    bindings: tuple[PlannedBinding, ...],
    context: _ScreenshotContext,
) -> PlannedScreenshot | None:
    """The screenshot's HTML page as a context of its own, bound by anchors, when the
    page lies beside the image and the screenshot syncs (or the page changed). A page
    over Smartling's limit is an error of the run; the image still goes."""
    path = page_beside(shot.image)
    if not context.assets.exists(path):
        return None
    if path in context.changed_paths:
        reason = "HTML page changed"
    elif reason is None:
        return None
    size = context.assets.size(path)
    if size > MAX_PAGE_BYTES:
        plan.page_errors.append(
            FileError(
                path,
                None,
                f"the HTML page is {size / 1e6:.1f} MB, over Smartling's 20 MB "
                f"({MAX_PAGE_BYTES:,} bytes) for an HTML context: not uploaded, the screenshot "
                "still is; capture it again with smaller images or fonts, or delete it",
            )
        )
        return None
    anchored = tuple(
        dataclasses.replace(b, bound=dataclasses.replace(b.bound, coordinates=None))
        for b in bindings
        if b.bound.anchors
    )
    page = dataclasses.replace(shot, image=path, name=f"{shot.name} (HTML)", match="none")
    overlay = isinstance(context.assets, WorkspaceTree) and context.assets.from_workspace(path)
    return PlannedScreenshot(page, reason, context.assets.read(path), HTML_TYPE, anchored, overlay)
