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
    ContextGap,
    ErrorItem,
    RunInfo,
    RunReport,
    ScreenshotItem,
    StaleContext,
    StringItem,
    listed,
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
    _coverage(report, plan, done, outcomes is None)
    return report


def _string(planned: PlannedString, done: Outcomes, unreached: str) -> StringItem:
    item = StringItem(
        planned.file,
        planned.key,
        planned.text,
        planned.change,
        file_uri=planned.file_uri,
        line=planned.line,
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
        if binding.problem is not None:  # known when planning: a dry run reports it too
            item.status, item.error = "failed", binding.problem
        elif isinstance(outcome, Bound):
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


def _coverage(report: RunReport, plan: Plan, done: Outcomes, planned_only: bool) -> None:
    """Which strings of the run have visual context, why the others have none, and which
    may have stale context. A binding counts when it was made or found (in a dry run: when
    it is planned); a string pending in Smartling counts on neither side."""
    by_id = {s.id: s for s in plan.strings}
    bound: dict[StringId, list[PlannedScreenshot]] = {}
    failed: dict[StringId, list[str]] = {}
    for shot in plan.screenshots:
        for binding in shot.bindings:
            if binding.string is None:
                continue
            outcome = done.bindings.get((shot.shot.image, binding.bound.key))
            if isinstance(outcome, Failed):
                failed.setdefault(binding.string, []).append(shot.shot.name)
            elif outcome is not None or planned_only:
                bound.setdefault(binding.string, []).append(shot)
    matched: set[StringId] = set()
    ocr_screens: list[str] = []
    for shot in plan.screenshots:
        found = done.ocr.get(shot.shot.image)
        if isinstance(found, tuple):
            ocr_screens.append(shot.shot.name)
            matched.update(m.string for m in found)
    shown = set(bound) | matched
    report.bound_by_screenshot = sum(1 for s in plan.strings if s.change == "bound")
    screens_by_text: dict[str, list[str]] = {}
    for string, shots in bound.items():
        if string in by_id:
            names = screens_by_text.setdefault(by_id[string].text, [])
            names += [s.shot.name for s in shots if s.shot.name not in names]
    for planned in plan.strings:
        if planned.change == "bound" or isinstance(done.strings.get(planned.id), Pending):
            continue
        if planned.id in shown:
            report.with_context += 1
            shots = [s for s in bound.get(planned.id, []) if not is_page(s)]  # images only
            if planned.change == "changed" and shots and all(s.image_unchanged for s in shots):
                report.stale.append(
                    StaleContext(
                        planned.file, planned.key, planned.line, [s.shot.name for s in shots]
                    )
                )
            continue
        report.without_context.append(
            _gap(planned, failed.get(planned.id), screens_by_text.get(planned.text), ocr_screens)
        )


NO_SCREENSHOT_FIX = "capture a screen that shows it, or bind it by key on a screenshot that does"


def _gap(
    planned: PlannedString,
    failed_on: list[str] | None,
    same_text_on: list[str] | None,
    ocr_screens: list[str],
) -> ContextGap:
    """Why a string of the run has no visual context (naming the screens), and the next step."""
    file, key, line = planned.file, planned.key, planned.line
    if failed_on:
        why = f"its binding on {listed(failed_on, 3)} failed"
        return ContextGap(file, key, line, "failed", why, "see the errors", failed_on)
    if same_text_on:
        why = f"ambiguous on {listed(same_text_on, 3)}: another key bound there has the same text"
        fix = "bind it by key on that screenshot, or capture with markers (key-exact boxes)"
        return ContextGap(file, key, line, "ambiguous", why, fix, same_text_on)
    if ocr_screens:
        why = f"OCR found no match on {listed(ocr_screens, 3)}"
        fix = "bind it by key, or capture a screen that shows it"
        return ContextGap(file, key, line, "ocr", why, fix, ocr_screens)
    return ContextGap(file, key, line, "none", "no screenshot shows it", NO_SCREENSHOT_FIX)


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
