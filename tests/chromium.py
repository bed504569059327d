"""The headless Chromium the capture tests drive: skip without one, except in CI."""

from __future__ import annotations

import os

import pytest

from smartling_context.capture.browser import find_browser

CHROMIUM = find_browser(None)
# CI installs Debian's chromium (.ci/run): there a missing browser fails the tests.
needs_browser = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="no Chromium found (chromium, chromium-browser or google-chrome on PATH); "
    "install Debian's `chromium` to run the capture tests",
)
