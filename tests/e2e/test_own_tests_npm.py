"""From a team's own tests, in JavaScript: the npm helper inside a Playwright test writes
a folder into the workspace (PNG + page text document, no boxes file); the action binds
the pull request's strings from a `folder` entry, matched by capture's matcher during
the plan, each box where the browser itself measures the text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_run_action import run_action
from test_run_bindings import boxes_of

from chromium import CHROMIUM, needs_browser
from gitrepo import GitRepo
from own_tests_app import APP, BOXED, MANIFEST, MEASURE, STRINGS, expected_boxes, served

ROOT = Path(__file__).resolve().parents[2]
NPM = ROOT / "npm"
INSTALLED = NPM / "node_modules" / "playwright-core"
if not INSTALLED.is_dir() and shutil.which("npm"):
    # A fresh clone: install the package's locked dependencies as .ci/run does (no browser).
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=NPM,
        check=False,
        env={**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"},
    )
pytestmark = [
    needs_browser,
    pytest.mark.skipif(
        not INSTALLED.is_dir() and not os.environ.get("CI"),
        reason="the npm package's dependencies could not be installed: cd npm && npm ci",
    ),
    pytest.mark.skipif(shutil.which("node") is None, reason="no node on PATH"),
]
TEXTS = {  # key -> its text, as Smartling holds it
    "search.title": "Search results",
    "search.count": "{count} hotels found",
    "search.filters": "Filters",
    "search.dialog": "Choose filters",
    "search.apply": "Apply filters",
}


def run_team_test(out: Path, measured: Path) -> None:
    subprocess.run(["node", "scripts/sync-page-script.js"], cwd=NPM, check=True, timeout=60)
    with served() as url:
        result = subprocess.run(
            ["node", "--test", str(APP / "team.test.js")],
            env={
                "PATH": os.environ["PATH"],
                "HOME": str(out.parent),
                "CHROMIUM": str(CHROMIUM),
                "APP_URL": url,
                "OUT": str(out),
                "MEASURE": MEASURE,
                "IDS": json.dumps(list(BOXED.values())),
                "MEASURED": str(measured),
            },
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_binds_from_the_folder_a_javascript_playwright_test_wrote(
    tmp_path, emulator, github
):
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit({"locales/en.json": STRINGS, ".gitignore": "screens/\n"})
    head = repo.commit({".smartling/context.yml": MANIFEST})
    measured = tmp_path / "measured.json"
    run_team_test(repo.path / "screens", measured)
    assert sorted(p.name for p in (repo.path / "screens").iterdir()) == [
        "Search - Filters open.page.json",
        "Search - Filters open.png",
    ]

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    assert [shot["name"] for shot in run.report["screenshots"]] == ["Search - Filters open"]
    assert run.report["screenshots"][0]["from_workspace"]
    expected = expected_boxes(json.loads(measured.read_text()), 2)
    bound = boxes_of(emulator)
    assert sorted(text for text, _ in bound) == sorted(TEXTS.values())  # "Add": no box
    for text, box in bound:
        key = next(k for k, v in TEXTS.items() if v == text)
        got = [box["left"], box["top"], box["width"], box["height"]]
        assert got == pytest.approx(expected[key], abs=1), key
    assert not (repo.path / "screens" / "Search - Filters open.boxes.json").exists()
