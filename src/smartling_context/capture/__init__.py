"""Capture: a page's screenshot from a real browser, with the exact box of every string it shows.

`from smartling_context.capture import smartling_context`: the one call for a team's
own Playwright tests (`helper.py`); imported on first use, so the rest of the
package does not load Playwright's helper with it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["smartling_context"]


def __getattr__(name: str) -> Any:
    if name == "smartling_context":
        from smartling_context.capture.helper import smartling_context

        return smartling_context
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
