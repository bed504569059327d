"""Many screens, several pages at a time: each worker drives its own headless Chromium.

Playwright's sync API belongs to the thread that started it, so concurrency is
one thread per worker, each with its own browser (`--jobs`, default the CPU
count); a worker takes the next screen as soon as it is free. Results come
back in the screens' order, so the output is the same from run to run.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from smartling_context.capture.browser import Browser, ScreenFailed
from smartling_context.capture.screens import Screen
from smartling_context.capture.session import CaptureRequest, CaptureResult, Wanted, capture
from smartling_context.errors import CannotStart


@dataclass(frozen=True)
class ScreenResult:
    screen: Screen
    result: CaptureResult | None = None
    failure: str | None = None  # why the screen failed; the others go on


class NoBrowser(CannotStart):
    """No worker could start a browser: nothing was captured."""


def capture_all(
    screens: list[Screen],
    wanted: Wanted,
    repo: Path,
    jobs: int,
    browser: str | None = None,
    opened: Callable[[float], None] | None = None,
    markers: bool = False,
    html: bool = False,
) -> Iterator[ScreenResult]:
    """Capture every screen; yield each result in the screens' order as soon as it and
    all before it are done. `opened(seconds)` is called once the first browser is up.
    Raises NoBrowser when no browser starts."""
    todo: queue.Queue[int] = queue.Queue()
    for number in range(len(screens)):
        todo.put(number)
    results: dict[int, ScreenResult] = {}
    done = threading.Condition()
    troubles: list[CannotStart] = []
    started = time.monotonic()
    first = threading.Event()

    def work() -> None:
        try:
            with Browser(browser) as chromium:
                if not first.is_set():
                    first.set()
                    if opened:
                        opened(time.monotonic() - started)
                while True:
                    try:
                        number = todo.get_nowait()
                    except queue.Empty:
                        return
                    found = _one(chromium, screens[number], wanted, repo, markers, html)
                    with done:
                        results[number] = found
                        done.notify_all()
        except CannotStart as error:
            with done:
                troubles.append(error)
                done.notify_all()

    workers = [
        threading.Thread(target=work, daemon=True) for _ in range(max(1, min(jobs, len(screens))))
    ]
    for worker in workers:
        worker.start()
    for number in range(len(screens)):
        with done:
            while number not in results:
                if len(troubles) == len(workers):
                    raise NoBrowser(troubles[0].what, fix=troubles[0].fix)
                done.wait()
        yield results[number]
    for worker in workers:
        worker.join()


def _one(
    chromium: Browser, screen: Screen, wanted: Wanted, repo: Path, markers: bool, html: bool
) -> ScreenResult:
    out = repo / screen.image
    request = CaptureRequest(
        screen.request, out, None, repo, wanted.manifest.path, markers, html or screen.html
    )
    try:
        return ScreenResult(screen, capture(chromium, request, wanted))
    except (CannotStart, ScreenFailed) as error:
        return ScreenResult(screen, failure=str(error))
    except Exception as error:  # one broken screen never stops the others
        return ScreenResult(screen, failure=f"{type(error).__name__}: {error}")
