"""`capture --html`: the page saved self-contained and anchored, checked in a fresh browser.

Fidelity: the saved page is opened in a new Chromium in which every network request
is refused (and counted); its screenshot must match the live page's capture: at most
0.2% of the pixels may differ by more than 16 of 255 in a channel (anti-aliasing at
the edges of inlined images and text), and the page must ask for nothing.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from PIL import Image, ImageChops

from chromium import CHROMIUM, needs_browser
from smartling_context.capture.browser import LAUNCH_ARGS
from smartling_context.capture.folder_server import serve_folder
from smartling_context.cli import main
from smartling_context.strings.markers import MARKER_CHARACTERS

pytestmark = needs_browser
playwright = pytest.importorskip(
    "playwright.sync_api", reason="the capture extra is not installed: pip install -e '.[capture]'"
)

FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationMono-BoldItalic.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"),
]
STRINGS = {
    "hotel": {
        "title": "Find your perfect hotel",
        "search": "Search",
        "city": "City or hotel name",
        "offer": "Free breakfast for members",
        "remember": "Remember me",
        "footer": "Prices include taxes",
    }
}
MANIFEST = 'version: 1\nstrings:\n  - files: "locales/en/*.json"\n'

# A site with a web font and images served from 127.0.0.1, a <link>ed sheet that
# @imports another, relative url()s, a form whose values the user typed.
STYLES = """@import url("more.css");
@font-face { font-family: BrandFace; src: url("../fonts/brand.ttf") format("truetype"); }
h1 { font: 34px/1.2 BrandFace, monospace; color: #123c69; }
.hero { height: 90px; background: url("../img/stripes.png") repeat-x; }
"""
MORE = "footer { border-top: 4px solid #ac3b61; padding: 8px; color: #555; }\n"
FONT_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="css/site.css">
<link rel="preload" href="js/app.js" as="script">
<style>body { margin: 0; padding: 16px; font: 16px/1.4 sans-serif; }</style></head>
<body><div class="hero"></div>
<h1 onclick="alert(1)">Find your perfect hotel</h1>
<p><img src="img/logo.png" width="60" height="30" alt=""> <span>Free breakfast for members</span></p>
<form><input id="city" placeholder="City or hotel name">
<label><input id="remember" type="checkbox"> Remember me</label>
<select id="nights"><option>1 night</option><option>2 nights</option></select>
<button type="button">Search</button></form>
<footer>Prices include taxes</footer>
<script src="js/app.js"></script>
</body></html>
"""
APP_JS = """document.getElementById("city").value = "Lisbon";
document.getElementById("remember").checked = true;
document.getElementById("nights").value = "2 nights";
"""
# CSS-in-JS: rules that exist only in the CSSOM (insertRule into an empty <style>, and a
# constructed sheet adopted by the document), and text rendered by the script.
CSS_IN_JS_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style id="emotion"></style></head><body>
<div id="root"></div>
<script>
const sheet = document.getElementById("emotion").sheet;
sheet.insertRule("body { margin: 0; font: 18px/1.5 sans-serif; background: #fdf6e3; }");
sheet.insertRule(".css-1a2b { display: flex; gap: 24px; padding: 24px; }");
sheet.insertRule(".css-3c4d { background: #268bd2; color: white; padding: 12px 20px; border-radius: 8px; }");
sheet.insertRule(".css-5e6f::after { content: ' ★'; color: #d33682; }");
const adopted = new CSSStyleSheet();
adopted.replaceSync("h1 { color: #859900; text-transform: uppercase; letter-spacing: 2px; }");
document.adoptedStyleSheets = [adopted];
document.getElementById("root").innerHTML =
  '<h1>Find your perfect hotel</h1><div class="css-1a2b">' +
  '<span class="css-3c4d">Search</span><span class="css-5e6f">Free breakfast for members</span></div>' +
  '<footer>Prices include taxes</footer>';
</script></body></html>
"""


# An app that fetches its strings file at run time (marker mode answers it marked).
I18N_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<h1 id="title"></h1><p><button id="search"></button></p><footer id="footer"></footer>
<script>
fetch("locales/en/app.json").then((r) => r.json()).then(({ hotel }) => {
  for (const id of ["title", "search", "footer"]) document.getElementById(id).textContent = hotel[id];
});
</script></body></html>
"""


@pytest.fixture
def font() -> Path:
    found = next((path for path in FONTS if path.is_file()), None)
    if found is None:
        pytest.skip("no DejaVu or Liberation font to serve as the page's web font")
    return found


@pytest.fixture
def site(tmp_path: Path, font: Path) -> Iterator[str]:
    folder = tmp_path / "site"
    for sub in ("css", "fonts", "img", "js"):
        (folder / sub).mkdir(parents=True)
    (folder / "index.html").write_text(FONT_PAGE)
    (folder / "app.html").write_text(CSS_IN_JS_PAGE)
    (folder / "css/site.css").write_text(STYLES)
    (folder / "css/more.css").write_text(MORE)
    (folder / "js/app.js").write_text(APP_JS)
    shutil.copy(font, folder / "fonts/brand.ttf")
    stripes = Image.new("RGB", (20, 90), "#eee2dc")
    stripes.paste((172, 59, 97), (0, 0, 10, 90))
    stripes.save(folder / "img/stripes.png")
    Image.new("RGB", (60, 30), (18, 60, 105)).save(folder / "img/logo.png")
    (folder / "locales/en").mkdir(parents=True)
    (folder / "locales/en/app.json").write_text(json.dumps(STRINGS))
    (folder / "i18n.html").write_text(I18N_PAGE)
    (folder / "big.bin").write_bytes(bytes(range(256)) * (16 * 4096))  # 16 MiB
    (folder / "big.html").write_text(
        '<!doctype html><h1 style="background: url(big.bin)">Find your perfect hotel</h1>'
    )
    with serve_folder(folder) as url:
        yield url


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".smartling").mkdir(parents=True)
    (root / ".smartling/context.yml").write_text(MANIFEST)
    (root / "locales/en").mkdir(parents=True)
    (root / "locales/en/app.json").write_text(json.dumps(STRINGS))
    return root


def capture_html(url: str, repo: Path, name: str, *options: str) -> int:
    out = repo / f"docs/screens/{name}.png"
    fixed = ["--out", str(out), "--repo", str(repo), "--html", "--viewport", "800x500"]
    return main(["capture", url, *fixed, *options])


def render_offline(html: bytes, scale: float = 1) -> tuple[bytes, list[str]]:
    """The saved page's screenshot in a fresh browser that refuses every request."""
    asked: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(
            viewport={"width": 800, "height": 500}, device_scale_factor=scale
        )
        context.route("**/*", lambda route: (asked.append(route.request.url), route.abort()))
        page = context.new_page()
        page.set_content(html.decode("utf-8"), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        png = page.screenshot(type="png", animations="disabled")
        browser.close()
    return png, asked


def differing(first: bytes, second: bytes) -> float:
    """The share of pixels that differ by more than 16 of 255 in some channel."""
    a = Image.open(io.BytesIO(first)).convert("RGB")
    b = Image.open(io.BytesIO(second)).convert("RGB")
    assert a.size == b.size
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 16 else 0).convert("L")
    return sum(1 for v in diff.tobytes() if v) / (a.size[0] * a.size[1])


def anchored_texts(html: bytes) -> dict[str, str]:
    root = lxml.html.document_fromstring(html)
    return {
        str(e.get("data-sl-anchor")): " ".join(e.text_content().split())
        for e in root.iter()
        if e.get("data-sl-anchor") is not None
    }


def test_a_page_with_web_fonts_and_images_is_saved_self_contained_and_anchored(
    site: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert capture_html(f"{site}/index.html", repo, "hotel") == 0
    output = capsys.readouterr().out

    html = (repo / "docs/screens/hotel.html").read_bytes()
    live = (repo / "docs/screens/hotel.png").read_bytes()
    saved, asked = render_offline(html)
    assert asked == []  # nothing left to fetch: fonts, images and styles are inside
    share = differing(live, saved)
    assert share <= 0.002, f"{share:.2%} of the pixels differ"
    assert b"<script" not in html and b"onclick" not in html and b"<base href=" in html
    form = lxml.html.document_fromstring(html)
    assert form.get_element_by_id("city").get("value") == "Lisbon"  # what the user typed
    assert form.get_element_by_id("remember").get("checked") is not None

    boxes = json.loads((repo / "docs/screens/hotel.boxes.json").read_text())["boxes"]
    anchors = {box["key"]: box["anchors"] for box in boxes}
    texts = anchored_texts(html)
    assert sorted(texts, key=int) == [str(n) for n in range(1, len(texts) + 1)]
    for key, (anchor,) in anchors.items():
        expected = STRINGS["hotel"][key.split(".")[1]]
        if key == "hotel.city":  # a field's placeholder: the anchor is on the field
            root = lxml.html.document_fromstring(html)
            (field,) = root.xpath(f'//*[@data-sl-anchor="{anchor}"]')
            assert field.get("placeholder") == expected
        else:
            assert texts[anchor] == expected, key
    assert [int(anchors[k][0]) for k in ("hotel.title", "hotel.offer", "hotel.footer")] == sorted(
        int(anchors[k][0]) for k in ("hotel.title", "hotel.offer", "hotel.footer")
    )  # document order
    assert "docs/screens/hotel.html:" in output and "string(s) anchored" in output


def test_a_css_in_js_page_keeps_the_rules_its_script_inserted(site: str, repo: Path) -> None:
    assert capture_html(f"{site}/app.html", repo, "app", "--scale", "2") == 0

    html = (repo / "docs/screens/app.html").read_bytes()
    saved, asked = render_offline(html, scale=2)
    assert asked == []
    share = differing((repo / "docs/screens/app.png").read_bytes(), saved)
    assert share <= 0.002, f"{share:.2%} of the pixels differ"
    assert b".css-3c4d" in html and b"text-transform: uppercase" in html
    assert set(anchored_texts(html).values()) >= {"Search", "Find your perfect hotel"}


def test_a_page_captured_from_a_file_names_no_folder_of_the_capturing_machine(
    tmp_path: Path, repo: Path
) -> None:
    """No `<base href="file:///home/...">`: the page goes to Smartling, and nothing there
    could follow a path on this machine."""
    page = tmp_path / "private-folder/app.html"
    page.parent.mkdir()
    page.write_text('<!doctype html><meta charset="utf-8"><h1>Find your perfect hotel</h1>')
    assert capture_html(str(page), repo, "local") == 0
    html = (repo / "docs/screens/local.html").read_bytes()
    assert b"private-folder" not in html and b"file:" not in html and b"<base" not in html
    assert anchored_texts(html)  # anchored all the same


def test_a_page_over_20_mb_fails_its_screen_naming_what_took_the_room(
    site: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert capture_html(f"{site}/big.html", repo, "big") == 2

    error = capsys.readouterr().err
    assert "docs/screens/big.html: the HTML page would be 22.4 MB" in error
    assert "over Smartling's 20 MB (20,000,000 bytes)" in error
    assert f"{site}/big.bin (22.4 MB)" in error
    assert not (repo / "docs/screens/big.png").exists()
    assert not (repo / "docs/screens/big.html").exists()


def test_preview_renders_the_page_with_each_bound_element_outlined_and_labelled(
    site: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert capture_html(f"{site}/index.html", repo, "hotel") == 0
    manifest = repo / ".smartling/context.yml"
    manifest.write_text(
        MANIFEST + "screenshots:\n  - image: docs/screens/hotel.png\n"
        "    boxes: docs/screens/hotel.boxes.json\n"
    )
    capsys.readouterr()
    out = repo / "previews"

    assert main(["preview", "--repo", str(repo), "--out", str(out)]) == 0

    printed = capsys.readouterr().out
    assert "docs/screens/hotel.html: 5 string(s) bound live" in printed
    page = Image.open(out / "docs-screens-hotel.html.png").convert("RGB")
    assert page.size[0] == 800  # as wide as the screenshot
    pixels = page.tobytes()
    magenta = sum(1 for i in range(0, len(pixels), 3) if pixels[i : i + 3] == b"\xd6\x00\x6f")
    assert magenta > 2000  # five outlines and their tags
    assert (out / "docs-screens-hotel.png").exists()  # the image preview beside it


def test_in_marker_mode_the_page_is_anchored_by_marker_and_keeps_no_marker(
    site: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert capture_html(f"{site}/i18n.html", repo, "i18n", "--markers") == 0
    assert "(3 by marker, 0 by whole text)" in capsys.readouterr().out

    html = (repo / "docs/screens/i18n.html").read_bytes()
    assert not MARKER_CHARACTERS.search(html.decode("utf-8"))  # translators see plain text
    boxes = json.loads((repo / "docs/screens/i18n.boxes.json").read_text())["boxes"]
    texts = anchored_texts(html)
    assert {box["key"]: texts[box["anchors"][0]] for box in boxes} == {
        "hotel.title": "Find your perfect hotel",
        "hotel.search": "Search",
        "hotel.footer": "Prices include taxes",
    }
