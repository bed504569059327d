"""The record of one run: every item with its outcome, the counts, and the JSON report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class StringItem:
    file: str
    key: str
    text: str
    change: str  # added | changed | bound
    status: str = "planned"  # planned | created | overwritten | failed
    hashcode: str | None = None
    error: str | None = None


@dataclass
class ScreenshotItem:
    image: str
    name: str
    reason: str
    status: str = "planned"  # planned | uploaded | reused | failed
    context_uid: str | None = None
    error: str | None = None


@dataclass
class BindingItem:
    image: str
    key: str
    file: str | None
    kind: str  # explicit | ocr
    status: str = "planned"  # planned | created | existing | failed
    error: str | None = None


@dataclass
class ErrorItem:
    """An error that is not one string, screenshot or binding: a file, the manifest, the run."""

    kind: str  # manifest | strings-file | run
    message: str
    file: str | None = None
    line: int | None = None
    node: str | None = None


@dataclass
class RunReport:
    event: str
    manifest: str
    base: str | None = None
    head: str | None = None
    pull_request: int | None = None
    dry_run: bool = False
    notices: list[str] = field(default_factory=list)
    strings: list[StringItem] = field(default_factory=list)
    screenshots: list[ScreenshotItem] = field(default_factory=list)
    bindings: list[BindingItem] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)
    words: int = 0
    run_url: str | None = None

    def count(self, items: list[Any], status: str, kind: str | None = None) -> int:
        return sum(1 for i in items if i.status == status and (kind is None or i.kind == kind))

    def error_count(self) -> int:
        failed = [
            i for i in (*self.strings, *self.screenshots, *self.bindings) if i.status == "failed"
        ]
        return len(failed) + len(self.errors)

    def outputs(self) -> dict[str, str]:
        """The action's outputs, as the contract names them (report path added by the caller)."""
        return {
            "strings-created": str(self.count(self.strings, "created")),
            "strings-overwritten": str(self.count(self.strings, "overwritten")),
            "contexts-uploaded": str(self.count(self.screenshots, "uploaded")),
            "contexts-reused": str(self.count(self.screenshots, "reused")),
            "bindings-created": str(self.count(self.bindings, "created")),
            "errors": str(self.error_count()),
        }

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["summary"] = {name: int(value) for name, value in self.outputs().items()}
        data["summary"]["words"] = self.words
        return data
