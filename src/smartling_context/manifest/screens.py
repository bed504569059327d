"""The manifest's `capture` block and `screenshots[].capture`: how each screen is captured.

Plain data, read from the manifest with no browser: `capture/screens.py` turns
it into browser jobs, and the action uses `boxes_path` and `scale` to bind an
entry from the boxes file its capture wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_VIEWPORT = (1280, 800)


@dataclass(frozen=True)
class Step:
    """One action before the screenshot: `click`, `fill`, `press`, `hover`, `wait-for`
    or `wait`. `selector` is empty for `wait`; `value` is the text to fill, the key to
    press, or the milliseconds to wait."""

    action: str
    selector: str = ""
    value: str = ""

    def __str__(self) -> str:
        if self.action == "wait":
            return f"wait {self.value} ms"
        shown = f"{self.action} {self.selector!r}"
        if self.action == "fill":
            return f"{shown} with {self.value!r}"
        return f"{shown} key {self.value!r}" if self.action == "press" else shown


@dataclass(frozen=True)
class ScreenCapture:
    """`screenshots[].capture`, with the `capture` block's defaults filled in.
    `scale` None: the device's own (or 1); `viewport` None: the device's (or 1280x800)."""

    url: str
    steps: tuple[Step, ...] = ()
    viewport: tuple[int, int] | None = None
    scale: float | None = None
    wait_for: str | None = None
    full_page: bool = False
    html: bool = False
    permissions: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    device: str | None = None
    user_agent: str | None = None
    color_scheme: str | None = None
    locale: str | None = None
    storage_state: str | None = None
    init_script: str | None = None


@dataclass(frozen=True)
class StorybookSource:
    """`capture.storybook`: a served Storybook's URL or a built one's folder, the
    story id globs (`!` excludes) and the folder the screenshots go to."""

    url: str
    stories: tuple[str, ...]
    out: str


@dataclass(frozen=True)
class CaptureSettings:
    """The top-level `capture` block."""

    base_url: str | None = None
    viewport: tuple[int, int] | None = None
    scale: float | None = None
    wait_for: str | None = None
    storybook: StorybookSource | None = None


@dataclass(frozen=True)
class Folder:
    """`screenshots[].folder`: every PNG in it with a boxes file beside it."""

    index: int
    path: str
    match: str = "none"
    extra: tuple[str, ...] = field(default=())  # other fields given, which a folder refuses


def viewport_size(text: Any) -> tuple[int, int] | None:
    """`1280x800` as (1280, 800); None for anything else (the schema reports it)."""
    if not isinstance(text, str):
        return None
    width, _, height = text.lower().partition("x")
    if width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0:
        return int(width), int(height)
    return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and 0 < value <= 8 else None


def capture_settings(data: Any) -> CaptureSettings | None:
    """The `capture` block, or None when the manifest has none."""
    if not isinstance(data, dict):
        return None
    book = data.get("storybook")
    storybook = None
    if isinstance(book, dict) and isinstance(book.get("url"), str):
        stories = book.get("stories") or []
        storybook = StorybookSource(
            book["url"],
            tuple(s for s in stories if isinstance(s, str)) if isinstance(stories, list) else (),
            str(book.get("out") or ""),
        )
    return CaptureSettings(
        data.get("base-url"),
        viewport_size(data.get("viewport")),
        _number(data.get("scale")),
        data.get("wait-for"),
        storybook,
    )


def screen_capture(data: Any, shared: CaptureSettings | None) -> ScreenCapture | None:
    """An entry's `capture`, the shared block's viewport, scale and wait-for filled in
    where the entry (or its device) gives none."""
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return None
    shared = shared or CaptureSettings()
    device = data.get("device") if isinstance(data.get("device"), str) else None
    viewport = viewport_size(data.get("viewport")) or (None if device else shared.viewport)
    scale = _number(data.get("scale")) or (None if device else shared.scale)
    return ScreenCapture(
        url=data["url"],
        steps=tuple(step for item in data.get("steps") or [] if (step := _step(item))),
        viewport=viewport,
        scale=scale,
        wait_for=data.get("wait-for") or shared.wait_for,
        full_page=data.get("full-page") is True,
        html=data.get("html") is True,
        permissions=tuple(data.get("permissions") or ()),
        deny=tuple(data.get("deny") or ()),
        device=device,
        user_agent=data.get("user-agent"),
        color_scheme=data.get("color-scheme"),
        locale=data.get("locale"),
        storage_state=data.get("storage-state"),
        init_script=data.get("init-script"),
    )


def _step(item: Any) -> Step | None:
    if not isinstance(item, dict) or len(item) != 1:
        return None
    ((action, value),) = item.items()
    if action == "wait" and isinstance(value, int):
        return Step("wait", value=str(value))
    if action in ("click", "hover", "wait-for") and isinstance(value, str):
        return Step(action, value)
    if action == "fill" and isinstance(value, dict):
        return Step("fill", str(value.get("selector", "")), str(value.get("value", "")))
    if action == "press" and isinstance(value, dict):
        return Step("press", str(value.get("selector", "")), str(value.get("key", "")))
    return None


def boxes_beside(image: str) -> str:
    """The boxes file capture writes beside an image: `a/search.png` -> `a/search.boxes.json`."""
    stem = image.rsplit(".", 1)[0] if "." in image.rsplit("/", 1)[-1] else image
    return f"{stem}.boxes.json"
