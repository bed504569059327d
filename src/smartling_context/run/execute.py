"""Carrying out a plan in Smartling, recording every item's outcome in the report.

One failing item never stops the others. A rerun creates nothing twice: a
context with identical content is found by its fingerprinted name and reused,
and bindings that already exist on it are not created again.
"""

from __future__ import annotations

from smartling_context.run.plan import Plan, PlannedScreenshot, StringId
from smartling_context.run.report import BindingItem, RunReport, ScreenshotItem, StringItem
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.errors import SmartlingError
from smartling_context.smartling.models import (
    BindingRequest,
    Context,
    Coordinates,
    CreatedString,
    StringFailure,
)


class SetupFailure(Exception):
    """Smartling refused the run itself (credentials, project): nothing can succeed."""


def record_plan(plan: Plan, report: RunReport) -> None:
    """Put every planned item in the report, all `planned` (what a dry run shows)."""
    report.strings = [StringItem(p.file, p.key, p.text, p.change) for p in plan.strings]
    report.screenshots = [
        ScreenshotItem(s.shot.image, s.shot.name, s.reason) for s in plan.screenshots
    ]
    report.bindings = [
        BindingItem(
            s.shot.image, b.bound.key, b.string[0] if b.string else b.bound.file, "explicit"
        )
        for s in plan.screenshots
        for b in s.bindings
    ]
    for shot in plan.screenshots:
        if shot.shot.match == "ocr":
            report.bindings.append(BindingItem(shot.shot.image, "(OCR match)", None, "ocr"))


def execute(plan: Plan, client: SmartlingClient, report: RunReport) -> None:
    """Create strings, upload or reuse screenshots, bind. Fills in the report's items."""
    record_plan(plan, report)
    hashcodes = _create_strings(plan, client, report)
    contexts = _ensure_contexts(plan, client, report)
    _bind_explicitly(plan, client, report, hashcodes, contexts)
    _match_ocr(plan, client, report, hashcodes, contexts)


def _create_strings(plan: Plan, client: SmartlingClient, report: RunReport) -> dict[StringId, str]:
    if not plan.strings:
        return {}
    result = client.create_strings([p.request for p in plan.strings])
    report.words = result.word_count
    outcomes = [result.outcomes[p.request] for p in plan.strings]
    failures = [o for o in outcomes if isinstance(o, StringFailure)]
    if failures and len(failures) == len(outcomes) and all(_refuses_run(f) for f in failures):
        raise SetupFailure(failures[0].message)
    hashcodes: dict[StringId, str] = {}
    for item, outcome in zip(report.strings, outcomes, strict=True):
        if isinstance(outcome, CreatedString):
            item.status = "overwritten" if outcome.overwritten else "created"
            item.hashcode = outcome.hashcode
            hashcodes[(item.file, item.key)] = outcome.hashcode
        else:
            item.status = "failed"
            item.error = outcome.message
    return hashcodes


def _refuses_run(failure: StringFailure) -> bool:
    error = failure.error
    return error is not None and (error.is_credentials_problem or error.is_project_problem)


def _ensure_contexts(
    plan: Plan, client: SmartlingClient, report: RunReport
) -> dict[str, tuple[Context, bool]]:
    """Each screenshot's context (and whether it was reused), by image path."""

    def ensure(shot: PlannedScreenshot) -> tuple[Context, bool] | SmartlingError:
        try:
            found = client.find_context(shot.context_name)
            if found is not None:
                return found, True
            filename = shot.shot.image.rsplit("/", 1)[-1]
            return client.upload_context(
                shot.context_name, shot.content, filename, shot.mime_type
            ), False
        except SmartlingError as error:
            return error

    contexts: dict[str, tuple[Context, bool]] = {}
    outcomes = client.map_concurrently(ensure, plan.screenshots)
    for item, outcome in zip(report.screenshots, outcomes, strict=True):
        if isinstance(outcome, SmartlingError):
            item.status = "failed"
            item.error = outcome.item_message()
        else:
            context, reused = outcome
            item.status = "reused" if reused else "uploaded"
            item.context_uid = context.uid
            contexts[item.image] = outcome
    return contexts


def _bind_explicitly(
    plan: Plan,
    client: SmartlingClient,
    report: RunReport,
    hashcodes: dict[StringId, str],
    contexts: dict[str, tuple[Context, bool]],
) -> None:
    items = iter(i for i in report.bindings if i.kind == "explicit")
    requests: list[tuple[BindingRequest, BindingItem]] = []
    for shot in plan.screenshots:
        context = contexts.get(shot.shot.image)
        existing: set[str] = set()
        if context is not None and context[1] and shot.bindings:
            try:
                existing = {b.hashcode for b in client.list_bindings(context[0].uid)}
            except SmartlingError as error:
                for _ in shot.bindings:
                    _fail(
                        next(items),
                        f"could not list the context's bindings: {error.item_message()}",
                    )
                continue
        for binding in shot.bindings:
            item = next(items)
            hashcode = hashcodes.get(binding.string) if binding.string else None
            if context is None:
                _fail(item, "the screenshot was not uploaded")
            elif binding.string is None:
                _fail(item, "the key is in no strings file")
            elif hashcode is None:
                _fail(item, "the string was not created")
            elif hashcode in existing:
                item.status = "existing"
            else:
                box = binding.bound.coordinates
                coordinates = Coordinates(**box) if box else None
                requests.append((BindingRequest(context[0].uid, hashcode, coordinates), item))
    if not requests:
        return
    result = client.create_bindings([r for r, _ in requests])
    for request, item in requests:
        outcome = result.get((request.context_uid, request.hashcode), "not created")
        if isinstance(outcome, str):
            _fail(item, outcome)
        else:
            item.status = "created"


def _fail(item: BindingItem, message: str) -> None:
    item.status = "failed"
    item.error = message


def _match_ocr(
    plan: Plan,
    client: SmartlingClient,
    report: RunReport,
    hashcodes: dict[StringId, str],
    contexts: dict[str, tuple[Context, bool]],
) -> None:
    shots = [s for s in plan.screenshots if s.shot.match == "ocr"]
    by_hashcode = {h: string_id for string_id, h in hashcodes.items()}

    def match(shot: PlannedScreenshot) -> list[BindingItem]:
        image = shot.shot.image
        context = contexts.get(image)
        if context is None:
            return [_failed_ocr(image, "the screenshot was not uploaded")]
        if not hashcodes:
            return []
        try:
            bound = client.match_context(context[0].uid, sorted(by_hashcode))
        except SmartlingError as error:
            return [_failed_ocr(image, error.item_message())]
        return [
            BindingItem(
                image, by_hashcode[b.hashcode][1], by_hashcode[b.hashcode][0], "ocr", "created"
            )
            for b in bound
            if b.hashcode in by_hashcode
        ]

    results = client.map_concurrently(match, shots)
    report.bindings = [i for i in report.bindings if i.kind != "ocr"]
    for items in results:
        report.bindings += items


def _failed_ocr(image: str, message: str) -> BindingItem:
    return BindingItem(image, "(OCR match)", None, "ocr", "failed", message)
