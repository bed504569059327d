"""Storybook capture: 50 stories of the fixture Storybook at scale 2, timed from the moment
the first browser is up to the last boxes file written (target: 30 s on 2 cores).

Needs the fixture built (`cd tests/fixtures/storybook && npm ci && npm run
build-storybook`, as .ci/run does). `python -m benchmarks.storybook` prints its table.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.table import Row, main_for
from smartling_context.capture.batch import capture_all
from smartling_context.capture.browser import find_browser
from smartling_context.capture.session import strings_to_find
from smartling_context.capture.storybook import served, story_screens

FIXTURE = Path(__file__).parent.parent / "tests/fixtures/storybook"
BUILT = FIXTURE / "storybook-static"
TARGET_SECONDS = 30.0
MANIFEST = """version: 1
strings:
  - files: locales/en.json
capture:
  scale: 2
  storybook:
    url: {url}
    stories: ["catalog-*"]
    out: stories
screenshots:
  - folder: stories
"""


def rows() -> list[Row]:
    if find_browser(None) is None:
        return [Row("storybook capture", "skipped: no Chromium found")]
    if not (BUILT / "index.json").is_file():
        return [Row("storybook capture", f"skipped: {BUILT} not built (npm run build-storybook)")]
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-storybook-") as temp:
        repo = Path(temp)
        (repo / ".smartling").mkdir()
        (repo / ".smartling/context.yml").write_text(MANIFEST.format(url=BUILT))
        (repo / "locales").mkdir()
        shutil.copy(FIXTURE / "locales/en.json", repo / "locales/en.json")
        wanted = strings_to_find(repo, ".smartling/context.yml")
        settings = wanted.manifest.capture
        assert settings is not None and settings.storybook is not None
        up: list[float] = []
        with served(settings.storybook.url, repo) as base:
            screens = story_screens(settings.storybook, settings, base)
            results = list(
                capture_all(
                    screens, wanted, repo, jobs, opened=lambda _: up.append(time.monotonic())
                )
            )
        seconds = time.monotonic() - up[0]
    failed = sum(1 for result in results if result.failure)
    boxed = sum(len(r.result.outcome.boxed) for r in results if r.result)
    return [
        Row(
            f"{len(screens)} Storybook stories at 2x, after the browser starts ({jobs} jobs)",
            f"{seconds:.1f} s ({seconds / len(screens):.2f} s a story; {failed} failed, "
            f"{boxed} boxes)",
            f"<= {TARGET_SECONDS:g} s",
            seconds <= TARGET_SECONDS and failed == 0,
        )
    ]


if __name__ == "__main__":
    sys.exit(main_for(rows(), sys.stdout))
