"""Context API v2: contexts (screenshots), bindings and OCR matching."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from smartling_context.smartling import wire
from smartling_context.smartling.errors import SmartlingError
from smartling_context.smartling.models import Binding, BindingRequest, Context
from smartling_context.smartling.polling import CONTEXT, Poller
from smartling_context.smartling.pool import map_concurrently
from smartling_context.smartling.transport import Reply, Request, Transport
from smartling_context.smartling.wire import JsonObject

MAX_BINDINGS_PER_REQUEST = 150  # Create Bindings' documented limit (and the 400's message)
# What the action sends a request, creating or deleting: the product's contract says at
# most 100 (docs: action.md), under Smartling's 150.
BINDINGS_PER_REQUEST = 100
# List Bindings by `stringHashcodes`: the OpenAPI sets no limit on the list; we send up
# to this many a call, and fall back to the 150 of Create Bindings' message if refused.
HASHCODES_PER_LISTING = 1000
CONTEXT_PAGE = 100  # List Contexts answers at most this many a page (no `limit` parameter)
CREATED_OR_ACCEPTED = frozenset({200, 202})
Pair = tuple[str, str]  # (context uid, string hashcode): what a binding is about


class ContextApi:
    def __init__(self, transport: Transport, poller: Poller, project_id: str, workers: int) -> None:
        self._transport = transport
        self._poller = poller
        self._path = f"/context-api/v2/projects/{project_id}"
        self._workers = workers

    def _call(self, request: Request) -> JsonObject:
        return self._transport.call(request).data

    def upload(self, name: str, content: bytes, filename: str, mime_type: str) -> Context:
        """Upload an image (`image/*`) or a page (`text/html`) as a context; Smartling
        infers its type from `mime_type`. A retry first looks for the context by name."""

        def recover(request: Request) -> Request | Reply:
            found = self._find(name)
            return request if found is None else Reply(200, found)

        request = Request(
            "POST",
            f"{self._path}/contexts",
            f"Upload context {name!r}",
            files={"content": (filename, content, mime_type), "name": (None, name)},
        )
        return wire.context(self._transport.call(request, recover).data)

    def find(self, name: str) -> Context | None:
        """The context named exactly `name`, if there is one, whatever its type."""
        found = self._find(name)
        return None if found is None else wire.context(found)

    def _find(self, name: str) -> JsonObject | None:
        """The first context named exactly `name` (of any type: the name carries it)."""
        return next((c for c in self._contexts(name) if wire.text(c, "name") == name), None)

    def find_all(self, names: Collection[str]) -> dict[str, list[Context]]:
        """Every context named exactly each of `names`, smallest uid first, in as few
        calls as the API allows: one unfiltered listing when the project's contexts fit
        one page (100), else one `nameFilter` listing per name, side by side."""
        wanted = set(names)
        if not wanted:
            return {}
        first = self._call(Request("GET", f"{self._path}/contexts", "List contexts"))
        items = wire.items(first, "items")
        if first.get("offset"):  # more than a page: ask for each name instead
            per_name = map_concurrently(self._contexts, sorted(wanted), self._workers)
            items = [c for found in per_name for c in found]
        named: dict[str, list[Context]] = {name: [] for name in wanted}
        for context in map(wire.context, items):
            if context.name in named and context not in named[context.name]:
                named[context.name].append(context)
        return {name: sorted(found, key=lambda c: c.uid) for name, found in named.items()}

    def delete(self, context_uid: str) -> bool:
        """Delete a context (and with it its bindings); False when it was already gone."""
        request = Request("DELETE", f"{self._path}/contexts/{context_uid}", "Delete context")
        try:
            self._call(request)
        except SmartlingError as error:
            if error.status == 404:
                return False
            raise
        return True

    def list_contexts(self, name_filter: str | None = None, type_: str = "IMAGE") -> list[Context]:
        """All contexts whose name contains `name_filter`."""
        return [wire.context(c) for c in self._contexts(name_filter, type_)]

    def _contexts(self, name_filter: str | None, type_: str | None = None) -> list[JsonObject]:
        params = {
            **({"type": type_} if type_ else {}),
            **({"nameFilter": name_filter} if name_filter else {}),
        }
        return self._pages(Request("GET", f"{self._path}/contexts", "List contexts", params=params))

    def _pages(self, first: Request) -> list[JsonObject]:
        """Every item of a listing that pages with an opaque `offset` cursor."""
        found: list[JsonObject] = []
        request = first
        while True:
            data = self._call(request)
            found.extend(wire.items(data, "items"))
            offset = data.get("offset")
            if not offset or not isinstance(offset, str):
                return found
            request = Request(
                first.method,
                first.path,
                first.operation,
                json=first.json,
                params={**(first.params or {}), "offset": offset},
            )

    def match(self, context_uid: str, hashcodes: Collection[str]) -> list[Binding]:
        """Ask Smartling's OCR to bind these strings on the context, and wait for it."""
        operation = "Start OCR match"
        data = self._call(
            Request(
                "POST",
                f"{self._path}/contexts/{context_uid}/match/async",
                operation,
                json={"stringHashcodes": list(hashcodes)},
                accepted=CREATED_OR_ACCEPTED,
            )
        )
        process_uid = wire.text(data, "processUid") or wire.text(data, "matchId")
        if not process_uid:
            raise SmartlingError(operation, 202, reason="the answer held no processUid")
        result = self._poller.wait(CONTEXT, process_uid, "Wait for the OCR match")
        return [wire.binding(b) for b in wire.items(dict(result), "result", "bindings")]

    def list_bindings(self, context_uid: str) -> list[Binding]:
        """Every binding of one context, following the cursor."""
        request = Request(
            "POST", f"{self._path}/bindings/list", "List bindings", json={"contextUid": context_uid}
        )
        return [wire.binding(b) for b in self._pages(request)]

    def bindings_of_strings(self, hashcodes: Collection[str]) -> list[Binding]:
        """Every binding of these strings, on any context: the fewest listings the API
        allows (`stringHashcodes`, many a call, each paged by its cursor)."""
        codes = sorted(set(hashcodes))
        found: list[Binding] = []
        size = HASHCODES_PER_LISTING
        start = 0
        while start < len(codes):
            chunk = codes[start : start + size]
            request = Request(
                "POST",
                f"{self._path}/bindings/list",
                "List bindings",
                json={"stringHashcodes": chunk},
            )
            try:
                found += [wire.binding(b) for b in self._pages(request)]
            except SmartlingError as error:
                if error.status != 400 or size <= MAX_BINDINGS_PER_REQUEST:
                    raise
                size = MAX_BINDINGS_PER_REQUEST  # refused as too many: the documented 150
                continue
            start += len(chunk)
        return found

    def delete_bindings(self, binding_uids: Collection[str]) -> None:
        """Delete bindings by uid (`bindings/remove`), 100 a request. Deleting is idempotent."""
        uids = list(dict.fromkeys(binding_uids))
        for start in range(0, len(uids), BINDINGS_PER_REQUEST):
            body = {"bindingUids": uids[start : start + BINDINGS_PER_REQUEST]}
            self._call(
                Request("POST", f"{self._path}/bindings/remove", "Delete bindings", json=body)
            )

    def create_bindings(self, requested: Collection[BindingRequest]) -> dict[Pair, Binding | str]:
        """Create bindings 100 a request: each pair's binding, or why it failed."""
        unique = list({(r.context_uid, r.hashcode): r for r in requested}.values())
        batches = [
            unique[i : i + BINDINGS_PER_REQUEST]
            for i in range(0, len(unique), BINDINGS_PER_REQUEST)
        ]
        outcomes: dict[Pair, Binding | str] = {}
        for batch_outcomes in map_concurrently(self._create_batch, batches, self._workers):
            outcomes.update(batch_outcomes)
        return outcomes

    def _create_batch(self, batch: list[BindingRequest]) -> dict[Pair, Binding | str]:
        """Post one batch. After an ambiguous failure, send only what is still missing."""
        recovered: dict[Pair, Binding] = {}

        def recover(request: Request) -> Request | Reply:
            contexts = {r.context_uid for r in batch}
            existing = {
                (b.context_uid, b.hashcode): b for c in contexts for b in self.list_bindings(c)
            }
            recovered.update({_pair(r): existing[_pair(r)] for r in batch if _pair(r) in existing})
            missing = [wire.binding_json(r) for r in batch if _pair(r) not in recovered]
            if not missing:
                return Reply(200, {"created": {"items": []}})
            return Request(
                request.method, request.path, request.operation, json={"bindings": missing}
            )

        body = {"bindings": [wire.binding_json(r) for r in batch]}
        request = Request("POST", f"{self._path}/bindings", "Create bindings", json=body)
        try:
            data = self._transport.call(request, recover).data
        except SmartlingError as error:
            message = error.item_message()
            if error.operation != request.operation:  # the listing to recover failed
                message = f"could not check what a failed attempt bound: {error}"
            return {**dict.fromkeys(map(_pair, batch), message), **recovered}
        return {**_batch_outcomes(batch, data), **recovered}


def _batch_outcomes(
    batch: list[BindingRequest], data: Mapping[str, Any]
) -> dict[Pair, Binding | str]:
    created: dict[Pair, Binding | str] = {
        (b.context_uid, b.hashcode): b
        for b in map(wire.binding, wire.items(dict(data), "created", "items"))
    }
    messages = [
        wire.text(e, "message") or str(e) for e in wire.items(dict(data), "errors", "items")
    ]
    for request in batch:
        if _pair(request) not in created:
            # Smartling's error items carry no index; name the one about this string.
            message = next((m for m in messages if request.hashcode in m), None)
            created[_pair(request)] = message or "; ".join(messages) or "not created"
    return created


def _pair(request: BindingRequest) -> Pair:
    return (request.context_uid, request.hashcode)
