"""The run through the real entry point: validation before Smartling, OCR on unchanged
screenshots, a report after a run stopped midway, boxes and strings without context.

The runner is `actionrun.run_action` (the project's own event payloads, nothing from
outside the repository); `run_action` here adds the comment and the JSON report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import actionrun
from actionrun import PROJECT, SECRET, USER, pr_event
from fake_github import FakeGitHub
from gitrepo import GitRepo, screenshot
from smartling_context.emulator import Emulator

MANIFEST = """\
version: 1
strings:
  - files: "locales/en.json"
screenshots:
  - image: shots/search.png
    name: Search
    strings:
      - key: search.title
        coordinates: {top: 1, left: 2, width: 100, height: 18}
  - image: shots/booking.png
    name: Booking
    match: ocr
"""


@dataclass
class Outcome:
    code: int
    log: str
    outputs: dict[str, str]
    comment: str
    report: dict


@pytest.fixture
def secured():
    """An emulator that accepts only the right credentials and project."""
    with Emulator(credentials=(USER, SECRET), projects={PROJECT}) as running:
        yield running


def run_action(
    tmp: Path,
    emulator: Emulator,
    github: FakeGitHub,
    repo: GitRepo,
    base: str,
    head: str,
    **inputs: str,
) -> Outcome:
    """entrypoint.py as the runner starts it, on a pull_request event; with the
    pull request's last comment and the JSON report read back."""
    code, log, outputs, _ = actionrun.run_action(
        tmp, emulator, github, repo.path, "pull_request", pr_event(tmp, base, head), **inputs
    )
    comments = github.comments_on(1)
    report = json.loads(Path(outputs["report"]).read_text()) if outputs.get("report") else {}
    return Outcome(code, log, outputs, comments[-1]["body"] if comments else "", report)


def project(tmp: Path, manifest: str = MANIFEST) -> tuple[GitRepo, str, str]:
    """A pull request adding "Book now", which the unchanged OCR screenshot shows."""
    repo = GitRepo(tmp / "workspace")
    base = repo.commit(
        {
            ".smartling/context.yml": manifest,
            "locales/en.json": '{"search": {"title": "Find a hotel"}}',
            "shots/search.png": screenshot("Find a hotel"),
            "shots/booking.png": screenshot("Book now", "Cancel"),
        }
    )
    head = repo.commit(
        {"locales/en.json": '{"search": {"title": "Find a hotel"}, "book": "Book now"}'}
    )
    return repo, base, head


def bound_texts(emulator: Emulator) -> list[str]:
    state = emulator.state
    return sorted(
        state.strings[b["stringHashcode"]]["parsedStringText"] for b in state.bindings.values()
    )


def test_a_bad_manifest_is_reported_before_any_smartling_call_even_with_bad_credentials(
    tmp_path, secured, github
):
    repo, base, _ = project(tmp_path)
    head = repo.commit({".smartling/context.yml": MANIFEST + "  - image: shots/missing.png\n"})

    run = run_action(tmp_path, secured, github, repo, base, head, **{"user-secret": "wrong"})

    assert run.code == 2, run.log
    assert secured.state.requests == []  # not even authentication
    assert "shots/missing.png" in run.comment and "The manifest has 1 problem" in run.comment
    assert "::error file=.smartling/context.yml" in run.log


@pytest.mark.parametrize(
    ("inputs", "fix"),
    [({"user-secret": "wrong"}, "user-secret"), ({"project-id": "zzzz99999"}, "project-id")],
)
def test_smartling_refusing_the_run_says_which_input_to_check_and_still_reports(
    tmp_path, secured, github, inputs, fix
):
    repo, base, head = project(tmp_path)

    run = run_action(tmp_path, secured, github, repo, base, head, **inputs)

    assert run.code == 2, run.log
    assert f"`{fix}`" in run.log and f"\\`{fix}\\`" in run.comment
    assert secured.state.strings == {} and secured.state.contexts == {}
    # The report still lists what the run planned, though it was not done.
    assert [s["key"] for s in run.report["strings"]] == ["book"]
    assert run.report["strings"][0]["status"] in ("not done", "failed")
    assert [s["name"] for s in run.report["screenshots"]] == ["Booking"]


def test_an_unchanged_ocr_screenshot_is_matched_when_the_run_has_new_strings(
    tmp_path, emulator, github
):
    repo, base, head = project(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    assert bound_texts(emulator) == ["Book now"]  # OCR found the new string on Booking
    booking = next(s for s in run.report["screenshots"] if s["name"] == "Booking")
    assert booking["reason"] == "OCR: may show a string of this run"
    assert "Search" not in {s["name"] for s in run.report["screenshots"]}


def test_the_comment_counts_boxes_and_lists_strings_no_screenshot_shows(tmp_path, emulator, github):
    repo, base, _ = project(tmp_path)
    head = repo.commit(
        {
            "locales/en.json": json.dumps(
                {"search": {"title": "Find your hotel"}, "book": "Book now", "hidden": "Secret"}
            )
        }
    )

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    assert "**2 of 3** strings this pull request adds or changes have visual context" in (
        run.comment
    )
    assert "- `hidden` (line 1): OCR found no match on Booking" in run.comment
    assert (
        "- **Search** `shots/search.png`: uploaded (shows a string of this run); "
        "1 binding(s), 1 with a box: `search.title`"
    ) in run.comment
    (gap,) = run.report["without_context"]
    assert (gap["file"], gap["key"], gap["reason"]) == ("locales/en.json", "hidden", "ocr")


def test_a_key_with_backticks_and_a_mention_stays_inside_code_in_the_comment(
    tmp_path, emulator, github
):
    repo, base, _ = project(tmp_path)
    head = repo.commit(
        {
            "locales/en.json": json.dumps(
                {"search": {"title": "Find a hotel"}, "x``y @team/all``": "Hello"}
            )
        }
    )

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    tokens = [
        t for block in MarkdownIt("gfm-like").parse(run.comment) for t in block.children or []
    ]
    assert "x``y @team/all``" in [t.content for t in tokens if t.type == "code_inline"]
    assert "@team" not in " ".join(t.content for t in tokens if t.type == "text")
