"""`smartling-context capture` in a real headless Chromium, against pages served from 127.0.0.1.

Each box the command writes is checked against the element's own bounding box,
measured independently in the page (`getBoundingClientRect` x scale), to one pixel.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from chromium import CHROMIUM, needs_browser
from smartling_context.capture.browser import LAUNCH_ARGS
from smartling_context.capture.folder_server import QuietHandler, serve_folder
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
    with serve_folder(folder) as url:
        yield f"{url}/search.html"


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

    assert (
        "8 boxed, 2 ambiguous, 0 partial only, 4 hidden, 1 outside the screenshot, "
        "2 not found on the page" in output
    )
    assert "ambiguous (same text as another key; not boxed, --markers tells them apart): 2: "
    assert "nav.home (= footer.home), footer.home (= nav.home)" in output
    assert "search.empty (hidden by CSS (display, visibility or opacity))" in output
    assert "search.secret (zero size)" in output
    assert "outside the screenshot (--full-page?): 1: search.terms" in output
    assert "nav.back (shown 2 times; boxed the first)" in output
    assert "not found on the page: 2: search.missing, nights[one]" in output
    assert "not looked for (placeholders only, no text of their own): 1: search.count" in output
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


# ---- A settled page, whole-text matches, markers: pages of an app of our own ----

TRANSLATION = {
    "dialog": {"confirm": "OK"},
    "toast": {"dismiss": "OK"},
    "greeting": "Hello, {{name}}!",
    "items_one": "{{count}} item",
    "items_other": "{{count}} items",
    "title": "Your basket",
    "loading": "Loading your basket",
    "terms": "By booking you agree to the terms of use and the privacy policy of this "
    "service, which apply to every booking you make.",
}
TOPICS = {  # the five false matches: each only inside a longer, different text
    "add": "Add",
    "subscribe": "Subscribe",
    "notifications": "Notifications",
    "delete": "Delete",
    "limit": "of {{limit}}",
}
APP_MANIFEST = """version: 1
strings:
  - files: "locales/en/*.json"
    placeholders: {format: i18next}
"""
STYLE = """<style>
  body { margin: 0; padding: 20px; font: 16px/1.5 sans-serif; }
  button { padding: 6px 14px; margin-right: 8px; }
  .spinner { width: 40px; height: 40px; border: 4px solid #ccc; border-top-color: #333;
             border-radius: 50%; animation: spin 1s linear infinite; }
  @keyframes spin { to { transform: rotate(360deg); } }
</style>"""
# The app: i18next's way of filling {{name}} and choosing `_one`/`_other` by count.
RENDER = """<script>
const fill = (text, values) => text.replace(/\\{\\{\\s*(\\w+)\\s*\\}\\}/g, (_, n) => values[n]);
const plural = (t, key, count) => fill(t[key + (count === 1 ? "_one" : "_other")], {count});
function render(t) {
  document.getElementById("app").innerHTML = `
    <h1 id="title">${t.title}</h1>
    <div><button id="confirm">${t.dialog.confirm}</button><button id="dismiss">${t.toast.dismiss}</button></div>
    <p id="greeting">${fill(t.greeting, {name: "Ann Lee"})}</p>
    <p id="one">${plural(t, "items", 1)}</p>
    <p id="other">${plural(t, "items", 5)}</p>
    <p id="terms" style="width: 190px">${t.terms}</p>`;
}
</script>"""
LOADING = '<div id="app"><div class="spinner"></div><p>Loading your basket</p></div>'


def app_page(script: str) -> str:
    return f'<!doctype html><html><head><meta charset="utf-8">{STYLE}{RENDER}</head><body>{LOADING}<script>{script}</script></body></html>'


RUNTIME = app_page('fetch("/locales/en/translation.json").then((r) => r.json()).then(render);')
LATE = app_page(  # renders a second after `load`, with nothing in flight meanwhile
    f"const strings = {json.dumps(TRANSLATION)};"
    ' window.addEventListener("load", () => setTimeout(() => render(strings), 1000));'
)
FALSE_MATCHES = f"""<!doctype html><html><head><meta charset="utf-8">{STYLE}</head><body>
<p>Add/remove users for your protected topics</p>
<ul><li>Subscribe to topic</li><li>Subscribe to topic</li><li>Subscribe to topic</li></ul>
<p>Notifications are disabled</p><button>Delete notifications</button>
<p>Sort by: order of priority</p><p>Order of priority</p>
</body></html>"""
COVERED = f"""<!doctype html><html><head><meta charset="utf-8">{STYLE}<style>
  .backdrop {{ position: fixed; inset: 0; background: rgba(0, 0, 0, 0.4); }}
  .panel {{ position: fixed; top: 10px; left: 10px; width: 300px; height: 80px;
           background: white; box-shadow: 0 0 8px #000; }}
</style></head><body>
<p id="behind-panel">Your basket</p>
<p style="margin-top: 120px"><button id="dimmed">Add</button></p>
<div class="backdrop"></div>
<div class="panel"><p id="in-panel">Subscribe</p></div>
</body></html>"""
APP_BOXED = {
    "title": "title",
    "dialog.confirm": "confirm",
    "toast.dismiss": "dismiss",
    "greeting": "greeting",
    "items_one": "one",
    "items_other": "other",
    "terms": "terms",  # wraps over several lines: markers add or remove no line break
}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A repository with the app's strings files, and the app served on 127.0.0.1."""
    from smartling_context.strings.marking import mark_file

    repo = tmp_path / "app"
    (repo / ".smartling").mkdir(parents=True)
    (repo / ".smartling/context.yml").write_text(APP_MANIFEST)
    (repo / "locales/en").mkdir(parents=True)
    translation = json.dumps(TRANSLATION, indent=2).encode()
    (repo / "locales/en/translation.json").write_bytes(translation)
    (repo / "locales/en/topics.json").write_text(json.dumps(TOPICS))
    site = tmp_path / "app-site"
    (site / "locales/en").mkdir(parents=True)
    # The server's copy is minified, as a build would ship it: still recognised.
    (site / "locales/en/translation.json").write_text(json.dumps(TRANSLATION))
    (site / "runtime.html").write_text(RUNTIME)
    (site / "late.html").write_text(LATE)
    (site / "false.html").write_text(FALSE_MATCHES)
    (site / "covered.html").write_text(COVERED)
    # Bundled strings: the app's script holds the texts, marked as `markers apply` marks.
    marked = mark_file(translation, "json", "locales/en/translation.json").decode()
    (site / "bundled.html").write_text(app_page(f"render({marked});"), encoding="utf-8")
    with serve_folder(site) as url:
        yield url, repo


def capture_json(url: str, repo: Path, out: str, *options: str) -> tuple[int, dict[str, Any]]:
    """Run `capture --json`; its exit code and report."""
    shot = repo / "docs/screens" / out
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["capture", url, "--out", str(shot), "--repo", str(repo), *options])
    return code, json.loads(buffer.getvalue()) if buffer.getvalue() else {}


def text_boxes(url: str, ids: list[str], scale: float, wait_for: str) -> dict[str, Any]:
    """Each element's text measured by the browser itself (a Range over its contents), in
    image pixels, once `wait_for` is on the page: the reference, not the product's numbers."""
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 800, "height": 600}, device_scale_factor=scale)
        page.goto(url)
        page.wait_for_selector(wait_for)
        rects: dict[str, Any] = page.evaluate(
            """ids => Object.fromEntries(ids.map(id => {
                const range = document.createRange();
                range.selectNodeContents(document.getElementById(id));
                return [id, range.getBoundingClientRect().toJSON()];
            }))""",
            ids,
        )
        browser.close()
    return {
        key: {edge: rect[edge] * scale for edge in ("left", "top", "right", "bottom")}
        for key, rect in rects.items()
    }


def assert_on_their_elements(
    report: dict[str, Any], url: str, expected: dict[str, str], scale: float
) -> None:
    boxed = {item["key"]: item for item in report["boxed"]}
    reference = text_boxes(url, list(expected.values()), scale, "#other")
    for key, element in expected.items():
        box = boxed[key]["box"]
        drawn = {
            "left": box["left"] * scale,
            "top": box["top"] * scale,
            "right": (box["left"] + box["width"]) * scale,
            "bottom": (box["top"] + box["height"]) * scale,
        }
        for edge, value in reference[element].items():
            assert abs(drawn[edge] - value) <= 1, (key, edge, drawn, reference[element])


def test_a_page_that_renders_a_second_after_load_is_captured_rendered(
    app: tuple[str, Path],
) -> None:
    base, repo = app
    code, report = capture_json(f"{base}/late.html", repo, "late.png", "--json")
    assert code == 0
    assert {item["key"] for item in report["boxed"]} == {
        "title",
        "items_one",
        "items_other",
        "terms",
    }
    assert {item["key"] for item in report["not_found"]} >= {"loading"}  # never the spinner
    assert_on_their_elements(report, f"{base}/late.html", {"title": "title", "items_one": "one"}, 1)
    # The screenshot is the rendered page: the spinner's place is blank.
    image = Image.open(repo / "docs/screens/late.png").convert("RGB")
    assert image.getpixel((40, 40)) == (255, 255, 255)


def test_markers_box_each_key_on_its_own_element_from_fetched_strings(
    app: tuple[str, Path],
) -> None:
    base, repo = app
    url = f"{base}/runtime.html"
    code, report = capture_json(url, repo, "runtime.png", "--json", "--markers", "--scale", "2")
    assert code == 0
    assert report["markers"]["served_marked"] == {
        f"{base}/locales/en/translation.json": "locales/en/translation.json"
    }
    by = {item["key"]: item["by"] for item in report["boxed"]}
    assert by == {key: "marker" for key in APP_BOXED}
    assert_on_their_elements(report, url, APP_BOXED, 2)  # measured on the unmarked page


def test_without_markers_shared_texts_are_ambiguous_and_the_pixels_are_the_same(
    app: tuple[str, Path],
) -> None:
    base, repo = app
    url = f"{base}/runtime.html"
    code, plain = capture_json(url, repo, "plain.png", "--json")
    assert code == 0
    assert {item["key"] for item in plain["ambiguous"]} == {"dialog.confirm", "toast.dismiss"}
    assert {item["key"]: item["by"] for item in plain["boxed"]} == {
        "title": "text",
        "items_one": "text",
        "items_other": "text",
        "terms": "text",
    }
    code, marked = capture_json(url, repo, "marked.png", "--json", "--markers")
    assert code == 0
    screens = repo / "docs/screens"
    assert (screens / "plain.png").read_bytes() == (screens / "marked.png").read_bytes()
    marked_boxes = {item["key"]: item["box"] for item in marked["boxed"]}
    for item in plain["boxed"]:
        for edge, value in item["box"].items():
            assert abs(marked_boxes[item["key"]][edge] - value) <= 1, (item, marked_boxes)


def test_markers_in_bundled_strings_box_each_key(app: tuple[str, Path]) -> None:
    base, repo = app
    url = f"{base}/bundled.html"
    code, report = capture_json(url, repo, "bundled.png", "--json", "--markers")
    assert code == 0
    assert report["markers"]["served_marked"] == {}
    assert {item["key"]: item["by"] for item in report["boxed"]} == {
        key: "marker" for key in APP_BOXED
    }
    assert_on_their_elements(report, f"{base}/runtime.html", APP_BOXED, 1)
    screens = repo / "docs/screens"
    capture_json(f"{base}/runtime.html", repo, "unmarked.png", "--json")
    assert (screens / "bundled.png").read_bytes() == (screens / "unmarked.png").read_bytes()


def test_a_short_string_inside_a_longer_text_is_reported_never_boxed(
    app: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, repo = app
    code, report = capture_json(f"{base}/false.html", repo, "false.png", "--json")
    assert code == 1  # nothing boxed
    assert report["boxed"] == []
    partial = {item["key"]: item["seen_in"] for item in report["partial_only"]}
    assert partial == {
        "add": "Add/remove users for your protected topics",
        "subscribe": "Subscribe to topic",
        "notifications": "Notifications are disabled",
        "delete": "Delete notifications",
        "limit": "Sort by: order of priority",
    }
    document = json.loads((repo / "docs/screens/false.boxes.json").read_text())
    assert document["boxes"] == []
    assert (
        main(["capture", f"{base}/false.html", "--out", str(repo / "f.png"), "--repo", str(repo)])
        == 1
    )
    assert (
        "partial only (inside a longer, different text; not boxed): 5: "
        "add in “Add/remove users for your protected topics”" in capsys.readouterr().out
    )


def test_text_under_an_opaque_panel_is_not_boxed_text_under_a_dimming_backdrop_is(
    app: tuple[str, Path],
) -> None:
    base, repo = app
    code, report = capture_json(f"{base}/covered.html", repo, "covered.png", "--json")
    assert code == 0
    assert {item["key"] for item in report["boxed"]} == {"subscribe", "add"}
    hidden = {item["key"]: item["why"] for item in report["hidden"]}
    assert hidden == {"title": "covered by another element (a dialog, a menu or an overlay)"}


def test_a_page_that_never_holds_still_fails_saying_so(
    app: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, repo = app
    site = app_site(repo)
    (site / "ticking.html").write_text(
        "<!doctype html><p id=t>0</p><script>setInterval(() => "
        "{ document.getElementById('t').textContent = Date.now(); }, 100);</script>"
    )
    shot = repo / "docs/screens/ticking.png"
    args = ["--repo", str(repo), "--timeout", "3"]
    assert main(["capture", f"{base}/ticking.html", "--out", str(shot), *args]) == 1
    error = capsys.readouterr().err
    assert "ticking.html: the page kept changing for 3 s: no settled page to capture" in error
    assert not shot.exists()


def app_site(repo: Path) -> Path:
    return repo.parent / "app-site"


def test_the_page_script_names_the_element_of_a_run_a_segment_and_a_marker_span(
    site: str, app: tuple[str, Path]
) -> None:
    from smartling_context.capture.matching import StringRef, match
    from smartling_context.capture.page_document import PageDocument, page_script
    from smartling_context.strings.markers import marker_id, marker_table

    def element_ids(url: str, wait_for: str) -> tuple[PageDocument, list[str], list[str]]:
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector(wait_for)
            page.evaluate(page_script())  # on a loaded page, as the test helpers run it
            raw = page.evaluate("window.__smartlingCapture.read()")
            document = PageDocument.from_page(raw, 1, (1280, 720))
            of = "([r, s, e]) => window.__smartlingCapture.elementOf(r, s, e).id"
            runs = [
                page.evaluate(of, [i, s.start, s.end])
                for i, run in enumerate(document.runs)
                for s in run.segments
            ]
            of = "(where) => window.__smartlingCapture.elementOf(...where).id"
            table = marker_table(
                (file, key, StringRef(file, key))
                for file, key in (("locales/en/translation.json", k) for k in APP_BOXED)
            )
            outcome = match(document, {ref: None for ref in table.values()}, table)
            spans = [page.evaluate(of, list(boxed.where or ())) for boxed in outcome.boxed]
            browser.close()
        return document, runs, spans

    document, segments, _ = element_ids(site, "#title")
    nav = document.runs[0]
    assert nav.text == "Back | Home"
    assert segments[:2] == ["back", "home"]  # the inline <span>s of the nav's links
    base, _ = app
    document, _, spans = element_ids(f"{base}/bundled.html", "#other")
    codes = [m.code for m in document.markers]
    assert codes[:3] == [
        marker_id("locales/en/translation.json", k)
        for k in ("title", "dialog.confirm", "toast.dismiss")
    ]
    assert sorted(spans) == sorted(APP_BOXED.values())  # each boxed key's own element
    assert all("\U000e0001" not in run.text for run in document.runs)  # text without markers


# ---- Markers never reach the pixels: type that spaces, transforms and lines up letters ----

STYLED_STRINGS = {
    "sign_in": "Sign in",
    "sign_up": "Sign up",
    "grant": "Grant now",
    "saved": "Your changes were saved",
    "search": "Search topics",
    "send": "Send",
    "caption": "notification settings",
}
STYLED_BOXED = {"sign_in": "sign_in", "sign_up": "sign_up", "grant": "grant", "saved": "saved"}
# Buttons as Material UI draws them (uppercase, letter-spacing) in a flex row, spaced
# words, a capitalized caption, a placeholder and a submit button's value; the app renders
# twice (again 300 ms after load), as a React app re-renders once its data is in.
STYLED_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 20px; font: 16px/1.5 sans-serif; }
  header { display: flex; gap: 8px; justify-content: flex-end; background: #338574; padding: 12px; }
  .mui { text-transform: uppercase; letter-spacing: 0.02857em; font: 500 14px/1.75 sans-serif;
         padding: 6px 8px; color: white; background: none; border: 0; }
  .outlined { border: 1px solid white; border-radius: 4px; }
  .spaced { word-spacing: 6px; letter-spacing: 1.5px; }
  .caption { text-transform: capitalize; letter-spacing: 0.1em; font-size: 11px; }
  input { letter-spacing: 0.05em; font-size: 15px; }
</style></head><body><div id="app"></div><script>
const t = STRINGS;
function render() {
  document.getElementById("app").innerHTML = `
    <header><button class="mui" id="sign_in">${t.sign_in}</button><button class="mui outlined" id="sign_up">${t.sign_up}</button></header>
    <p><button class="mui" style="color: #6a4a00" id="grant">${t.grant}</button></p>
    <p class="spaced" id="saved">${t.saved}</p>
    <form><input id="search" placeholder="${t.search}"> <input type="submit" id="send" value="${t.send}"></form>
    <p class="caption" id="caption">${t.caption}</p>`;
}
render();
window.addEventListener("load", () => setTimeout(render, 300));
</script></body></html>"""


def test_marked_and_unmarked_pages_give_the_same_pixels_with_spaced_and_transformed_text(
    app: tuple[str, Path],
) -> None:
    from smartling_context.strings.marking import mark_file

    base, repo = app
    site = app_site(repo)
    # The sign-in form's button says "Sign in" too; this page does not show it.
    strings = json.dumps(STYLED_STRINGS | {"form_sign_in": "Sign in"}, indent=2).encode()
    (repo / "locales/en/styled.json").write_bytes(strings)
    marked = mark_file(strings, "json", "locales/en/styled.json").decode()
    (site / "styled.html").write_text(STYLED_PAGE.replace("STRINGS", strings.decode()))
    (site / "styled-marked.html").write_text(
        STYLED_PAGE.replace("STRINGS", marked), encoding="utf-8"
    )
    options = ("--json", "--scale", "2", "--viewport", "800x600")
    code, plain = capture_json(f"{base}/styled.html", repo, "styled.png", *options)
    assert code == 0
    code, report = capture_json(
        f"{base}/styled-marked.html", repo, "styled-marked.png", *options, "--markers"
    )
    assert code == 0
    screens = repo / "docs/screens"

    assert (screens / "styled.png").read_bytes() == (screens / "styled-marked.png").read_bytes()
    boxed = {item["key"]: item for item in report["boxed"]}
    assert {key: boxed[key]["by"] for key in STYLED_STRINGS} == dict.fromkeys(
        STYLED_STRINGS, "marker"
    )  # the placeholder and the submit button's value too
    # Its text is shown, as another key's: not found (never partial), naming that key.
    assert report["partial_only"] == []
    not_found = {item["key"]: item for item in report["not_found"]}
    assert not_found["form_sign_in"]["same_text_as"] == [
        {"file": "locales/en/styled.json", "key": "sign_in"}
    ]
    reference = text_boxes(f"{base}/styled.html", list(STYLED_BOXED.values()), 2, "#caption")
    for key, element in STYLED_BOXED.items():
        box = boxed[key]["box"]
        drawn = {
            "left": box["left"] * 2,
            "top": box["top"] * 2,
            "right": (box["left"] + box["width"]) * 2,
            "bottom": (box["top"] + box["height"]) * 2,
        }
        for edge, value in reference[element].items():
            assert abs(drawn[edge] - value) <= 1, (key, edge, drawn, reference[element])
    plain_boxes = {item["key"]: item["box"] for item in plain["boxed"]}
    for key, box in plain_boxes.items():
        for edge, value in box.items():
            assert abs(boxed[key]["box"][edge] - value) <= 1, (key, box, boxed[key])
