"""The official `SmartlingApiSdk` 3.1.9 doing benchmark 5's work, in its own process
(the SDK configures the root logger and writes a log file in the working folder):
`python -m benchmarks.sdk_client HOST SHOTS_FOLDER`. Prints JSON: seconds from its
first request to its last answer.

The work is what the action's network phase does for the same PR, the way the SDK
offers it: authenticate, create S strings in batches of 100, upload U screenshots,
and bind B strings to them (B/U a screenshot, one request each), one call at a time.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from benchmarks.repos import BINDINGS, PROJECT, SCREENSHOTS, STRINGS


def sdk_sync(host: str, shots: str) -> float:
    """Seconds the SDK takes to create, upload and bind, against `host` over http."""
    from smartlingApiSdk.Settings import Settings

    Settings.printToLogfile = False
    from smartlingApiSdk import HttpClient
    from smartlingApiSdk.api.ContextApi import ContextApi
    from smartlingApiSdk.api.StringsApi import StringsApi

    HttpClient.HttpClient.protocol = "http://"
    strings, contexts = StringsApi("u", "s", PROJECT), ContextApi("u", "s", PROJECT)
    for api in (strings, contexts):
        api.httpClient.host = host
        api.authClient.httpClient.host = host
    started = time.perf_counter()
    codes: list[str] = []
    for first in range(0, STRINGS, 100):
        batch = [
            {"stringText": f"String number {k}", "variant": f"s{k}"}
            for k in range(first, first + 100)
        ]
        response, _ = strings.addStringsToProject(batch)
        codes += [item["hashcode"] for item in response.data.items]
    per = BINDINGS // SCREENSHOTS
    for u in range(SCREENSHOTS):
        response, _ = contexts.uploadNewVisualContext(
            name=f"shots/{u}.png", content=f"{shots}/{u}.png"
        )
        uid = response.data.contextUid
        box = {"top": 0, "left": 0, "width": 10, "height": 10}
        bindings: list[dict[str, Any]] = [
            {"contextUid": uid, "stringHashcode": code, "coordinates": box}
            for code in codes[u * per : (u + 1) * per]
        ]
        contexts.createStringToContextBindings(bindings=bindings)
    return time.perf_counter() - started


if __name__ == "__main__":
    print(json.dumps({"seconds": sdk_sync(sys.argv[1], sys.argv[2])}))
