"""The test app the "from your own tests" helpers capture (Python and npm): a page with
a dialog behind a click, served from 127.0.0.1, and the strings it shows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from smartling_context.capture.folder_server import serve_folder

APP = Path(__file__).resolve().parent / "fixtures" / "own-tests"
STRINGS = """{"search": {
  "title": "Search results",
  "count": "{count} hotels found",
  "filters": "Filters",
  "dialog": "Choose filters",
  "apply": "Apply filters",
  "add": "Add",
  "missing": "Not on this page"
}}
"""
MANIFEST = """\
version: 1
strings:
  - files: "locales/en.json"
screenshots:
  - folder: screens
"""
BOXED = {  # key -> the id of the element that shows it, once the dialog is open
    "search.title": "title",
    "search.count": "count",
    "search.filters": "filters",
    "search.dialog": "dialog-title",
    "search.apply": "apply",
}
MEASURE = """ids => Object.fromEntries(ids.map(id => {
  const range = document.createRange();
  range.selectNodeContents(document.getElementById(id));
  const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  const left = Math.min(...rects.map(r => r.left)), top = Math.min(...rects.map(r => r.top));
  const right = Math.max(...rects.map(r => r.right));
  const bottom = Math.max(...rects.map(r => r.bottom));
  return [id, [left, top, right - left, bottom - top]];
}))"""
"""Each element's text box in CSS pixels, as the browser measures it (no scrolling)."""


@contextmanager
def served() -> Iterator[str]:
    """The app's URL on 127.0.0.1."""
    with serve_folder(APP) as url:
        yield f"{url}/index.html"


def expected_boxes(measured: dict[str, list[float]], scale: float) -> dict[str, list[float]]:
    """The measured boxes by key, in image pixels."""
    return {key: [v * scale for v in measured[id_]] for key, id_ in BOXED.items()}
