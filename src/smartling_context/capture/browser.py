"""Headless Chromium through Playwright: open a page, screenshot it, read and measure its text.

Playwright is the optional `capture` extra. It drives the system's Chromium
(`--browser`, or `chromium`/`chromium-browser`/`google-chrome` on PATH), so no
browser download is needed; with none found it falls back to a browser that
`playwright install chromium` put in place, if any.
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlparse

from PIL import Image

from smartling_context.capture.matching import CssBox, Span, TextRun
from smartling_context.errors import CannotStart

if TYPE_CHECKING:
    from playwright.sync_api import Browser as PlaywrightBrowser
    from playwright.sync_api import BrowserContext, FloatRect, Page, Playwright

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
class PageRequest:
    """Which page to open and how: viewport in CSS pixels, device scale factor.
    `setup`: a manifest screen's browser state and steps; `clip`: a selector whose
    box is the screenshot (a Storybook story's root)."""

    target: str
    viewport: tuple[int, int] = (1280, 800)
    scale: float = 1.0
    full_page: bool = False
    wait_for: str | None = None
    timeout: float = 30.0
    setup: PageSetup | None = None
    clip: str | None = None


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

    def __enter__(self) -> Browser:
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError as error:
            raise CannotStart("`capture` needs Playwright for Python", fix=INSTALL_FIX) from error
        self._playwright = sync_playwright().start()
        args = [*LAUNCH_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
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

    def open(self, request: PageRequest) -> OpenPage:
        """Load the page, wait for it, and screenshot it; raises CannotStart on failure."""
        from playwright.sync_api import Error

        if self._browser is None:
            raise RuntimeError("use Browser as a context manager")
        url = page_url(request.target)
        width, height = request.viewport
        options: dict[str, Any] = {
            "viewport": {"width": width, "height": height},
            "device_scale_factor": request.scale,
        }
        if request.setup is not None:
            assert self._playwright is not None
            options = request.setup.context_options(self._playwright.devices)
            size = options.get("viewport") or options["viewport"]
            request = dataclasses.replace(
                request,
                viewport=(size["width"], size["height"]),
                scale=options.get("device_scale_factor", 1.0),
            )
        if request.setup is None:
            shared = (request.viewport, request.scale)
            if shared not in self._shared:
                self._shared[shared] = self._browser.new_context(**options)
            context = self._shared[shared]
        else:
            context = self._browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(request.timeout * 1000)
        owned = context if request.setup is not None else None
        try:
            if request.setup is not None:
                request.setup.prepare(self._browser, context, page)
            return OpenPage(page, url, request, owned)
        except Error as error:
            (owned or page).close()
            raise CannotStart(
                f"{request.target}: {_first_line(error.message)}",
                fix="is the app running and the URL right? Is --wait-for's selector on the page?",
            ) from error
        except BaseException:
            (owned or page).close()
            raise


class OpenPage:
    """A loaded page with its screenshot taken; read its text, measure spans, then close."""

    def __init__(
        self, page: Page, url: str, request: PageRequest, context: BrowserContext | None = None
    ) -> None:
        self.page = page
        self._context = context  # closed with the page: a screen's own browser state
        page.goto(url, wait_until="load")
        if request.wait_for:
            page.wait_for_selector(request.wait_for, state="visible")
        if request.setup is not None:
            request.setup.before_shot(page)
        page.evaluate("document.fonts.ready.then(() => true)")
        self.scale = request.scale
        self.origin: tuple[float, float] = (
            0,
            0,
        )  # the screenshot's top-left corner in the document (CSS px)
        clip = _clip(page, request.clip) if request.clip else None
        if clip is not None:
            self.origin = (clip["x"], clip["y"])
        self.png = page.screenshot(
            full_page=request.full_page or clip is not None,
            clip=clip,
            type="png",
            animations="disabled",
        )
        self.pixel_size: tuple[int, int] = Image.open(io.BytesIO(self.png)).size
        self.css_size = (
            round(self.pixel_size[0] / request.scale),
            round(self.pixel_size[1] / request.scale),
        )
        page.evaluate(
            resources.files("smartling_context.capture").joinpath("page.js").read_text("utf-8")
        )

    def runs(self) -> list[TextRun]:
        """The page's text, one run per block, whitespace collapsed as rendered."""
        runs: list[dict[str, Any]] = self.page.evaluate("window.__smartlingCapture.runs()")
        return [
            TextRun(run["text"], tuple((start, end) for start, end in run["segments"]))
            for run in runs
        ]

    def measure(self, spans: Sequence[Span]) -> dict[Span, CssBox | str]:
        """Each span's box in CSS pixels of the screenshot, or why it is not visible."""
        left, top = self.origin
        area = {"width": left + self.css_size[0], "height": top + self.css_size[1]}
        answers: list[dict[str, Any]] = self.page.evaluate(
            "([spans, area]) => window.__smartlingCapture.measure(spans, area)",
            [list(spans), area],
        )
        return {
            span: str(answer["hidden"]) if "hidden" in answer else _shifted(answer, left, top)
            for span, answer in zip(spans, answers, strict=True)
        }

    def close(self) -> None:
        (self._context or self.page).close()


def _clip(page: Page, selector: str) -> FloatRect:
    """The element's box, grown to whole CSS pixels, in document coordinates."""
    import math

    from playwright.sync_api import FloatRect

    page.wait_for_selector(selector, state="attached")
    box = page.eval_on_selector(
        selector,
        "(e) => { const r = e.getBoundingClientRect();"
        " return {x: r.left + scrollX, y: r.top + scrollY, right: r.right + scrollX,"
        " bottom: r.bottom + scrollY}; }",
    )
    x, y = math.floor(box["x"]), math.floor(box["y"])
    width = max(1, math.ceil(box["right"]) - x)
    height = max(1, math.ceil(box["bottom"]) - y)
    return FloatRect(x=x, y=y, width=width, height=height)


def _shifted(answer: dict[str, float], left: float, top: float) -> CssBox:
    """A measured box relative to the screenshot's corner; boxes left or above it
    are cut at its edge."""
    return CssBox(
        max(answer["left"] - left, 0),
        max(answer["top"] - top, 0),
        answer["right"] - left,
        answer["bottom"] - top,
    )


def _first_line(message: str) -> str:
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else "unknown error"
