"""Storybook: a real Storybook built from our fixture project (tests/fixtures/storybook,
`npm ci && npm run build-storybook`, as .ci/run does), captured by URL and by folder.

Every chosen story is one PNG + boxes file in `out`, named by title and story
name, clipped to the story's root; each box lies within a pixel of the text's
own box measured in a browser of our own. Shards 1/2 and 2/2 together write
exactly the files, byte for byte, of the unsharded run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import CHROMIUM, needs_browser
from smartling_context.capture.browser import LAUNCH_ARGS
from smartling_context.capture.folder_server import serve_folder
from smartling_context.cli import main
from smartling_context.manifest.validation import validate
from smartling_context.strings.trees import WorkTree

pytestmark = needs_browser
playwright = pytest.importorskip(
    "playwright.sync_api", reason="the capture extra is not installed: pip install -e '.[capture]'"
)

FIXTURE = Path(__file__).parent.parent / "fixtures/storybook"
BUILT = FIXTURE / "storybook-static"
BUILD = (
    ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
    ["npm", "run", "--silent", "build-storybook"],
)
if not (BUILT / "index.json").is_file() and shutil.which("npm"):
    # A fresh clone: build the fixture as .ci/run does (storybook from the npm registry).
    for command in BUILD:
        subprocess.run(
            command,
            cwd=FIXTURE,
            check=False,
            env={**os.environ, "STORYBOOK_DISABLE_TELEMETRY": "1"},
        )
if not (BUILT / "index.json").is_file():
    if os.environ.get("CI"):
        raise RuntimeError(f"{BUILT} is missing: .ci/run builds it (npm ci, build-storybook)")
    pytest.skip(
        "the Storybook fixture could not be built (no npm, or the npm registry is out of "
        "reach): cd tests/fixtures/storybook && npm ci && npm run build-storybook",
        allow_module_level=True,
    )

STORIES = {  # file name (title - story name) -> {key: what the story shows}
    "Components - Button - Primary": ["button.save"],
    "Components - Button - Secondary": ["button.cancel"],
    "Components - Button - Danger": ["button.delete"],
    "Components - Dialog - Leave": ["dialog.title", "dialog.body", "dialog.stay", "dialog.leave"],
    "Pages - Search - Results": ["search.title", "search.results", "search.reset"],
    "Pages - Search - Empty": ["search.title", "search.empty", "search.reset"],
}
IDS = {
    "Components - Button - Primary": "components-button--primary",
    "Components - Button - Secondary": "components-button--secondary",
    "Components - Button - Danger": "components-button--danger",
    "Components - Dialog - Leave": "components-dialog--leave",
    "Pages - Search - Results": "pages-search--results",
    "Pages - Search - Empty": "pages-search--empty",
}
MANIFEST = """version: 1
strings:
  - files: locales/en.json
capture:
  scale: 2
  storybook:
    url: {url}
    stories: ["components-*", "pages-*", "!*--playground"]
    out: docs/stories
screenshots:
  - folder: docs/stories
"""


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """The built Storybook on 127.0.0.1, as `storybook dev` or a static host would serve it."""
    with serve_folder(BUILT) as url:
        yield url


def make_repo(root: Path, url: str) -> Path:
    (root / ".smartling").mkdir(parents=True)
    (root / ".smartling/context.yml").write_text(MANIFEST.format(url=url))
    (root / "locales").mkdir()
    shutil.copy(FIXTURE / "locales/en.json", root / "locales/en.json")
    return root


def own_measure(url: str, story: str) -> dict[str, dict[str, float]]:
    """Each text's box in the story, in image pixels from the story root's corner."""
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, device_scale_factor=2)
        page.goto(f"{url}/iframe.html?id={story}&viewMode=story")
        page.wait_for_selector("#storybook-root > *")
        found: dict[str, dict[str, float]] = page.evaluate(
            """() => {
              const root = document.querySelector("#storybook-root").getBoundingClientRect();
              const boxes = {};
              const walker = document.createTreeWalker(root ? document.body : null, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const text = node.data.trim();
                if (!text) continue;
                const range = document.createRange();
                range.selectNodeContents(node.parentElement);
                const r = range.getBoundingClientRect();
                boxes[text] = {left: (r.left - Math.floor(root.left)) * 2,
                               top: (r.top - Math.floor(root.top)) * 2,
                               right: (r.right - Math.floor(root.left)) * 2,
                               bottom: (r.bottom - Math.floor(root.top)) * 2};
              }
              return boxes;
            }"""
        )
        browser.close()
    return found


def test_every_story_by_folder_and_url_with_exact_boxes(
    tmp_path: Path, served: str, capsys: pytest.CaptureFixture[str]
) -> None:
    by_folder = make_repo(tmp_path / "folder", "storybook-static")
    shutil.copytree(BUILT, by_folder / "storybook-static")
    assert main(["capture", "--repo", str(by_folder), "--jobs", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line[6:].split("  ")[0] for line in lines[:-1]] == list(STORIES)  # index order
    assert lines[-1].startswith("6 screen(s): 6 captured, 0 failed; 13 box(es)")

    by_url = make_repo(tmp_path / "url", served)
    assert main(["capture", "--repo", str(by_url), "--jobs", "2"]) == 0
    strings = json.loads((FIXTURE / "locales/en.json").read_text())
    for name, keys in STORIES.items():
        for repo in (by_folder, by_url):
            assert (repo / f"docs/stories/{name}.png").read_bytes().startswith(b"\x89PNG")
        document = json.loads((by_url / f"docs/stories/{name}.boxes.json").read_text())
        boxes = {box["key"]: box for box in document["boxes"]}
        assert sorted(boxes) == sorted(keys), name
        measured = own_measure(served, IDS[name])
        for key in keys:
            section, item = key.split(".")
            expected = measured[strings[section][item]]
            box = boxes[key]
            drawn = {
                "left": box["left"] * 2,
                "top": box["top"] * 2,
                "right": (box["left"] + box["width"]) * 2,
                "bottom": (box["top"] + box["height"]) * 2,
            }
            for edge, value in expected.items():
                assert abs(drawn[edge] - value) <= 1, (name, key, edge, drawn, expected)
    # Not chosen: the playground (`!*--playground`) and the catalog (no glob picks it).
    assert not list((by_url / "docs/stories").glob("*Playground*"))
    assert not list((by_url / "docs/stories").glob("Catalog*"))

    # The folder entry makes each story a screenshot, named after its file, bound from
    # its boxes file at the scale it was captured at.
    validation = validate(WorkTree(by_url), ".smartling/context.yml")
    assert validation.valid, validation.problems
    assert validation.manifest is not None
    shots = {shot.name: shot for shot in validation.manifest.screenshots}
    assert sorted(shots) == sorted(STORIES)
    dialog = shots["Components - Dialog - Leave"]
    assert dialog.scale == 2
    assert [bound.key for bound in dialog.bindings] == STORIES["Components - Dialog - Leave"]


def test_two_shards_write_the_unsharded_set_byte_for_byte(tmp_path: Path, served: str) -> None:
    whole = make_repo(tmp_path / "whole", served)
    sharded = make_repo(tmp_path / "sharded", served)
    assert main(["capture", "--repo", str(whole), "--jobs", "2"]) == 0
    assert main(["capture", "--repo", str(sharded), "--shard", "1/2"]) == 0
    first = sorted(path.name for path in (sharded / "docs/stories").iterdir())
    assert 0 < len(first) < 2 * len(STORIES)  # a part, not all
    assert main(["capture", "--repo", str(sharded), "--shard", "2/2"]) == 0
    expected = sorted(path.name for path in (whole / "docs/stories").iterdir())
    assert sorted(path.name for path in (sharded / "docs/stories").iterdir()) == expected
    for name in expected:  # the same screen captured twice: the same bytes
        assert (sharded / "docs/stories" / name).read_bytes() == (
            whole / "docs/stories" / name
        ).read_bytes(), name


def test_a_story_switched_to_is_the_story_loaded_alone(tmp_path: Path, served: str) -> None:
    # One worker loads the preview once and switches to every other story inside it;
    # each story captured alone (its own browser, a fresh load) gives the same bytes.
    switched = make_repo(tmp_path / "switched", served)
    assert main(["capture", "--repo", str(switched), "--jobs", "1"]) == 0
    for name in STORIES:
        alone = make_repo(tmp_path / name, served)
        assert main(["capture", "--repo", str(alone), "--only", name]) == 0
        for suffix in (".png", ".boxes.json"):
            assert (alone / f"docs/stories/{name}{suffix}").read_bytes() == (
                switched / f"docs/stories/{name}{suffix}"
            ).read_bytes(), name + suffix
