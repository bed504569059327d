"""The test app the "from your own tests" helpers capture (Python and npm): a page with
a dialog behind a click, served from 127.0.0.1, and the strings it shows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served() -> Iterator[str]:
    """The app's URL on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(APP)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def expected_boxes(measured: dict[str, list[float]], scale: float) -> dict[str, list[float]]:
    """The measured boxes by key, in image pixels."""
    return {key: [v * scale for v in measured[id_]] for key, id_ in BOXED.items()}
