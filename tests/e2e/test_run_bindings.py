"""Bindings kept right: changed coordinates replace the old box; boxes files and
screenshots written by the job (not committed) are synced and reported."""

from __future__ import annotations

import json

from test_run_action import run_action

from gitrepo import GitRepo, screenshot
from smartling_context.emulator.faults import Fault

STRINGS = '{"search": {"title": "Find a hotel"}, "nav": {"back": "Back"}}'


def manifest(top: int, extra: str = "") -> str:
    return f"""\
version: 1
strings:
  - files: "locales/en.json"
screenshots:
  - image: shots/search.png
    name: Search
    strings:
      - key: search.title
        coordinates: {{top: {top}, left: 5, width: 100, height: 18}}
{extra}"""


def boxes_of(emulator) -> list[tuple[str, dict]]:
    state = emulator.state
    return sorted(
        (state.strings[b["stringHashcode"]]["parsedStringText"], b["coordinates"])
        for b in state.bindings.values()
    )


def test_a_binding_whose_coordinates_changed_is_replaced(tmp_path, emulator, github):
    repo = GitRepo(tmp_path / "workspace")
    first = repo.commit(
        {"locales/en.json": STRINGS, "shots/search.png": screenshot("Find a hotel")}
    )
    added = repo.commit({".smartling/context.yml": manifest(0)})
    moved = repo.commit({".smartling/context.yml": manifest(20)})
    assert run_action(tmp_path, emulator, github, repo, first, added).code == 0
    assert boxes_of(emulator) == [
        ("Find a hotel", {"top": 0, "left": 5, "width": 100, "height": 18})
    ]

    run = run_action(tmp_path, emulator, github, repo, added, moved)

    assert run.code == 0, run.log
    assert boxes_of(emulator) == [
        ("Find a hotel", {"top": 20, "left": 5, "width": 100, "height": 18})
    ]
    assert emulator.state.request_counts()["POST delete bindings"] == 1
    (binding,) = run.report["bindings"]
    assert binding["status"] == "replaced" and run.outputs["bindings-created"] == "1"


def test_a_changed_boxes_file_syncs_its_screenshot_and_the_comment_counts_boxes(
    tmp_path, emulator, github
):
    boxes = {
        "version": 1,
        "boxes": [{"key": "nav.back", "top": 0, "left": 5, "width": 60, "height": 18}],
    }
    extra = "  - image: shots/nav.png\n    name: Nav\n    boxes: shots/nav.boxes.json\n"
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit(
        {
            ".smartling/context.yml": manifest(0, extra),
            "locales/en.json": STRINGS,
            "shots/search.png": screenshot("Find a hotel"),
            "shots/nav.png": screenshot("Back", "Next"),
            "shots/nav.boxes.json": json.dumps(boxes),
        }
    )
    boxes["boxes"][0]["top"] = 20
    head = repo.commit({"shots/nav.boxes.json": json.dumps(boxes)})

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    (nav,) = run.report["screenshots"]
    assert (nav["name"], nav["reason"], nav["boxes"]) == ("Nav", "boxes file changed", 1)
    assert "This pull request adds or changes no strings." in run.comment
    assert (
        "- **Nav** `shots/nav.png`: uploaded (boxes file changed); 1 binding(s), 1 with a box: "
        "`nav.back`"
    ) in run.comment
    assert boxes_of(emulator) == [("Back", {"top": 20, "left": 5, "width": 60, "height": 18})]


def test_a_screenshot_the_job_wrote_is_read_from_the_workspace_and_the_report_says_so(
    tmp_path, emulator, github
):
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit({"locales/en.json": STRINGS, ".gitignore": "shots/\n"})
    head = repo.commit({".smartling/context.yml": manifest(0)})
    repo.write({"shots/search.png": screenshot("Find a hotel")})  # e.g. by a capture step

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    (shot,) = run.report["screenshots"]
    assert shot["from_workspace"] is True and shot["status"] == "uploaded"
    assert "(read from the workspace)" in run.comment
    assert [text for text, _ in boxes_of(emulator)] == ["Find a hotel"]


def test_a_screenshot_that_fails_to_upload_does_not_hold_back_the_others_bindings(
    tmp_path, emulator, github
):
    extra = (
        "  - image: shots/nav.png\n    name: Nav\n    strings:\n      - key: nav.back\n"
        "        coordinates: {top: 0, left: 5, width: 60, height: 18}\n"
    )
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit({"locales/en.json": "{}"})
    head = repo.commit(
        {
            ".smartling/context.yml": manifest(0, extra),
            "locales/en.json": STRINGS,
            "shots/search.png": screenshot("Find a hotel"),
            "shots/nav.png": screenshot("Back"),
        }
    )
    # The first upload is refused (a 400 is never retried): one screenshot fails.
    emulator.faults.once.append(Fault(path_contains="/contexts", method="POST", status=400))

    run = run_action(tmp_path, emulator, github, repo, base, head)

    statuses = sorted(b["status"] for b in run.report["bindings"])
    assert statuses == ["created", "failed"], run.log  # the other one is bound, not "not done"
    assert len(emulator.state.bindings) == 1
