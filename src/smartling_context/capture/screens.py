"""The manifest's screens as capture jobs, and the browser state and steps of each.

A screen is one screenshot to take: a manifest entry with `capture`, or a
Storybook story. `ScreenSetup` is what browser.py asks of a screen: the
context's options (device, viewport, scale, permissions, locale, storage state),
what to do on the fresh page before it loads (denied permissions, the init
script), and the steps to run on the loaded page before the screenshot.

Full page and inner scroll containers: with `full-page`, every element that
scrolls its own overflow (`overflow` auto or scroll with more content than
room, e.g. a side panel) is let grow to its content (`overflow: visible`,
`height`/`max-height` released) before the page is measured, so the whole-page
screenshot holds all of its text. The document itself then grows to fit.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from smartling_context.capture.browser import PageRequest, visible
from smartling_context.errors import CannotStart
from smartling_context.manifest.model import Manifest
from smartling_context.manifest.screens import DEFAULT_VIEWPORT, ScreenCapture, Step

if TYPE_CHECKING:
    from playwright.sync_api import Browser as PlaywrightBrowser
    from playwright.sync_api import BrowserContext, Page

# Lets every element that scrolls its own content grow to show all of it (see above).
EXPAND_SCROLLERS = """() => {
  let grown = 0;
  for (const element of document.querySelectorAll("body *")) {
    const style = getComputedStyle(element);
    const scrolls = (value) => value === "auto" || value === "scroll";
    const overflowing = element.scrollHeight > element.clientHeight + 1;
    if (!(scrolls(style.overflowY) && overflowing)) continue;
    element.style.setProperty("overflow", "visible", "important");
    element.style.setProperty("max-height", "none", "important");
    element.style.setProperty("height", "auto", "important");
    element.style.setProperty("flex-shrink", "0", "important");
    grown += 1;
  }
  for (const element of [document.documentElement, document.body]) {
    element.style.setProperty("height", "auto", "important");
    element.style.setProperty("overflow", "visible", "important");
  }
  return grown;
}"""


class StepFailed(CannotStart):
    """A step that did not complete: the screen fails, saying which step and what it
    waited for; the other screens go on."""


@dataclass(frozen=True)
class ScreenSetup:
    """How the browser is set up for one screen (browser.py calls these hooks)."""

    capture: ScreenCapture
    repo: Path
    timeout: float = 30.0  # seconds a step waits for its selector

    def context_options(self, devices: Mapping[str, Any]) -> dict[str, Any]:
        """`new_context` options: the device's, then the screen's own on top."""
        how = self.capture
        options: dict[str, Any] = {}
        if how.device is not None:
            if how.device not in devices:
                hint = difflib.get_close_matches(how.device, list(devices), n=1)
                raise CannotStart(
                    f"device {how.device!r} is not one Playwright knows"
                    + (f"; did you mean {hint[0]!r}?" if hint else ""),
                    fix="use a name from Playwright's device list, e.g. 'iPhone 13', 'Pixel 7'",
                )
            device = dict(devices[how.device])
            device.pop("default_browser_type", None)
            options.update(device)
        viewport = how.viewport or (None if how.device else DEFAULT_VIEWPORT)
        if viewport is not None:
            options["viewport"] = {"width": viewport[0], "height": viewport[1]}
        if how.scale is not None or how.device is None:
            options["device_scale_factor"] = how.scale or 1.0
        options["permissions"] = list(how.permissions)
        for field, value in (
            ("user_agent", how.user_agent),
            ("color_scheme", how.color_scheme),
            ("locale", how.locale),
        ):
            if value is not None:
                options[field] = value
        if how.storage_state:
            options["storage_state"] = str(self._file(how.storage_state, "storage-state"))
        return options

    def prepare(self, browser: PlaywrightBrowser, context: BrowserContext, page: Page) -> None:
        """Before the page loads: deny permissions, add the init script."""
        if self.capture.deny:
            page_session = context.new_cdp_session(page)
            info = page_session.send("Target.getTargetInfo")
            context_id = info["targetInfo"]["browserContextId"]
            browser_session = browser.new_browser_cdp_session()
            for name in self.capture.deny:
                browser_session.send(
                    "Browser.setPermission",
                    {
                        "permission": {"name": _cdp_permission(name)},
                        "setting": "denied",
                        "browserContextId": context_id,
                    },
                )
            # Chromium drops a session's permission overrides when it detaches: this one
            # stays attached, and goes with the browser.
            page_session.detach()
        if self.capture.init_script:
            context.add_init_script(path=self._file(self.capture.init_script, "init-script"))

    def before_shot(self, page: Page) -> None:
        """On the loaded page: run the steps in order, then expand inner scroll
        containers for a full-page screenshot."""
        for number, step in enumerate(self.capture.steps, 1):
            run_step(page, step, number, self.timeout)
        if self.capture.full_page:
            page.evaluate(EXPAND_SCROLLERS)

    def _file(self, path: str, field: str) -> Path:
        full = self.repo / path
        if not full.is_file():
            raise CannotStart(f"{field} {path}: no such file in the repository")
        return full


def _cdp_permission(name: str) -> str:
    """Playwright's permission names as Chromium's PermissionDescriptor names them."""
    return {"midi-sysex": "midi", "clipboard-read": "clipboard-read"}.get(name, name)


def run_step(page: Page, step: Step, number: int, seconds: float) -> None:
    """One step; raises StepFailed naming it and what it waited for."""
    from playwright.sync_api import Error

    timeout = seconds * 1000
    target = visible(step.selector)  # the first match that is visible
    try:
        if step.action == "click":
            page.click(target, timeout=timeout)
        elif step.action == "hover":
            page.hover(target, timeout=timeout)
        elif step.action == "fill":
            page.fill(target, step.value, timeout=timeout)
        elif step.action == "press":
            page.press(target, step.value, timeout=timeout)
        elif step.action == "wait-for":
            page.wait_for_selector(target, state="visible", timeout=timeout)
        elif step.action == "wait":
            page.wait_for_timeout(int(step.value))
    except Error as error:
        waited = (
            f"waited {seconds:g} s for {step.selector!r}"
            if "Timeout" in error.message
            else _first_line(error.message)
        )
        raise StepFailed(f"step {number} ({step}): {waited}") from error


def _first_line(message: str) -> str:
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[0][:200] if lines else "failed"


@dataclass(frozen=True)
class Screen:
    """One screenshot to take: its name, where its PNG goes (relative to the repository),
    how to open its page, and whether to save its HTML snapshot too (`html: true`)."""

    name: str
    image: str
    request: PageRequest
    html: bool = False


def manifest_screens(manifest: Manifest, repo: Path, timeout: float = 30.0) -> list[Screen]:
    """Every manifest entry with `capture`, in manifest order."""
    base = manifest.capture.base_url if manifest.capture else None
    screens = []
    for shot in manifest.screenshots:
        how = shot.capture
        if how is None:
            continue
        screens.append(
            Screen(
                shot.name,
                shot.image,
                PageRequest(
                    target=screen_url(how.url, base),
                    viewport=how.viewport or DEFAULT_VIEWPORT,
                    scale=how.scale or 1.0,
                    full_page=how.full_page,
                    wait_for=how.wait_for,
                    timeout=timeout,
                    setup=ScreenSetup(how, repo, timeout),
                ),
                how.html,
            )
        )
    return screens


def screen_url(url: str, base: str | None) -> str:
    """A screen's URL: absolute as given, else resolved against `capture.base-url`."""
    if "://" in url or base is None:
        return url
    return urljoin(base if base.endswith("/") else base + "/", url.lstrip("/"))
