"""The demo app end to end: capture its page, preview the boxes, sync, and the demo command.

Previews are checked by their pixels: just outside each box's edge the drawn
outline, inside it the screenshot as it was (the string stays readable).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from chromium import needs_browser
from smartling_context.cli import main
from smartling_context.demo import build_demo_repository
from smartling_context.demo.repository import action_env
from smartling_context.emulator import Emulator
from smartling_context.github import action
from smartling_context.preview.draw import COLOURS

DEMO_BOXED = {
    "search.title",
    "search.button",
    "search.results",
    "nav.back",
    "app_name",
    "nights[one]",
    "nights[other]",
}


def demo_head(target: Path) -> Path:
    with resources.as_file(resources.files("smartling_context.demo").joinpath("app/head")) as app:
        shutil.copytree(app, target)
    return target


def image_boxes(boxes_file: Path, scale: int) -> dict[str, tuple[int, int, int, int]]:
    """Each box of a boxes file in image pixels: (left, top, width, height)."""
    document = json.loads(boxes_file.read_text())
    return {
        box["key"]: tuple(round(box[side] * scale) for side in ("left", "top", "width", "height"))
        for box in document["boxes"]
    }


def assert_drawn_on_the_boxes(
    preview: Path, screenshot: Path, boxes: dict[str, tuple[int, int, int, int]]
) -> None:
    drawn = Image.open(preview).convert("RGB")
    original = Image.open(screenshot).convert("RGB")
    assert drawn.size == original.size
    colour = COLOURS["explicit"]
    for key, (left, top, width, height) in boxes.items():
        middle = top + height // 2
        for outside in [(left - 1, middle), (left + width, middle)]:
            assert drawn.getpixel(outside) == colour, (key, outside)
            assert original.getpixel(outside) != colour, (key, outside)
        for inside in [(left + 1, middle), (left + width // 2, middle), (left + width - 2, middle)]:
            assert drawn.getpixel(inside) == original.getpixel(inside), (key, inside)
        # ...and the box holds text: glyph edges in many shades, not a plain background.
        ink = original.crop((left, top, left + width, top + height)).getcolors(1 << 16) or []
        assert len(ink) > 10, key


def test_preview_draws_the_demo_boxes_on_their_strings(tmp_path: Path) -> None:
    head = demo_head(tmp_path / "app")
    assert main(["preview", "--repo", str(head), "--out", str(tmp_path / "previews")]) == 0
    boxes = image_boxes(head / "docs/screens/search.boxes.json", 2)
    assert set(boxes) == DEMO_BOXED
    assert_drawn_on_the_boxes(
        tmp_path / "previews/Hotel-search.png", head / "docs/screens/search.png", boxes
    )
    assert (tmp_path / "previews/Booking.png").exists()


def test_preview_of_a_manifest_that_cannot_be_read_draws_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".smartling").mkdir()
    (tmp_path / ".smartling/context.yml").write_text("version: 1\nstrings:\n  - fles: x\n")
    assert main(["preview", "--repo", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert ".smartling/context.yml:3: strings[0]" in error
    assert "cannot be read; nothing drawn" in error


# The demo's second part: each bound key and the file URI its string was uploaded under.
UPLOADED_AND_BOUND = {
    **{key: "feature/search/locales/en/app.json" for key in DEMO_BOXED if "." in key},
    **{
        key: "feature/search/android/res/values/strings.xml"
        for key in ("app_name", "nights[one]", "nights[other]", "booking_cancel")
    },
}


def run_demo_command() -> subprocess.CompletedProcess[str]:
    """`smartling-context demo`, the installed command, as a user runs it."""
    script = Path(sys.executable).parent / "smartling-context"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "smartling_context.cli"]
    return subprocess.run(
        [*command, "demo"], capture_output=True, text=True, timeout=300, check=False
    )


def test_the_demo_second_part_binds_uploaded_strings_and_creates_none() -> None:
    run = run_demo_command()
    previews = re.search(r"^Previews .*: (.+)$", run.stdout, re.MULTILINE)
    if previews:
        shutil.rmtree(Path(previews[1]).parent)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    first, second = run.stdout.split("##### Part 2", 1)
    assert "Strings (9):" in first  # part one creates the pull request's strings
    # ... and binds the search page live: its HTML page, by the anchors of its boxes file
    assert "| Strings with live context (HTML page) | 7 |" in first
    assert re.search(r"^  Hotel search \(HTML\) #\w+ \(\d+ bytes, text/html\)$", first, re.M)
    assert "'Find your perfect hotel' on Hotel search (HTML) #" in first
    assert "at data-sl-anchor 3" in first
    # The files were uploaded through the File API, then the action ran on the PR.
    assert "  feature/search/locales/en/app.json (json): 5 strings" in second
    assert "  feature/search/android/res/values/strings.xml (android): 5 strings" in second
    assert (
        "exit 0: strings-created 0, strings-found 9, strings-pending 0, bindings-created 15"
        in second
    )
    requests = next(line for line in second.splitlines() if line.startswith("Its requests: "))
    assert "POST source strings x2" in requests  # one per file URI
    assert "create strings" not in requests
    assert "Strings created by the action: 0 of the emulator's 10" in second
    bound = dict(re.findall(r"^  (\S+) '.*' in (\S+) on .+ at top ", second, re.MULTILINE))
    assert bound == UPLOADED_AND_BOUND
    assert second.rstrip().endswith("Exit status: 0")


def test_the_demo_says_where_its_previews_are(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    output = capsys.readouterr().out
    line = next(line for line in output.splitlines() if line.startswith("Previews"))
    folder = Path(line.split(": ", 1)[1])
    try:
        assert sorted(p.name for p in folder.iterdir()) == ["Booking.png", "Hotel-search.png"]
        drawn = Image.open(folder / "Hotel-search.png").convert("RGB")
        assert drawn.size == (1600, 1000)
        assert COLOURS["explicit"] in {color for _, color in drawn.getcolors(1 << 20) or []}
    finally:
        shutil.rmtree(folder.parent)


@needs_browser
def test_capture_the_demo_page_then_preview_it(tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[capture]'")
    head = demo_head(tmp_path / "app")
    shot = head / "docs/screens/search.png"
    shot.unlink()
    (head / "docs/screens/search.boxes.json").unlink()
    page = str(head / "web/search.html")
    args = ["--viewport", "800x500", "--scale", "2", "--repo", str(head)]
    assert main(["capture", page, "--out", str(shot), *args]) == 0
    assert Image.open(shot).size == (1600, 1000)
    boxes = image_boxes(head / "docs/screens/search.boxes.json", 2)
    assert set(boxes) == DEMO_BOXED
    assert main(["validate", "--repo", str(head)]) == 0
    assert main(["preview", "--repo", str(head), "--out", str(tmp_path / "previews")]) == 0
    assert_drawn_on_the_boxes(tmp_path / "previews/Hotel-search.png", shot, boxes)


@needs_browser
def test_the_action_binds_each_captured_key_with_its_box(tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[capture]'")
    repo = tmp_path / "hotel-app"
    repo.mkdir()
    base, _ = build_demo_repository(repo)
    shot = repo / "docs/screens/search.png"
    page = str(repo / "web/search.html")
    args = ["--viewport", "1024x640", "--scale", "2", "--repo", str(repo)]  # a new layout
    assert main(["capture", page, "--out", str(shot), *args]) == 0
    head = commit_all(repo, "Capture the search page again")
    boxes = image_boxes(repo / "docs/screens/search.boxes.json", 2)

    with Emulator() as emulator:
        status = run_action(emulator, repo, tmp_path, base, head)
        bound = bindings_by_key(emulator.state)
    assert status == 0
    assert {key: bound[key] for key in boxes} == boxes


def commit_all(repo: Path, message: str) -> str:
    from smartling_context.strings.git import git

    git(repo, "add", "--all")
    git(repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD").decode().strip()


def run_action(emulator: Emulator, repo: Path, temp: Path, base: str, head: str) -> int:
    return action.run(action_env(emulator.url, repo, temp, base, head))


def bindings_by_key(state: Any) -> dict[str, tuple[int, int, int, int]]:
    """The emulator's bindings on the search screenshot, by key (the demo's variant)."""
    searches = {uid for uid, c in state.contexts.items() if c["name"].startswith("Hotel search")}
    found = {}
    for binding in state.bindings.values():
        if binding["contextUid"] in searches:
            key = state.strings[binding["stringHashcode"]]["variant"]
            box = binding["coordinates"]
            found[key] = (box["left"], box["top"], box["width"], box["height"])
    return found


@needs_browser
def test_in_the_workflow_the_action_binds_a_capture_that_was_not_committed(
    tmp_path: Path,
) -> None:
    """Start the app, capture, run the action: the screenshot and boxes file exist only
    in the workspace, and the action binds every captured key with its box."""
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[capture]'")
    repo = tmp_path / "hotel-app"
    repo.mkdir()
    base, _ = build_demo_repository(repo)
    manifest = repo / ".smartling/context.yml"
    manifest.write_text(
        manifest.read_text().replace("docs/screens/search.", "docs/screens/live/search.")
    )
    head = commit_all(repo, "Capture the search page in the workflow")
    shot = repo / "docs/screens/live/search.png"
    page = str(repo / "web/search.html")
    args = ["--viewport", "800x500", "--scale", "2", "--repo", str(repo)]
    assert main(["capture", page, "--out", str(shot), *args]) == 0
    boxes = image_boxes(repo / "docs/screens/live/search.boxes.json", 2)

    with Emulator() as emulator:
        status = run_action(emulator, repo, tmp_path, base, head)
        bound = bindings_by_key(emulator.state)
    assert status == 0
    assert {key: bound[key] for key in boxes} == boxes
