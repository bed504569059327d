"""The action binds the manifest's screens: an entry with `capture` from the boxes file
beside its image at the capture's scale, and a `folder` entry as one screenshot per
PNG + boxes file, both written into the workspace by an earlier step (not committed)."""

from __future__ import annotations

import json

from test_run_action import run_action
from test_run_bindings import boxes_of

from gitrepo import GitRepo, screenshot

STRINGS = '{"search": {"title": "Find a hotel"}, "nav": {"back": "Back"}}'
MANIFEST = """\
version: 1
strings:
  - files: "locales/en.json"
capture:
  base-url: http://127.0.0.1:3000
  scale: 2
screenshots:
  - image: shots/search.png
    name: Search
    capture: {url: /search}
  - folder: shots/stories
"""


def boxes(key: str, top: float) -> str:
    """What capture writes at scale 2 for a 200x40 screenshot: CSS pixels."""
    box = {"key": key, "top": top, "left": 2.5, "width": 50, "height": 9}
    return json.dumps({"version": 1, "image": {"width": 100, "height": 20}, "boxes": [box]})


def test_capture_and_folder_entries_bind_from_the_workspace_at_their_scale(
    tmp_path, emulator, github
):
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit({"locales/en.json": STRINGS, ".gitignore": "shots/\n"})
    head = repo.commit({".smartling/context.yml": MANIFEST})
    repo.write(  # as `smartling-context capture` left them
        {
            "shots/search.png": screenshot("Find a hotel"),
            "shots/search.boxes.json": boxes("search.title", 0),
            "shots/stories/Components - Nav - Back.png": screenshot("Back"),
            "shots/stories/Components - Nav - Back.boxes.json": boxes("nav.back", 5),
        }
    )

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    names = sorted(shot["name"] for shot in run.report["screenshots"])
    assert names == ["Components - Nav - Back", "Search"]
    assert all(shot["from_workspace"] for shot in run.report["screenshots"])
    assert boxes_of(emulator) == [
        ("Back", {"top": 10, "left": 5, "width": 100, "height": 18}),
        ("Find a hotel", {"top": 0, "left": 5, "width": 100, "height": 18}),
    ]
