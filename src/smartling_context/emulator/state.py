"""What the emulator holds: strings, files, contexts, bindings, processes and tokens.

One lock guards it all; tests read the fields directly. A string record looks
like a source-strings item: `stringText` is the raw text the Strings API got
(None for strings that came from an uploaded file, as Smartling answers),
`parsedStringText` the text, `keys` the `{key, fileUri}` pairs it is known by.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from smartling_context.emulator.envelope import not_found

DEFAULT_NAMESPACE = "smartling.strings-api.default.namespace"


def hashcode(text: str, variant: str | None, namespace: str | None) -> str:
    """The emulator's string identity: text, variant and namespace (as Smartling's)."""
    raw = "\x1f".join([text, variant or "", namespace or DEFAULT_NAMESPACE])
    return hashlib.md5(raw.encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Process:
    """An asynchronous process: OPEN/IN_PROGRESS for `polls_left` polls, then final."""

    uid: str
    kind: str
    polls_left: int
    final_state: str
    result: dict[str, Any]
    created: str
    on_finish: Callable[[], dict[str, Any]] | None = None


class EmulatorState:
    """Everything the emulator holds. Guarded by `lock`; read it in tests."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.strings: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}  # fileUri -> {fileType, hashcodes, ...}
        self.contexts: dict[str, dict[str, Any]] = {}
        self.bindings: dict[str, dict[str, Any]] = {}
        self.processes: dict[str, Process] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.refresh_tokens: dict[str, str] = {}
        self.requests: list[tuple[str, str, int]] = []
        self.bodies: list[tuple[str, Any]] = []

    def request_counts(self) -> Counter[str]:
        """How many requests each endpoint got: `"POST create strings"`-style names."""
        with self.lock:
            return Counter(f"{method} {route}" for method, route, _ in self.requests)

    def file_hashcodes(self, file_uri: str) -> list[str]:
        """The hashcodes of the strings a file URI holds, in file order."""
        with self.lock:
            stored = self.files.get(file_uri)
            if stored is not None:
                return list(stored["hashcodes"])
            return [
                code
                for code, string in self.strings.items()
                if any(k["fileUri"] == file_uri for k in string["keys"])
            ]

    def new_process(
        self,
        kind: str,
        final: str,
        *,
        polls: int,
        on_finish: Callable[[], dict[str, Any]] | None = None,
    ) -> Process:
        process = Process(str(uuid.uuid4()), kind, polls, final, {}, now(), on_finish)
        with self.lock:
            self.processes[process.uid] = process
        return process

    def poll(self, uid: str, api: str) -> dict[str, Any]:
        """One status poll of a process; `api` is "strings" or "context" (separate lists)."""
        with self.lock:
            process = self.processes.get(uid)
            if process is None or (api == "strings") != (process.kind == "CREATE_STRINGS"):
                raise not_found(f"Process {uid} not found", "not_found")
            if process.polls_left > 0:
                process.polls_left -= 1
                state = "OPEN" if api == "strings" else "IN_PROGRESS"
            else:
                if process.on_finish is not None:
                    process.result = process.on_finish()
                    process.on_finish = None
                state = process.final_state
        data: dict[str, Any] = {
            "processUid": uid,
            "processState": state,
            "createdDate": process.created,
            "modifiedDate": now(),
        }
        if api == "strings":
            data["processStatistics"] = {"requested": 0, "processed": 0, "errored": 0, "skipped": 0}
        else:
            data.update(processType=process.kind, errorMessage=None, result=process.result)
        return data

    def add_binding(
        self,
        context_uid: str,
        code: str,
        coordinates: dict[str, Any] | None,
        anchors: list[str] | None = None,
    ) -> dict[str, Any]:
        """Store a binding (call with the lock held): by anchors on an HTML context;
        else by its box, no coordinates being the 0,0,0,0 box."""
        binding: dict[str, Any] = {
            "bindingUid": str(uuid.uuid4()),
            "contextUid": context_uid,
            "stringHashcode": code,
        }
        if anchors:
            binding["anchors"] = list(anchors)
        else:
            binding["coordinates"] = coordinates or {"top": 0, "left": 0, "width": 0, "height": 0}
        self.bindings[binding["bindingUid"]] = binding
        return binding


def new_string(
    code: str, text: str, *, from_api: bool, variant: str | None, namespace: str
) -> dict[str, Any]:
    """A string record in the shape source-strings answers (plus the emulator's own fields)."""
    return {
        "hashcode": code,
        "stringText": text if from_api else None,
        "parsedStringText": text,
        "variant": variant,
        "namespace": namespace,
        "instruction": None,
        "maxLength": None,
        "format": None,
        "placeholderFormat": None,
        "placeholderFormatCustom": None,
        "keys": [],
        "contentFileStringInstructions": [],
        "created": now(),
    }
