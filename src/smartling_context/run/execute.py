"""Carrying out a plan in Smartling as one overlapped pipeline of bounded concurrency.

Every call that depends on nothing else starts at once (string batches, file-URI
look-ups, each screenshot's context); a screenshot's bindings start as soon as
its context and the hashcodes of its strings are known; its OCR match as soon
as its context and all of the run's strings are. Each task records its outcome
under the identity it is about (see `outcomes.py`); one failing item never
stops the others. A rerun creates nothing twice: right before uploading, a
context with the same content is looked up by its fingerprinted name; right
before binding, the context's bindings are listed and only missing pairs are
created (a binding whose coordinates changed is deleted and created again).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from smartling_context.run.lookup import match_file_strings
from smartling_context.run.outcomes import (
    BindingId,
    BindingOutcome,
    Bound,
    ContextReady,
    Created,
    Failed,
    Found,
    OcrMatch,
    Outcomes,
    Pending,
    StringId,
    StringOutcome,
)
from smartling_context.run.plan import Plan, PlannedScreenshot, PlannedString
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.errors import SmartlingError
from smartling_context.smartling.models import (
    Binding,
    BindingRequest,
    Coordinates,
    CreatedString,
    NewString,
)
from smartling_context.smartling.strings_api import MAX_STRINGS_PER_REQUEST

WORKERS = 8  # calls in flight at once: enough to overlap, gentle on Smartling's rate limits


class RunRefused(Exception):
    """Smartling refused the run itself (credentials, project): nothing more can succeed."""

    def __init__(self, error: SmartlingError) -> None:
        super().__init__(str(error))
        self.error = error


def execute(
    plan: Plan, client: SmartlingClient, outcomes: Outcomes, workers: int = WORKERS
) -> None:
    """Create or find strings, upload or reuse screenshots, bind; record into `outcomes`.

    Returns when every task has finished (no thread outlives the call). Raises
    `RunRefused` once Smartling refused the credentials or the project; tasks not
    started by then are skipped, and what was done stays recorded.
    """
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="smartling") as pool:
        execution = _Execution(plan, client, outcomes, pool)
        tasks = execution.start()
        wait(tasks)
    if execution.refused is not None:
        raise RunRefused(execution.refused)
    for task in tasks:
        task.result()  # a bug in a task surfaces here, not silently


def _refuses_run(error: SmartlingError | None) -> bool:
    return error is not None and (error.is_credentials_problem or error.is_project_problem)


class _Execution:
    def __init__(
        self, plan: Plan, client: SmartlingClient, outcomes: Outcomes, pool: ThreadPoolExecutor
    ) -> None:
        self.plan, self.client, self.outcomes, self.pool = plan, client, outcomes, pool
        self.refused: SmartlingError | None = None
        self._lock = threading.Lock()

    def start(self) -> list[Future[None]]:
        """Submit every task with its dependencies; return them all. Contexts go
        first: look-up, upload, listing and binding make the longest chain."""
        contexts = {
            s.shot.image: self._submit(self._ensure_context, s) for s in self.plan.screenshots
        }
        strings: dict[StringId, Future[None]] = {}
        for batch in _create_batches(self.plan.strings):
            task = self._submit(self._create, batch)
            strings.update(dict.fromkeys((i for ids in batch.values() for i in ids), task))
        for file_uri, wanted in _lookups(self.plan.strings).items():
            task = self._submit(self._look_up, file_uri, wanted)
            strings.update(dict.fromkeys((p.id for p in wanted), task))
        every_string = list(set(strings.values()))
        tasks = [*contexts.values(), *every_string]
        for shot in self.plan.screenshots:
            context = contexts[shot.shot.image]
            needed = {strings[b.string] for b in shot.bindings if b.string in strings}
            if shot.bindings:
                tasks.append(self._after([context, *needed], self._bind, shot))
            if shot.shot.match == "ocr":
                tasks.append(self._after([context, *every_string], self._match, shot))
        return tasks

    # ------------------------------------------------------------ scheduling

    def _submit(self, function: Callable[..., None], *args: object) -> Future[None]:
        return self.pool.submit(self._guarded, function, *args)

    def _after(
        self, dependencies: list[Future[None]], function: Callable[..., None], *args: object
    ) -> Future[None]:
        """A task submitted once every dependency has finished (whatever its result)."""
        done: Future[None] = Future()
        remaining = [len(dependencies)]

        def dependency_finished(_: Future[None]) -> None:
            with self._lock:
                remaining[0] -= 1
                ready = remaining[0] == 0
            if ready:
                self._submit(function, *args).add_done_callback(lambda f: _copy(f, done))

        for dependency in dependencies:
            dependency.add_done_callback(dependency_finished)
        return done

    def _guarded(self, function: Callable[..., None], *args: object) -> None:
        if self.refused is None:
            function(*args)

    def _failure(self, error: SmartlingError, prefix: str = "") -> Failed:
        """The item's failure; when Smartling refused the whole run, stop starting tasks."""
        if _refuses_run(error):
            self.refused = error
        return Failed(prefix + error.item_message())

    # ------------------------------------------------------------ strings

    def _create(self, batch: dict[NewString, list[StringId]]) -> None:
        result = self.client.create_strings(list(batch))
        outcomes: dict[StringId, StringOutcome] = {}
        for request, ids in batch.items():
            outcome = result.outcomes.get(request)
            if isinstance(outcome, CreatedString):
                done: StringOutcome = Created(outcome.hashcode, outcome.overwritten)
            elif outcome is not None and outcome.error is not None:
                done = self._failure(outcome.error)
            else:
                done = Failed(outcome.message if outcome else "Smartling did not answer for it")
            outcomes.update(dict.fromkeys(ids, done))
        self.outcomes.record_strings(outcomes, result.word_count)

    def _look_up(self, file_uri: str, wanted: list[PlannedString]) -> None:
        try:
            held = self.client.file_strings(file_uri)
        except SmartlingError as error:
            failed = self._failure(error, f"could not list the strings of {file_uri!r}: ")
            self.outcomes.record_strings(dict.fromkeys((p.id for p in wanted), failed))
            return
        found = match_file_strings(file_uri, held, ((p.id, p.text) for p in wanted))
        self.outcomes.record_strings(dict(found))

    # ------------------------------------------------------------ screenshots

    def _ensure_context(self, shot: PlannedScreenshot) -> None:
        try:
            existing = self.client.find_context(shot.context_name)
            if existing is not None:
                self.outcomes.record_screenshot(shot.shot.image, ContextReady(existing.uid, True))
                return
            filename = shot.shot.image.rsplit("/", 1)[-1]
            context = self.client.upload_context(
                shot.context_name, shot.content, filename, shot.mime_type
            )
            self.outcomes.record_screenshot(shot.shot.image, ContextReady(context.uid, False))
        except SmartlingError as error:
            self.outcomes.record_screenshot(shot.shot.image, self._failure(error))

    def _bind(self, shot: PlannedScreenshot) -> None:
        image = shot.shot.image
        context = self.outcomes.screenshots.get(image)
        if not isinstance(context, ContextReady):
            self._fail_all(shot, "the screenshot was not uploaded")
            return
        try:
            existing = _by_hashcode(self.client.list_bindings(context.uid))
        except SmartlingError as error:
            failed = self._failure(error, "could not list the context's bindings: ")
            self.outcomes.record_bindings({(image, b.bound.key): failed for b in shot.bindings})
            return
        decided, wanted, stale = self._decide(shot, context.uid, existing)
        self.outcomes.record_bindings(decided)
        self.outcomes.record_bindings(self._replace(context.uid, wanted, stale))

    def _decide(
        self, shot: PlannedScreenshot, context_uid: str, existing: dict[str, list[Binding]]
    ) -> tuple[
        dict[BindingId, BindingOutcome], dict[BindingId, BindingRequest], dict[str, list[str]]
    ]:
        """Each binding's outcome when no call is needed; else the request to send, and
        the uids of bindings to delete first (same string, other coordinates)."""
        decided: dict[BindingId, BindingOutcome] = {}
        wanted: dict[BindingId, BindingRequest] = {}
        stale: dict[str, list[str]] = {}
        for binding in shot.bindings:
            ident = (shot.shot.image, binding.bound.key)
            string = self.outcomes.strings.get(binding.string) if binding.string else None
            box = binding.bound.coordinates
            coordinates = Coordinates(**box) if box else None
            if binding.string is None:
                decided[ident] = Failed("the key is in no strings file")
            elif isinstance(string, Pending):
                decided[ident] = Bound("pending")
            elif not isinstance(string, Created | Found):
                why = f": {string.message}" if isinstance(string, Failed) else ""
                decided[ident] = Failed(f"the string was not created{why}")
            elif old := existing.get(string.hashcode):
                if coordinates is None or any(b.coordinates == coordinates for b in old):
                    decided[ident] = Bound("existing")
                else:
                    stale[string.hashcode] = [b.uid for b in old]
                    wanted[ident] = BindingRequest(
                        context_uid, string.hashcode, coordinates, binding.bound.anchors
                    )
            else:
                wanted[ident] = BindingRequest(
                    context_uid, string.hashcode, coordinates, binding.bound.anchors
                )
        return decided, wanted, stale

    def _replace(
        self, context_uid: str, wanted: dict[BindingId, BindingRequest], stale: dict[str, list[str]]
    ) -> dict[BindingId, BindingOutcome]:
        """Delete the stale bindings, then create the wanted ones."""
        if stale:
            try:
                self.client.delete_bindings([uid for uids in stale.values() for uid in uids])
            except SmartlingError as error:
                failed = self._failure(error, "could not delete the old binding: ")
                return dict.fromkeys(wanted, failed)
        if not wanted:
            return {}
        created = self.client.create_bindings(list(wanted.values()))
        outcomes: dict[BindingId, BindingOutcome] = {}
        for ident, request in wanted.items():
            answer = created.get((context_uid, request.hashcode), "Smartling did not answer")
            if isinstance(answer, str):
                outcomes[ident] = Failed(answer)
            elif request.hashcode in stale:
                outcomes[ident] = Bound("replaced")
            else:
                outcomes[ident] = Bound("created")
        return outcomes

    def _fail_all(self, shot: PlannedScreenshot, message: str) -> None:
        self.outcomes.record_bindings(
            {(shot.shot.image, b.bound.key): Failed(message) for b in shot.bindings}
        )

    def _match(self, shot: PlannedScreenshot) -> None:
        """OCR: which of this run's strings the image shows."""
        image = shot.shot.image
        context = self.outcomes.screenshots.get(image)
        if not isinstance(context, ContextReady):
            self.outcomes.record_ocr(image, Failed("the screenshot was not uploaded"))
            return
        by_hashcode = {
            o.hashcode: string
            for string, o in self.outcomes.snapshot_strings().items()
            if isinstance(o, Created | Found)
        }
        if not by_hashcode:
            self.outcomes.record_ocr(image, ())
            return
        try:
            bound = self.client.match_context(context.uid, sorted(by_hashcode))
        except SmartlingError as error:
            self.outcomes.record_ocr(image, self._failure(error))
            return
        matched = {
            by_hashcode[b.hashcode]: OcrMatch(by_hashcode[b.hashcode], b.coordinates)
            for b in bound
            if b.hashcode in by_hashcode
        }
        self.outcomes.record_ocr(image, tuple(matched.values()))


def _copy(source: Future[None], target: Future[None]) -> None:
    error = source.exception()
    if error is not None:
        target.set_exception(error)
    else:
        target.set_result(None)


def _by_hashcode(bindings: Iterable[Binding]) -> dict[str, list[Binding]]:
    found: dict[str, list[Binding]] = {}
    for binding in bindings:
        found.setdefault(binding.hashcode, []).append(binding)
    return found


def _create_batches(strings: list[PlannedString]) -> list[dict[NewString, list[StringId]]]:
    """Strings to create, one identical request once, grouped by request-level
    settings and cut at Smartling's 100 a request: one task each."""
    requests: dict[NewString, list[StringId]] = {}
    for planned in strings:
        if planned.file_uri is None:
            requests.setdefault(planned.request, []).append(planned.id)
    groups: dict[object, list[NewString]] = {}
    for request in requests:
        groups.setdefault(request.request_settings, []).append(request)
    return [
        {request: requests[request] for request in group[start : start + MAX_STRINGS_PER_REQUEST]}
        for group in groups.values()
        for start in range(0, len(group), MAX_STRINGS_PER_REQUEST)
    ]


def _lookups(strings: list[PlannedString]) -> dict[str, list[PlannedString]]:
    """Strings to find, by the file URI that holds them: one task each."""
    wanted: dict[str, list[PlannedString]] = {}
    for planned in strings:
        if planned.file_uri is not None:
            wanted.setdefault(planned.file_uri, []).append(planned)
    return wanted
