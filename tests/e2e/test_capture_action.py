"""The capture action (capture/action.yml) run the way GitHub's runner runs its steps
(tests/composite_runner.py): a real install of the `capture` extra from both locks
with `--require-hashes`, then `smartling-context capture` of an HTML file in the
repository with this machine's Chromium (Debian's; on GitHub's images the action
finds Google Chrome), and `smartling-context` on PATH for a later step.
actions/setup-python and actions/cache stand in as in test_composite.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PIL import Image

from chromium import CHROMIUM, needs_browser
from composite_runner import default_environment, run_composite

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    needs_browser,
    pytest.mark.skipif(
        sys.version_info[:2] != (3, 11),
        reason="the action installs CPython 3.11 wheels (its setup-python pins 3.11)",
    ),
]


def setup_python(with_: dict[str, str], env: dict[str, str]) -> dict[str, str]:
    assert with_ == {"python-version": "3.11", "update-environment": "false"}
    return {"python-path": getattr(sys, "_base_executable", sys.executable)}


def cache_miss(with_: dict[str, str], env: dict[str, str]) -> dict[str, str]:
    assert with_["path"].startswith(env["RUNNER_TEMP"]) and with_["key"], with_
    return {"cache-hit": ""}


def test_the_capture_action_writes_the_screenshot_and_boxes(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    (workspace / ".smartling").mkdir(parents=True)
    (workspace / "locales").mkdir()
    (workspace / "web").mkdir()
    (workspace / ".smartling" / "context.yml").write_text(
        'version: 1\nstrings:\n  - files: "locales/*.json"\n'
    )
    (workspace / "locales" / "en.json").write_text('{"title": "Find a hotel", "go": "Search"}')
    (workspace / "web" / "page.html").write_text(
        "<!doctype html><h1>Find a hotel</h1><button>Search</button>"
    )
    (tmp_path / "temp").mkdir()
    env = {
        **default_environment(),
        "HOME": str(tmp_path / "home"),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(tmp_path / "temp"),
    }
    path_file = tmp_path / "temp" / "add_path"
    path_file.write_text("")
    env["GITHUB_PATH"] = str(path_file)
    stand_ins = {
        "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97": setup_python,
        "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae": cache_miss,
    }
    run = run_composite(
        ROOT / "capture",
        {
            "page": "web/page.html",
            "out": "shots/page.png",
            "browser": str(CHROMIUM),
            "args": "--viewport=600x300\n--scale=2\n",
        },
        env,
        workspace,
        {},
        stand_ins,
    )
    assert run.returncode == 0, run.log[-4000:]
    with Image.open(workspace / "shots" / "page.png") as png:
        assert png.size == (1200, 600)  # the viewport at scale 2: the args reached capture
    boxes = json.loads((workspace / "shots" / "page.boxes.json").read_text())
    assert {b["key"] for b in boxes["boxes"]} == {"title", "go"}
    (bin_dir,) = path_file.read_text().splitlines()
    assert (Path(bin_dir) / "smartling-context").is_file()
    assert Path(bin_dir).parent == tmp_path / "temp" / "smartling-context-capture"
