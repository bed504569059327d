"""What executing a plan produced, keyed by what each outcome is about.

Strings by (file, key), screenshots by image path, bindings by (image, key),
OCR matches by image path. The report is built from the plan and these, once;
nothing pairs results by list position.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from smartling_context.smartling.models import Coordinates

StringId = tuple[str, str]  # (file, key)
BindingId = tuple[str, str]  # (image, key)


@dataclass(frozen=True)
class Failed:
    message: str


@dataclass(frozen=True)
class Created:
    hashcode: str
    overwritten: bool


@dataclass(frozen=True)
class Found:
    """A string that already lived in Smartling under a file URI."""

    hashcode: str
    file_uri: str
    by: str  # key | text


@dataclass(frozen=True)
class Pending:
    """A string whose file URI does not hold it yet (`known`: Smartling knows the URI)."""

    file_uri: str
    known: bool


@dataclass(frozen=True)
class ContextReady:
    uid: str
    reused: bool


@dataclass(frozen=True)
class Bound:
    status: str  # created | existing | replaced


@dataclass(frozen=True)
class OcrMatch:
    """A string Smartling's OCR found on a screenshot, with its box when Smartling gave one."""

    string: StringId
    coordinates: Coordinates | None


StringOutcome = Created | Found | Pending | Failed
ScreenshotOutcome = ContextReady | Failed
BindingOutcome = Bound | Failed
OcrOutcome = tuple[OcrMatch, ...] | Failed


@dataclass
class Outcomes:
    """Filled by concurrent tasks, each writing only its own keys (under one lock)."""

    strings: dict[StringId, StringOutcome] = field(default_factory=dict)
    screenshots: dict[str, ScreenshotOutcome] = field(default_factory=dict)
    bindings: dict[BindingId, BindingOutcome] = field(default_factory=dict)
    ocr: dict[str, OcrOutcome] = field(default_factory=dict)
    words: int = 0
    problems: list[str] = field(default_factory=list)  # about the run, not one item
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record_strings(self, outcomes: dict[StringId, StringOutcome], words: int = 0) -> None:
        with self._lock:
            self.strings.update(outcomes)
            self.words += words

    def record_screenshot(self, image: str, outcome: ScreenshotOutcome) -> None:
        with self._lock:
            self.screenshots[image] = outcome

    def record_bindings(self, outcomes: dict[BindingId, BindingOutcome]) -> None:
        with self._lock:
            self.bindings.update(outcomes)

    def record_ocr(self, image: str, outcome: OcrOutcome) -> None:
        with self._lock:
            self.ocr[image] = outcome

    def record_problem(self, message: str) -> None:
        with self._lock:
            self.problems.append(message)

    def snapshot_strings(self) -> dict[StringId, StringOutcome]:
        with self._lock:
            return dict(self.strings)

    def hashcode(self, string: StringId) -> str | None:
        outcome = self.strings.get(string)
        return outcome.hashcode if isinstance(outcome, Created | Found) else None
