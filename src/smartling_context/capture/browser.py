"""Headless Chromium through Playwright: open a page, let it settle, read its text and
screenshot that same state.

Playwright is the optional `capture` extra. It drives the system's Chromium
(`--browser`, or `chromium`/`chromium-browser`/`google-chrome` on PATH), so no
browser download is needed; with none found it falls back to a browser that
`playwright install chromium` put in place, if any.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlparse

from PIL import Image

from smartling_context.capture.page_document import PageDocument, page_script
from smartling_context.errors import CannotStart

if TYPE_CHECKING:
    from playwright.sync_api import Browser as PlaywrightBrowser
    from playwright.sync_api import Page, Playwright, Request, Route

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_FIX = "install it with `pip install 'smartling-context-action[capture]'`"
NO_BROWSER_FIX = (
    "install Chromium (Debian/Ubuntu: `apt-get install chromium`), or pass --browser PATH"
)


@dataclass(frozen=True)
class PageRequest:
    """Which page to open and how: viewport in CSS pixels, device scale factor."""

    target: str
    viewport: tuple[int, int] = (1280, 800)
    scale: float = 1.0
    full_page: bool = False
    wait_for: str | None = None
    timeout: float = 30.0


def find_browser(explicit: str | None) -> str | None:
    """The Chromium to drive: `explicit` (checked), else the first on PATH, else None."""
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise CannotStart(
                f"--browser {explicit}: no such executable", fix="give the path of a Chromium"
            )
        return found
    return next((path for name in BROWSER_NAMES if (path := shutil.which(name))), None)


def page_url(target: str) -> str:
    """A URL as given; a file path as a `file://` URL."""
    if urlparse(target).scheme in ("http", "https", "file"):
        return target
    path = Path(target)
    if not path.is_file():
        raise CannotStart(
            f"{target}: no such file", fix="give a URL (http://...) or the path of an HTML file"
        )
    return path.resolve().as_uri()


class Browser:
    """One running headless Chromium; open as many pages in it as needed."""

    def __init__(self, executable: str | None = None) -> None:
        self.executable = find_browser(executable)
        self._playwright: Playwright | None = None
        self._browser: PlaywrightBrowser | None = None

    def __enter__(self) -> Browser:
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError as error:
            raise CannotStart("`capture` needs Playwright for Python", fix=INSTALL_FIX) from error
        self._playwright = sync_playwright().start()
        args = [
            *LAUNCH_ARGS,
            *(["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ]
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=self.executable, args=args
            )
        except Error as error:
            self._playwright.stop()
            if self.executable:
                what = f"Chromium {self.executable} could not start: {_first_line(error.message)}"
            else:
                what = f"no Chromium found on PATH ({', '.join(BROWSER_NAMES)})"
            raise CannotStart(what, fix=NO_BROWSER_FIX) from error
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()

    @contextmanager
    def open(
        self, request: PageRequest, strings_files: Interceptor | None = None
    ) -> Iterator[Captured]:
        """Load the page, let it settle, read its text and screenshot that same state;
        the page stays open in the `with` block (an HTML snapshot reads it there).

        `strings_files`: answers the page's requests for strings files (marker mode).
        Raises CannotStart when the page cannot be loaded, ScreenFailed when it never
        holds still long enough to be captured.
        """
        from playwright.sync_api import Error

        if self._browser is None:
            raise RuntimeError("use Browser as a context manager")
        url = page_url(request.target)
        width, height = request.viewport
        page = self._browser.new_page(
            viewport={"width": width, "height": height}, device_scale_factor=request.scale
        )
        page.set_default_timeout(request.timeout * 1000)
        network = Network(page)
        page.add_init_script(page_script())
        try:
            if strings_files is not None:
                page.route(strings_files.wants, strings_files.answer)
            try:
                page.goto(url, wait_until="load")
                if request.wait_for:
                    page.wait_for_selector(request.wait_for, state="visible")
            except Error as error:
                raise CannotStart(
                    f"{request.target}: {_first_line(error.message)}",
                    fix="is the app running and the URL right? "
                    "Is --wait-for's selector on the page?",
                ) from error
            yield Captured(page, _shoot(page, request, network))
        finally:
            page.close()


@dataclass(frozen=True)
class Captured:
    """A page still open after its capture, and the capture."""

    page: Page
    shot: Shot


@dataclass(frozen=True)
class Shot:
    """A settled page's screenshot and what it showed, read from the same DOM state."""

    png: bytes
    pixel_size: tuple[int, int]
    document: PageDocument
    tries: int


class ScreenFailed(Exception):
    """A page that loaded but could not be captured (it never settled); says why."""


class Interceptor(Protocol):
    """Answers some of a page's requests (marker mode: strings files, marked)."""

    def wants(self, url: str) -> bool: ...

    def answer(self, route: Route) -> None: ...


class Network:
    """The page's requests in flight, from Playwright's events."""

    def __init__(self, page: Page) -> None:
        self.pending: set[Request] = set()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        self.pending.add(request)

    def _ended(self, request: Request) -> None:
        self.pending.discard(request)


SETTLE_STYLE = (
    "*, *::before, *::after { caret-color: transparent !important; }"
    " html { scrollbar-width: none !important; }"
    " ::-webkit-scrollbar { display: none !important; }"
)
QUIET_SECONDS = 0.3
"""No DOM mutation for this long: the page is still."""
PATIENCE_SECONDS = 3.0
"""Requests in flight, images loading or a timeout due soon delay the capture until the
DOM has been still this long (a poll that never ends does not block it for ever)."""
POLL_SECONDS = 0.05
TRIES = 3
"""Reads and screenshots of one page before it fails for changing between the two."""


def _shoot(page: Page, request: PageRequest, network: Network) -> Shot:
    """Settle, read, screenshot; again if the DOM changed in between."""
    from playwright.sync_api import Error

    try:
        return _shoot_settled(page, request, network)
    except Error as error:  # the page crashed, or navigated away for good
        raise ScreenFailed(f"the page went away: {_first_line(error.message)}") from error


def _shoot_settled(page: Page, request: PageRequest, network: Network) -> Shot:
    from playwright.sync_api import Error

    # A Content-Security-Policy without inline styles refuses it: carets and scrollbars stay.
    with suppress(Error):
        page.add_style_tag(content=SETTLE_STYLE)
    for attempt in range(1, TRIES + 1):
        _settle(page, network, request.timeout)
        raw: dict[str, Any] = page.evaluate("window.__smartlingCapture.read()")
        png = page.screenshot(full_page=request.full_page, type="png", caret="initial")
        after = page.evaluate("window.__smartlingCapture.settleState().mutations")
        if after == raw["mutations"]:
            pixel_size: tuple[int, int] = Image.open(io.BytesIO(png)).size
            image = (pixel_size[0] / request.scale, pixel_size[1] / request.scale)
            document = PageDocument.from_page(raw, request.scale, image)
            return Shot(png, pixel_size, document, attempt)
    raise ScreenFailed(
        f"the page changed between reading its text and the screenshot, {TRIES} times; "
        "make it hold still (an init script can stop a clock or a carousel)"
    )


def _settle(page: Page, network: Network, timeout: float) -> None:
    """Wait until the page holds still: fonts and images loaded, no request in flight,
    nothing `aria-busy`, no DOM mutation for a quiet period, animations at their end."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            page.evaluate("window.__smartlingCapture.finishAnimations()")
            state: dict[str, Any] = page.evaluate("window.__smartlingCapture.settleState()")
        except Error:  # the app navigated (a redirect): the new document starts over
            if time.monotonic() > deadline:
                raise
            page.wait_for_load_state("load")
            continue
        quiet = state["quietFor"] / 1000
        waiting = _waiting_for(state, len(network.pending))
        still = state["busy"] is None and not state["fonts"] and quiet >= QUIET_SECONDS
        if still and (not waiting or quiet >= PATIENCE_SECONDS):
            return
        if time.monotonic() > deadline:
            if state["busy"] is not None:
                why = f"{state['busy']} stayed aria-busy"
            elif quiet < QUIET_SECONDS:
                why = "the page kept changing"
            else:
                why = "fonts kept loading"
            raise ScreenFailed(
                f"{why} for {timeout:g} s: no settled page to capture "
                "(a longer --timeout, or --wait-for the finished state)"
            )
        page.wait_for_timeout(POLL_SECONDS * 1000)


def _waiting_for(state: dict[str, Any], requests: int) -> list[str]:
    return [
        what
        for what, count in (
            ("requests", requests),
            ("images", state["images"]),
            ("timers", state["timers"]),
        )
        if count
    ]


def _first_line(message: str) -> str:
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else "unknown error"
