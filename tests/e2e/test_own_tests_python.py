"""From a team's own tests, in Python: `smartling_context(page, name)` inside a Playwright
test writes the screenshot and the page text document; `smartling-context boxes DIR`
turns them into boxes files with the manifest's strings, exactly where the browser
itself measures each element."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image

from chromium import CHROMIUM, needs_browser
from own_tests_app import APP, BOXED, MANIFEST, MEASURE, STRINGS, expected_boxes, served
from smartling_context.capture.browser import LAUNCH_ARGS
from smartling_context.cli import main

pytestmark = needs_browser
ROOT = Path(__file__).resolve().parents[2]
playwright = pytest.importorskip(
    "playwright.sync_api", reason="the capture extra is not installed: pip install -e '.[capture]'"
)


def repository(root: Path) -> Path:
    (root / ".smartling").mkdir(parents=True)
    (root / ".smartling/context.yml").write_text(MANIFEST)
    (root / "locales").mkdir()
    (root / "locales/en.json").write_text(STRINGS)
    return root


def test_one_call_in_a_playwright_test_gives_boxes_where_the_browser_measures(tmp_path, capsys):
    from smartling_context.capture import smartling_context

    repo = repository(tmp_path / "repo")
    screens = repo / "screens"
    with served() as url, playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 640, "height": 480}, device_scale_factor=2)
        page.goto(url)
        page.click("#filters")  # the dialog opens 150 ms later and fades in: no wait here
        written = smartling_context(page, "Search/Filters open", out=screens)
        again = smartling_context(page, "Search/Filters open again", out=screens)
        measured = page.evaluate(MEASURE, list(BOXED.values()))
        browser.close()

    assert written.image == screens / "Search - Filters open.png"
    assert sorted(p.name for p in screens.iterdir()) == [
        "Search - Filters open again.page.json",
        "Search - Filters open again.png",
        "Search - Filters open.page.json",
        "Search - Filters open.png",
    ]
    assert written.image.read_bytes() == again.image.read_bytes()  # the same state, same bytes
    assert Image.open(written.image).size == (1280, 960)

    assert main(["boxes", str(screens), "--repo", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "2 boxes file(s) written, 10 box(es); 0 failed" in out
    boxes = json.loads((screens / "Search - Filters open.boxes.json").read_text())
    assert boxes["image"] == {"width": 640, "height": 480}
    found = {
        b["key"]: [b[k] * 2 for k in ("left", "top", "width", "height")] for b in boxes["boxes"]
    }
    assert sorted(found) == sorted(BOXED)  # "Add" inside "Add/remove users" is no match
    for key, want in expected_boxes(measured, 2).items():
        assert found[key] == pytest.approx(want, abs=1), key


def test_file_names_follow_the_rule_the_npm_package_shares():
    from smartling_context.capture.helper import file_stem

    cases = json.loads((APP / "names.json").read_text(encoding="utf-8"))
    for name, stem in cases["named"]:
        assert file_stem(name) == stem, name
    for name in cases["refused"]:
        with pytest.raises(ValueError, match="needs a letter or digit"):
            file_stem(name)


def test_the_npm_package_settles_by_the_same_rules():
    """npm/index.js ports browser.py's settle loop; its numbers are browser.py's."""
    from smartling_context.capture import browser

    source = (ROOT / "npm" / "index.js").read_text(encoding="utf-8")
    constants = dict(re.findall(r"^const (\w+) = (\d+);", source, re.MULTILINE))
    assert constants == {
        "MAX_NAME": "120",
        "QUIET_MS": str(round(browser.QUIET_SECONDS * 1000)),
        "PATIENCE_MS": str(round(browser.PATIENCE_SECONDS * 1000)),
        "POLL_MS": str(round(browser.POLL_SECONDS * 1000)),
        "TRIES": str(browser.TRIES),
        "VERSION": "1",
    }


def test_boxes_names_a_page_document_it_cannot_read_and_goes_on(tmp_path, capsys):
    repo = repository(tmp_path / "repo")
    screens = repo / "screens"
    screens.mkdir()
    (screens / "broken.png").write_bytes(b"\x89PNG")
    (screens / "broken.page.json").write_text('{"format": "something else"}')

    assert main(["boxes", str(screens), "--repo", str(repo)]) == 1
    err = capsys.readouterr().err
    assert "broken.png: not matched: broken.page.json: not a page text document" in err
    assert not (screens / "broken.boxes.json").exists()
    assert main(["boxes", str(repo / "locales"), "--repo", str(repo)]) == 2


def test_the_storybook_hook_names_a_story_as_capture_storybook_does():
    """`smartlingContext(page, `${title}/${name}`)` in the test-runner's postVisit."""
    from smartling_context.capture.helper import file_stem
    from smartling_context.capture.storybook import Story

    for title, name in [
        ("Components/Button", "Primary"),
        ("Pages/Search: results", 'With "quotes"'),
        ("Nav", "Back / forward"),
    ]:
        story = Story("id", title, name)
        assert file_stem(f"{title}/{name}") == story.file_name


def test_an_async_page_is_refused_saying_which_page_to_pass(tmp_path):
    import asyncio

    from playwright.async_api import async_playwright

    from smartling_context.capture import smartling_context

    async def attempt() -> None:
        async with async_playwright() as driver:
            browser = await driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            page = await browser.new_page()
            try:
                with pytest.raises(TypeError, match="takes Playwright's sync Page"):
                    smartling_context(page, "Async", out=tmp_path / "out")
            finally:
                await browser.close()

    asyncio.run(attempt())
    assert not (tmp_path / "out").exists()
