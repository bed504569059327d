"""Capture inside a team's own Playwright tests (Python): one call per state.

    from smartling_context.capture.helper import smartling_context

    def test_search(page):
        page.goto("http://127.0.0.1:3000/search?q=paris")
        page.get_by_text("Filters").click()
        smartling_context(page, "Search results")   # -> smartling-context-screens/

The page is settled and read exactly as `smartling-context capture` does it
(browser.py's settle, read and screenshot; page.js's reading), and
`<name>.png` + `<name>.page.json` are written into the folder. No strings files
and no manifest are needed here: the matcher turns the page document into boxes
later (`smartling-context boxes DIR`, or the action from a `folder` entry). The
npm package `smartling-context-playwright` is the same call for JavaScript.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from smartling_context.capture.browser import Network, PageRequest, _shoot
from smartling_context.capture.page_document import PageDocument, page_script
from smartling_context.capture.storybook import UNSAFE

if TYPE_CHECKING:
    from playwright.sync_api import Page

DEFAULT_FOLDER = "smartling-context-screens"
MAX_NAME = 120  # code points of a file's stem: room for `.boxes.json` in 255 bytes


@dataclass(frozen=True)
class Written:
    """What one call wrote: the screenshot and the page text document beside it."""

    image: Path
    page_document: Path
    document: PageDocument


def file_stem(name: str) -> str:
    """A screen's name as its files' stem, the screenshot's name in Smartling: `/`
    separates parts (as a Storybook title does), characters no file system takes
    become `-`. `Checkout/Payment: card` -> `Checkout - Payment- card`. The npm
    package's `fileStem` is the same rule."""
    parts = [UNSAFE.sub("-", part).strip() for part in name.split("/")]
    stem = " - ".join(part for part in parts if part)[:MAX_NAME].strip()
    if not stem:
        raise ValueError(f"{name!r}: a screen's name needs a letter or digit to name its files")
    return stem


def smartling_context(
    page: Page,
    name: str,
    out: str | Path = DEFAULT_FOLDER,
    *,
    full_page: bool = False,
    timeout: float = 30.0,
) -> Written:
    """Settle the page, read what it shows and screenshot that same state; write
    `<out>/<name>.png` and `<out>/<name>.page.json` (the same name twice overwrites).

    Raises `browser.ScreenFailed` when the page never holds still within `timeout`
    seconds, saying why (a spinner `aria-busy`, a page that keeps changing)."""
    if inspect.iscoroutinefunction(page.evaluate):
        raise TypeError(
            "smartling_context() takes Playwright's sync Page (playwright.sync_api, "
            "pytest-playwright's `page`); an async Page is not supported yet"
        )
    stem = file_stem(name)
    page.evaluate(page_script())  # defines window.__smartlingCapture once per document
    size = page.viewport_size or page.evaluate(
        "({width: window.innerWidth, height: window.innerHeight})"
    )
    request = PageRequest(
        page.url,
        (int(size["width"]), int(size["height"])),
        float(page.evaluate("window.devicePixelRatio")),
        full_page=full_page,
        timeout=timeout,
    )
    shot = _shoot(page, request, Network(page))
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    image, document = folder / f"{stem}.png", folder / f"{stem}.page.json"
    image.write_bytes(shot.png)
    document.write_text(shot.document.dumps(), encoding="utf-8")
    return Written(image, document, shot.document)
