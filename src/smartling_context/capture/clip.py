"""A screenshot clipped to one element (a Storybook story's root), and the page text
document moved so that its boxes count from the clipped image's top-left corner."""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

from smartling_context.capture.page_document import CssBox, PageDocument

if TYPE_CHECKING:
    from playwright.sync_api import FloatRect, Page

RECT = """(element) => { const r = element.getBoundingClientRect();
  return {x: r.left + scrollX, y: r.top + scrollY, right: r.right + scrollX,
          bottom: r.bottom + scrollY}; }"""


def clip_rect(page: Page, selector: str) -> FloatRect:
    """The element's box in document coordinates, grown to whole CSS pixels (so that
    the clipped image starts on a pixel edge at any scale)."""
    from playwright.sync_api import FloatRect

    box = page.eval_on_selector(selector, RECT)
    x, y = math.floor(box["x"]), math.floor(box["y"])
    width = max(1, math.ceil(box["right"]) - x)
    height = max(1, math.ceil(box["bottom"]) - y)
    return FloatRect(x=x, y=y, width=width, height=height)


def moved(document: PageDocument, dx: float, dy: float) -> PageDocument:
    """Every box of the document moved by (dx, dy)."""

    def move(box: CssBox | None) -> CssBox | None:
        if box is None:
            return None
        return CssBox(box.left + dx, box.top + dy, box.right + dx, box.bottom + dy)

    runs = tuple(
        dataclasses.replace(
            run,
            box=move(run.box),
            segments=tuple(dataclasses.replace(s, box=move(s.box)) for s in run.segments),
        )
        for run in document.runs
    )
    markers = tuple(dataclasses.replace(m, box=move(m.box)) for m in document.markers)
    return dataclasses.replace(document, runs=runs, markers=markers)
