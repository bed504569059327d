"""Previews of HTML contexts: the page beside a screenshot rendered in headless Chromium,
each bound element outlined and labelled with its keys, as a PNG.

This is how a person checks a live HTML context without Smartling: what the page
looks like offline (as Smartling holds it: nothing is fetched), and which element
each string is bound to. The page's own scripts do not run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from smartling_context.capture.browser import INSTALL_FIX, Browser
from smartling_context.errors import CannotStart, ItemFailed
from smartling_context.manifest.images import ImageUnreadable, image_size
from smartling_context.manifest.model import Manifest, Screenshot
from smartling_context.preview.folder import PreviewsWritten, safe_name, unique_name
from smartling_context.run.plan import page_beside
from smartling_context.strings.trees import Tree

DEFAULT_WIDTH = 1280
# Outline each anchored element just outside its edges and put a tag with its keys
# above its right end, in the colour of the image previews' boxes.
OUTLINE_JS = """(labels) => {
  const colour = "rgb(214, 0, 111)";
  for (const [anchor, keys] of Object.entries(labels)) {
    for (const element of document.querySelectorAll(`[data-sl-anchor="${CSS.escape(anchor)}"]`)) {
      element.style.setProperty("outline", `3px solid ${colour}`, "important");
      element.style.setProperty("outline-offset", "2px", "important");
      const rect = element.getBoundingClientRect();
      const tag = document.createElement("div");
      tag.textContent = keys.join(", ");
      Object.assign(tag.style, {
        position: "absolute", zIndex: "2147483647", background: colour, color: "white",
        font: "bold 12px/16px sans-serif", padding: "1px 5px", whiteSpace: "nowrap",
        top: `${Math.max(0, rect.top + scrollY - 23)}px`,
      });
      document.body.append(tag);
      // Right-aligned over the outline: text mostly starts at the left, so it stays readable.
      const left = rect.right + scrollX + 5 - tag.getBoundingClientRect().width;
      tag.style.left = `${Math.max(0, left)}px`;
    }
  }
}"""


@dataclass(frozen=True)
class PagePreview:
    """What to render: the preview's name, the page, its width in CSS pixels, and the
    keys bound to each anchor."""

    name: str
    html: bytes
    width: int
    labels: dict[str, list[str]]


def page_preview(shot: Screenshot, html: bytes, image: bytes | None) -> PagePreview:
    """The preview of a screenshot's page: named after the page (`search.html`), as wide
    as the screenshot in CSS pixels, each anchor labelled with its keys."""
    labels: dict[str, list[str]] = {}
    for bound in shot.bindings:
        for anchor in bound.anchors:
            labels.setdefault(anchor, []).append(bound.key)
    width = DEFAULT_WIDTH
    if image is not None:
        with contextlib.suppress(ImageUnreadable):
            width = round(image_size(image)[0] / shot.scale)
    stem = shot.name[:-4] if shot.name.lower().endswith(".png") else shot.name
    name = page_beside(shot.image) if stem == shot.image[:-4] else f"{stem}.html"
    return PagePreview(name, html, max(width, 200), labels)


class PageRenderer(Browser):
    """One headless Chromium, launched as `capture` launches it, rendering pages with
    every network request refused."""

    def __enter__(self) -> PageRenderer:
        try:
            import playwright.sync_api  # noqa: F401  (checked here to name the command)
        except ImportError as error:
            raise CannotStart(
                "previews of HTML pages need Playwright for Python", fix=INSTALL_FIX
            ) from error
        super().__enter__()
        return self

    def render(self, preview: PagePreview) -> bytes:
        """The whole page as a PNG, bound elements outlined and labelled."""
        from playwright.sync_api import Error

        if self._browser is None:
            raise RuntimeError("use PageRenderer as a context manager")
        context = self._browser.new_context(
            viewport={"width": preview.width, "height": 800}, java_script_enabled=False
        )
        try:
            context.route("**/*", lambda route: route.abort())
            page = context.new_page()
            page.set_content(preview.html.decode("utf-8", "replace"), wait_until="load")
            page.evaluate(OUTLINE_JS, preview.labels)
            return page.screenshot(full_page=True, type="png")
        except Error as error:
            raise ItemFailed(
                f"the page could not be rendered ({error.message.splitlines()[0]})",
                file=preview.name,
            ) from error
        finally:
            context.close()


def page_previews(manifest: Manifest, tree: Tree) -> list[PagePreview]:
    """A preview for each screenshot of the manifest with an HTML page beside its image."""
    previews = []
    for shot in manifest.screenshots:
        path = page_beside(shot.image)
        if not tree.exists(path):
            continue
        image = tree.read(shot.image) if tree.exists(shot.image) else None
        previews.append(page_preview(shot, tree.read(path), image))
    return previews


def write_page_previews(
    previews: Iterable[PagePreview], folder: Path, written: PreviewsWritten
) -> None:
    """Render each page into `folder`, beside the image previews already `written`
    (names kept unique among them); a page that cannot be rendered is listed in
    `written.failed`, the others go on. Raises CannotStart without a browser."""
    taken = {path.name.lower() for path in written.files.values()}
    with PageRenderer() as renderer:
        for preview in previews:
            try:
                png = renderer.render(preview)
            except ItemFailed as error:
                written.failed.append(error)
                continue
            path = folder / unique_name(safe_name(preview.name), taken)
            path.write_bytes(png)
            written.files[preview.name] = path
