"""The manifest's screens: the `capture` block, `screenshots[].capture` and `folder` entries.

Every typo is a problem with its line and a did-you-mean; an entry with
`capture` binds from the boxes file beside its image at the capture's scale,
with no `boxes` or `scale` of its own; a `folder` entry is one screenshot per
PNG with a boxes file beside it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from smartling_context.manifest.validation import validate
from smartling_context.strings.trees import WorkTree

HEAD = """version: 1
strings:
  - files: locales/en.json
"""
SCREENS = (
    HEAD
    + """capture:
  base-url: http://127.0.0.1:3000
  viewport: 1280x800
  scale: 2
  wait-for: "[data-ready]"
  storybook:
    url: storybook-static
    stories: ["components-*", "!*--playground"]
    out: docs/stories
screenshots:
  - image: docs/search.png
    capture:
      url: /search?q=paris
      steps:
        - click: "text=Filters"
        - fill: {selector: "#guests", value: "2"}
        - press: {selector: "#guests", key: Enter}
        - hover: ".price"
        - wait-for: "#results"
        - wait: 200
      full-page: true
      permissions: [notifications]
      deny: [geolocation]
      color-scheme: dark
      locale: en-US
      storage-state: .smartling/login.json
      init-script: .smartling/mock.js
  - image: docs/phone.png
    capture: {url: /, device: "iPhone 13"}
  - folder: docs/stories
"""
)


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def boxes(width: int, height: int, key: str = "title") -> str:
    box = {"key": key, "top": 2, "left": 2, "width": 20, "height": 10}
    return json.dumps({"version": 1, "image": {"width": width, "height": height}, "boxes": [box]})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files: dict[str, str | bytes] = {
        "locales/en.json": json.dumps({"title": "Hotels", "more": "More"}),
        ".smartling/login.json": '{"cookies": [], "origins": []}',
        ".smartling/mock.js": "window.flag = true;",
        # What `smartling-context capture` wrote: 2x, and the phone at its device's 3x.
        "docs/search.png": png(2560, 1600),
        "docs/search.boxes.json": boxes(1280, 800),
        "docs/phone.png": png(1170, 2532),
        "docs/phone.boxes.json": boxes(390, 844, "more"),
        "docs/stories/Components - Button - Primary.png": png(400, 100),
        "docs/stories/Components - Button - Primary.boxes.json": boxes(200, 50),
        "docs/stories/notes.png": png(10, 10),  # no boxes file beside it: not a screenshot
    }
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (tmp_path / path).write_bytes(content)
        else:
            (tmp_path / path).write_text(content)
    return tmp_path


def check(repo: Path, text: str) -> list[str]:
    (repo / ".smartling/context.yml").write_text(text)
    return [str(p) for p in validate(WorkTree(repo), ".smartling/context.yml").problems]


def test_every_capture_field_is_valid_and_binds_from_the_boxes_beside_each_image(repo):
    (repo / ".smartling/context.yml").write_text(SCREENS)
    validation = validate(WorkTree(repo), ".smartling/context.yml")
    assert validation.problems == []
    assert validation.manifest is not None
    shots = {shot.name: shot for shot in validation.manifest.screenshots}
    search = shots["docs/search.png"]
    assert (search.boxes, search.scale) == ("docs/search.boxes.json", 2.0)
    assert [(b.key, b.coordinates) for b in search.bindings] == [
        ("title", {"top": 4, "left": 4, "width": 40, "height": 20})
    ]
    assert search.capture is not None
    assert [str(step) for step in search.capture.steps] == [
        "click 'text=Filters'",
        "fill '#guests' with '2'",
        "press '#guests' key 'Enter'",
        "hover '.price'",
        "wait-for '#results'",
        "wait 200 ms",
    ]
    # A device brings its own scale: read from the image over its boxes file's size.
    assert shots["docs/phone.png"].scale == 3.0
    story = shots["Components - Button - Primary"]
    assert (story.image, story.scale) == ("docs/stories/Components - Button - Primary.png", 2.0)
    assert [b.coordinates for b in story.bindings] == [
        {"top": 4, "left": 4, "width": 40, "height": 20}
    ]
    assert "notes" not in shots


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (
            "      full-page: true",
            "      fullpage: true",
            "screenshots[0].capture.fullpage: unknown property 'fullpage'; did you mean 'full-page'?",
        ),
        (
            '        - hover: ".price"',
            '        - hover: ".price"\n          click: "#x"',
            "screenshots[0].capture.steps[3]: a step is exactly one of click, fill, press, hover,"
            " wait-for, wait (given: hover, click)",
        ),
        (
            "        - wait: 200",
            "        - wiat: 200",
            "screenshots[0].capture.steps[5].wiat: unknown property 'wiat'; did you mean 'wait'?",
        ),
        (
            "      color-scheme: dark",
            "      color-scheme: drak",
            "screenshots[0].capture.color-scheme: 'drak' is not allowed; use one of: light, dark,"
            " no-preference (did you mean 'dark'?)",
        ),
        (
            "      permissions: [notifications]",
            "      permissions: [notification]",
            "(did you mean 'notifications'?)",
        ),
        (
            "  viewport: 1280x800",
            "  viewport: 1280*800",
            "capture.viewport: '1280*800' does not have the expected form",
        ),
        (
            "    stories: [",
            "    story: [",
            "capture.storybook.story: unknown property 'story'; did you mean 'stories'?",
        ),
        (
            "  - folder: docs/stories",
            "  - folder: docs/stories\n    name: Stories",
            "screenshots[2].name: a `folder` entry takes only folder, match",
        ),
        (
            "  - folder: docs/stories",
            "  - folder: docs/none",
            "screenshots[2].folder: 'docs/none' holds no PNG with a boxes file beside it",
        ),
        (
            "  - folder: docs/stories",
            "  - match: ocr",
            "screenshots[2]: needs `image` or `folder`",
        ),
        (
            "      init-script: .smartling/mock.js",
            "      init-script: .smartling/mocks.js",
            "screenshots[0].capture.init-script: '.smartling/mocks.js' does not exist",
        ),
    ],
)
def test_each_mistake_is_one_problem_with_its_line(repo, old, new, says):
    assert old in SCREENS
    text = SCREENS.replace(old, new)
    problems = check(repo, text)
    assert any(says in problem for problem in problems), problems
    lines = text.splitlines()
    changed = next(n for n, line in enumerate(lines, 1) if new.splitlines()[-1] in line)
    # The problem's line: the changed line, or the item it belongs to.
    assert any(
        f"context.yml:{changed}:" in p or f"context.yml:{changed - 1}:" in p for p in problems
    ), problems


def test_an_image_capture_has_not_written_yet_says_to_run_capture(repo):
    (repo / "docs/search.png").unlink()
    problems = check(repo, SCREENS)
    assert any(
        "screenshots[0].image: 'docs/search.png' does not exist in the repository; "
        "`smartling-context capture` writes it: run it before the action" in p
        for p in problems
    ), problems


def test_a_relative_url_without_a_base_url_is_a_problem_on_its_line(repo):
    text = SCREENS.replace("  base-url: http://127.0.0.1:3000\n", "")
    line = text.splitlines().index("      url: /search?q=paris") + 1
    assert (
        f".smartling/context.yml:{line}: screenshots[0].capture.url: '/search?q=paris' is "
        "relative: set `capture.base-url` (e.g. http://127.0.0.1:3000) or give the whole URL"
    ) in check(repo, text)
