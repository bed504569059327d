"""The Smartling client the run uses: one object over transport, auth and the API calls.

Thread-safe: the run calls it from a pool. Everything goes over one
`requests.Session` (`transport.py`); tokens are refreshed ahead of expiry
(`auth.py`); calls that are not idempotent recover after an ambiguous failure
instead of replaying blindly, so a retry never creates a duplicate. `deadline`
(a `time.monotonic()` instant) bounds every attempt, backoff and poll. Every
error text has the credentials and every token removed (`redact.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import requests

from smartling_context.smartling.auth import TokenAuth
from smartling_context.smartling.context_api import ContextApi, Pair
from smartling_context.smartling.models import (
    Binding,
    BindingRequest,
    Context,
    CreateStringsResult,
    FileString,
    NewString,
)
from smartling_context.smartling.polling import Poller
from smartling_context.smartling.redact import Redactor
from smartling_context.smartling.strings_api import StringsApi
from smartling_context.smartling.transport import Deadline, Transport


class SmartlingClient:
    """A client for the parts of Smartling's API the action uses."""

    def __init__(
        self,
        base_url: str,
        user_identifier: str,
        user_secret: str,
        project_id: str,
        *,
        timeout: float = 60.0,
        max_attempts: int = 6,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        poll_first: float = 0.05,
        poll_interval: float = 1.0,
        poll_deadline: float = 600.0,
        refresh_margin: float = 60.0,
        concurrency: int = 8,
        session: requests.Session | None = None,
        deadline: float | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> None:
        """`poll_interval` is the longest pause between two polls of a process
        (the first is `poll_first`); `poll_deadline` the longest one process may take."""
        self.project_id = project_id
        # Requests on the wire at once, whatever the threads: the run's pool and the
        # batches of one call share these slots.
        workers = max(1, concurrency)
        self.redactor = Redactor(user_identifier, user_secret)
        self.transport = Transport(
            base_url,
            redactor=self.redactor,
            deadline=Deadline(deadline),
            timeout=timeout,
            max_attempts=max_attempts,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            session=session,
            max_in_flight=workers,
        )
        self.auth = TokenAuth(
            self.transport.call,
            user_identifier,
            user_secret,
            redactor=self.redactor,
            refresh_margin=refresh_margin,
            time_left=self.transport.timeout_left,
            on_token=on_token,
        )
        self.transport.auth = self.auth
        poller = Poller(
            self.transport, project_id, first=poll_first, cap=poll_interval, limit=poll_deadline
        )
        self._strings = StringsApi(self.transport, poller, project_id, workers)
        self._contexts = ContextApi(self.transport, poller, project_id, workers)

    def authenticate(self) -> None:
        """Get a fresh token pair now (also how a run checks its credentials early)."""
        self.auth.authenticate()

    def create_strings(self, strings: Collection[NewString]) -> CreateStringsResult:
        return self._strings.create(strings)

    def file_strings(self, file_uri: str) -> list[FileString]:
        """Smartling's strings under `file_uri`; empty when it knows no string there."""
        return self._strings.file_strings(file_uri)

    def upload_context(self, name: str, content: bytes, filename: str, mime_type: str) -> Context:
        return self._contexts.upload(name, content, filename, mime_type)

    def find_context(self, name: str) -> Context | None:
        return self._contexts.find(name)

    def find_contexts(self, names: Collection[str]) -> dict[str, list[Context]]:
        """Every context of each name, smallest uid first (one listing when few)."""
        return self._contexts.find_all(names)

    def delete_context(self, context_uid: str) -> bool:
        return self._contexts.delete(context_uid)

    def bindings_of_strings(self, hashcodes: Collection[str]) -> list[Binding]:
        return self._contexts.bindings_of_strings(hashcodes)

    def list_contexts(self, name_filter: str | None = None, type_: str = "IMAGE") -> list[Context]:
        return self._contexts.list_contexts(name_filter, type_)

    def match_context(self, context_uid: str, hashcodes: Collection[str]) -> list[Binding]:
        return self._contexts.match(context_uid, hashcodes)

    def list_bindings(self, context_uid: str) -> list[Binding]:
        return self._contexts.list_bindings(context_uid)

    def create_bindings(self, requests_: Collection[BindingRequest]) -> dict[Pair, Binding | str]:
        return self._contexts.create_bindings(requests_)

    def delete_bindings(self, binding_uids: Collection[str]) -> None:
        self._contexts.delete_bindings(binding_uids)
