"""`smartling-context capture` in a real headless Chromium, against pages served from 127.0.0.1.

Each box the command writes is checked against the element's own bounding box,
measured independently in the page (`getBoundingClientRect` x scale), to one pixel.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from chromium import CHROMIUM, needs_browser
from smartling_context.capture.browser import LAUNCH_ARGS
from smartling_context.cli import main

pytestmark = needs_browser
playwright = pytest.importorskip(
    "playwright.sync_api", reason="the capture extra is not installed: pip install -e '.[capture]'"
)

STRINGS = {
    "search": {
        "title": "Find your perfect hotel",
        "button": "Search",
        "results": "{count, plural, one {# hotel found} other {# hotels found}}",
        "free": "Free cancellation until Friday",
        "empty": "No hotels match your dates",
        "secret": "Members only",
        "ghost": "Invisible ink",
        "faded": "Faded away",
        "terms": "Terms of use",
        "missing": "Not on this page",
        "count": "{count}",
        "city": "City or hotel name",
        "go": "Go",
    },
    "nav": {"home": "Home", "back": "Back"},
    "footer": {"home": "Home"},
}
ANDROID = """<?xml version="1.0" encoding="utf-8"?>
<resources>
    <plurals name="nights">
        <item quantity="one">%d night</item>
        <item quantity="other">%d nights</item>
    </plurals>
</resources>
"""
MANIFEST = """version: 1
strings:
  - files: "locales/en/*.json"
  - files: "android/strings.xml"
    placeholders: {format: java}
"""
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 20px; font: 16px/1.5 sans-serif; }
  button { padding: 6px 14px; }
</style></head><body>
<nav><a href="#"><span id="back">Back</span></a> | <a href="#"><span id="home">Home</span></a></nav>
<h1><span id="title">Find   your
   perfect hotel</span></h1>
<form><input id="city" placeholder="City or hotel name"> <input id="go" type="submit" value="Go">
<button type="button"><span id="button">Search</span></button></form>
<p><span id="results"><b>12</b> hotels found</span></p>
<p><span id="free">Free <b>cancellation</b> until <i>Friday</i></span></p>
<ul><li><span id="nights">4 nights</span></li><li>Hotel Alfama</li></ul>
<p style="display:none"><span id="empty">No hotels match your dates</span></p>
<p><span id="secret" style="font-size:0">Members only</span></p>
<p style="visibility:hidden">Invisible ink</p><p style="opacity:0">Faded away</p>
<p><a href="#"><span id="back-again">Back</span></a></p>
<div style="position:absolute; top:1500px; left:40px"><span id="terms">Terms of use</span></div>
</body></html>
"""
BOXED = {  # key -> the id of the element that shows it
    "search.title": "title",
    "search.button": "button",
    "search.results": "results",
    "search.free": "free",
    "nav.back": "back",
    "nights[other]": "nights",
    "search.city": "city",
    "search.go": "go",
}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """Serve a folder with the test page on 127.0.0.1."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "search.html").write_text(PAGE, encoding="utf-8")
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/search.html"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".smartling").mkdir(parents=True)
    (root / ".smartling/context.yml").write_text(MANIFEST)
    (root / "locales/en").mkdir(parents=True)
    (root / "locales/en/app.json").write_text(json.dumps(STRINGS))
    (root / "android").mkdir()
    (root / "android/strings.xml").write_text(ANDROID)
    return root


def capture(url: str, repo: Path, *options: str) -> int:
    out = repo / "docs/screens/search.png"
    return main(["capture", url, "--out", str(out), "--repo", str(repo), *options])


def measure(url: str, ids: list[str], scale: float, full_page: bool = False) -> dict[str, Any]:
    """Each element's bounding box in image pixels, measured in a browser of our own."""
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 800, "height": 600}, device_scale_factor=scale)
        page.goto(url)
        rects: dict[str, Any] = page.evaluate(
            "ids => Object.fromEntries(ids.map(id => "
            "[id, document.getElementById(id).getBoundingClientRect().toJSON()]))",
            ids,
        )
        browser.close()
    return {
        key: {edge: rect[edge] * scale for edge in ("left", "top", "right", "bottom")}
        for key, rect in rects.items()
    }


def image_edges(box: dict[str, int], scale: float) -> dict[str, float]:
    return {
        "left": box["left"] * scale,
        "top": box["top"] * scale,
        "right": (box["left"] + box["width"]) * scale,
        "bottom": (box["top"] + box["height"]) * scale,
    }


def test_boxes_match_each_element_at_2x_and_hidden_or_ambiguous_are_not_boxed(
    site: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert capture(site, repo, "--viewport", "800x600", "--scale", "2") == 0
    output = capsys.readouterr().out

    png = (repo / "docs/screens/search.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    document = json.loads((repo / "docs/screens/search.boxes.json").read_text())
    assert document["version"] == 1
    assert document["image"] == {"width": 800, "height": 600}  # CSS pixels: x scale 2
    assert Image.open(io.BytesIO(png)).size == (1600, 1200)

    boxes = {box["key"]: box for box in document["boxes"]}
    assert sorted(boxes) == sorted(BOXED)
    measured = measure(site, list(BOXED.values()), 2)
    for key, element in BOXED.items():
        drawn = image_edges(boxes[key], 2)
        for edge, value in measured[element].items():
            assert abs(drawn[edge] - value) <= 1, (key, edge, drawn, measured[element])

    assert "8 boxed, 2 ambiguous, 5 hidden, 2 not found on the page" in output
    assert "ambiguous: nav.home: same text as footer.home; not boxed" in output
    assert "hidden: search.empty: hidden by CSS" in output
    assert "hidden: search.secret: zero size" in output
    assert "hidden: search.ghost: hidden by CSS" in output
    assert "hidden: search.faded: hidden by CSS" in output
    assert "hidden: search.terms: outside the screenshot" in output
    assert "nav.back  [locales/en/app.json]  (shown 2 times; boxed the first)" in output
    assert "not found on the page: search.missing, nights[one]" in output
    assert "not looked for (placeholders only, no text of their own): search.count" in output
    assert (
        "image: docs/screens/search.png\n    boxes: docs/screens/search.boxes.json\n"
        "    scale: 2" in output
    )
    # What it says to add makes a valid manifest: schema, image size, boxes inside it.
    manifest = repo / ".smartling/context.yml"
    manifest.write_text(MANIFEST + output[output.index("screenshots:") :])
    assert main(["validate", "--repo", str(repo)]) == 0


def test_full_page_boxes_text_below_the_viewport(site: str, repo: Path) -> None:
    assert capture(site, repo, "--viewport", "800x600", "--full-page") == 0
    document = json.loads((repo / "docs/screens/search.boxes.json").read_text())
    terms = next(box for box in document["boxes"] if box["key"] == "search.terms")
    assert document["image"]["height"] > 1500
    drawn = image_edges(terms, 1)
    for edge, value in measure(site, ["terms"], 1)["terms"].items():
        assert abs(drawn[edge] - value) <= 1, (edge, drawn)


def test_an_unreachable_page_is_a_clear_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler) as closed:
        port = closed.server_address[1]  # bound, then closed: nothing listens there
    assert capture(f"http://127.0.0.1:{port}/", repo, "--timeout", "10") == 2
    error = capsys.readouterr().err
    assert f"capture: http://127.0.0.1:{port}/: " in error
    assert "ERR_CONNECTION_REFUSED" in error
    assert "is the app running" in error
    assert not (repo / "docs/screens/search.png").exists()
