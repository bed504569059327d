"""Previews: boxes and keys land where the coordinates say, on light and dark screenshots."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from smartling_context.errors import ItemFailed
from smartling_context.preview import (
    PreviewBox,
    ScreenshotPreview,
    draw,
    safe_name,
    write_previews,
)
from smartling_context.preview.draw import COLOURS, RIM


def plain_png(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def pixels(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.mark.parametrize("background", [(255, 255, 255), (18, 18, 18)])
def test_the_box_is_outlined_outside_its_edges_and_its_inside_is_untouched(
    background: tuple[int, int, int],
) -> None:
    box = PreviewBox("search.title", top=100, left=50, width=200, height=40)
    drawn = pixels(draw(plain_png((400, 300), background), [box]))
    colour = COLOURS["explicit"]
    # The band just outside each edge has the box colour...
    assert drawn.getpixel((49, 120)) == colour  # left
    assert drawn.getpixel((250, 120)) == colour  # right
    assert drawn.getpixel((150, 140)) == colour  # bottom
    assert drawn.getpixel((150, 99)) == colour  # top
    # ...with a white rim around it, so it stands out on a dark screenshot too.
    assert drawn.getpixel((47, 120)) == RIM
    # Inside the box (where the string is) and far away: the screenshot as it was.
    for inside in [(50, 100), (249, 139), (150, 120)]:
        assert drawn.getpixel(inside) == background
    assert drawn.getpixel((390, 290)) == background


def test_the_key_is_written_on_a_tag_above_the_box() -> None:
    box = PreviewBox("search.title", top=100, left=50, width=200, height=40)
    drawn = pixels(draw(plain_png((400, 300), (255, 255, 255)), [box]))
    tag = [drawn.getpixel((x, y)) for x in range(48, 200) for y in range(70, 97)]
    assert tag.count(COLOURS["explicit"]) > 200  # the filled tag
    assert tag.count((255, 255, 255)) > 20  # the white letters on it
    below = [drawn.getpixel((x, y)) for x in range(48, 200) for y in range(145, 170)]
    assert set(below) == {(255, 255, 255)}


def test_a_box_at_the_top_gets_its_tag_below() -> None:
    box = PreviewBox("nav.back", top=0, left=0, width=60, height=20)
    drawn = pixels(draw(plain_png((200, 100), (255, 255, 255)), [box]))
    under = [drawn.getpixel((x, y)) for x in range(0, 60) for y in range(24, 40)]
    assert under.count(COLOURS["explicit"]) > 50


def test_ocr_boxes_have_their_own_colour() -> None:
    boxes = [
        PreviewBox("a", top=50, left=20, width=40, height=20),
        PreviewBox("b", top=50, left=120, width=40, height=20, kind="ocr"),
    ]
    drawn = pixels(draw(plain_png((200, 100), (240, 240, 240)), boxes))
    assert drawn.getpixel((19, 60)) == COLOURS["explicit"]
    assert drawn.getpixel((119, 60)) == COLOURS["ocr"]
    assert COLOURS["explicit"] != COLOURS["ocr"]


def test_the_drawn_preview_keeps_the_screenshot_size() -> None:
    drawn = pixels(draw(plain_png((123, 45), (0, 0, 0)), []))
    assert drawn.size == (123, 45)


def test_bytes_that_are_no_image_are_an_item_error() -> None:
    with pytest.raises(ItemFailed) as error:
        draw(b"not an image", [])
    assert "PNG, JPEG or GIF" in str(error.value)


def test_a_decompression_bomb_is_refused() -> None:
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, format="PNG")  # 400 megapixels, a few KB
    with pytest.raises(ItemFailed) as error:
        draw(bomb.getvalue(), [])
    assert "too large" in str(error.value)


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("docs/screens/search.png", "docs-screens-search.png"),
        ("Hotel search", "Hotel-search.png"),
        ("../../etc/passwd", "etc-passwd.png"),
        (".hidden", "hidden.png"),
        ("", "screenshot.png"),
        ("Écran d'accueil", "cran-d-accueil.png"),
    ],
)
def test_preview_file_names_are_safe(name: str, file: str) -> None:
    assert safe_name(name) == file


def test_one_png_per_screenshot_and_a_bad_image_does_not_stop_the_others(
    tmp_path: Path,
) -> None:
    box = PreviewBox("k", top=10, left=10, width=20, height=10)
    white = plain_png((64, 48), (255, 255, 255))
    written = write_previews(
        [
            ScreenshotPreview("Search", white, [box]),
            ScreenshotPreview("broken.png", b"GIF89a-not-really", [box]),
            ScreenshotPreview("search", white, []),
        ],
        tmp_path / "previews",
    )
    assert sorted(p.name for p in (tmp_path / "previews").iterdir()) == [
        "Search.png",
        "search-2.png",
    ]
    assert written.files["Search"] == tmp_path / "previews" / "Search.png"
    assert pixels(written.files["Search"].read_bytes()).getpixel((9, 15)) == COLOURS["explicit"]
    assert [(f.file, f.fix) for f in written.failed] == [
        ("broken.png", "use a PNG, JPEG or GIF file")
    ]


def test_a_manifest_s_previews_with_ocr_boxes_and_only_the_run_s_screenshots(
    tmp_path: Path,
) -> None:
    from smartling_context.manifest.validation import validate
    from smartling_context.preview.manifest import write_manifest_previews
    from smartling_context.strings.trees import WorkTree

    files = {
        ".smartling/context.yml": "version: 1\nstrings:\n  - files: app.json\nscreenshots:\n"
        "  - image: a.png\n    name: A\n    scale: 2\n    strings:\n"
        "      - key: title\n        coordinates: {top: 10, left: 10, width: 30, height: 10}\n"
        "  - image: b.png\n    name: B\n",
        "app.json": '{"title": "Hello", "body": "World"}',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    for name in ("a.png", "b.png"):
        (tmp_path / name).write_bytes(plain_png((200, 100), (255, 255, 255)))
    tree = WorkTree(tmp_path)
    manifest = validate(tree, ".smartling/context.yml").manifest
    assert manifest is not None
    ocr = PreviewBox("body", top=60, left=100, width=40, height=20, kind="ocr")
    written = write_manifest_previews(
        manifest, tree, tmp_path / "out", only={"A"}, extra={"A": [ocr]}
    )
    assert written.boxes == {"A": 2}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["A.png"]
    drawn = pixels((tmp_path / "out/A.png").read_bytes())
    assert drawn.getpixel((19, 30)) == COLOURS["explicit"]  # title: x 20, y 20, 60x20 at 2x
    assert drawn.getpixel((40, 30)) == (255, 255, 255)
    assert drawn.getpixel((99, 70)) == COLOURS["ocr"]
