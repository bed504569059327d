"""Headless Chromium through Playwright: open a page, let it settle, read its text and
screenshot that same state.

Playwright is the optional `capture` extra. It drives the system's Chromium
(`--browser`, or `chromium`/`chromium-browser`/`google-chrome` on PATH), so no
browser download is needed; with none found it falls back to a browser that
`playwright install chromium` put in place, if any.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import math
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlparse

from PIL import Image

from smartling_context.capture.clip import clip_rect, moved
from smartling_context.capture.page_document import PageDocument, page_script
from smartling_context.errors import CannotStart

if TYPE_CHECKING:
    from playwright.sync_api import Browser as PlaywrightBrowser
    from playwright.sync_api import BrowserContext, Page, Playwright, Request, Route

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


class PageSetup(Protocol):
    """A screen's browser state and steps (capture/screens.py): the hooks `open` calls."""

    def context_options(self, devices: Mapping[str, Any]) -> dict[str, Any]: ...

    def prepare(self, browser: PlaywrightBrowser, context: BrowserContext, page: Page) -> None: ...

    def before_shot(self, page: Page) -> None: ...


@dataclass(frozen=True)
class Switch:
    """How a page of the same app, left open by an earlier capture, shows this request
    without loading afresh (a Storybook preview renders another story in place).

    `script`: a JavaScript function of `arg`, evaluated in that page, that resolves to
    true once the page shows the request, false when it cannot (the page then loads
    afresh). Pages switch only within one `app` and one viewport and scale."""

    app: str
    script: str
    arg: Any


@dataclass(frozen=True)
class PageRequest:
    """Which page to open and how: viewport in CSS pixels, device scale factor.
    `setup`: a manifest screen's browser state and steps; `clip`: a selector whose
    box is the screenshot (a Storybook story's root); `switch`: how an open page of the
    same app can show it instead of a fresh load."""

    target: str
    viewport: tuple[int, int] = (1280, 800)
    scale: float = 1.0
    full_page: bool = False
    wait_for: str | None = None
    timeout: float = 30.0
    setup: PageSetup | None = None
    clip: str | None = None
    switch: Switch | None = None


KeptKey = tuple[str, tuple[int, int], float]
"""A page kept open for the next request of its app: app, viewport, scale."""


def visible(selector: str) -> str:
    """A Playwright selector narrowed to its visible matches: apps render twins that CSS
    hides (a desktop and a mobile menu), and a hidden first match never becomes visible."""
    return f"{selector} >> visible=true"


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
        # Pages without a screen setup share a context per size (a warm HTTP cache:
        # fifty stories of one Storybook load its bundle once).
        self._shared: dict[tuple[tuple[int, int], float], BrowserContext] = {}
        # A page left open after its capture, per app and size, for the next request
        # that can switch into it (one thread per Browser: no lock needed).
        self._kept: dict[KeptKey, tuple[Page, Network]] = {}

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
        kept_as = _kept_as(request, strings_files)
        switched = self._switched(request, kept_as) if kept_as else None
        if switched is not None:
            page, network = switched
        else:
            request, context = self._context(request)
            page = context.new_page()
            page.set_default_timeout(request.timeout * 1000)
            network = Network(page)
            page.add_init_script(page_script())
        keep = False
        try:
            if strings_files is not None:
                page.route(strings_files.wants, strings_files.answer)
            try:
                if request.setup is not None:
                    request.setup.prepare(self._browser, context, page)
                if switched is None:
                    page.goto(url, wait_until="load")
                    if request.wait_for:
                        page.wait_for_selector(visible(request.wait_for))
                if request.setup is not None:
                    _settle(page, network, request.timeout)  # steps act on the rendered app
                    request.setup.before_shot(page)
            except Error as error:
                raise CannotStart(
                    f"{request.target}: {_first_line(error.message)}",
                    fix="is the app running and the URL right? "
                    "Is --wait-for's selector on the page?",
                ) from error
            yield Captured(page, _shoot(page, request, network))
            keep = kept_as is not None
        finally:
            if keep and kept_as is not None:  # the next request of its app switches into it
                self._kept[kept_as] = (page, network)
            else:
                (page if request.setup is None else page.context).close()

    def _switched(self, request: PageRequest, kept_as: KeptKey) -> tuple[Page, Network] | None:
        """The page left open for `kept_as`, now showing `request`; None when there is
        none or it could not switch (then it is closed, and the request loads afresh)."""
        from playwright.sync_api import Error

        kept = self._kept.pop(kept_as, None)
        if kept is None or request.switch is None:
            return None
        page = kept[0]
        try:
            page.set_default_timeout(request.timeout * 1000)
            if page.evaluate(request.switch.script, request.switch.arg) is True:
                if request.wait_for:
                    page.wait_for_selector(visible(request.wait_for))
                return kept
        except Error:
            pass
        with contextlib.suppress(Error):
            page.close()
        return None

    def _context(self, request: PageRequest) -> tuple[PageRequest, BrowserContext]:
        """The browser context for the page, and the request with the viewport and
        scale it really has (a device brings its own). A screen with its own browser
        state gets a context of its own; other pages share one per size."""
        assert self._browser is not None and self._playwright is not None
        if request.setup is None:
            key = (request.viewport, request.scale)
            if key not in self._shared:
                width, height = request.viewport
                self._shared[key] = self._browser.new_context(
                    viewport={"width": width, "height": height}, device_scale_factor=request.scale
                )
            return request, self._shared[key]
        options = request.setup.context_options(self._playwright.devices)
        size = options["viewport"]
        request = dataclasses.replace(
            request,
            viewport=(size["width"], size["height"]),
            scale=options.get("device_scale_factor", 1.0),
        )
        return request, self._browser.new_context(**options)


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
    """The page's requests in flight, from Playwright's events, and when one last ended."""

    def __init__(self, page: Page) -> None:
        self.pending: set[Request] = set()
        self.last_ended = -math.inf  # time.monotonic() when a request last ended
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        self.pending.add(request)

    def _ended(self, request: Request) -> None:
        self.pending.discard(request)
        self.last_ended = time.monotonic()


QUIET_SECONDS = 0.2
"""No DOM mutation, no request ending, no timeout running and no task posted to a
scheduler for this long: the page is still (the app has had the time to render what a
response, a timeout or a render slice brought)."""
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
    for attempt in range(1, TRIES + 1):
        _settle(page, network, request.timeout)
        raw: dict[str, Any] = page.evaluate("window.__smartlingCapture.read()")
        clip = clip_rect(page, request.clip) if request.clip else None
        png = page.screenshot(
            full_page=request.full_page or clip is not None, clip=clip, type="png", caret="initial"
        )
        after = page.evaluate("window.__smartlingCapture.settleState().mutations")
        if after == raw["mutations"]:
            pixel_size: tuple[int, int] = Image.open(io.BytesIO(png)).size
            image = (pixel_size[0] / request.scale, pixel_size[1] / request.scale)
            document = PageDocument.from_page(raw, request.scale, image)
            if clip is not None:  # boxes from the clipped screenshot's corner
                document = moved(document, -clip["x"], -clip["y"])
            return Shot(png, pixel_size, document, attempt)
    raise ScreenFailed(
        f"the page changed between reading its text and the screenshot, {TRIES} times; "
        "make it hold still (an init script can stop a clock or a carousel)"
    )


def _settle(page: Page, network: Network, timeout: float) -> None:
    """Wait until the page holds still: fonts and images loaded, no request in flight,
    nothing `aria-busy`, no DOM mutation (nor request ending, nor timeout running) for a
    quiet period, animations at their end, carets and scrollbars hidden.

    One call into the page a poll; while only the quiet period is missing, it sleeps
    until that period would be over rather than polling."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            state: dict[str, Any] = page.evaluate("window.__smartlingCapture.poll()")
        except Error:  # the app navigated (a redirect): the new document starts over
            if time.monotonic() > deadline:
                raise
            page.wait_for_load_state("load")
            continue
        dom_quiet = state["quietFor"] / 1000
        quiet = min(dom_quiet, state["sinceTask"] / 1000, time.monotonic() - network.last_ended)
        waiting = _waiting_for(state, len(network.pending))
        steady = state["busy"] is None and not state["fonts"]
        if steady and ((not waiting and quiet >= QUIET_SECONDS) or dom_quiet >= PATIENCE_SECONDS):
            return
        if time.monotonic() > deadline:
            if state["busy"] is not None:
                why = f"{state['busy']} stayed aria-busy"
            elif dom_quiet < QUIET_SECONDS:
                why = "the page kept changing"
            else:
                why = "fonts kept loading"
            raise ScreenFailed(
                f"{why} for {timeout:g} s: no settled page to capture "
                "(a longer --timeout, or --wait-for the finished state)"
            )
        pause = QUIET_SECONDS - quiet if steady and not waiting else POLL_SECONDS
        page.wait_for_timeout(max(POLL_SECONDS, pause) * 1000)


def _kept_as(request: PageRequest, strings_files: Interceptor | None) -> KeptKey | None:
    """Where the page of `request` is kept for the next one of its app: only a page
    with no browser state or steps of its own and no requests answered by capture."""
    if request.switch is None or request.setup is not None or strings_files is not None:
        return None
    return (request.switch.app, request.viewport, request.scale)


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
