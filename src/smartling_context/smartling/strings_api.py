"""Strings API v2: creating strings, and reading the strings of a file URI."""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import cast

from smartling_context.smartling.errors import SmartlingError
from smartling_context.smartling.models import (
    CreatedString,
    CreateStringsResult,
    FileString,
    NewString,
    StringFailure,
)
from smartling_context.smartling.polling import CREATE_STRINGS, Poller
from smartling_context.smartling.pool import map_concurrently
from smartling_context.smartling.transport import Request, Transport
from smartling_context.smartling.wire import (
    CreateStringsData,
    created_strings,
    file_string,
    items,
    string_body,
    take,
)

MAX_STRINGS_PER_REQUEST = 100
MAX_STRING_CHARS = 10_000
SOURCE_STRINGS_PAGE = 500
CREATED_OR_ACCEPTED = frozenset({200, 202})

Outcome = CreatedString | StringFailure


class StringsApi:
    def __init__(self, transport: Transport, poller: Poller, project_id: str, workers: int) -> None:
        self._transport = transport
        self._poller = poller
        self._path = f"/strings-api/v2/projects/{project_id}"
        self._workers = workers

    def create(self, requested: Collection[NewString]) -> CreateStringsResult:
        """Create strings: grouped by request settings, 100 a request, every 202 polled."""
        outcomes: dict[NewString, Outcome] = {}
        groups: dict[tuple[str | None, str | None, str | None], list[NewString]] = {}
        for item in dict.fromkeys(requested):
            if len(item.text) > MAX_STRING_CHARS:
                outcomes[item] = StringFailure(
                    f"the text has {len(item.text):,} characters; Smartling accepts at most "
                    f"{MAX_STRING_CHARS:,}. Shorten or split it.",
                    "string.too.long",
                )
            else:
                groups.setdefault(item.request_settings, []).append(item)
        batches = [
            group[start : start + MAX_STRINGS_PER_REQUEST]
            for group in groups.values()
            for start in range(0, len(group), MAX_STRINGS_PER_REQUEST)
        ]
        words = 0
        for batch_outcomes, batch_words in map_concurrently(
            self._create_batch, batches, self._workers
        ):
            outcomes.update(batch_outcomes)
            words += batch_words
        return CreateStringsResult(outcomes, words)

    def _create_batch(self, batch: list[NewString]) -> tuple[dict[NewString, Outcome], int]:
        """Post one batch until every string is listed, polling every 202 in between.

        A 202 may come before the items are known; creating is idempotent (same
        text, variant and namespace = same string), so once its process has
        ended the strings not listed yet are posted again to learn their
        hashcodes, however many 202s that takes, within the time limits.

        `overwritten` is believed only from an answer that nothing before it
        may have acted on. After a 202 (the request went on in the background)
        or an ambiguous failure (the server may have created the strings),
        the next answer says `overWritten` for strings this very run created;
        those are reported created. So a string that existed before may be
        reported created, never a new string reported as overwritten.
        """
        outcomes: dict[NewString, Outcome] = {}
        pending = batch
        words: int | None = None
        acted = False
        give_up = time.monotonic() + self._poller.limit
        try:
            while pending:
                reply = self._transport.call(
                    Request(
                        "POST",
                        self._path,
                        "Create strings",
                        json=string_body(pending),
                        accepted=CREATED_OR_ACCEPTED,
                    )
                )
                data = cast(CreateStringsData, reply.data)
                words = _int(data.get("wordCount")) if words is None else words
                acted = acted or reply.after_ambiguous
                found = created_strings(reply.data)
                for item in pending:
                    hit = take(found, item)
                    if hit is not None:
                        outcomes[item] = CreatedString(hit.hashcode, hit.overwritten and not acted)
                pending = [item for item in pending if item not in outcomes]
                if reply.status != 202 or not pending:
                    break
                self._wait_for_202(data, give_up)
                acted = True
        except SmartlingError as error:
            failure = StringFailure(error.item_message(), error.first_key, error.status, error)
            return {**outcomes, **dict.fromkeys(pending, failure)}, words or 0
        missing = StringFailure("Smartling's answer did not list this string")
        return {**outcomes, **dict.fromkeys(pending, missing)}, words or 0

    def _wait_for_202(self, data: CreateStringsData, give_up: float) -> None:
        operation = "Wait for Smartling to create strings"
        process_uid = data.get("processUid")
        if not isinstance(process_uid, str) or not process_uid:
            raise SmartlingError(operation, 202, reason="the 202 answer held no processUid")
        if time.monotonic() >= give_up:
            raise SmartlingError(
                operation,
                202,
                reason=f"Smartling still answered 202 after {self._poller.limit:.0f} s",
            )
        self._poller.wait(CREATE_STRINGS, process_uid, operation)

    def file_strings(self, file_uri: str) -> list[FileString]:
        """Every string Smartling holds under `file_uri`, 500 a page until a short page."""
        found: list[FileString] = []
        offset = 0
        while True:
            body = {"fileUri": file_uri, "limit": SOURCE_STRINGS_PAGE, "offset": offset}
            request = Request(
                "POST", f"{self._path}/source-strings", f"List the strings of {file_uri}", json=body
            )
            page = items(self._transport.call(request).data, "items")
            found.extend(file_string(item, file_uri) for item in page)
            if len(page) < SOURCE_STRINGS_PAGE:
                return [string for string in found if string.hashcode]
            offset += len(page)


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0
