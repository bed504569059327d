"""Drawing binding boxes and their keys onto a screenshot.

The outline sits just *outside* each box, so the text a translator must read
stays untouched. It is a saturated colour with a thin white rim, and each label
is white text on a filled tag of the same colour: both stay readable on light
and on dark screenshots. OCR-matched boxes get a second colour.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from smartling_context.errors import ItemFailed

BoxKind = Literal["explicit", "ocr"]
COLOURS: dict[BoxKind, tuple[int, int, int]] = {
    "explicit": (214, 0, 111),  # magenta: coordinates from the manifest or a boxes file
    "ocr": (0, 105, 194),  # blue: Smartling's OCR found the string there
}
RIM = (255, 255, 255)
LABEL_TEXT = (255, 255, 255)
Colour = tuple[int, int, int]


@dataclass(frozen=True)
class PreviewBox:
    """One binding's box, in the image's own pixels."""

    key: str
    top: int
    left: int
    width: int
    height: int
    kind: BoxKind = "explicit"


def stroke_width(size: tuple[int, int]) -> int:
    """The outline's width: 2 px on a small screenshot, thicker on a large one."""
    return max(2, round(max(size) / 640))


def draw(image: bytes, boxes: Sequence[PreviewBox]) -> bytes:
    """The screenshot as a PNG with every box outlined and labelled with its key.

    Raises ItemFailed when the bytes are no image Pillow can read (or one so large
    that Pillow's decompression-bomb guard refuses it).
    """
    picture = _open(image)
    pen = ImageDraw.Draw(picture)
    width = stroke_width(picture.size)
    font = ImageFont.load_default(size=max(11, min(32, round(max(picture.size) / 90))))
    for box in boxes:
        _outline(pen, box, width, COLOURS[box.kind])
    for box in boxes:
        _label(pen, picture.size, box, width, font)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _open(image: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(image))
            picture.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ItemFailed(
            f"the image is too large to draw ({error})",
            fix="use a screenshot under 89 megapixels",
        ) from error
    except (OSError, ValueError, SyntaxError) as error:
        raise ItemFailed(
            f"not an image that can be drawn on ({error})", fix="use a PNG, JPEG or GIF file"
        ) from error
    return picture.convert("RGB")


def _outline(pen: ImageDraw.ImageDraw, box: PreviewBox, width: int, colour: Colour) -> None:
    """A coloured band of `width` pixels around the box, and a 1-px white rim around that."""
    left, top = box.left - width, box.top - width
    right, bottom = box.left + box.width - 1 + width, box.top + box.height - 1 + width
    pen.rectangle((left - 1, top - 1, right + 1, bottom + 1), outline=RIM, width=1)
    pen.rectangle((left, top, right, bottom), outline=colour, width=width)


def _label(
    pen: ImageDraw.ImageDraw,
    size: tuple[int, int],
    box: PreviewBox,
    width: int,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> None:
    """The key on a filled tag above the box; below it, or inside, when there is no room."""
    pad = max(2, width)
    text = _fit(pen, box.key, font, size[0] - 2 * pad)
    _, text_top, text_right, text_bottom = pen.textbbox((0, 0), text, font=font)
    tag_w, tag_h = text_right + 2 * pad, text_bottom - text_top + 2 * pad
    top = box.top - width - 1 - tag_h
    if top < 0:
        top = box.top + box.height + width + 1
    if top + tag_h > size[1]:
        top = max(0, box.top)
    left = max(0, min(box.left - width, size[0] - tag_w))
    pen.rectangle((left, top, left + tag_w - 1, top + tag_h - 1), fill=COLOURS[box.kind])
    pen.text((left + pad, top + pad - text_top), text, font=font, fill=LABEL_TEXT)


def _fit(
    pen: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    room: float,
) -> str:
    """The key, shortened with an ellipsis when wider than the image."""
    if pen.textlength(text, font=font) <= room:
        return text
    while len(text) > 1 and pen.textlength(text + "…", font=font) > room:
        text = text[:-1]
    return text + "…"
