"""Headless Chromium through Playwright: open a page, screenshot it, read and measure its text.

Playwright is the optional `capture` extra. It drives the system's Chromium
(`--browser`, or `chromium`/`chromium-browser`/`google-chrome` on PATH), so no
browser download is needed; with none found it falls back to a browser that
`playwright install chromium` put in place, if any.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from PIL import Image

from smartling_context.capture.matching import CssBox, Span, TextRun
from smartling_context.errors import CannotStart

if TYPE_CHECKING:
    from playwright.sync_api import Browser as PlaywrightBrowser
    from playwright.sync_api import Page, Playwright

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

    def open(self, request: PageRequest) -> OpenPage:
        """Load the page, wait for it, and screenshot it; raises CannotStart on failure."""
        from playwright.sync_api import Error

        if self._browser is None:
            raise RuntimeError("use Browser as a context manager")
        url = page_url(request.target)
        width, height = request.viewport
        page = self._browser.new_page(
            viewport={"width": width, "height": height}, device_scale_factor=request.scale
        )
        page.set_default_timeout(request.timeout * 1000)
        try:
            return OpenPage(page, url, request)
        except Error as error:
            page.close()
            raise CannotStart(
                f"{request.target}: {_first_line(error.message)}",
                fix="is the app running and the URL right? Is --wait-for's selector on the page?",
            ) from error


class OpenPage:
    """A loaded page with its screenshot taken; read its text, measure spans, then close."""

    def __init__(self, page: Page, url: str, request: PageRequest) -> None:
        self.page = page
        page.goto(url, wait_until="load")
        if request.wait_for:
            page.wait_for_selector(request.wait_for, state="visible")
        page.evaluate("document.fonts.ready.then(() => true)")
        self.png = page.screenshot(full_page=request.full_page, type="png", animations="disabled")
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
        area = {"width": self.css_size[0], "height": self.css_size[1]}
        answers: list[dict[str, Any]] = self.page.evaluate(
            "([spans, area]) => window.__smartlingCapture.measure(spans, area)",
            [list(spans), area],
        )
        return {
            span: str(answer["hidden"]) if "hidden" in answer else CssBox(**answer)
            for span, answer in zip(spans, answers, strict=True)
        }

    def close(self) -> None:
        self.page.close()


def _first_line(message: str) -> str:
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else "unknown error"
