"""Boxes files, `scale`, boxes checked against the image's own size, and `file-uri`."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pytest

from smartling_context.manifest.validation import Validation, validate
from smartling_context.strings.trees import WorkTree


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A few hundred bytes declaring width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 10_000, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


BOXES = {
    "version": 1,
    "image": {"width": 400, "height": 300},
    "boxes": [
        {"key": "search.title", "top": 10, "left": 20, "width": 200, "height": 30},
        {
            "key": "nav.back",
            "file": "locales/en/app.json",
            "top": 5,
            "left": 5,
            "width": 40,
            "height": 20,
        },
    ],
}


def boxes_text(data: dict[str, object]) -> str:
    """One box a line, so that each box's line is known: line 5 + index."""
    head = f'{{\n  "version": {json.dumps(data["version"])},\n  "image": {json.dumps(data.get("image"))},\n  "boxes": [\n'
    boxes = ",\n".join("    " + json.dumps(box) for box in data["boxes"])  # type: ignore[attr-defined]
    return head + boxes + "\n  ]\n}\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files = {
        "locales/en/app.json": '{"search": {"title": "Find a hotel", "go": "Go"}, "nav": {"back": "Back"}}',
        "locales/en/other.json": '{"nav": {"back": "Back"}}',
        "docs/search.png": png(400, 300),
        "docs/retina.png": png(800, 600),
        "docs/search.boxes.json": boxes_text(BOXES),
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (tmp_path / name).write_bytes(content)
        else:
            (tmp_path / name).write_text(content)
    return tmp_path


MANIFEST = """\
version: 1
strings:
  - files: "locales/en/*.json"
screenshots:
  - image: docs/search.png
    boxes: docs/search.boxes.json
"""


def check(repo: Path, manifest: str) -> Validation:
    (repo / ".smartling").mkdir(exist_ok=True)
    (repo / ".smartling/context.yml").write_text(manifest)
    return validate(WorkTree(repo), ".smartling/context.yml")


def found(result: Validation) -> list[tuple[str, int | None, str]]:
    return [(p.manifest, p.line, p.node) for p in result.problems]


def test_a_boxes_file_binds_its_keys_with_coordinates(repo):
    result = check(repo, MANIFEST)
    assert result.problems == []
    shot = result.manifest.screenshots[0]
    assert shot.boxes == "docs/search.boxes.json" and shot.scale == 1
    assert [(b.key, b.file, b.coordinates, b.source, b.index) for b in shot.bindings] == [
        ("search.title", None, {"top": 10, "left": 20, "width": 200, "height": 30}, "boxes", 0),
        (
            "nav.back",
            "locales/en/app.json",
            {"top": 5, "left": 5, "width": 40, "height": 20},
            "boxes",
            1,
        ),
    ]


def test_an_explicit_entry_wins_over_a_box(repo):
    manifest = MANIFEST + (
        "    strings:\n"
        "      - key: search.title\n"
        "        coordinates: {top: 1, left: 2, width: 3, height: 4}\n"
    )
    result = check(repo, manifest)
    assert result.problems == []
    bindings = result.manifest.screenshots[0].bindings
    assert [(b.key, b.coordinates, b.source) for b in bindings] == [
        ("search.title", {"top": 1, "left": 2, "width": 3, "height": 4}, "manifest"),
        ("nav.back", {"top": 5, "left": 5, "width": 40, "height": 20}, "boxes"),
    ]


def test_a_box_outside_the_image_names_the_boxes_file_line_box_key_and_size(repo):
    data = json.loads(json.dumps(BOXES))
    data["boxes"][1]["left"] = 380
    (repo / "docs/search.boxes.json").write_text(boxes_text(data))
    result = check(repo, MANIFEST)
    assert [(p.manifest, p.line, p.node, p.message) for p in result.problems] == [
        (
            "docs/search.boxes.json",
            6,
            "boxes[1]",
            "the box of 'nav.back' (left 380, top 5, width 40, height 20 in image pixels, at "
            "scale 1) reaches 420x25, outside docs/search.png (400x300 pixels); fix the box or "
            "the screenshot's `scale`",
        )
    ]


def test_a_manifest_box_outside_the_image_names_its_line_and_node(repo):
    manifest = MANIFEST.replace("    boxes: docs/search.boxes.json\n", "") + (
        "    strings:\n"
        "      - key: search.go\n"
        "        coordinates: {top: 290, left: 2, width: 3, height: 20}\n"
    )
    result = check(repo, manifest)
    assert found(result) == [(".smartling/context.yml", 8, "screenshots[0].strings[0].coordinates")]
    assert "reaches 5x310, outside docs/search.png (400x300 pixels)" in result.problems[0].message


def test_css_pixel_boxes_on_a_2x_screenshot_with_scale_2_pass(repo):
    manifest = MANIFEST.replace("docs/search.png", "docs/retina.png") + "    scale: 2\n"
    result = check(repo, manifest)
    assert result.problems == []
    shot = result.manifest.screenshots[0]
    assert shot.scale == 2
    assert shot.bindings[0].coordinates == {"top": 20, "left": 40, "width": 400, "height": 60}


def test_a_2x_screenshot_without_scale_says_which_scale_to_set(repo):
    result = check(repo, MANIFEST.replace("docs/search.png", "docs/retina.png"))
    assert [(p.manifest, p.line, p.node, p.message) for p in result.problems] == [
        (
            "docs/search.boxes.json",
            3,
            "image",
            "the boxes were made for a 400x300 image, but docs/retina.png is 800x600 pixels, "
            "which at scale 1 is 800x600; set the screenshot's `scale` to 2 or capture the "
            "boxes again",
        )
    ]


def test_a_mismatched_image_size_fails(repo):
    data = json.loads(json.dumps(BOXES))
    data["image"] = {"width": 1280, "height": 800}
    (repo / "docs/search.boxes.json").write_text(boxes_text(data))
    result = check(repo, MANIFEST)
    assert found(result) == [("docs/search.boxes.json", 3, "image")]
    assert "made for a 1280x800 image, but docs/search.png is 400x300" in result.problems[0].message


def test_boxes_file_schema_problems_name_its_lines(repo):
    data = json.loads(json.dumps(BOXES))
    data["boxes"][0]["top"] = -1
    data["boxes"][1]["colour"] = "red"
    (repo / "docs/search.boxes.json").write_text(boxes_text(data))
    result = check(repo, MANIFEST)
    assert [(p.manifest, p.line, p.node, p.message) for p in result.problems] == [
        ("docs/search.boxes.json", 5, "boxes[0].top", "must be 0 or more (got -1)"),
        (
            "docs/search.boxes.json",
            6,
            "boxes[1].colour",
            "unknown property 'colour'. Allowed here: anchors, file, height, key, left, top, width.",
        ),
    ]


def test_boxes_keys_are_checked_like_manifest_keys(repo):
    data = json.loads(json.dumps(BOXES))
    data["boxes"][0]["key"] = "search.titel"
    data["boxes"][1].pop("file")
    (repo / "docs/search.boxes.json").write_text(boxes_text(data))
    result = check(repo, MANIFEST)
    assert [(p.manifest, p.line, p.node, p.message) for p in result.problems] == [
        (
            "docs/search.boxes.json",
            5,
            "boxes[0].key",
            "'search.titel' is not in any strings file; did you mean 'search.title'?",
        ),
        (
            "docs/search.boxes.json",
            6,
            "boxes[1].key",
            "'nav.back' is in several files (locales/en/app.json, locales/en/other.json); add "
            "`file:` to say which",
        ),
    ]


def test_a_missing_or_escaping_boxes_file_is_a_manifest_problem(repo):
    result = check(repo, MANIFEST.replace("docs/search.boxes.json", "docs/none.json"))
    assert found(result) == [(".smartling/context.yml", 6, "screenshots[0].boxes")]
    result = check(repo, MANIFEST.replace("docs/search.boxes.json", "../boxes.json"))
    assert "leads outside the repository" in result.problems[0].message


def test_a_boxes_file_that_is_not_json_names_its_line(repo):
    (repo / "docs/search.boxes.json").write_text('{\n  "version": 1,\n  "boxes": [,]\n}\n')
    result = check(repo, MANIFEST)
    assert found(result) == [("docs/search.boxes.json", 3, "(top level)")]
    assert "not valid YAML" in result.problems[0].message  # YAML reads JSON, with lines


def test_a_decompression_bomb_is_refused_cleanly(repo):
    (repo / "docs/search.png").write_bytes(bomb_png())
    result = check(repo, MANIFEST)
    assert [(p.line, p.node) for p in result.problems] == [(5, "screenshots[0].image")]
    assert "decompression bomb" in result.problems[0].message


def test_an_image_whose_header_is_damaged_is_a_problem_not_a_traceback(repo):
    (repo / "docs/search.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    result = check(repo, MANIFEST)
    assert [(p.line, p.node) for p in result.problems] == [(5, "screenshots[0].image")]
    assert "Pillow cannot read it" in result.problems[0].message


def test_scale_must_be_positive(repo):
    result = check(repo, MANIFEST + "    scale: 0\n")
    assert [(p.line, p.node, p.message) for p in result.problems] == [
        (7, "screenshots[0].scale", "must be more than 0 (got 0)")
    ]


def test_file_uri_on_an_entry_and_in_defaults(repo):
    manifest = (
        "version: 1\n"
        "defaults:\n"
        '  file-uri: "{branch}/{path}"\n'
        "strings:\n"
        '  - files: "locales/en/app.json"\n'
        '  - files: "locales/en/other.json"\n'
        '    file-uri: "mobile/{name}"\n'
    )
    result = check(repo, manifest)
    assert result.problems == []
    assert [e.file_uri for e in result.manifest.entries] == ["{branch}/{path}", "mobile/{name}"]
    plain = check(repo, "version: 1\nstrings:\n  - files: locales/en/app.json\n")
    assert plain.manifest.entries[0].file_uri is None


def test_file_uri_with_an_unknown_placeholder_names_its_line(repo):
    manifest = (
        'version: 1\nstrings:\n  - files: "locales/en/app.json"\n    file-uri: "{lang}/{path}"\n'
    )
    assert [(p.line, p.node, p.message) for p in check(repo, manifest).problems] == [
        (
            4,
            "strings[0].file-uri",
            "'{lang}/{path}' may use only the placeholders {path}, {name} and {branch}",
        )
    ]
