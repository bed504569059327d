"""`capture` without a browser: its arguments, what it refuses before starting one, the boxes file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from smartling_context.capture.matching import Boxed, CssBox, Outcome, StringRef
from smartling_context.capture.session import boxes_document, boxes_json
from smartling_context.cli import main


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".smartling").mkdir()
    (tmp_path / ".smartling/context.yml").write_text(
        'version: 1\nstrings:\n  - files: "app.json"\n'
    )
    (tmp_path / "app.json").write_text('{"title": "Hello"}')
    (tmp_path / "page.html").write_text("<h1>Hello</h1>")
    return tmp_path


def capture(repo: Path, *options: str) -> int:
    return main(["capture", str(repo / "page.html"), "--out", str(repo / "s.png"), *options])


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--viewport", "wide"], "'wide': give WIDTHxHEIGHT in CSS pixels, e.g. 1280x800"),
        (["--viewport", "0x800"], "'0x800': give WIDTHxHEIGHT"),
        (["--scale", "0"], "'0': give a number from 0 to 8, e.g. 2"),
        (["--scale", "two"], "'two': give a number"),
        (["--out", "shot.jpg"], "'shot.jpg': the screenshot is a PNG; end it in .png"),
    ],
)
def test_bad_arguments_are_refused_with_an_example(
    repo: Path, option: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        capture(repo, *option)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_a_missing_browser_is_named(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert capture(repo, "--repo", str(repo), "--browser", str(repo / "no-chrome")) == 2
    assert "no-chrome: no such executable; give the path of a Chromium" in capsys.readouterr().err
    assert not (repo / "s.png").exists()


def test_a_missing_manifest_or_page_stops_before_the_browser(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert capture(repo, "--repo", str(repo), "--manifest", "nope.yml") == 2
    assert "nope.yml: no manifest here; pass --manifest and --repo" in capsys.readouterr().err
    assert main(["capture", str(repo / "gone.html"), "--out", "s.png"]) == 2
    assert "gone.html: no such file; give a URL (http://...) or the path of an HTML file" in (
        capsys.readouterr().err
    )


def test_a_broken_strings_file_is_named_with_its_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "app.json").write_text('{\n"title": "Hello",\n}')
    assert capture(repo, "--repo", str(repo)) == 2
    assert "capture: app.json:" in capsys.readouterr().err


def test_boxes_are_css_pixels_snapped_to_whole_image_pixels() -> None:
    title, back_app, back_nav = (
        StringRef("app.json", "title"),
        StringRef("app.json", "back"),
        StringRef("nav.json", "back"),
    )
    outcome = Outcome(
        boxed=[
            Boxed(title, CssBox(10.2, 20.3, 110.76, 40.74)),
            Boxed(back_app, CssBox(0, 0, 5, 5)),
        ],
        not_found=[back_nav],
    )
    document = boxes_document(outcome, (1600, 1000), 2)
    assert document == {
        "version": 1,
        "image": {"width": 800, "height": 500},
        "boxes": [
            {"key": "title", "top": 20.5, "left": 10, "width": 101, "height": 20},
            {"key": "back", "file": "app.json", "top": 0, "left": 0, "width": 5, "height": 5},
        ],
    }
    assert json.loads(boxes_json(document)) == document
    # At scale 1.5 each edge x scale still lands on a whole pixel once rounded.
    odd = boxes_document(
        Outcome(boxed=[Boxed(title, CssBox(10.2, 20.3, 110.7, 40.7))]), (999, 600), 1.5
    )
    box = odd["boxes"][0]
    assert [round(box[side] * 1.5, 3) for side in ("left", "top", "width", "height")] == [
        15,
        30,
        151,
        31,
    ]
    assert odd["image"] == {"width": 666, "height": 400}


def test_without_any_chromium_it_says_how_to_get_one(repo: Path) -> None:
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[capture]'")
    page = str(repo / "page.html")
    result = subprocess.run(
        [sys.executable, "-m", "smartling_context.cli", "capture", page, "--out", "s.png"],
        cwd=repo,
        env={"PATH": str(Path(sys.executable).parent), "HOME": str(repo)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("capture: no Chromium found on PATH (chromium, ")
    assert "install Chromium (Debian/Ubuntu: `apt-get install chromium`)" in result.stderr
