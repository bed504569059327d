"""`capture --html`: the still-open page saved as one self-contained HTML file, in which
the element of every boxed string carries a `data-sl-anchor` (see `snapshot.js`).

Smartling shows such a page to translators with their translation in place (an HTML
context), bound exactly through those anchors. Smartling takes at most 20 MB: a bigger
page fails its screen, naming what took the room.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from smartling_context.capture.matching import Boxed, Span, StringRef
from smartling_context.capture.page_document import CssBox, PageDocument
from smartling_context.errors import CannotStart
from smartling_context.manifest.images import MAX_PAGE_BYTES
from smartling_context.strings.markers import strip_markers

if TYPE_CHECKING:
    from playwright.sync_api import Page

LARGEST_LISTED = 5


@dataclass(frozen=True)
class HtmlSnapshot:
    html: bytes
    anchors: dict[StringRef, tuple[str, ...]]  # each boxed string's anchors
    parts: tuple[tuple[str, int], ...]  # each inlined resource (URL) and its size in the page
    missing: tuple[str, ...]  # resources that could not be read: left as absolute URLs


def take_snapshot(page: Page, spans: Mapping[StringRef, Span]) -> HtmlSnapshot:
    """Serialize the open page with an anchor on each string's element (ordered
    integers as strings, in document order)."""
    script = resources.files("smartling_context.capture").joinpath("snapshot.js")
    page.evaluate(script.read_text("utf-8"))
    strings = list(spans)
    answer: dict[str, Any] = page.evaluate(
        "(targets) => window.__smartlingSnapshot(targets)", [list(spans[s]) for s in strings]
    )
    anchors: dict[StringRef, tuple[str, ...]] = {
        string: (str(anchor),)
        for string, anchor in zip(strings, answer["anchors"], strict=True)
        if anchor
    }
    return HtmlSnapshot(
        strip_markers(str(answer["html"])).encode("utf-8"),  # marker mode's, invisible
        anchors,
        tuple((str(url), int(size)) for url, size in answer["parts"]),
        tuple(str(url) for url in answer["missing"]),
    )


def boxed_spans(boxed: Iterable[Boxed], document: PageDocument) -> dict[StringRef, Span]:
    """The place each boxed string was boxed at, as a span of one run for `elementOf`:
    the marker span or the run's (or inline segment's) whole text whose box, clipped
    to the screenshot as the matcher clips it, is the string's box. A string whose
    place cannot be told (a marker span across blocks) gets no anchor."""
    area = CssBox(0, 0, *document.image)
    markers = [
        ((m.start[0], m.start[1], m.end[1]), m.box)
        for m in document.markers
        if m.start[0] == m.end[0]
    ]
    texts = [
        place
        for index, run in enumerate(document.runs)
        for place in [
            ((index, 0, len(run.text)), run.box),
            *(((index, s.start, s.end), s.box) for s in run.segments),
        ]
    ]
    spans: dict[StringRef, Span] = {}
    for item in boxed:
        places = markers if item.by == "marker" else texts
        found = next((span for span, box in places if box and _clip(box, area) == item.box), None)
        if found is not None:
            spans[item.string] = found
    return spans


def _clip(box: CssBox, area: CssBox) -> CssBox:
    return CssBox(
        max(box.left, area.left),
        max(box.top, area.top),
        min(box.right, area.right),
        min(box.bottom, area.bottom),
    )


def check_size(snapshot: HtmlSnapshot, path: str) -> None:
    """Refuse a page over Smartling's limit, saying what took the room."""
    size = len(snapshot.html)
    if size <= MAX_PAGE_BYTES:
        return
    inlined = sum(bytes_ for _, bytes_ in snapshot.parts)
    largest = sorted(snapshot.parts, key=lambda part: -part[1])[:LARGEST_LISTED]
    listed = "; ".join(f"{url} ({megabytes(bytes_)})" for url, bytes_ in largest)
    raise CannotStart(
        f"{path}: the HTML page would be {megabytes(size)}, over Smartling's 20 MB "
        f"({MAX_PAGE_BYTES:,} bytes) for an HTML context. Inlined images and fonts take "
        f"{megabytes(inlined)}, the markup and styles {megabytes(size - inlined)}"
        + (f"; the largest: {listed}" if listed else ""),
        fix="capture a smaller page (fewer or smaller images), or capture without --html",
    )


def megabytes(size: int) -> str:
    """A size as people read it: `22.4 MB`, or `38 kB` under a megabyte."""
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"
