"""`capture --html`: the still-open page saved as one self-contained HTML file, in which
the element of every boxed string carries a `data-sl-anchor` (see `snapshot.js`).

Smartling shows such a page to translators with their translation in place (an HTML
context), bound exactly through those anchors. Smartling takes at most 20 MB: a bigger
page fails its screen, naming what took the room.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from smartling_context.capture.matching import Span, StringRef
from smartling_context.errors import CannotStart

if TYPE_CHECKING:
    from playwright.sync_api import Page

MAX_PAGE_BYTES = 20_000_000  # Smartling's limit for an HTML context (decimal MB, the safe reading)
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
        str(answer["html"]).encode("utf-8"),
        anchors,
        tuple((str(url), int(size)) for url, size in answer["parts"]),
        tuple(str(url) for url in answer["missing"]),
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
    return f"{size / 1_000_000:.1f} MB"
