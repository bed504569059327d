"""Preview labels on a dense form stay readable: no label covers a pixel of any text.

The page is a settings form of our own, rows packed tight (the case where a label drawn
above its box lands on the row above). Chromium captures it; the same browser measures,
independently of the preview code, every text run (each line box of every text node,
and every form control). The preview's label places are checked against those.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import pytest
from PIL import Image

from chromium import CHROMIUM, needs_browser
from smartling_context.capture.browser import LAUNCH_ARGS
from smartling_context.preview import PreviewBox, draw
from smartling_context.preview.draw import Rect, place_labels, stroke_width

playwright = pytest.importorskip("playwright.sync_api")

ROWS = [
    ("settings.sound", "Notification sound", "Play a sound for new messages"),
    ("settings.delete", "Delete notifications", "Remove read notifications after a week"),
    ("settings.badge", "Show badge count", "The number of unread items on the icon"),
    ("settings.preview", "Message preview", "Show the first line of each message"),
    ("settings.digest", "Daily digest", "One email a day with everything you missed"),
    ("settings.mentions", "Only mentions", "Notify me only when someone mentions me"),
    ("settings.quiet", "Quiet hours", "No notifications between these hours"),
    ("settings.vibrate", "Vibrate", "Vibrate on mobile devices"),
]
PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 12px; font: 13px/16px sans-serif; color: #222; background: #fff; }
h1 { font-size: 16px; margin: 0 0 6px; }
form { display: grid; grid-template-columns: 170px 24px 1fr; gap: 2px 8px; width: 560px; }
.help { color: #666; font-size: 12px; }
input[type=time] { width: 90px; }
.actions { grid-column: 1 / 4; display: flex; gap: 8px; margin-top: 4px; }
</style></head><body>
<h1 data-key="settings.title">Notifications</h1>
<form>%s
<div class="actions"><button type="button" data-key="settings.save">Save changes</button>
<button type="button">Cancel</button><span class="help">Changes apply at once</span></div>
</form></body></html>"""


def dense_form() -> str:
    rows = "".join(
        f'<label data-key="{key}">{label}</label><input type="checkbox" checked>'
        f'<span class="help" data-key="{key}.help">{help_text}</span>'
        for key, label, help_text in ROWS
    )
    return PAGE % rows


MEASURE = """() => {
  const rect = r => [r.left + scrollX, r.top + scrollY, r.width, r.height];
  const runs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.width && r.height) runs.push(rect(r));
  }
  for (const control of document.querySelectorAll('input, button, select, textarea'))
    runs.push(rect(control.getBoundingClientRect()));
  const boxes = [...document.querySelectorAll('[data-key]')].map(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return [e.dataset.key, rect(range.getBoundingClientRect())];
  });
  return {runs, boxes};
}"""


def capture(html: Path) -> tuple[bytes, list[list[float]], list[PreviewBox]]:
    args = [*LAUNCH_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 640, "height": 360}, device_scale_factor=1)
        page.goto(html.as_uri())
        measured = page.evaluate(MEASURE)
        png = page.screenshot()
        browser.close()
    boxes = [
        PreviewBox(
            key,
            math.floor(top),
            math.floor(left),
            math.ceil(left + width) - math.floor(left),
            math.ceil(top + height) - math.floor(top),
        )
        for key, (left, top, width, height) in measured["boxes"]
    ]
    return png, measured["runs"], boxes


def covers(label: Rect, run: list[float]) -> bool:
    """Whether the label's pixels (inclusive rectangle) touch the run's area."""
    left, top, width, height = run
    return (
        label[0] < left + width
        and left < label[2] + 1
        and (label[1] < top + height and top < label[3] + 1)
    )


@needs_browser
def test_no_label_covers_a_pixel_of_any_text_run_on_a_dense_form(tmp_path):
    html = tmp_path / "form.html"
    html.write_text(dense_form())
    png, runs, boxes = capture(html)
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    assert len(boxes) == 2 * len(ROWS) + 2 and len(runs) > 2 * len(ROWS)

    places = place_labels(picture, boxes)

    width = stroke_width(picture.size)
    for _box, place in zip(boxes, places, strict=True):
        assert not place.covers, place
        assert not [run for run in runs if covers(place.rect, run)], place
        for other in boxes:
            grown = [other.left - width - 1, other.top - width - 1]
            grown += [other.width + 2 * width + 2, other.height + 2 * width + 2]
            assert not covers(place.rect, grown), (place, other)
    # The page is dense: the usual place, right above its box, would cover text for most.
    above = [
        (b.left - width - 1, b.top - width - 3 - (p.rect[3] - p.rect[1] + 1))
        for b, p in zip(boxes, places, strict=True)
    ]
    crowded = [
        (x, y)
        for (x, y), p in zip(above, places, strict=True)
        if any(
            covers((x, y, x + p.rect[2] - p.rect[0], y + p.rect[3] - p.rect[1]), r) for r in runs
        )
    ]
    assert len(crowded) >= len(ROWS)
    assert any(p.leader for p in places)  # some labels sit away from their box

    preview = draw(png, boxes)
    assert Image.open(io.BytesIO(preview)).size == picture.size
    keep = os.environ.get("SMARTLING_CONTEXT_KEEP_PREVIEW")
    if keep:  # to look at it: SMARTLING_CONTEXT_KEEP_PREVIEW=/tmp/preview.png
        Path(keep).write_bytes(preview)
