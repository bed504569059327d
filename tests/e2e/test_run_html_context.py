"""A screenshot with its HTML page beside it: the page goes up as a live HTML context,
bound by the anchors of the boxes file, once; a page too big is one error item."""

from __future__ import annotations

import json

import lxml.html
from test_cli import cli
from test_run_action import run_action

from gitrepo import GitRepo, screenshot

STRINGS = '{"search": {"title": "Find a hotel", "go": "Go"}, "nav": {"back": "Back"}}'
MANIFEST = """\
version: 1
strings:
  - files: "locales/en.json"
screenshots:
  - image: shots/search.png
    name: Search
    boxes: shots/search.boxes.json
"""
BOXES = {
    "version": 1,
    "boxes": [
        {"key": "search.title", "top": 0, "left": 5, "width": 100, "height": 18, "anchors": ["1"]},
        {"key": "search.go", "top": 20, "left": 5, "width": 30, "height": 18, "anchors": ["2"]},
        {"key": "nav.back", "top": 40, "left": 5, "width": 40, "height": 18},
    ],
}
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><base href="http://127.0.0.1/">
</head><body><h1 data-sl-anchor="1">Find a hotel</h1><button data-sl-anchor="2">Go</button>
<a>Back</a></body></html>"""


def pull_request(tmp_path, page: str = PAGE) -> tuple[GitRepo, str, str]:
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit({"locales/en.json": '{"nav": {"back": "Back"}}'})
    head = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/en.json": STRINGS,
            "shots/search.png": screenshot("Find a hotel", "Go", "Back"),
            "shots/search.boxes.json": json.dumps(BOXES),
            "shots/search.html": page,
        }
    )
    return repo, base, head


def html_contexts(emulator) -> list[dict]:
    return [c for c in emulator.state.contexts.values() if c["contextType"] == "HTML"]


def test_the_page_beside_a_screenshot_is_bound_by_its_anchors_once(tmp_path, emulator, github):
    repo, base, head = pull_request(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    (page,) = html_contexts(emulator)
    assert page["mime"] == "text/html" and page["name"].startswith("Search (HTML) #")
    uploaded = lxml.html.document_fromstring(page["content"])  # the bytes Smartling holds
    in_page = {e.get("data-sl-anchor") for e in uploaded.iter() if e.get("data-sl-anchor")}
    live = [b for b in emulator.state.bindings.values() if b["contextUid"] == page["contextUid"]]
    texts = {emulator.state.strings[b["stringHashcode"]]["parsedStringText"] for b in live}
    assert texts == {"Find a hotel", "Go"}
    assert all(set(b["anchors"]) <= in_page for b in live)
    assert run.outputs["contexts-uploaded"] == "2"  # the image and the page
    assert run.outputs["bindings-created"] == "5"  # three boxes, two anchors
    assert "| Strings with live context (HTML page) | 2 |" in run.comment
    assert "`shots/search.html`: uploaded (HTML page changed); 2 binding(s), by anchor" in (
        run.comment
    )
    assert run.report["live_context"] == 2

    again = run_action(tmp_path, emulator, github, repo, base, head)

    assert again.code == 0, again.log
    assert again.outputs["contexts-uploaded"] == "0" and again.outputs["contexts-reused"] == "2"
    assert again.outputs["bindings-created"] == "0"
    assert len(html_contexts(emulator)) == 1 and len(emulator.state.bindings) == 5


def test_an_anchor_the_page_lacks_is_refused_for_that_string_only(tmp_path, emulator, github):
    repo, base, head = pull_request(tmp_path, PAGE.replace('data-sl-anchor="2"', ""))

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 1
    failed = [b for b in run.report["bindings"] if b["status"] == "failed"]
    assert [(b["image"], b["key"]) for b in failed] == [("shots/search.html", "search.go")]
    assert "data-sl-anchor '2'" in failed[0]["error"]
    assert "| Strings with live context (HTML page) | 1 |" in run.comment


def test_a_page_over_20_mb_is_one_error_and_the_image_still_goes(tmp_path, emulator, github):
    big = PAGE.replace("</body>", "<!--" + "x" * 20_000_000 + "--></body>")
    repo, base, head = pull_request(tmp_path, big)

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 1
    (error,) = run.report["errors"]
    assert error["kind"] == "html-page" and error["file"] == "shots/search.html"
    assert "over Smartling's 20 MB (20,000,000 bytes)" in error["message"]
    assert html_contexts(emulator) == []
    assert [s["status"] for s in run.report["screenshots"]] == ["uploaded"]
    assert run.outputs["bindings-created"] == "3"


def test_a_dry_run_plans_the_page_and_its_bindings(tmp_path, emulator):
    repo, base, _ = pull_request(tmp_path)

    result = cli("sync", "--repo", str(repo.path), "--base", base, "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "| Strings with live context (HTML page) | 2 |" in result.stdout
    assert "`shots/search.html`" in result.stdout
    assert emulator.state.requests == []


def test_a_page_an_earlier_step_wrote_into_the_workspace_goes_too(tmp_path, emulator, github):
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit({"locales/en.json": '{"nav": {"back": "Back"}}', ".gitignore": "*.html\n"})
    head = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/en.json": STRINGS,
            "shots/search.png": screenshot("Find a hotel", "Go", "Back"),
            "shots/search.boxes.json": json.dumps(BOXES),
        }
    )
    repo.write({"shots/search.html": PAGE})  # e.g. by `capture --html` in the workflow

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    page = next(s for s in run.report["screenshots"] if s["image"] == "shots/search.html")
    assert page["from_workspace"] is True and page["status"] == "uploaded"
    assert run.report["live_context"] == 2
