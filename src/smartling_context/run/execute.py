"""Carrying out a plan in Smartling as one overlapped pipeline of bounded concurrency.

Every call that depends on nothing else starts at once (string batches, file-URI
look-ups, the one look-up of every screenshot's context by its fingerprinted
name); each missing context is uploaded as soon as that look-up answers; a
screenshot's bindings are decided as soon as its context and its strings'
hashcodes are known, and sent with other screenshots' in full batches of 100
(the contract's limit; Smartling's is 150), the rest once the last screenshot is
decided; its OCR match starts once its context and all of the run's strings are
known. Each task
records its outcome under the identity it is about (see `outcomes.py`); one
failing item never stops the others.

A rerun creates nothing twice: contexts that already exist are reused; the
bindings of the run's strings are listed once (by hashcode, before binding to a
reused context) and only missing (context, string) pairs are created (a binding
whose coordinates changed is deleted and created again). Runs that race are
made to converge afterwards (`converge.py`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from smartling_context.run.converge import converge
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
from smartling_context.run.plan import NO_FILE, Plan, PlannedScreenshot, PlannedString
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.context_api import BINDINGS_PER_REQUEST
from smartling_context.smartling.errors import SmartlingError
from smartling_context.smartling.models import (
    Binding,
    BindingRequest,
    Context,
    Coordinates,
    CreatedString,
    NewString,
)
from smartling_context.smartling.strings_api import MAX_STRINGS_PER_REQUEST

# Tasks at once; the client also keeps at most this many requests in flight (its
# `concurrency`): enough to overlap, gentle on Smartling's unpublished rate limits.
WORKERS = 8


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
        wait(execution.batches.sent)  # all submitted by the time the last bind task ends
    if execution.refused is not None:
        raise RunRefused(execution.refused)
    for task in [*tasks, *execution.batches.sent]:
        task.result()  # a bug in a task surfaces here, not silently
    if execution.wrote:
        try:
            converge(plan, client, outcomes)
        except SmartlingError as error:
            if _refuses_run(error):
                raise RunRefused(error) from error
            outcomes.record_problem(
                "could not check for what a run racing on this pull request made twice "
                f"(contexts or bindings may be duplicated; run again to settle them): "
                f"{error.item_message()}"
            )


def _refuses_run(error: SmartlingError | None) -> bool:
    return error is not None and (error.is_credentials_problem or error.is_project_problem)


class _Execution:
    def __init__(
        self, plan: Plan, client: SmartlingClient, outcomes: Outcomes, pool: ThreadPoolExecutor
    ) -> None:
        self.plan, self.client, self.outcomes, self.pool = plan, client, outcomes, pool
        self.refused: SmartlingError | None = None
        self._lock = threading.Lock()
        self._found: dict[str, list[Context]] = {}
        self._existing: dict[tuple[str, str], list[Binding]] = {}
        self._listing_error: SmartlingError | None = None
        self.batches = _Batches(self, sum(1 for s in plan.screenshots if s.bindings))

    @property
    def wrote(self) -> bool:
        """Whether this run uploaded a context or created a binding (then it converges)."""
        uploaded = any(
            isinstance(o, ContextReady) and not o.reused for o in self.outcomes.screenshots.values()
        )
        bound = any(
            isinstance(o, Bound) and o.status in ("created", "replaced")
            for o in self.outcomes.bindings.values()
        )
        matched = any(isinstance(o, tuple) and o for o in self.outcomes.ocr.values())
        return uploaded or bound or matched

    def start(self) -> list[Future[None]]:
        """Submit every task with its dependencies; return them all. Contexts go
        first: look-up, upload and binding make the longest chain."""
        shots = self.plan.screenshots
        lookup = self._submit(self._look_up_contexts) if shots else None
        contexts = {
            s.shot.image: self._after([lookup], self._ensure_context, s)
            for s in shots
            if lookup is not None
        }
        strings: dict[StringId, Future[None]] = {}
        for batch in _create_batches(self.plan.strings):
            task = self._submit(self._create, batch)
            strings.update(dict.fromkeys((i for ids in batch.values() for i in ids), task))
        for file_uri, wanted in _lookups(self.plan.strings).items():
            task = self._submit(self._look_up, file_uri, wanted)
            strings.update(dict.fromkeys((p.id for p in wanted), task))
        every_string = list(set(strings.values()))
        tasks = [*([lookup] if lookup else []), *contexts.values(), *every_string]
        bound = {strings[b.string] for s in shots for b in s.bindings if b.string in strings}
        existing: Future[None] | None = None
        if lookup is not None and bound:
            existing = self._after([lookup, *bound], self._list_existing_bindings)
            tasks.append(existing)
        for shot in shots:
            context = contexts[shot.shot.image]
            needed = {strings[b.string] for b in shot.bindings if b.string in strings}
            if shot.bindings:
                tasks.append(self._after([context, existing, *needed], self._bind, shot))
            if shot.shot.match == "ocr":
                tasks.append(self._after([context, *every_string], self._match, shot))
        return tasks

    # ------------------------------------------------------------ scheduling

    def _submit(self, function: Callable[..., None], *args: object) -> Future[None]:
        return self.pool.submit(self._guarded, function, *args)

    def _after(
        self,
        dependencies: list[Future[None] | None],
        function: Callable[..., None],
        *args: object,
    ) -> Future[None]:
        """A task submitted once every dependency has finished (whatever its result)."""
        done: Future[None] = Future()
        waiting = [d for d in dependencies if d is not None]
        remaining = [len(waiting)]
        if not waiting:
            self._submit(function, *args).add_done_callback(lambda f: _copy(f, done))
            return done

        def dependency_finished(_: Future[None]) -> None:
            with self._lock:
                remaining[0] -= 1
                ready = remaining[0] == 0
            if ready:
                self._submit(function, *args).add_done_callback(lambda f: _copy(f, done))

        for dependency in waiting:
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

    def _look_up_contexts(self) -> None:
        """Every screenshot's context by its fingerprinted name, in one go (one listing
        when the project's contexts are few); a failure leaves each to its upload."""
        names = {s.context_name for s in self.plan.screenshots}
        try:
            self._found = self.client.find_contexts(names)
        except SmartlingError as error:
            failed = self._failure(error, "could not look the context up: ")
            for shot in self.plan.screenshots:
                self.outcomes.record_screenshot(shot.shot.image, failed)

    def _ensure_context(self, shot: PlannedScreenshot) -> None:
        if isinstance(self.outcomes.screenshots.get(shot.shot.image), Failed):
            return  # the look-up failed: uploading blind could duplicate
        try:
            existing = self._found.get(shot.context_name)
            if existing:  # the smallest uid: the one every run keeps (see converge.py)
                self.outcomes.record_screenshot(
                    shot.shot.image, ContextReady(existing[0].uid, True)
                )
                return
            filename = shot.shot.image.rsplit("/", 1)[-1]
            context = self.client.upload_context(
                shot.context_name, shot.content, filename, shot.mime_type
            )
            self.outcomes.record_screenshot(shot.shot.image, ContextReady(context.uid, False))
        except SmartlingError as error:
            self.outcomes.record_screenshot(shot.shot.image, self._failure(error))

    def _bind(self, shot: PlannedScreenshot) -> None:
        """Decide the screenshot's bindings and add those to create to the batches;
        whatever happens, count it decided (the last one sends the rest)."""
        try:
            self._decide_bindings(shot)
        finally:
            self.batches.decided()

    def _decide_bindings(self, shot: PlannedScreenshot) -> None:
        image = shot.shot.image
        context = self.outcomes.screenshots.get(image)
        if not isinstance(context, ContextReady):
            self._fail_all(shot, "the screenshot was not uploaded")
            return
        try:
            if self._listing_error is not None:
                raise self._listing_error
            existing = {
                code: found for (uid, code), found in self._existing.items() if uid == context.uid
            }
            decided, wanted, stale = self._decide(shot, context.uid, existing)
            self.outcomes.record_bindings(decided)
            if stale:
                try:
                    self.client.delete_bindings([u for uids in stale.values() for u in uids])
                except SmartlingError as error:
                    failed = self._failure(error, "could not delete the old binding: ")
                    self.outcomes.record_bindings(dict.fromkeys(wanted, failed))
                    wanted = {}
            self.batches.add(
                [(ident, request, request.hashcode in stale) for ident, request in wanted.items()]
            )
        except SmartlingError as error:
            failed = self._failure(error, "could not list the context's bindings: ")
            self.outcomes.record_bindings({(image, b.bound.key): failed for b in shot.bindings})

    def _list_existing_bindings(self) -> None:
        """The bindings of every string this run binds on a reused context, in as few
        listings as the API allows (none when every context is new: a new context's
        bindings are this run's own, or a racing run's, which `converge` settles)."""
        reused = {found[0].uid for found in self._found.values() if found}  # as the look-up saw
        if not reused:
            return
        codes = {
            code
            for shot in self.plan.screenshots
            for b in shot.bindings
            if b.string and (code := self.outcomes.hashcode(b.string))
        }
        try:
            found = self.client.bindings_of_strings(codes)
        except SmartlingError as error:
            self._listing_error = error
            return
        for binding in found:
            if binding.context_uid in reused:
                self._existing.setdefault((binding.context_uid, binding.hashcode), []).append(
                    binding
                )

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
                decided[ident] = Failed(binding.problem or NO_FILE)
            elif isinstance(string, Pending):
                decided[ident] = Bound("pending")
            elif not isinstance(string, Created | Found):
                why = f": {string.message}" if isinstance(string, Failed) else ""
                decided[ident] = Failed(f"the string was not created{why}")
            elif (old := existing.get(string.hashcode)) and (
                coordinates is None or any(b.coordinates == coordinates for b in old)
            ):
                decided[ident] = Bound("existing")
            else:
                if old:  # the same string elsewhere on the screenshot: moved
                    stale[string.hashcode] = [b.uid for b in old]
                wanted[ident] = BindingRequest(
                    context_uid, string.hashcode, coordinates, binding.bound.anchors
                )
        return decided, wanted, stale

    def _send_batch(self, batch: list[_Wanted]) -> None:
        """Create one batch of bindings (any screenshots'); record each one's outcome."""
        created = self.client.create_bindings([request for _, request, _ in batch])
        outcomes: dict[BindingId, BindingOutcome] = {}
        for ident, request, replaced in batch:
            answer = created.get(
                (request.context_uid, request.hashcode), "Smartling did not answer"
            )
            if isinstance(answer, str):
                outcomes[ident] = Failed(answer)
            else:
                outcomes[ident] = Bound("replaced" if replaced else "created")
        self.outcomes.record_bindings(outcomes)

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


_Wanted = tuple[BindingId, BindingRequest, bool]  # a binding to create; True: it replaces one


class _Batches:
    """Bindings to create, from every screenshot, sent in full batches as they come
    and the rest once the last screenshot with bindings is decided."""

    def __init__(self, execution: _Execution, screenshots: int) -> None:
        self._execution = execution
        self._undecided = screenshots
        self._waiting: list[_Wanted] = []
        self._lock = threading.Lock()
        self.sent: list[Future[None]] = []

    def add(self, wanted: list[_Wanted]) -> None:
        with self._lock:
            self._waiting += wanted
            while len(self._waiting) >= BINDINGS_PER_REQUEST:
                self._send(self._waiting[:BINDINGS_PER_REQUEST])
                del self._waiting[:BINDINGS_PER_REQUEST]

    def decided(self) -> None:
        """One screenshot's bindings are all added; after the last, send the rest."""
        with self._lock:
            self._undecided -= 1
            if self._undecided == 0 and self._waiting:
                self._send(self._waiting)
                self._waiting = []

    def _send(self, batch: list[_Wanted]) -> None:
        self.sent.append(self._execution._submit(self._execution._send_batch, list(batch)))


def _copy(source: Future[None], target: Future[None]) -> None:
    error = source.exception()
    if error is not None:
        target.set_exception(error)
    else:
        target.set_result(None)


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
