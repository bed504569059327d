"""Building the run's report, once, from the plan and the outcomes keyed by identity."""

from __future__ import annotations

from dataclasses import asdict

from smartling_context.run.outcomes import (
    Bound,
    ContextReady,
    Created,
    Failed,
    Found,
    Outcomes,
    Pending,
    StringId,
)
from smartling_context.run.plan import Plan, PlannedScreenshot, PlannedString, is_page
from smartling_context.run.report import (
    BindingItem,
    ErrorItem,
    RunInfo,
    RunReport,
    ScreenshotItem,
    StringItem,
)
from smartling_context.smartling.models import Coordinates

PENDING_HINT = "it appears once the file is uploaded; comment `/smartling` to bind it then"


def build_report(
    info: RunInfo,
    plan: Plan | None,
    outcomes: Outcomes | None,
    errors: list[ErrorItem],
    removed: list[dict[str, str]],
) -> RunReport:
    """The report of what happened. `outcomes=None`: nothing was sent (a dry run, or
    the run stopped before Smartling); items without an outcome were not reached."""
    report = RunReport(**asdict(info), removed=removed, errors=list(errors))
    if plan is None:
        return report
    report.errors += [
        ErrorItem("strings-file", e.message, e.file, e.line) for e in plan.file_errors
    ]
    report.errors += [ErrorItem("html-page", e.message, e.file) for e in plan.page_errors]
    done = outcomes or Outcomes()
    report.errors += [ErrorItem("run", problem) for problem in done.problems]
    unreached = "planned" if outcomes is None else "not done"
    report.words = done.words
    report.strings = [_string(p, done, unreached) for p in plan.strings]
    report.unknown_file_uris = sorted(
        {o.file_uri for o in done.strings.values() if isinstance(o, Pending) and not o.known}
    )
    report.screenshots = [_screenshot(s, done, unreached) for s in plan.screenshots]
    for shot in plan.screenshots:
        report.bindings += _bindings(shot, done, unreached)
    report.live_context = _live(plan, done, outcomes is None)
    shown = _shown(plan, done)
    report.without_context = [
        {"file": s.file, "key": s.key}
        for s in plan.strings
        if s.change != "bound" and s.id not in shown
    ]
    return report


def _string(planned: PlannedString, done: Outcomes, unreached: str) -> StringItem:
    item = StringItem(
        planned.file, planned.key, planned.text, planned.change, file_uri=planned.file_uri
    )
    outcome = done.strings.get(planned.id)
    if isinstance(outcome, Created):
        item.status = "overwritten" if outcome.overwritten else "created"
        item.hashcode = outcome.hashcode
    elif isinstance(outcome, Found):
        item.status, item.hashcode, item.found_by = "found", outcome.hashcode, outcome.by
    elif isinstance(outcome, Pending):
        item.status = "pending"
        where = "Smartling knows no file" if not outcome.known else "not yet in the file"
        item.error = f"{where} `{outcome.file_uri}`: {PENDING_HINT}"
    elif isinstance(outcome, Failed):
        item.status, item.error = "failed", outcome.message
    else:
        item.status = unreached
    return item


def _screenshot(shot: PlannedScreenshot, done: Outcomes, unreached: str) -> ScreenshotItem:
    item = ScreenshotItem(
        shot.shot.image,
        shot.shot.name,
        shot.reason,
        boxes=sum(1 for b in shot.bindings if b.bound.coordinates),
        from_workspace=shot.from_workspace,
    )
    outcome = done.screenshots.get(shot.shot.image)
    if isinstance(outcome, ContextReady):
        item.status = "reused" if outcome.reused else "uploaded"
        item.context_uid = outcome.uid
    elif isinstance(outcome, Failed):
        item.status, item.error = "failed", outcome.message
    else:
        item.status = unreached
    return item


def _bindings(shot: PlannedScreenshot, done: Outcomes, unreached: str) -> list[BindingItem]:
    image = shot.shot.image
    items = []
    for binding in shot.bindings:
        file = binding.string[0] if binding.string else binding.bound.file
        item = BindingItem(image, binding.bound.key, file, "explicit", unreached)
        outcome = done.bindings.get((image, binding.bound.key))
        if isinstance(outcome, Bound):
            item.status = outcome.status
        elif isinstance(outcome, Failed):
            item.status, item.error = "failed", outcome.message
        items.append(item)
    if shot.shot.match != "ocr":
        return items
    matched = done.ocr.get(image)
    if isinstance(matched, Failed):
        items.append(BindingItem(image, "(OCR match)", None, "ocr", "failed", matched.message))
    elif matched is None:
        items.append(BindingItem(image, "(OCR match)", None, "ocr", unreached))
    else:
        items += [
            BindingItem(
                image, m.string[1], m.string[0], "ocr", "created", coordinates=_box(m.coordinates)
            )
            for m in matched
        ]
    return items


def _shown(plan: Plan, done: Outcomes) -> set[StringId]:
    """The run's strings some screenshot shows: bound explicitly, or matched by OCR."""
    shown = {b.string for s in plan.screenshots for b in s.bindings if b.string}
    for matched in done.ocr.values():
        if not isinstance(matched, Failed):
            shown.update(m.string for m in matched)
    return shown


def _box(coordinates: Coordinates | None) -> dict[str, int] | None:
    return asdict(coordinates) if coordinates is not None else None


def _live(plan: Plan, done: Outcomes, dry_run: bool) -> int:
    """How many strings are bound to an HTML page (would be, in a dry run)."""
    live = {
        b.string
        for shot in plan.screenshots
        if is_page(shot)
        for b in shot.bindings
        if b.string
        and (dry_run or isinstance(done.bindings.get((shot.shot.image, b.bound.key)), Bound))
    }
    return len(live)
