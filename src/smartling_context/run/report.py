"""The record of one run: every item with its outcome, the counts, and the JSON report.

`build_report` is the one place a report is made: from what the edge knows
about the run (`RunInfo`), the plan and the outcomes keyed by identity.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


def listed(names: list[str], limit: int) -> str:
    """The first `limit` names, then how many more: `a, b, c and 2 more`."""
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


@dataclass
class RunInfo:
    """What the caller knows before the run: the event, the range, notices."""

    event: str
    manifest: str
    base: str | None = None
    head: str | None = None
    pull_request: int | None = None
    dry_run: bool = False
    notices: list[str] = field(default_factory=list)
    run_url: str | None = None
    title: str | None = None  # the pull request's title (text from the pull request)
    require_context: str = "warn"  # off | warn | fail: what a string without context gets


@dataclass
class StringItem:
    file: str
    key: str
    text: str
    change: str  # added | changed | bound
    status: str = "planned"  # planned | created | overwritten | found | pending | failed
    hashcode: str | None = None
    error: str | None = None
    file_uri: str | None = None  # set when the string is looked up, not created
    found_by: str | None = None  # key | text
    line: int = 0  # the key's line in its file (0: unknown)


@dataclass
class ScreenshotItem:
    image: str
    name: str
    reason: str
    status: str = "planned"  # planned | uploaded | reused | failed
    context_uid: str | None = None
    error: str | None = None
    boxes: int = 0  # bindings with coordinates
    from_workspace: bool = False  # not in the commit: read from the job's workspace


@dataclass
class BindingItem:
    image: str
    key: str
    file: str | None
    kind: str  # explicit | ocr
    status: str = "planned"  # planned | created | existing | replaced | failed
    error: str | None = None
    coordinates: dict[str, int] | None = None  # an OCR match's box, when Smartling gave one


@dataclass
class ErrorItem:
    """An error that is not one string, screenshot or binding: a file, the manifest, the run."""

    kind: str  # manifest | strings-file | html-page | run
    message: str
    file: str | None = None
    line: int | None = None
    node: str | None = None


@dataclass
class ContextGap:
    """A string of the run with no visual context: why, and what would give it some."""

    file: str
    key: str
    line: int
    reason: str  # none | ambiguous | ocr | failed
    why: str  # e.g. "no screenshot shows it"
    fix: str  # the next step
    screenshots: list[str] = field(default_factory=list)  # the screens the reason names


@dataclass
class StaleContext:
    """A string whose text changed while every screenshot that binds it stayed the same."""

    file: str
    key: str
    line: int
    screenshots: list[str]


@dataclass
class RunReport(RunInfo):
    """What the caller knew before the run (`RunInfo`'s fields, in place) and every outcome."""

    strings: list[StringItem] = field(default_factory=list)
    screenshots: list[ScreenshotItem] = field(default_factory=list)
    bindings: list[BindingItem] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)
    words: int = 0
    unknown_file_uris: list[str] = field(default_factory=list)
    without_context: list[ContextGap] = field(default_factory=list)
    with_context: int = 0  # strings of the run (pending ones aside) that have visual context
    stale: list[StaleContext] = field(default_factory=list)
    bound_by_screenshot: int = 0  # strings outside the run, bound because a screenshot shows them
    live_context: int = 0  # strings bound to an HTML page: translators see them live

    def count(self, items: list[Any], status: str, kind: str | None = None) -> int:
        return sum(1 for i in items if i.status == status and (kind is None or i.kind == kind))

    def error_count(self) -> int:
        items: list[StringItem | ScreenshotItem | BindingItem] = [
            *self.strings,
            *self.screenshots,
            *self.bindings,
        ]
        gated = len(self.without_context) if self.require_context == "fail" else 0
        return sum(1 for i in items if i.status == "failed") + len(self.errors) + gated

    @property
    def coverage(self) -> tuple[int, int]:
        """(strings of the run with visual context, strings of the run), pending ones aside."""
        return self.with_context, self.with_context + len(self.without_context)

    def outputs(self) -> dict[str, str]:
        """The action's outputs, as the contract names them (report path added by the caller)."""
        return {
            "strings-created": str(self.count(self.strings, "created")),
            "strings-overwritten": str(self.count(self.strings, "overwritten")),
            "strings-found": str(self.count(self.strings, "found")),
            "strings-pending": str(self.count(self.strings, "pending")),
            "contexts-uploaded": str(self.count(self.screenshots, "uploaded")),
            "contexts-reused": str(self.count(self.screenshots, "reused")),
            "bindings-created": str(
                self.count(self.bindings, "created") + self.count(self.bindings, "replaced")
            ),
            "strings-without-context": str(len(self.without_context)),
            "context-coverage": "{}/{}".format(*self.coverage),
            "errors": str(self.error_count()),
        }

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        outputs = self.outputs()
        coverage = outputs.pop("context-coverage")
        data["summary"] = {name: int(value) for name, value in outputs.items()}
        data["summary"]["context-coverage"] = coverage
        data["summary"]["words"] = self.words
        return data
